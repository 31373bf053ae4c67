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

}  // namespace wasmbind::tools
