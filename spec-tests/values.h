// Values of spec test scripts (wast2json's JSON "args" and "expected" entries), independent
// of the VM's runtime value type. An expected value may be a pattern rather than a value:
// a NaN class (nan:canonical, nan:arithmetic) for floats and float lanes, or only a type
// (assert_trap lists result types without values). matches() compares a concrete value, as
// produced by an engine, against such an expectation.
#pragma once

#include <rapidjson/fwd.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wasmbind::spec {

enum class ValueType : uint8_t { I32, I64, F32, F64, V128, FuncRef, ExternRef };
std::string_view to_string(ValueType type);

// The lane shape of a v128 as written in the script. Only affects how lanes are printed and,
// for f32/f64, where NaN patterns apply; the value itself is the 16 bytes.
enum class LaneType : uint8_t { I8, I16, I32, I64, F32, F64 };
std::string_view to_string(LaneType lane);
unsigned lane_count(LaneType lane);  // 16, 8, 4, 2, 4, 2

enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

struct ScriptValue {
  ValueType type = ValueType::I32;
  // False for type-only entries (e.g. the results of assert_trap): the value fields are unused.
  bool has_value = true;
  // i32/i64: the integer; f32/f64: the bit pattern; refs: the index or host reference id.
  uint64_t bits = 0;
  NanPattern nan = NanPattern::None;  // f32/f64: a NaN class instead of `bits`
  std::array<uint8_t, 16> v128{};     // little-endian lane bytes
  LaneType lane_type = LaneType::I32;
  std::array<NanPattern, 4> lane_nan{};  // f32 (4) / f64 (2) lanes: NaN class per lane
  bool is_null = false;                  // refs

  static ScriptValue i32(uint32_t v);
  static ScriptValue i64(uint64_t v);
  static ScriptValue f32_bits(uint32_t bits);
  static ScriptValue f64_bits(uint64_t bits);
  static ScriptValue v128_bytes(const std::array<uint8_t, 16>& bytes,
                                LaneType lanes = LaneType::I32);
  static ScriptValue null_ref(ValueType ref_type);
  static ScriptValue ref(ValueType ref_type, uint64_t id);

  bool is_pattern() const;  // has a NaN class anywhere, or no value
};

// Parses one {"type": ..., "value": ...} entry. Throws std::runtime_error on anything it does
// not understand (unknown type, value out of range, wrong lane count, ...).
ScriptValue parse_value(const rapidjson::Value& json);

// True if `actual` (a concrete value) satisfies `expected` (a value or pattern). Type-only
// expectations match any value of the type. Non-null funcref expectations match any non-null
// funcref (function references have no portable identity); externref compares the host id.
bool matches(const ScriptValue& expected, const ScriptValue& actual);

// "i32:42", "f32:0x7fc00000 (nan)", "f64:nan:canonical", "v128:i32x4:1 2 3 4", "externref:null"
std::string to_string(const ScriptValue& value);

// NaN classes, per the spec's definitions: canonical = quiet NaN whose payload is only the
// quiet bit (either sign); arithmetic = any NaN with the quiet bit set.
bool is_nan_f32(uint32_t bits);
bool is_nan_f64(uint64_t bits);
bool is_canonical_nan_f32(uint32_t bits);
bool is_canonical_nan_f64(uint64_t bits);
bool is_arithmetic_nan_f32(uint32_t bits);
bool is_arithmetic_nan_f64(uint64_t bits);
bool matches_nan_f32(NanPattern pattern, uint32_t bits);  // None: never matches
bool matches_nan_f64(NanPattern pattern, uint64_t bits);

}  // namespace wasmbind::spec
