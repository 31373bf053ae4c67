// Decoding the binding request body as Dapr's Go code does (spec §1.1, §6.7 #36-38): field
// matching, types, trailing bytes, and Go's error texts for bodies that do not decode.
#include <gtest/gtest.h>

#include <string>

#include "dapr_request.h"

namespace wasmbind::http {
namespace {

std::string error_of(std::string_view body) {
  const auto decoded = decode_binding_request(body);
  return decoded.error.value_or("(decoded)");
}

TEST(RequestDecoding, SpecRows36To38) {
  // #36: {} and {"data":1} decode; the operation is missing (a 500 later, not a 400).
  for (std::string_view body : {"{}", R"({"data":1})"}) {
    const auto d = decode_binding_request(body);
    EXPECT_FALSE(d.error) << body;
    EXPECT_EQ(d.body.operation, "") << body;
  }
  // #37
  EXPECT_EQ(error_of(""), "EOF");
  EXPECT_EQ(error_of("not json"), "invalid character 'o' in literal null (expecting 'u')");
  EXPECT_EQ(error_of(R"({"operation":5})"),
            "json: cannot unmarshal number into Go struct field OutputBindingRequest.operation of type string");
  EXPECT_EQ(error_of(R"({"metadata":{"args":[1]}})"),
            "json: cannot unmarshal array into Go struct field OutputBindingRequest.metadata of type string");
  // #38
  const auto d = decode_binding_request(R"({"Operation":"execute"})");
  EXPECT_FALSE(d.error);
  EXPECT_EQ(d.body.operation, "execute");
}

TEST(RequestDecoding, FieldsMatchCaseInsensitivelyAndUnknownOnesAreIgnored) {
  const auto d = decode_binding_request(
      R"({"OPERATION":"execute","MetaData":{"args":"a,b","Args":"x"},"DaTa":[1],"extra":{"x":1e400}})");
  ASSERT_FALSE(d.error) << *d.error;
  EXPECT_EQ(d.body.operation, "execute");
  EXPECT_EQ(d.body.metadata.at("args"), "a,b");  // metadata keys keep their case
  EXPECT_EQ(d.body.metadata.at("Args"), "x");
  EXPECT_EQ(d.body.data_json, "[1]");
}

TEST(RequestDecoding, RepeatedFieldsDecodeAgain) {
  auto d = decode_binding_request(R"({"operation":"a","operation":"execute"})");
  EXPECT_EQ(d.body.operation, "execute");
  d = decode_binding_request(R"({"operation":"execute","operation":null})");  // null: unchanged
  EXPECT_EQ(d.body.operation, "execute");
  d = decode_binding_request(R"({"metadata":{"a":"1"},"Metadata":{"b":"2","a":"3"}})");  // merge
  EXPECT_EQ(d.body.metadata, (std::map<std::string, std::string>{{"a", "3"}, {"b", "2"}}));
  d = decode_binding_request(R"({"metadata":{"a":"1"},"metadata":null})");  // nil map
  EXPECT_TRUE(d.body.metadata.empty());
  d = decode_binding_request(R"({"metadata":{"args":null}})");  // zero string
  EXPECT_EQ(d.body.metadata.at("args"), "");
}

TEST(RequestDecoding, OnlyTheFirstValueIsRead) {
  for (std::string_view body : {R"({"operation":"execute"} trailing)", R"({"operation":"execute"}{)",
                                "  {\"operation\":\"execute\"}\n\n"}) {
    const auto d = decode_binding_request(body);
    EXPECT_FALSE(d.error) << body;
    EXPECT_EQ(d.body.operation, "execute") << body;
  }
  EXPECT_FALSE(decode_binding_request("null").error);  // a null request: every field empty
}

TEST(RequestDecoding, WrongTypes) {
  EXPECT_EQ(error_of(R"({"operation":true})"),
            "json: cannot unmarshal bool into Go struct field OutputBindingRequest.operation of type string");
  EXPECT_EQ(error_of(R"({"operation":{}})"),
            "json: cannot unmarshal object into Go struct field OutputBindingRequest.operation of type string");
  EXPECT_EQ(error_of(R"({"metadata":5})"),
            "json: cannot unmarshal number into Go struct field OutputBindingRequest.metadata of type "
            "map[string]string");
  EXPECT_EQ(error_of(R"({"metadata":["a"]})"),
            "json: cannot unmarshal array into Go struct field OutputBindingRequest.metadata of type "
            "map[string]string");
  EXPECT_EQ(error_of(R"({"metadata":{"args":1}})"),
            "json: cannot unmarshal number into Go struct field OutputBindingRequest.metadata of type string");
  EXPECT_EQ(error_of(R"({"metadata":{"args":{"x":"y"}}})"),
            "json: cannot unmarshal object into Go struct field OutputBindingRequest.metadata of type string");
  EXPECT_EQ(error_of("5"), "json: cannot unmarshal number into Go value of type http.OutputBindingRequest");
  EXPECT_EQ(error_of(R"("str")"), "json: cannot unmarshal string into Go value of type http.OutputBindingRequest");
  EXPECT_EQ(error_of("[]"), "json: cannot unmarshal array into Go value of type http.OutputBindingRequest");
  // The first type error is the one reported.
  EXPECT_EQ(error_of(R"({"operation":1,"metadata":2})"),
            "json: cannot unmarshal number into Go struct field OutputBindingRequest.operation of type string");
  // A syntax error anywhere in the value wins over a type error before it.
  EXPECT_EQ(error_of(R"({"operation":1,"metadata":x})"), "invalid character 'x' looking for beginning of value");
}

TEST(RequestDecoding, SyntaxErrorsUseGoScannerTexts) {
  EXPECT_EQ(error_of("   \n\t"), "EOF");
  EXPECT_EQ(error_of("x"), "invalid character 'x' looking for beginning of value");
  EXPECT_EQ(error_of("}"), "invalid character '}' looking for beginning of value");
  EXPECT_EQ(error_of(std::string_view("\0", 1)), "invalid character '\\x00' looking for beginning of value");
  EXPECT_EQ(error_of("{"), "unexpected EOF");
  EXPECT_EQ(error_of(R"({"operation":"execute")"), "unexpected EOF");
  EXPECT_EQ(error_of(R"({"operation":"exec)"), "unexpected EOF");
  EXPECT_EQ(error_of(R"({"operation":"execute",})"),
            "invalid character '}' looking for beginning of object key string");
  EXPECT_EQ(error_of(R"({'operation':1})"),
            "invalid character '\\'' looking for beginning of object key string");
  EXPECT_EQ(error_of(R"({"operation" "x"})"), "invalid character '\"' after object key");
  EXPECT_EQ(error_of(R"({"operation":"x" "y"})"), "invalid character '\"' after object key:value pair");
  EXPECT_EQ(error_of(R"({"data":[1 2]})"), "invalid character '2' after array element");
  EXPECT_EQ(error_of(R"({"data":[1,]})"), "invalid character ']' looking for beginning of value");
  EXPECT_EQ(error_of(R"({"data":})"), "invalid character '}' looking for beginning of value");
  EXPECT_EQ(error_of(R"({"data":"\q"})"), "invalid character 'q' in string escape code");
  EXPECT_EQ(error_of(R"({"data":"\u12x4"})"), "invalid character 'x' in \\u hexadecimal character escape");
  EXPECT_EQ(error_of("{\"data\":\"a\nb\"}"), "invalid character '\\n' in string literal");
  EXPECT_EQ(error_of(std::string_view("{\"data\":\"a\0b\"}", 13)), "invalid character '\\x00' in string literal");
  EXPECT_EQ(error_of(R"({"data":1.})"), "invalid character '}' after decimal point in numeric literal");
  EXPECT_EQ(error_of(R"({"data":1e})"), "invalid character '}' in exponent of numeric literal");
  EXPECT_EQ(error_of(R"({"data":-x})"), "invalid character 'x' in numeric literal");
  EXPECT_EQ(error_of(R"({"data":tru})"), "invalid character '}' in literal true (expecting 'e')");
  EXPECT_EQ(error_of(R"({"data":fals3})"), "invalid character '3' in literal false (expecting 'e')");
  EXPECT_EQ(error_of(R"({"data":01})"), "invalid character '1' after object key:value pair");
  EXPECT_EQ(error_of("{\"data\":\xC3\xA9}"), "invalid character '\xC3\x83' looking for beginning of value");
}

TEST(RequestDecoding, StringsInFieldsAreDecodedAsGoDoes) {
  const auto d = decode_binding_request("{\"operation\":\"exe\\u0063ute\",\"metadata\":{\"args\":\"a\xff\"}}");
  ASSERT_FALSE(d.error);
  EXPECT_EQ(d.body.operation, "execute");
  EXPECT_EQ(d.body.metadata.at("args"), "a\xEF\xBF\xBD");
}

TEST(GoQuoteChar, MatchesStrconvQuoteWithSingleQuotes) {
  EXPECT_EQ(go_quote_char('x'), "'x'");
  EXPECT_EQ(go_quote_char('\''), "'\\''");
  EXPECT_EQ(go_quote_char('"'), "'\"'");
  EXPECT_EQ(go_quote_char('\\'), "'\\\\'");
  EXPECT_EQ(go_quote_char('\n'), "'\\n'");
  EXPECT_EQ(go_quote_char(0), "'\\x00'");
  EXPECT_EQ(go_quote_char(0x7f), "'\\x7f'");
  EXPECT_EQ(go_quote_char(0x80), "'\\u0080'");
  EXPECT_EQ(go_quote_char(0xA0), "'\\u00a0'");
  EXPECT_EQ(go_quote_char(0xE9), "'\xC3\xA9'");
}

}  // namespace
}  // namespace wasmbind::http
