// The subcommands of the `wasmbind` tool, kept free of argument parsing: wasmbind_main.cc maps
// the command line onto these options (it is the only file that includes CLI11, whose
// header-only code is slow to compile) and calls the matching run_* function, whose return
// value is the process exit status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wasmbind::tools {

struct ValidateOptions {
  std::vector<std::string> files;
  bool verbose = false;  // list imports and exports with their types
};
int run_validate(const ValidateOptions& options);

int run_version();

struct InvokeOptions {
  std::string file;
  std::string function;
  std::vector<std::string> args;
  std::optional<uint32_t> max_memory_pages;
  std::optional<double> timeout_seconds;
};
int run_invoke(const InvokeOptions& options);

// `wasmbind run`: a WASI preview1 command (or, with `invoke`, one export of a reactor).
struct RunOptions {
  std::string file;
  std::vector<std::string> args;            // after FILE: the guest's argv[1..], or invoke's arguments
  std::vector<std::string> dirs;            // "HOST[::GUEST]", preopened read-write
  std::vector<std::string> dirs_read_only;  // "HOST[::GUEST]", preopened read-only
  std::vector<std::string> env;             // "K=V", or "K" to copy K from the host
  bool inherit_env = false;                 // start from the host's whole environment
  std::optional<std::string> invoke;        // call this export instead of _start
  std::optional<uint32_t> max_memory_pages;
  std::optional<double> timeout_seconds;
};
// Exit statuses of run_run besides the guest's own.
inline constexpr int kRunErrorStatus = 1;  // the guest could not be run
inline constexpr int kRunTrapStatus = 134;  // the guest trapped (or timed out)
int run_run(const RunOptions& options);

// `wasmbind serve`: the Dapr bindings HTTP service over the components in resources_paths.
struct ServeOptions {
  std::vector<std::string> resources_paths;  // each may hold several, comma-separated
  std::string listen_address = "0.0.0.0";
  uint16_t port = 3500;
  std::string app_id;
  std::string max_body_size = "4Mi";  // bytes, or with a suffix (Ki, Mi, KB, MB, ...)
  std::string log_level = "info";
  unsigned io_threads = 0;      // 0: one per core
  unsigned worker_threads = 0;  // 0: one per core
};
// 0 after a graceful stop (SIGINT, SIGTERM or POST /v1.0/shutdown); 1 when it cannot start.
int run_serve(const ServeOptions& options);

}  // namespace wasmbind::tools
