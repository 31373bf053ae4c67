// wasmbind::wasi: WASI preview1 (`wasi_snapshot_preview1`) for guests run by wasmbind::vm.
//
// One Linker gets the preview1 imports once (define_imports); each instance gets its own
// Context (arguments, environment, stdio, preopened directories, clocks, randomness, the fd
// table) passed as the instance's user data, so a server can share one Linker and create a
// fresh Context per request. Guest paths resolve beneath their preopen's directory fd
// (openat2 with RESOLVE_BENEATH, or a component-by-component walk), never by joining strings.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmbind/vm.h"

namespace wasmbind::wasi {

// Where a guest's stdin comes from.
struct Input {
  enum class Kind : uint8_t { Empty, Bytes, HostFd };
  Kind kind = Kind::Empty;
  std::string bytes;  // Kind::Bytes: read once, then end of file
  int fd = -1;        // Kind::HostFd: read from (not owned)

  static Input empty() { return {}; }
  static Input from_bytes(std::string b) { return {Kind::Bytes, std::move(b), -1}; }
  static Input from_fd(int fd) { return {Kind::HostFd, {}, fd}; }
};

// Where a guest's stdout or stderr goes.
struct Output {
  enum class Kind : uint8_t { Discard, Buffer, HostFd, Callback };
  Kind kind = Kind::Discard;
  int fd = -1;                      // Kind::HostFd (not owned)
  uint64_t max_bytes = UINT64_MAX;  // Kind::Buffer: bytes past this are dropped, `truncated` set
  std::function<void(std::string_view)> callback;  // Kind::Callback

  static Output discard() { return {}; }
  static Output buffer(uint64_t max_bytes = UINT64_MAX) {
    Output o;
    o.kind = Kind::Buffer;
    o.max_bytes = max_bytes;
    return o;
  }
  static Output to_fd(int fd) {
    Output o;
    o.kind = Kind::HostFd;
    o.fd = fd;
    return o;
  }
  static Output to_callback(std::function<void(std::string_view)> cb) {
    Output o;
    o.kind = Kind::Callback;
    o.callback = std::move(cb);
    return o;
  }
};

struct Preopen {
  std::string host_path;   // a directory on the host
  std::string guest_path;  // the name the guest sees (e.g. "/out" or ".")
  bool read_only = false;
};

struct Config {
  std::vector<std::string> args;  // argv, program name first
  std::vector<std::string> env;   // "KEY=VALUE"
  Input stdin_input;
  Output stdout_output;
  Output stderr_output;
  std::vector<Preopen> preopens;
  // Deterministic mode (Dapr's strictSandbox): clocks are fake and advance 1 ms per read
  // (monotonic reads 0, 1 ms, 2 ms...; realtime starts at the host's whole second + 1 ms),
  // CPU-time clocks are not offered, sleeps (poll_oneoff clock subscriptions, sched_yield)
  // return at once, random_get is a generator seeded with random_seed.
  bool deterministic = false;
  uint64_t random_seed = 0;
};

// The per-instance WASI state. Not thread-safe: one instance, one Context.
class Context {
 public:
  // Fails if a preopen cannot be opened.
  static Result<std::unique_ptr<Context>> create(Config config);
  ~Context();

  // What the guest wrote to stdout/stderr when they are Output::buffer().
  const std::string& stdout_buffer() const;
  const std::string& stderr_buffer() const;
  bool output_truncated() const;  // a buffer's max_bytes was reached

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  explicit Context(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Registers every wasi_snapshot_preview1 function with `linker`. Each finds its Context in
// the calling instance's user data, so instantiate with `user_data = context.get()`.
void define_imports(Linker& linker);

// The outcome of running a command module's `_start`.
struct ExitStatus {
  int32_t code = 0;  // proc_exit's code, or 0 when _start returned
};

// Instantiates `module` with `linker` (which must have the WASI imports), runs `_start` and
// returns its exit status; a trap or any other failure is an Error (proc_exit is not).
Result<ExitStatus> run_command(const Linker& linker, std::shared_ptr<const Module> module,
                               Context& context, const Limits& limits = {});

// One line on what this component does in the current build, for `wasmbind version`.
std::string_view description();

}  // namespace wasmbind::wasi
