#include "logger.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace wasmbind::http {
namespace {

constexpr size_t kFlushThreshold = 32 * 1024;
constexpr size_t kMaxQueued = 4 * 1024 * 1024;
constexpr auto kFlushInterval = std::chrono::milliseconds(100);

// RFC 3339 UTC with microseconds; the part up to the seconds is formatted once per second.
void append_timestamp(std::string& out) {
  thread_local time_t cached_second = -1;
  thread_local char prefix[32];
  thread_local size_t prefix_length = 0;
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  if (ts.tv_sec != cached_second) {
    std::tm tm{};
    gmtime_r(&ts.tv_sec, &tm);
    prefix_length = std::strftime(prefix, sizeof prefix, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = ts.tv_sec;
  }
  out.append(prefix, prefix_length);
  char micros[16];
  const int n = std::snprintf(micros, sizeof micros, ".%06ldZ", static_cast<long>(ts.tv_nsec / 1000));
  out.append(micros, static_cast<size_t>(n));
}

bool is_plain(std::string_view value) {
  if (value.empty()) return false;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '=' || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::string_view level_name(binding::LogLevel level) {
  switch (level) {
    case binding::LogLevel::Debug: return "debug";
    case binding::LogLevel::Info: return "info";
    case binding::LogLevel::Warn: return "warn";
    case binding::LogLevel::Error: return "error";
  }
  return "info";
}

void append_logfmt_value(std::string& out, std::string_view value) {
  if (is_plain(value)) {
    out.append(value);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else if (u < 0x20 || u == 0x7F) {
      out.append("\\x");
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

Logger::Logger(binding::LogLevel min_level, binding::LogSink sink)
    : min_level_(min_level), sink_(std::move(sink)) {
  if (!sink_) flusher_ = std::thread([this] { flusher_loop(); });
}

Logger::~Logger() {
  {
    std::lock_guard lock(buffer_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  flush();
}

void Logger::append_prefix(std::string& line, binding::LogLevel level) {
  line.append("time=");
  append_timestamp(line);
  line.append(" level=");
  line.append(level_name(level));
  line.push_back(' ');
}

bool Logger::room_for_more() {
  if (buffer_.size() < kMaxQueued) return true;
  ++dropped_;
  return false;
}

void Logger::log(binding::LogLevel level, std::string_view message) {
  if (!enabled(level)) return;
  if (sink_) {
    sink_(level, message);
    return;
  }
  {
    std::lock_guard lock(buffer_mutex_);
    if (!room_for_more()) return;
    append_prefix(buffer_, level);
    buffer_.append("msg=");
    append_logfmt_value(buffer_, message);
    buffer_.push_back('\n');
  }
  wake_.notify_one();  // events go out at once
}

void Logger::access(std::string_view fields) {
  if (!enabled(binding::LogLevel::Info)) return;
  if (sink_) {
    std::string message = "request ";
    message.append(fields);
    sink_(binding::LogLevel::Info, message);
    return;
  }
  bool over_threshold = false;
  {
    std::lock_guard lock(buffer_mutex_);
    if (!room_for_more()) return;
    append_prefix(buffer_, binding::LogLevel::Info);
    buffer_.append("msg=request ");
    buffer_.append(fields);
    buffer_.push_back('\n');
    over_threshold = buffer_.size() >= kFlushThreshold;
  }
  if (over_threshold) wake_.notify_one();
}

void Logger::flush() {
  if (sink_) return;
  std::lock_guard write_lock(write_mutex_);
  std::string pending;
  size_t dropped = 0;
  {
    std::lock_guard lock(buffer_mutex_);
    pending.swap(buffer_);
    std::swap(dropped, dropped_);
  }
  if (dropped != 0) {
    std::string note;
    append_prefix(note, binding::LogLevel::Warn);
    note.append("msg=\"log lines dropped: stderr was not being read\" count=" + std::to_string(dropped) + "\n");
    pending.append(note);
  }
  if (!pending.empty()) write_stderr(pending);
}

void Logger::write_stderr(std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere to report a failing stderr
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
}

void Logger::flusher_loop() {
  std::unique_lock lock(buffer_mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kFlushInterval);
    if (buffer_.empty() && dropped_ == 0) continue;
    lock.unlock();
    flush();
    lock.lock();
  }
}

binding::LogSink Logger::as_sink() {
  return [this](binding::LogLevel level, std::string_view message) { log(level, message); };
}

}  // namespace wasmbind::http
