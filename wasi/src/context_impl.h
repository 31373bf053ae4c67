// Context::Impl: the per-instance WASI state shared by the host functions.
#pragma once

#include <cstdint>
#include <string>

#include "fd_table.h"
#include "wasmbind/wasi.h"

namespace wasmbind::wasi {

struct Context::Impl {
  Config config;
  FdTable fds;
  std::string stdout_buf;
  std::string stderr_buf;
  bool truncated = false;
  size_t stdin_pos = 0;       // Input::Bytes: next byte to serve
  // Deterministic clocks (Dapr's strictSandbox): each read advances its clock by 1 ms.
  uint64_t fake_realtime_ns = 0;   // whole host seconds at creation; first read = that + 1 ms
  uint64_t fake_monotonic_ns = 0;  // first read = 0
  uint64_t rng_state = 0;     // deterministic random_get (splitmix64)
  std::string args_blob;      // argv strings, each NUL-terminated
  std::string env_blob;

  // Writes guest bytes to stdout (1) or stderr (2); returns bytes accepted or a host errno.
  abi::Errno write_stdio(FdKind which, std::string_view data, uint64_t& written);
  abi::Errno read_stdin(uint8_t* data, size_t len, uint64_t& nread);
  uint64_t next_random();
  // The next reading of a deterministic clock (realtime or monotonic), advancing it.
  uint64_t read_fake_clock(uint32_t clock_id);
};

}  // namespace wasmbind::wasi
