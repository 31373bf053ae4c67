// `wasmbind invoke FILE.wasm FUNCTION [ARGS...]`: instantiates a module that needs no imports
// (any import is an error), calls one export with arguments parsed by its parameter types and
// prints each result on its own line. Traps print the trap and its backtrace on stderr.
#include <iostream>

#include "commands.h"
#include "read_file.h"
#include "values.h"
#include "wasmbind/vm.h"

namespace wasmbind::tools {

int run_invoke(const InvokeOptions& options) {
  auto bytes = read_file(options.file);
  if (!bytes.ok()) return std::cerr << bytes.error().to_string() << '\n', 2;
  auto module = Module::compile(*bytes);
  if (!module.ok()) return std::cerr << options.file << ": " << module.error().to_string() << '\n', 2;
  Limits limits;
  if (options.max_memory_pages) limits.max_memory_pages = *options.max_memory_pages;
  if (options.timeout_seconds)
    limits.timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(*options.timeout_seconds));
  auto instance = Linker().instantiate(*module, limits);
  if (!instance.ok()) return std::cerr << instance.error().to_string() << '\n', 2;

  auto exported = (*instance)->get_export(options.function);
  if (!exported || exported->kind != ExternKind::Func)
    return std::cerr << "no exported function named \"" << options.function << "\"\n", 2;
  const FuncType& type = function_type(exported->func.function);
  if (options.args.size() != type.params.size())
    return std::cerr << options.function << " takes " << type.params.size() << " arguments "
                     << to_string(type) << '\n', 2;
  std::vector<Value> args;
  for (size_t i = 0; i < options.args.size(); ++i) {
    auto v = parse_value(options.args[i], type.params[i]);
    if (!v) return std::cerr << "argument " << i << " is not a " << to_string(type.params[i]) << '\n', 2;
    args.push_back(*v);
  }
  auto results = (*instance)->call(exported->func.function, args);
  if (!results.ok()) return std::cerr << results.error().to_string() << '\n', 1;
  for (const Value& v : *results) print_value(v);
  return 0;
}

}  // namespace wasmbind::tools
