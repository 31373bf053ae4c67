// Entry point of the `wasmbind` tool: declares each subcommand's options and dispatches to its
// run_* function.
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

// Everything from FILE on is the guest's (prefix_command: the first positional and all after it
// go to remaining()), so guest arguments such as `-t` or `--dir` are never taken for wasmbind's
// own options. There is deliberately no positional option: with one, an option-like argument
// right after FILE would still be parsed as ours.
CLI::App* add_run(CLI::App& app, RunOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "run", "Run a WASI preview1 program (its _start), or with --invoke one export of a reactor");
  cmd->footer(
      "Usage: wasmbind run [OPTIONS] FILE.wasm [ARGS...]\n"
      "ARGS go to the guest as argv[1..] (argv[0] is FILE's base name), or with --invoke to the\n"
      "export; everything after FILE is the guest's, even if it looks like an option. The guest\n"
      "reads and writes this process's stdin, stdout and stderr.\n\n"
      "Exit status: the guest's exit code (proc_exit's, 0 when _start returns); 134 when the\n"
      "guest traps, exhausts its call stack or runs past --timeout, with the trap and its\n"
      "backtrace on stderr; 1 when wasmbind cannot run it (unreadable or invalid module,\n"
      "unresolved imports, a --dir that cannot be opened, a bad --invoke argument).");
  cmd->prefix_command();
  cmd->add_option("--dir", options.dirs,
                  "Preopen host directory HOST as GUEST (default: HOST), read-write; HOST[::GUEST]")
      ->type_name("HOST[::GUEST]")
      ->allow_extra_args(false);  // one value per --dir, or FILE would be taken for a second
  cmd->add_option("--dir-ro", options.dirs_read_only,
                  "Preopen host directory HOST as GUEST (default: HOST), read-only")
      ->type_name("HOST[::GUEST]")
      ->allow_extra_args(false);
  cmd->add_option("--env", options.env,
                  "Set the guest's environment variable K to V; a bare K copies the host's K")
      ->type_name("K=V")
      ->allow_extra_args(false);
  cmd->add_flag("--inherit-env", options.inherit_env,
                "Start from the host's whole environment (default: an empty environment)");
  cmd->add_option("--invoke", options.invoke,
                  "Call export NAME with ARGS (parsed by its parameter types) instead of _start, "
                  "after _initialize if the module exports it, and print its results")
      ->type_name("NAME");
  cmd->add_option("--max-memory-pages", options.max_memory_pages, "Limit on each memory, in 64 KiB pages");
  cmd->add_option("--timeout", options.timeout_seconds, "Interrupt the guest after SECONDS (exit 134)")
      ->type_name("SECONDS");
  return cmd;
}

CLI::App* add_serve(CLI::App& app, ServeOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve Dapr's output-binding HTTP API for the bindings.wasm components in a folder");
  cmd->footer(
      "Routes: POST|PUT /v1.0/bindings/{name}, GET /v1.0/healthz, GET /v1.0/healthz/outbound,\n"
      "GET /v1.0/metadata, PUT /v1.0/metadata/{key}, POST /v1.0/shutdown.\n"
      "If DAPR_API_TOKEN is set, requests need the header dapr-api-token (healthz is exempt).\n"
      "Logs go to stderr; once ready it logs \"listening on ADDR:PORT\" (at level info).\n"
      "SIGINT, SIGTERM and POST /v1.0/shutdown stop it gracefully (exit 0); a component that\n"
      "fails to load stops start-up (exit 1).");
  cmd->add_option("--resources-path", options.resources_paths,
                  "Folder of component YAML files; repeatable, or comma-separated")
      ->delimiter(',')
      ->required();
  cmd->add_option("--port", options.port, "TCP port (0: any free port)")->capture_default_str();
  cmd->add_option("--listen-address", options.listen_address, "Address to listen on")->capture_default_str();
  cmd->add_option("--app-id", options.app_id, "App id, matched against component scopes");
  cmd->add_option("--max-body-size", options.max_body_size,
                  "Largest request body: bytes or with a suffix (4Mi, 4MB, 512Ki)")
      ->capture_default_str();
  cmd->add_option("--log-level", options.log_level, "debug, info, warn or error")->capture_default_str();
  cmd->add_option("--io-threads", options.io_threads, "I/O threads (default: one per core)");
  cmd->add_option("--worker-threads", options.worker_threads,
                  "Threads running guests (default: one per core)");
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
  RunOptions run_options;
  CLI::App* run = add_run(app, run_options);
  ServeOptions serve_options;
  CLI::App* serve = add_serve(app, serve_options);

  CLI11_PARSE(app, argc, argv);
  if (*validate) return run_validate(validate_options);
  if (*version) return run_version();
  if (*invoke) return run_invoke(invoke_options);
  if (*serve) return run_serve(serve_options);
  if (*run) {
    std::vector<std::string> rest = run->remaining();
    if (rest.empty()) return app.exit(CLI::RequiredError("FILE"));
    if (rest.front().size() > 1 && rest.front()[0] == '-')
      return app.exit(CLI::ExtrasError("run", {rest.front()}));
    run_options.file = rest.front();
    run_options.args.assign(rest.begin() + 1, rest.end());
    return run_run(run_options);
  }
  return 0;  // unreachable: require_subcommand(1) rejects a missing subcommand
}
