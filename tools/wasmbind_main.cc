// Entry point of the `wasmbind` tool: declares each subcommand's options and dispatches to its
// run_* function. `run` and `serve` join as further subcommands here.
#include <CLI/CLI.hpp>

#include "commands.h"

namespace {

using namespace wasmbind::tools;

CLI::App* add_validate(CLI::App& app, ValidateOptions& options) {
  CLI::App* cmd = app.add_subcommand("validate", "Decode and validate WebAssembly modules");
  cmd->add_option("files", options.files, "Module binaries (.wasm)")->required();
  cmd->add_flag("-v,--verbose", options.verbose, "List imports and exports with their types");
  return cmd;
}

CLI::App* add_invoke(CLI::App& app, InvokeOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "invoke", "Call an exported function of a module without imports and print its results");
  cmd->add_option("file", options.file, "Module binary (.wasm)")->required();
  cmd->add_option("function", options.function, "Exported function name")->required();
  cmd->add_option("args", options.args, "Arguments, parsed by the function's parameter types");
  cmd->add_option("--max-memory-pages", options.max_memory_pages, "Limit on each memory, in 64 KiB pages");
  cmd->add_option("--timeout", options.timeout_seconds, "Interrupt the call after SECONDS");
  return cmd;
}

CLI::App* add_version(CLI::App& app) {
  return app.add_subcommand("version", "Print the version and component status");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wasmbind: a WebAssembly runtime and Dapr-compatible Wasm binding service"};
  app.require_subcommand(1);
  app.set_version_flag("--version", WASMBIND_VERSION);

  ValidateOptions validate_options;
  CLI::App* validate = add_validate(app, validate_options);
  CLI::App* version = add_version(app);
  InvokeOptions invoke_options;
  CLI::App* invoke = add_invoke(app, invoke_options);

  CLI11_PARSE(app, argc, argv);
  if (*validate) return run_validate(validate_options);
  if (*version) return run_version();
  if (*invoke) return run_invoke(invoke_options);
  return 0;  // unreachable: require_subcommand(1) rejects a missing subcommand
}
