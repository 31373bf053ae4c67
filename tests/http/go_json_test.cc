// Go encoding/json compatibility: float formatting, string escaping and the re-encoding of a
// request's `data` (spec §1.1). Expected values are what Go's json.Marshal writes.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "dapr_request.h"
#include "go_json.h"

namespace wasmbind::http {
namespace {

std::string go_float(double v) {
  std::string out;
  append_go_float(out, v);
  return out;
}

std::string go_string(std::string_view s) {
  std::string out;
  append_go_string(out, s);
  return out;
}

// The bytes a guest would get on stdin for a request whose `data` is `data_text`.
std::string stdin_for(const std::string& data_text) {
  const auto decoded = decode_binding_request(R"({"operation":"execute","data":)" + data_text + "}");
  if (decoded.error) return "ERROR: " + *decoded.error;
  return decoded.body.data_json;
}

TEST(GoFloat, PositionalBetweenOneMillionthAndOneE21) {
  EXPECT_EQ(go_float(1), "1");
  EXPECT_EQ(go_float(2.5), "2.5");
  EXPECT_EQ(go_float(100), "100");
  EXPECT_EQ(go_float(-1.5), "-1.5");
  EXPECT_EQ(go_float(0.1), "0.1");
  EXPECT_EQ(go_float(123.456), "123.456");
  EXPECT_EQ(go_float(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(go_float(1e-6), "0.000001");
  EXPECT_EQ(go_float(2.5e-6), "0.0000025");
  EXPECT_EQ(go_float(1e20), "100000000000000000000");
  EXPECT_EQ(go_float(1.23456789e20), "123456789000000000000");
  EXPECT_EQ(go_float(12345678901234567890.0), "12345678901234567000");
  EXPECT_EQ(go_float(9007199254740993.0), "9007199254740992");
}

TEST(GoFloat, ExponentOutsideThatRange) {
  EXPECT_EQ(go_float(1e21), "1e+21");
  EXPECT_EQ(go_float(-1e21), "-1e+21");
  EXPECT_EQ(go_float(1.5e300), "1.5e+300");
  EXPECT_EQ(go_float(1e-7), "1e-7");
  EXPECT_EQ(go_float(1.5e-7), "1.5e-7");
  EXPECT_EQ(go_float(1e-10), "1e-10");
  EXPECT_EQ(go_float(9.99e-7), "9.99e-7");
  EXPECT_EQ(go_float(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(go_float(std::numeric_limits<double>::denorm_min()), "5e-324");
}

TEST(GoFloat, Zeros) {
  EXPECT_EQ(go_float(0.0), "0");
  EXPECT_EQ(go_float(-0.0), "-0");
}

TEST(GoString, EscapesOnlyWhatGoEscapes) {
  EXPECT_EQ(go_string("salaboy"), R"("salaboy")");
  EXPECT_EQ(go_string(""), R"("")");
  EXPECT_EQ(go_string("a<b&c>"), R"("a\u003cb\u0026c\u003e")");
  EXPECT_EQ(go_string("q\"b\\"), R"("q\"b\\")");
  EXPECT_EQ(go_string("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(go_string(std::string("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(go_string("\x7f/"), "\"\x7f/\"");
  EXPECT_EQ(go_string("\xC3\xA9"), "\"\xC3\xA9\"");                 // é stays raw
  EXPECT_EQ(go_string("\xE2\x80\xA8\xE2\x80\xA9"), R"("\u2028\u2029")");
  EXPECT_EQ(go_string("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");  // 😀 raw
}

TEST(GoString, InvalidUtf8BecomesEscapedReplacement) {
  EXPECT_EQ(go_string("a\xffz"), R"("a\ufffdz")");
  EXPECT_EQ(go_string("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");  // an encoded surrogate
  EXPECT_EQ(go_string("\xE2\x82"), R"("\ufffd\ufffd")");           // truncated sequence
  EXPECT_EQ(go_string("\xC0\xAF"), R"("\ufffd\ufffd")");           // overlong '/'
  EXPECT_EQ(go_string("\xEF\xBF\xBD"), "\"\xEF\xBF\xBD\"");        // U+FFFD itself is valid
}

TEST(GoUtf8, DecoderReplacesEachBadByte) {
  EXPECT_EQ(to_valid_utf8("ok"), "ok");
  EXPECT_EQ(to_valid_utf8("a\xff"), "a\xEF\xBF\xBD");
  EXPECT_EQ(to_valid_utf8("\xF4\x90\x80\x80"),  // above U+10FFFF
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

// Spec §1.1's table and §6.3 #10-12, through the whole decode + re-encode path.
TEST(DataReencoding, SpecTable) {
  EXPECT_EQ(decode_binding_request(R"({"operation":"execute"})").body.data_json, "null");
  EXPECT_EQ(stdin_for("null"), "null");
  EXPECT_EQ(stdin_for(R"("salaboy")"), R"("salaboy")");
  EXPECT_EQ(stdin_for(R"("")"), R"("")");
  EXPECT_EQ(stdin_for(R"("a<b&c>")"), R"("a\u003cb\u0026c\u003e")");
  EXPECT_EQ(stdin_for(R"("x\ny")"), R"("x\ny")");
  EXPECT_EQ(stdin_for(R"("\u00e9")"), "\"\xC3\xA9\"");
  EXPECT_EQ(stdin_for(R"("\u00e9\n")"), "\"\xC3\xA9\\n\"");
  EXPECT_EQ(stdin_for(R"({"b":1, "a":[1, 2.50]})"), R"({"a":[1,2.5],"b":1})");
  EXPECT_EQ(stdin_for(R"({"b":1,"a":[1,2.50,"x<y"]})"), R"({"a":[1,2.5,"x\u003cy"],"b":1})");
  EXPECT_EQ(stdin_for("12345678901234567890"), "12345678901234567000");
  EXPECT_EQ(stdin_for("1e21"), "1e+21");
  EXPECT_EQ(stdin_for("0.0000001"), "1e-7");
  EXPECT_EQ(stdin_for("1.0"), "1");
  EXPECT_EQ(stdin_for("-0"), "-0");
  EXPECT_EQ(stdin_for("-0.0"), "-0");
  EXPECT_EQ(stdin_for("true"), "true");
  EXPECT_EQ(stdin_for("false"), "false");
}

TEST(DataReencoding, NumbersGoThroughFloat64) {
  EXPECT_EQ(stdin_for("1E2"), "100");
  EXPECT_EQ(stdin_for("0.000001"), "0.000001");
  EXPECT_EQ(stdin_for("999999999999999999999"), "1e+21");
  EXPECT_EQ(stdin_for("1e-400"), "0");  // underflow is not an error in Go
  EXPECT_EQ(stdin_for("-1e-400"), "-0");
  EXPECT_EQ(stdin_for("1.7976931348623157e308"), "1.7976931348623157e+308");
  EXPECT_EQ(stdin_for("1e400"),
            "ERROR: json: cannot unmarshal number 1e400 into Go struct field "
            "OutputBindingRequest.data of type float64");
  // Numbers RapidJSON alone would refuse while scanning are still read as Go reads them.
  EXPECT_EQ(stdin_for("1" + std::string(308, '0')), "1e+308");
  EXPECT_EQ(stdin_for("0.0000000000000000000000000000001e-0005"), "1e-36");
  EXPECT_EQ(stdin_for("1e-99999"), "0");
  EXPECT_EQ(stdin_for("[1,-1e999]"),
            "ERROR: json: cannot unmarshal number -1e999 into Go struct field "
            "OutputBindingRequest.data of type float64");
}

TEST(DataReencoding, ObjectsAreSortedBytewiseAndDeduplicated) {
  EXPECT_EQ(stdin_for(R"({"a":1,"a":2})"), R"({"a":2})");
  EXPECT_EQ(stdin_for(R"({"b":1,"a":0,"b":3})"), R"({"a":0,"b":3})");
  EXPECT_EQ(stdin_for("{\"\xC3\xA9\":1,\"z\":2,\"Z\":3,\"a\":4}"), "{\"Z\":3,\"a\":4,\"z\":2,\"\xC3\xA9\":1}");
  EXPECT_EQ(stdin_for(R"({"z":{"y":1,"x":[{}]},"a":null})"), R"({"a":null,"z":{"x":[{}],"y":1}})");
  EXPECT_EQ(stdin_for(R"({"k<":"v"})"), R"({"k\u003c":"v"})");
  EXPECT_EQ(stdin_for("[ 1 , [ ] , { } ]"), "[1,[],{}]");
  EXPECT_EQ(stdin_for("[[[[1]]],[2]]"), "[[[[1]]],[2]]");
}

TEST(DataReencoding, StringsAreDecodedAsGoDoes) {
  EXPECT_EQ(stdin_for(R"("\/")"), R"("/")");
  EXPECT_EQ(stdin_for(R"("\u0001\u007f")"), "\"\\u0001\x7f\"");
  EXPECT_EQ(stdin_for(R"("\ud83d\ude00")"), "\"\xF0\x9F\x98\x80\"");
  EXPECT_EQ(stdin_for(R"("\u2028")"), R"("\u2028")");
  // Lone surrogates and invalid UTF-8 become a raw U+FFFD when decoding.
  EXPECT_EQ(stdin_for(R"("\ud800")"), "\"\xEF\xBF\xBD\"");
  EXPECT_EQ(stdin_for(R"("\udc00x")"), "\"\xEF\xBF\xBDx\"");
  EXPECT_EQ(stdin_for(R"("\ud800\u0041")"), "\"\xEF\xBF\xBD" "A\"");
  EXPECT_EQ(stdin_for(R"("\ud800\ud800\udc00")"), "\"\xEF\xBF\xBD\xF0\x90\x80\x80\"");
  EXPECT_EQ(stdin_for("\"a\xff\""), "\"a\xEF\xBF\xBD\"");
  EXPECT_EQ(stdin_for("{\"\xff\":1}"), "{\"\xEF\xBF\xBD\":1}");
}

TEST(DataReencoding, LastDataWins) {
  EXPECT_EQ(stdin_for(R"(1,"data":{"b":[2]})"), R"({"b":[2]})");
  EXPECT_EQ(stdin_for(R"({"x":1},"DATA":"y")"), R"("y")");
}

TEST(DataReencoding, NestingUpToGoLimit) {
  // Go allows 10,000 levels in total; the request object is one of them.
  const std::string ok = std::string(9999, '[') + std::string(9999, ']');
  EXPECT_EQ(stdin_for(ok), ok);
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_EQ(stdin_for(deep), "ERROR: invalid character '[' exceeded max depth");
  const std::string huge(1 << 20, '[');  // no recursion anywhere: refused, not a crash
  EXPECT_EQ(stdin_for(huge), "ERROR: invalid character '[' exceeded max depth");
}

}  // namespace
}  // namespace wasmbind::http
