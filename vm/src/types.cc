#include "wasmbind/types.h"

namespace wasmbind {

std::string_view to_string(ValType type) {
  switch (type) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

std::string to_string(const FuncType& type) {
  std::string s = "(";
  for (size_t i = 0; i < type.params.size(); ++i) {
    if (i) s += ", ";
    s += to_string(type.params[i]);
  }
  s += ") -> (";
  for (size_t i = 0; i < type.results.size(); ++i) {
    if (i) s += ", ";
    s += to_string(type.results[i]);
  }
  return s + ")";
}

std::string_view to_string(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

}  // namespace wasmbind
