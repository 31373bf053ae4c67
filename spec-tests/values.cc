#include "values.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "json.h"

namespace wasmbind::spec {

std::string_view to_string(ValueType type) {
  switch (type) {
    case ValueType::I32: return "i32";
    case ValueType::I64: return "i64";
    case ValueType::F32: return "f32";
    case ValueType::F64: return "f64";
    case ValueType::V128: return "v128";
    case ValueType::FuncRef: return "funcref";
    case ValueType::ExternRef: return "externref";
  }
  return "?";
}

std::string_view to_string(LaneType lane) {
  switch (lane) {
    case LaneType::I8: return "i8";
    case LaneType::I16: return "i16";
    case LaneType::I32: return "i32";
    case LaneType::I64: return "i64";
    case LaneType::F32: return "f32";
    case LaneType::F64: return "f64";
  }
  return "?";
}

unsigned lane_count(LaneType lane) {
  switch (lane) {
    case LaneType::I8: return 16;
    case LaneType::I16: return 8;
    case LaneType::I32: return 4;
    case LaneType::I64: return 2;
    case LaneType::F32: return 4;
    case LaneType::F64: return 2;
  }
  return 0;
}

namespace {

unsigned lane_bytes(LaneType lane) { return 16 / lane_count(lane); }
bool is_float_lane(LaneType lane) { return lane == LaneType::F32 || lane == LaneType::F64; }

// Lane `i` of `bytes` as an unsigned integer of the lane's width (little-endian).
uint64_t lane_bits(const std::array<uint8_t, 16>& bytes, LaneType lane, unsigned i) {
  const unsigned n = lane_bytes(lane);
  uint64_t v = 0;
  for (unsigned b = 0; b < n; ++b) v |= uint64_t{bytes[i * n + b]} << (8 * b);
  return v;
}

void set_lane_bits(std::array<uint8_t, 16>& bytes, LaneType lane, unsigned i, uint64_t v) {
  const unsigned n = lane_bytes(lane);
  for (unsigned b = 0; b < n; ++b) bytes[i * n + b] = static_cast<uint8_t>(v >> (8 * b));
}

std::optional<ValueType> parse_type(std::string_view s) {
  if (s == "i32") return ValueType::I32;
  if (s == "i64") return ValueType::I64;
  if (s == "f32") return ValueType::F32;
  if (s == "f64") return ValueType::F64;
  if (s == "v128") return ValueType::V128;
  if (s == "funcref") return ValueType::FuncRef;
  if (s == "externref") return ValueType::ExternRef;
  return std::nullopt;
}

LaneType parse_lane_type(std::string_view s) {
  if (s == "i8") return LaneType::I8;
  if (s == "i16") return LaneType::I16;
  if (s == "i32") return LaneType::I32;
  if (s == "i64") return LaneType::I64;
  if (s == "f32") return LaneType::F32;
  if (s == "f64") return LaneType::F64;
  throw std::runtime_error("unknown lane_type \"" + std::string(s) + "\"");
}

NanPattern parse_nan(std::string_view s) {
  if (s == "nan:canonical") return NanPattern::Canonical;
  if (s == "nan:arithmetic") return NanPattern::Arithmetic;
  return NanPattern::None;
}

uint64_t max_of_bits(unsigned bits) { return bits >= 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1; }

std::string hex(uint64_t v, int digits) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%0*" PRIx64, digits, v);
  return buf;
}

std::string float_text(uint64_t bits, bool is_f64) {
  double d;
  if (is_f64) {
    std::memcpy(&d, &bits, sizeof d);
  } else {
    float f;
    const uint32_t b = static_cast<uint32_t>(bits);
    std::memcpy(&f, &b, sizeof f);
    d = f;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", is_f64 ? 17 : 9, d);
  return hex(bits, is_f64 ? 16 : 8) + " (" + buf + ")";
}

const char* nan_text(NanPattern p) {
  return p == NanPattern::Canonical ? "nan:canonical" : "nan:arithmetic";
}

}  // namespace

ScriptValue ScriptValue::i32(uint32_t v) {
  ScriptValue s;
  s.type = ValueType::I32;
  s.bits = v;
  return s;
}
ScriptValue ScriptValue::i64(uint64_t v) {
  ScriptValue s;
  s.type = ValueType::I64;
  s.bits = v;
  return s;
}
ScriptValue ScriptValue::f32_bits(uint32_t bits) {
  ScriptValue s;
  s.type = ValueType::F32;
  s.bits = bits;
  return s;
}
ScriptValue ScriptValue::f64_bits(uint64_t bits) {
  ScriptValue s;
  s.type = ValueType::F64;
  s.bits = bits;
  return s;
}
ScriptValue ScriptValue::v128_bytes(const std::array<uint8_t, 16>& bytes, LaneType lanes) {
  ScriptValue s;
  s.type = ValueType::V128;
  s.v128 = bytes;
  s.lane_type = lanes;
  return s;
}
ScriptValue ScriptValue::null_ref(ValueType ref_type) {
  ScriptValue s;
  s.type = ref_type;
  s.is_null = true;
  return s;
}
ScriptValue ScriptValue::ref(ValueType ref_type, uint64_t id) {
  ScriptValue s;
  s.type = ref_type;
  s.bits = id;
  return s;
}

bool ScriptValue::is_pattern() const {
  if (!has_value || nan != NanPattern::None) return true;
  for (NanPattern p : lane_nan) {
    if (p != NanPattern::None) return true;
  }
  return false;
}

ScriptValue parse_value(const rapidjson::Value& j) {
  const std::string type_name = json::string_member(j, "type");
  const std::optional<ValueType> type = parse_type(type_name);
  if (!type) throw std::runtime_error("unsupported value type \"" + type_name + "\"");

  ScriptValue v;
  v.type = *type;
  const rapidjson::Value* value = json::find(j, "value");
  if (value == nullptr) {
    v.has_value = false;
    return v;
  }

  switch (*type) {
    case ValueType::I32:
      v.bits = json::parse_decimal(json::string(*value, "i32"), UINT32_MAX, "i32");
      break;
    case ValueType::I64:
      v.bits = json::parse_decimal(json::string(*value, "i64"), UINT64_MAX, "i64");
      break;
    case ValueType::F32:
    case ValueType::F64: {
      const std::string text = json::string(*value, type_name);
      v.nan = parse_nan(text);
      if (v.nan == NanPattern::None) {
        v.bits =
            json::parse_decimal(text, *type == ValueType::F32 ? UINT32_MAX : UINT64_MAX, type_name);
      }
      break;
    }
    case ValueType::V128: {
      v.lane_type = parse_lane_type(json::string_member(j, "lane_type"));
      if (!value->IsArray()) throw std::runtime_error("v128 value is not an array");
      const unsigned lanes = lane_count(v.lane_type);
      if (value->Size() != lanes) {
        throw std::runtime_error("v128 with lane_type " + std::string(to_string(v.lane_type)) +
                                 " needs " + std::to_string(lanes) + " lanes, got " +
                                 std::to_string(value->Size()));
      }
      const uint64_t max = max_of_bits(8 * lane_bytes(v.lane_type));
      for (unsigned i = 0; i < lanes; ++i) {
        const std::string text = json::string((*value)[i], "v128 lane");
        if (is_float_lane(v.lane_type)) {
          v.lane_nan[i] = parse_nan(text);
          if (v.lane_nan[i] != NanPattern::None) continue;
        }
        set_lane_bits(v.v128, v.lane_type, i, json::parse_decimal(text, max, "v128 lane"));
      }
      break;
    }
    case ValueType::FuncRef:
    case ValueType::ExternRef: {
      const std::string text = json::string(*value, type_name);
      if (text == "null") {
        v.is_null = true;
      } else {
        v.bits = json::parse_decimal(text, UINT64_MAX, type_name);
      }
      break;
    }
  }
  return v;
}

bool is_nan_f32(uint32_t b) { return (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0; }
bool is_nan_f64(uint64_t b) {
  return (b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0x000fffffffffffffull) != 0;
}
bool is_canonical_nan_f32(uint32_t b) { return (b & 0x7fffffffu) == 0x7fc00000u; }
bool is_canonical_nan_f64(uint64_t b) {
  return (b & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
}
bool is_arithmetic_nan_f32(uint32_t b) { return (b & 0x7fc00000u) == 0x7fc00000u; }
bool is_arithmetic_nan_f64(uint64_t b) {
  return (b & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}

bool matches_nan_f32(NanPattern p, uint32_t bits) {
  switch (p) {
    case NanPattern::Canonical: return is_canonical_nan_f32(bits);
    case NanPattern::Arithmetic: return is_arithmetic_nan_f32(bits);
    case NanPattern::None: return false;
  }
  return false;
}

bool matches_nan_f64(NanPattern p, uint64_t bits) {
  switch (p) {
    case NanPattern::Canonical: return is_canonical_nan_f64(bits);
    case NanPattern::Arithmetic: return is_arithmetic_nan_f64(bits);
    case NanPattern::None: return false;
  }
  return false;
}

bool matches(const ScriptValue& expected, const ScriptValue& actual) {
  if (expected.type != actual.type) return false;
  if (!expected.has_value) return true;
  switch (expected.type) {
    case ValueType::I32:
    case ValueType::I64: return expected.bits == actual.bits;
    case ValueType::F32:
      if (expected.nan != NanPattern::None) {
        return matches_nan_f32(expected.nan, static_cast<uint32_t>(actual.bits));
      }
      return expected.bits == actual.bits;
    case ValueType::F64:
      if (expected.nan != NanPattern::None) return matches_nan_f64(expected.nan, actual.bits);
      return expected.bits == actual.bits;
    case ValueType::V128: {
      if (!is_float_lane(expected.lane_type)) return expected.v128 == actual.v128;
      const LaneType lane = expected.lane_type;
      for (unsigned i = 0; i < lane_count(lane); ++i) {
        const uint64_t got = lane_bits(actual.v128, lane, i);
        const NanPattern p = expected.lane_nan[i];
        if (p != NanPattern::None) {
          const bool ok = lane == LaneType::F32 ? matches_nan_f32(p, static_cast<uint32_t>(got))
                                                : matches_nan_f64(p, got);
          if (!ok) return false;
        } else if (got != lane_bits(expected.v128, lane, i)) {
          return false;
        }
      }
      return true;
    }
    case ValueType::FuncRef: return expected.is_null == actual.is_null;
    case ValueType::ExternRef:
      return expected.is_null == actual.is_null &&
             (expected.is_null || expected.bits == actual.bits);
  }
  return false;
}

std::string to_string(const ScriptValue& v) {
  std::string s(to_string(v.type));
  if (!v.has_value) return s;
  s += ':';
  switch (v.type) {
    case ValueType::I32:
    case ValueType::I64: s += std::to_string(v.bits); break;
    case ValueType::F32:
    case ValueType::F64:
      s += v.nan != NanPattern::None ? std::string(nan_text(v.nan))
                                     : float_text(v.bits, v.type == ValueType::F64);
      break;
    case ValueType::V128: {
      s += to_string(v.lane_type);
      s += 'x';
      s += std::to_string(lane_count(v.lane_type));
      for (unsigned i = 0; i < lane_count(v.lane_type); ++i) {
        s += i == 0 ? ':' : ' ';
        if (is_float_lane(v.lane_type) && v.lane_nan[i] != NanPattern::None) {
          s += nan_text(v.lane_nan[i]);
        } else if (is_float_lane(v.lane_type)) {
          s += hex(lane_bits(v.v128, v.lane_type, i), v.lane_type == LaneType::F64 ? 16 : 8);
        } else {
          s += std::to_string(lane_bits(v.v128, v.lane_type, i));
        }
      }
      break;
    }
    case ValueType::FuncRef:
    case ValueType::ExternRef: s += v.is_null ? std::string("null") : std::to_string(v.bits); break;
  }
  return s;
}

}  // namespace wasmbind::spec
