// The server's log: level filtering, and either the host's LogSink or logfmt lines on
// stderr ("time=... level=info msg=..."). Lines for stderr are queued and written by one
// flusher thread: events at once, access lines in batches (every 100 ms or 32 KiB), so a
// busy server pays one write(2) per batch, and an I/O thread never blocks on a stderr that
// nobody reads (past 4 MiB queued, lines are dropped and the drop is reported).
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "wasmbind/binding.h"

namespace wasmbind::http {

class Logger {
 public:
  Logger(binding::LogLevel min_level, binding::LogSink sink);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  bool enabled(binding::LogLevel level) const { return level >= min_level_; }
  // A free-text event (quoted as msg="..." on stderr).
  void log(binding::LogLevel level, std::string_view message);
  // One request's access line: `fields` are logfmt pairs ("method=GET status=204 ...").
  void access(std::string_view fields);
  // Writes out what is queued (the flusher does this on its own; this is for shutdown).
  void flush();

  // A sink for the binding library that goes through this logger.
  binding::LogSink as_sink();

 private:
  void append_prefix(std::string& line, binding::LogLevel level);
  void write_stderr(std::string_view text);
  void flusher_loop();
  bool room_for_more();  // with buffer_mutex_ held; counts a dropped line when full

  binding::LogLevel min_level_;
  binding::LogSink sink_;  // empty: stderr
  std::mutex buffer_mutex_;
  std::string buffer_;
  size_t dropped_ = 0;
  std::mutex write_mutex_;  // keeps batches in order
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

std::string_view level_name(binding::LogLevel level);

// Appends `value` for a logfmt line: bare when it is a plain token, else quoted with `"`,
// `\` and control characters escaped.
void append_logfmt_value(std::string& out, std::string_view value);

}  // namespace wasmbind::http
