// `wasmbind run [OPTIONS] FILE.wasm [ARGS...]`: runs a WASI preview1 command (its `_start`) with
// the host's stdin, stdout and stderr, the preopened directories and environment given on the
// command line, and exits with the guest's exit code. With `--invoke NAME` it instead
// instantiates the module as a reactor (calling `_initialize` if exported), calls NAME with ARGS
// parsed by its parameter types and prints the results like `wasmbind invoke`.
//
// Exit status: the guest's (proc_exit's code, 0 when `_start` returns); kRunTrapStatus (134,
// like wasmtime's abort) when the guest traps, runs out of call stack or is interrupted by
// --timeout, with the trap and its backtrace on stderr; kRunErrorStatus (1) when wasmbind
// itself cannot run the guest (unreadable or invalid module, unresolved imports, a --dir that
// cannot be opened, a bad argument).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string_view>

#include "commands.h"
#include "read_file.h"
#include "values.h"
#include "wasmbind/vm.h"
#include "wasmbind/wasi.h"

extern char** environ;

namespace wasmbind::tools {
namespace {

// "HOST::GUEST" or "HOST" (the guest sees the directory under the host's name).
wasi::Preopen parse_dir(const std::string& spec, bool read_only) {
  wasi::Preopen p;
  size_t sep = spec.find("::");
  if (sep == std::string::npos) {
    p.host_path = spec;
    p.guest_path = spec;
  } else {
    p.host_path = spec.substr(0, sep);
    p.guest_path = spec.substr(sep + 2);
  }
  p.read_only = read_only;
  return p;
}

std::string_view env_key(std::string_view entry) { return entry.substr(0, entry.find('=')); }

// Sets KEY=VALUE in `env`, replacing an earlier entry with the same key.
void set_env(std::vector<std::string>& env, std::string entry) {
  for (std::string& e : env) {
    if (env_key(e) == env_key(entry)) {
      e = std::move(entry);
      return;
    }
  }
  env.push_back(std::move(entry));
}

// The guest's environment: the host's with --inherit-env, then each --env: "K=V" sets K,
// a bare "K" copies K from the host (and is ignored when the host has no K).
std::vector<std::string> guest_env(const RunOptions& options) {
  std::vector<std::string> env;
  if (options.inherit_env)
    for (char** e = environ; e && *e; ++e) set_env(env, *e);
  for (const std::string& entry : options.env) {
    if (entry.find('=') != std::string::npos) {
      set_env(env, entry);
    } else if (const char* value = std::getenv(entry.c_str())) {
      set_env(env, entry + "=" + value);
    }
  }
  return env;
}

std::string basename_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Prints a failure to run or of the guest and picks the exit status for it.
int report(const Error& error) {
  if (error.kind == ErrorKind::Exit) return error.exit_code;
  std::cout.flush();
  std::cerr << "wasmbind run: " << error.to_string() << '\n';
  bool trapped = error.kind == ErrorKind::Trap || error.kind == ErrorKind::Exhaustion ||
                 error.trap != TrapKind::None;
  return trapped ? kRunTrapStatus : kRunErrorStatus;
}

// --invoke: a reactor's `_initialize`, then NAME(ARGS...).
int invoke_export(const Linker& linker, std::shared_ptr<const Module> module,
                  wasi::Context& context, const Limits& limits, const RunOptions& options) {
  auto instance = linker.instantiate(std::move(module), limits, &context);
  if (!instance.ok()) return report(instance.error());
  auto exported = (*instance)->get_export(*options.invoke);
  if (!exported || exported->kind != ExternKind::Func) {
    std::cerr << "wasmbind run: no exported function named \"" << *options.invoke << "\"\n";
    return kRunErrorStatus;
  }
  const FuncType& type = function_type(exported->func.function);
  if (options.args.size() != type.params.size()) {
    std::cerr << "wasmbind run: " << *options.invoke << " takes " << type.params.size()
              << " arguments " << to_string(type) << '\n';
    return kRunErrorStatus;
  }
  std::vector<Value> args;
  for (size_t i = 0; i < options.args.size(); ++i) {
    auto v = parse_value(options.args[i], type.params[i]);
    if (!v) {
      std::cerr << "wasmbind run: argument " << i << " (\"" << options.args[i] << "\") is not a "
                << to_string(type.params[i]) << '\n';
      return kRunErrorStatus;
    }
    args.push_back(*v);
  }
  if (auto init = (*instance)->get_export("_initialize"); init && init->kind == ExternKind::Func) {
    auto done = (*instance)->call(init->func.function, {});
    if (!done.ok()) return report(done.error());
  }
  auto results = (*instance)->call(exported->func.function, args);
  if (!results.ok()) return report(results.error());
  for (const Value& v : *results) print_value(v);
  std::fflush(stdout);
  return 0;
}

}  // namespace

int run_run(const RunOptions& options) {
  auto bytes = read_file(options.file);
  if (!bytes.ok()) return std::cerr << "wasmbind run: " << bytes.error().to_string() << '\n', kRunErrorStatus;
  auto module = Module::compile(*bytes);
  if (!module.ok()) {
    std::cerr << "wasmbind run: " << options.file << ": " << module.error().to_string() << '\n';
    return kRunErrorStatus;
  }

  wasi::Config config;
  config.args.push_back(basename_of(options.file));
  if (!options.invoke) config.args.insert(config.args.end(), options.args.begin(), options.args.end());
  config.env = guest_env(options);
  config.stdin_input = wasi::Input::from_fd(STDIN_FILENO);
  config.stdout_output = wasi::Output::to_fd(STDOUT_FILENO);
  config.stderr_output = wasi::Output::to_fd(STDERR_FILENO);
  for (const std::string& d : options.dirs) config.preopens.push_back(parse_dir(d, false));
  for (const std::string& d : options.dirs_read_only) config.preopens.push_back(parse_dir(d, true));
  auto context = wasi::Context::create(std::move(config));
  if (!context.ok()) return report(context.error());

  Limits limits;
  if (options.max_memory_pages) limits.max_memory_pages = *options.max_memory_pages;
  if (options.timeout_seconds)
    limits.timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(*options.timeout_seconds));

  Linker linker;
  wasi::define_imports(linker);
  if (options.invoke) return invoke_export(linker, *module, **context, limits, options);

  auto status = wasi::run_command(linker, *module, **context, limits);
  if (!status.ok()) return report(status.error());
  return status->code;
}

}  // namespace wasmbind::tools
