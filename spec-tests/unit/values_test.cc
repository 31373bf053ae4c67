#include "values.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <stdexcept>
#include <string>

namespace wasmbind::spec {
namespace {

ScriptValue parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  if (doc.HasParseError()) throw std::logic_error("bad JSON in test: " + text);
  return parse_value(doc);
}

TEST(NanClasses, F32) {
  EXPECT_TRUE(is_canonical_nan_f32(0x7fc00000u));
  EXPECT_TRUE(is_canonical_nan_f32(0xffc00000u));   // either sign
  EXPECT_FALSE(is_canonical_nan_f32(0x7fc00001u));  // payload beyond the quiet bit
  EXPECT_FALSE(is_canonical_nan_f32(0x7fa00000u));  // signalling
  EXPECT_FALSE(is_canonical_nan_f32(0x7f800000u));  // infinity
  EXPECT_TRUE(is_arithmetic_nan_f32(0x7fc00000u));
  EXPECT_TRUE(is_arithmetic_nan_f32(0xffc00001u));
  EXPECT_TRUE(is_arithmetic_nan_f32(0x7fffffffu));
  EXPECT_FALSE(is_arithmetic_nan_f32(0x7f800001u));  // signalling NaN
  EXPECT_FALSE(is_arithmetic_nan_f32(0x7f800000u));
  EXPECT_FALSE(is_arithmetic_nan_f32(0x3fc00000u));  // 1.5f: quiet bit pattern, finite
  EXPECT_TRUE(is_nan_f32(0x7f800001u));
  EXPECT_FALSE(is_nan_f32(0xff800000u));
}

TEST(NanClasses, F64) {
  EXPECT_TRUE(is_canonical_nan_f64(0x7ff8000000000000ull));
  EXPECT_TRUE(is_canonical_nan_f64(0xfff8000000000000ull));
  EXPECT_FALSE(is_canonical_nan_f64(0x7ff8000000000001ull));
  EXPECT_FALSE(is_canonical_nan_f64(0x7ff4000000000000ull));
  EXPECT_TRUE(is_arithmetic_nan_f64(0x7ff8000000000001ull));
  EXPECT_TRUE(is_arithmetic_nan_f64(0xfffc000000000000ull));
  EXPECT_FALSE(is_arithmetic_nan_f64(0x7ff0000000000001ull));
  EXPECT_FALSE(is_arithmetic_nan_f64(0x7ff0000000000000ull));
  EXPECT_FALSE(is_arithmetic_nan_f64(0x3ff8000000000000ull));  // 1.5
  EXPECT_TRUE(is_nan_f64(0x7ff0000000000001ull));
  EXPECT_FALSE(is_nan_f64(0x7ff0000000000000ull));
  EXPECT_FALSE(matches_nan_f64(NanPattern::None, 0x7ff8000000000000ull));
}

TEST(ParseValue, Integers) {
  ScriptValue v = parse(R"({"type":"i32","value":"4294967295"})");
  EXPECT_EQ(v.type, ValueType::I32);
  EXPECT_EQ(v.bits, 0xffffffffu);
  EXPECT_FALSE(v.is_pattern());
  v = parse(R"({"type":"i64","value":"18446744073709551615"})");
  EXPECT_EQ(v.type, ValueType::I64);
  EXPECT_EQ(v.bits, UINT64_MAX);
  EXPECT_THROW(parse(R"({"type":"i32","value":"4294967296"})"), std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"i64","value":"18446744073709551616"})"), std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"i32","value":"-1"})"), std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"i32","value":"12x"})"), std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"i32","value":""})"), std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"i32","value":7})"), std::runtime_error);
}

TEST(ParseValue, Floats) {
  ScriptValue v = parse(R"({"type":"f32","value":"1065353216"})");  // 1.0f
  EXPECT_EQ(v.type, ValueType::F32);
  EXPECT_EQ(v.bits, 0x3f800000u);
  EXPECT_EQ(v.nan, NanPattern::None);
  v = parse(R"({"type":"f64","value":"nan:canonical"})");
  EXPECT_EQ(v.type, ValueType::F64);
  EXPECT_EQ(v.nan, NanPattern::Canonical);
  EXPECT_TRUE(v.is_pattern());
  v = parse(R"({"type":"f32","value":"nan:arithmetic"})");
  EXPECT_EQ(v.nan, NanPattern::Arithmetic);
  EXPECT_THROW(parse(R"({"type":"f32","value":"nan:whatever"})"), std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"f32","value":"4294967296"})"), std::runtime_error);
}

TEST(ParseValue, V128) {
  ScriptValue v =
      parse(R"({"type":"v128","lane_type":"i16","value":["1","2","3","4","5","6","7","65535"]})");
  EXPECT_EQ(v.type, ValueType::V128);
  EXPECT_EQ(v.lane_type, LaneType::I16);
  EXPECT_EQ(v.v128[0], 1);
  EXPECT_EQ(v.v128[1], 0);
  EXPECT_EQ(v.v128[2], 2);
  EXPECT_EQ(v.v128[14], 0xff);
  EXPECT_EQ(v.v128[15], 0xff);

  v = parse(
      R"({"type":"v128","lane_type":"f32","value":["nan:canonical","1065353216","nan:arithmetic","0"]})");
  EXPECT_EQ(v.lane_nan[0], NanPattern::Canonical);
  EXPECT_EQ(v.lane_nan[1], NanPattern::None);
  EXPECT_EQ(v.lane_nan[2], NanPattern::Arithmetic);
  EXPECT_EQ(v.v128[4], 0x00);
  EXPECT_EQ(v.v128[7], 0x3f);
  EXPECT_TRUE(v.is_pattern());

  v = parse(R"({"type":"v128","lane_type":"i64","value":["1","18446744073709551615"]})");
  EXPECT_EQ(v.v128[0], 1);
  EXPECT_EQ(v.v128[8], 0xff);

  EXPECT_THROW(
      parse(
          R"({"type":"v128","lane_type":"i8","value":["256","0","0","0","0","0","0","0","0","0","0","0","0","0","0","0"]})"),
      std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"v128","lane_type":"i32","value":["1","2","3"]})"),
               std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"v128","lane_type":"i32","value":"1"})"), std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"v128","lane_type":"i128","value":["1"]})"), std::runtime_error);
  EXPECT_THROW(parse(R"({"type":"v128","value":["1","2","3","4"]})"), std::runtime_error);
  // NaN patterns only make sense in float lanes.
  EXPECT_THROW(parse(R"({"type":"v128","lane_type":"i32","value":["nan:canonical","0","0","0"]})"),
               std::runtime_error);
}

TEST(ParseValue, References) {
  ScriptValue v = parse(R"({"type":"funcref","value":"null"})");
  EXPECT_EQ(v.type, ValueType::FuncRef);
  EXPECT_TRUE(v.is_null);
  v = parse(R"({"type":"externref","value":"42"})");
  EXPECT_EQ(v.type, ValueType::ExternRef);
  EXPECT_FALSE(v.is_null);
  EXPECT_EQ(v.bits, 42u);
  EXPECT_THROW(parse(R"({"type":"externref","value":"nul"})"), std::runtime_error);
}

TEST(ParseValue, TypeOnlyAndErrors) {
  ScriptValue v = parse(R"({"type":"i64"})");
  EXPECT_EQ(v.type, ValueType::I64);
  EXPECT_FALSE(v.has_value);
  EXPECT_TRUE(v.is_pattern());
  EXPECT_THROW(parse(R"({"type":"i31ref","value":"1"})"), std::runtime_error);
  EXPECT_THROW(parse(R"({"value":"1"})"), std::runtime_error);
  EXPECT_THROW(parse(R"([1])"), std::runtime_error);
}

TEST(Matches, ScalarsAndNans) {
  EXPECT_TRUE(matches(ScriptValue::i32(5), ScriptValue::i32(5)));
  EXPECT_FALSE(matches(ScriptValue::i32(5), ScriptValue::i32(6)));
  EXPECT_FALSE(matches(ScriptValue::i32(5), ScriptValue::i64(5)));  // type counts

  // Floats compare bit patterns: -0 is not +0, and a specific NaN must match exactly.
  EXPECT_FALSE(matches(ScriptValue::f32_bits(0x80000000u), ScriptValue::f32_bits(0)));
  EXPECT_TRUE(matches(ScriptValue::f32_bits(0x7fc00001u), ScriptValue::f32_bits(0x7fc00001u)));
  EXPECT_FALSE(matches(ScriptValue::f32_bits(0x7fc00001u), ScriptValue::f32_bits(0x7fc00000u)));

  ScriptValue canonical = parse(R"({"type":"f32","value":"nan:canonical"})");
  EXPECT_TRUE(matches(canonical, ScriptValue::f32_bits(0xffc00000u)));
  EXPECT_FALSE(matches(canonical, ScriptValue::f32_bits(0x7fc00001u)));
  EXPECT_FALSE(matches(canonical, ScriptValue::f64_bits(0x7ff8000000000000ull)));
  ScriptValue arithmetic = parse(R"({"type":"f64","value":"nan:arithmetic"})");
  EXPECT_TRUE(matches(arithmetic, ScriptValue::f64_bits(0x7ff8000000000123ull)));
  EXPECT_FALSE(matches(arithmetic, ScriptValue::f64_bits(0x7ff0000000000001ull)));

  EXPECT_TRUE(matches(parse(R"({"type":"i32"})"), ScriptValue::i32(123)));
  EXPECT_FALSE(matches(parse(R"({"type":"i32"})"), ScriptValue::f32_bits(123)));
}

TEST(Matches, V128Lanes) {
  std::array<uint8_t, 16> bytes{};
  // f32 lanes: [canonical NaN, 1.0, arithmetic NaN with payload, 0]
  const uint32_t lanes[4] = {0x7fc00000u, 0x3f800000u, 0x7fc12345u, 0};
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<uint8_t>(lanes[i] >> (8 * b));
  }
  const ScriptValue actual = ScriptValue::v128_bytes(bytes);
  ScriptValue expected = parse(
      R"({"type":"v128","lane_type":"f32","value":["nan:canonical","1065353216","nan:arithmetic","0"]})");
  EXPECT_TRUE(matches(expected, actual));
  expected = parse(
      R"({"type":"v128","lane_type":"f32","value":["nan:canonical","1065353216","nan:canonical","0"]})");
  EXPECT_FALSE(matches(expected, actual));  // lane 2 has a payload
  expected = parse(
      R"({"type":"v128","lane_type":"f32","value":["nan:canonical","1065353216","nan:arithmetic","1"]})");
  EXPECT_FALSE(matches(expected, actual));

  // Integer lanes compare all 16 bytes, whatever the lane shape.
  expected = parse(
      R"({"type":"v128","lane_type":"i8","value":["0","0","192","127","0","0","128","63","69","35","193","127","0","0","0","0"]})");
  EXPECT_TRUE(matches(expected, actual));
  expected = parse(R"({"type":"v128","lane_type":"i64","value":["0","0"]})");
  EXPECT_FALSE(matches(expected, actual));

  const ScriptValue f64s = parse(
      R"({"type":"v128","lane_type":"f64","value":["nan:arithmetic","4607182418800017408"]})");
  std::array<uint8_t, 16> d{};
  const uint64_t dl[2] = {0xfff8000000000001ull, 0x3ff0000000000000ull};
  for (int i = 0; i < 2; ++i) {
    for (int b = 0; b < 8; ++b) d[i * 8 + b] = static_cast<uint8_t>(dl[i] >> (8 * b));
  }
  EXPECT_TRUE(matches(f64s, ScriptValue::v128_bytes(d)));
}

TEST(Matches, References) {
  EXPECT_TRUE(matches(ScriptValue::null_ref(ValueType::FuncRef),
                      ScriptValue::null_ref(ValueType::FuncRef)));
  EXPECT_FALSE(matches(ScriptValue::null_ref(ValueType::FuncRef),
                       ScriptValue::null_ref(ValueType::ExternRef)));
  EXPECT_FALSE(
      matches(ScriptValue::null_ref(ValueType::FuncRef), ScriptValue::ref(ValueType::FuncRef, 3)));
  EXPECT_TRUE(
      matches(ScriptValue::ref(ValueType::FuncRef, 0), ScriptValue::ref(ValueType::FuncRef, 3)));
  EXPECT_TRUE(matches(ScriptValue::ref(ValueType::ExternRef, 3),
                      ScriptValue::ref(ValueType::ExternRef, 3)));
  EXPECT_FALSE(matches(ScriptValue::ref(ValueType::ExternRef, 3),
                       ScriptValue::ref(ValueType::ExternRef, 4)));
  EXPECT_FALSE(matches(ScriptValue::ref(ValueType::ExternRef, 0),
                       ScriptValue::null_ref(ValueType::ExternRef)));
}

TEST(ToString, Formats) {
  EXPECT_EQ(to_string(ScriptValue::i32(42)), "i32:42");
  EXPECT_EQ(to_string(ScriptValue::f32_bits(0x3f800000u)), "f32:0x3f800000 (1)");
  EXPECT_EQ(to_string(parse(R"({"type":"f64","value":"nan:canonical"})")), "f64:nan:canonical");
  EXPECT_EQ(to_string(parse(R"({"type":"i32"})")), "i32");
  EXPECT_EQ(to_string(ScriptValue::null_ref(ValueType::ExternRef)), "externref:null");
  EXPECT_EQ(to_string(parse(R"({"type":"v128","lane_type":"i32","value":["1","2","3","4"]})")),
            "v128:i32x4:1 2 3 4");
  EXPECT_EQ(to_string(parse(R"({"type":"v128","lane_type":"f64","value":["nan:arithmetic","0"]})")),
            "v128:f64x2:nan:arithmetic 0x0000000000000000");
}

}  // namespace
}  // namespace wasmbind::spec
