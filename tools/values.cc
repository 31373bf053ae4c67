#include "values.h"

#include <cinttypes>
#include <cstdio>
#include <exception>

namespace wasmbind::tools {

std::optional<Value> parse_value(const std::string& text, ValType type) {
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

}  // namespace wasmbind::tools
