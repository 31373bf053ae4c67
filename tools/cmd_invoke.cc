// `wasmbind invoke FILE.wasm FUNCTION [ARGS...]`: instantiates a module that needs no imports
// (any import is an error), calls one export with arguments parsed by its parameter types and
// prints each result on its own line. Traps print the trap and its backtrace on stderr.
#include <cinttypes>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "read_file.h"
#include "wasmbind/vm.h"

namespace wasmbind::tools {
namespace {

std::optional<Value> parse_arg(const std::string& text, ValType type) {
  try {
    size_t used = 0;
    Value v;
    switch (type) {
      case ValType::I32: v = Value::i32(static_cast<int32_t>(std::stoll(text, &used, 0))); break;
      case ValType::I64: v = Value::i64(static_cast<int64_t>(std::stoull(text, &used, 0))); break;
      case ValType::F32: v = Value::f32(std::stof(text, &used)); break;
      case ValType::F64: v = Value::f64(std::stod(text, &used)); break;
      default: return std::nullopt;
    }
    if (used != text.size()) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void print_value(const Value& v) {
  switch (v.type) {
    case ValType::I32: std::printf("%" PRId32 "\n", v.as_i32()); break;
    case ValType::I64: std::printf("%" PRId64 "\n", v.as_i64()); break;
    case ValType::F32: std::printf("%.9g\n", static_cast<double>(v.as_f32())); break;
    case ValType::F64: std::printf("%.17g\n", v.as_f64()); break;
    case ValType::V128: {
      for (uint8_t b : v.bits) std::printf("%02x", b);
      std::printf("\n");
      break;
    }
    default: std::printf("%s\n", v.is_null() ? "null" : "ref"); break;
  }
}

}  // namespace

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
    auto v = parse_arg(options.args[i], type.params[i]);
    if (!v) return std::cerr << "argument " << i << " is not a " << to_string(type.params[i]) << '\n', 2;
    args.push_back(*v);
  }
  auto results = (*instance)->call(exported->func.function, args);
  if (!results.ok()) return std::cerr << results.error().to_string() << '\n', 1;
  for (const Value& v : *results) print_value(v);
  return 0;
}

}  // namespace wasmbind::tools
