#include "describe_module.h"

#include <string>

namespace wasmbind::tools {
namespace {

std::string describe_limits(const SizeLimits& limits) {
  std::string s = "[" + std::to_string(limits.min) + ", ";
  s += limits.max ? std::to_string(*limits.max) : std::string("unbounded");
  return s + "]";
}

std::string describe_global(const GlobalType& global) {
  return std::string(global.is_mutable ? "mut " : "const ") + std::string(to_string(global.type));
}

uint32_t imported_function_count(const Module& module) {
  uint32_t count = 0;
  for (const ImportDesc& import : module.imports()) {
    if (import.kind == ExternKind::Func) ++count;
  }
  return count;
}

}  // namespace

void print_imports(std::ostream& out, const Module& module) {
  // Imported functions come first in the function index space, in import order.
  uint32_t function_index = 0;
  for (const ImportDesc& import : module.imports()) {
    out << "  import " << to_string(import.kind) << ' ' << import.module << '.' << import.name
        << ' ';
    switch (import.kind) {
      case ExternKind::Func:
        out << to_string(module.function_type(function_index++));
        break;
      case ExternKind::Table:
        out << to_string(import.table.element) << ' ' << describe_limits(import.table.limits);
        break;
      case ExternKind::Memory:
        out << "pages " << describe_limits(import.memory.limits);
        break;
      case ExternKind::Global:
        out << describe_global(import.global);
        break;
    }
    out << '\n';
  }
}

void print_exports(std::ostream& out, const Module& module) {
  for (const ExportDesc& exp : module.exports()) {
    out << "  export " << to_string(exp.kind) << ' ' << exp.name << ' ';
    // The public API exposes types only for functions; other kinds show their index.
    if (exp.kind == ExternKind::Func) {
      out << to_string(module.function_type(exp.index));
    } else {
      out << "#" << exp.index;
    }
    out << '\n';
  }
}

uint32_t defined_function_count(const Module& module) {
  return module.function_count() - imported_function_count(module);
}

}  // namespace wasmbind::tools
