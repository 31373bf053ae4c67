#include "dapr_request.h"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cerrno>
#include <cmath>
#include <map>
#include <cstdlib>
#include <vector>

#include "go_json.h"

namespace wasmbind::http {
namespace {

// Go's encoding/json refuses nesting deeper than this (scanner maxNestingDepth).
constexpr size_t kMaxNestingDepth = 10000;

constexpr std::string_view kGoStruct = "OutputBindingRequest";
constexpr std::string_view kGoType = "http.OutputBindingRequest";  // Dapr's pkg/api/http

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned hex4(std::string_view s) {
  unsigned v = 0;
  for (char c : s) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
    else v |= static_cast<unsigned>(c - 'A' + 10);
  }
  return v;
}

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view t) {
  size_t i = 0;
  const auto digits = [&] {
    const size_t from = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i - from;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') ++i;
  else if (digits() == 0) return false;
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == t.size();
}

// A number RapidJSON might refuse as too big (it checks the range while scanning, even when
// numbers are delivered as text): 300+ digits or a 3-digit exponent. Go's scanner accepts
// them all; only decoding one into float64 can fail.
bool rapidjson_may_refuse(std::string_view number) {
  if (number.size() > 20) return true;
  const size_t e = number.find_first_of("eE");
  if (e == std::string_view::npos) return false;
  size_t exponent_digits = number.size() - e - 1;
  if (exponent_digits > 0 && (number[e + 1] == '+' || number[e + 1] == '-')) --exponent_digits;
  return exponent_digits >= 3;
}

// The body as RapidJSON should see it so that it behaves like Go's decoder:
// * a `\uD8xx` escape not followed by a low-surrogate escape, or a lone `\uDCxx`, becomes
//   `\uFFFD` (Go decodes both to U+FFFD; RapidJSON refuses the first and passes the second
//   through as invalid UTF-8);
// * a valid number RapidJSON could refuse becomes `0` padded with spaces, and its text is
//   kept in `big_numbers` by offset, for the handler to use instead.
// Both keep every byte offset, so error positions are unchanged. Returns nothing when the
// body needs no change.
struct PreparedBody {
  std::optional<std::string> rewritten;
  std::map<size_t, std::string_view> big_numbers;  // offset -> original number text
};

PreparedBody prepare_body(std::string_view body) {
  PreparedBody prepared;
  const auto edit = [&]() -> std::string& {
    if (!prepared.rewritten) prepared.rewritten.emplace(body);
    return *prepared.rewritten;
  };
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (!in_string) {
      if (c == '"') {
        in_string = true;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        size_t end = i;
        while (end < body.size() && is_number_char(body[end])) ++end;
        const std::string_view number = body.substr(i, end - i);
        if (is_json_number(number) && rapidjson_may_refuse(number)) {
          prepared.big_numbers.emplace(i, number);
          edit().replace(i, number.size(), "0" + std::string(number.size() - 1, ' '));
        }
        i = end - 1;
      }
      continue;
    }
    if (c == '"') {
      in_string = false;
      continue;
    }
    if (c != '\\' || i + 1 >= body.size()) continue;
    if (body[i + 1] != 'u' || i + 6 > body.size()) {
      ++i;  // a two-character escape such as \" or \\ (or an invalid one)
      continue;
    }
    const std::string_view hex = body.substr(i + 2, 4);
    if (!(is_hex(hex[0]) && is_hex(hex[1]) && is_hex(hex[2]) && is_hex(hex[3]))) {
      ++i;
      continue;
    }
    const unsigned cp = hex4(hex);
    bool lone = false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const bool paired = i + 12 <= body.size() && body[i + 6] == '\\' && body[i + 7] == 'u' &&
                          is_hex(body[i + 8]) && is_hex(body[i + 9]) && is_hex(body[i + 10]) &&
                          is_hex(body[i + 11]) && hex4(body.substr(i + 8, 4)) >= 0xDC00 &&
                          hex4(body.substr(i + 8, 4)) <= 0xDFFF;
      if (paired) {
        i += 11;
        continue;
      }
      lone = true;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      lone = true;
    }
    if (lone) edit().replace(i + 2, 4, "FFFD");
    i += 5;
  }
  return prepared;
}

std::string unmarshal_field_error(std::string_view value_kind, std::string_view field,
                                  std::string_view go_type) {
  std::string m = "json: cannot unmarshal ";
  m.append(value_kind).append(" into Go struct field ").append(kGoStruct).append(".");
  m.append(field).append(" of type ").append(go_type);
  return m;
}

// SAX handler over RapidJSON's iterative reader: fills the request fields as Go would and
// re-encodes `data` with GoJsonBuilder, without building a document tree.
class RequestHandler {
 public:
  RequestHandler(BindingRequestBody& out, const rapidjson::MemoryStream& stream,
                 const std::map<size_t, std::string_view>& big_numbers)
      : out_(out), stream_(stream), big_numbers_(big_numbers) {}

  // Go reports a type mismatch only after the whole value has scanned without a syntax
  // error, and keeps the first one.
  const std::optional<std::string>& type_error() const { return type_error_; }
  // The bracket that went past the nesting limit ('[' or '{'), if any.
  char depth_exceeded_at() const { return depth_exceeded_at_; }

  bool Null() { return scalar(Scalar::Null, {}); }
  bool Bool(bool b) { return scalar(b ? Scalar::True : Scalar::False, {}); }
  bool Int(int) { return true; }  // never called: numbers arrive as RawNumber
  bool Uint(unsigned) { return true; }
  bool Int64(int64_t) { return true; }
  bool Uint64(uint64_t) { return true; }
  bool Double(double) { return true; }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    std::string_view number(text, length);
    if (!big_numbers_.empty()) {
      // A number prepare_body() replaced: the reader stands just after its "0".
      const auto it = big_numbers_.find(stream_.Tell() - 1);
      if (it != big_numbers_.end()) number = it->second;
    }
    return scalar(Scalar::Number, number);
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    return scalar(Scalar::String, std::string_view(text, length));
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    const std::string_view key(text, length);
    switch (contexts_.back()) {
      case Context::Request:
        if (ascii_iequals(key, "operation")) next_field_ = Field::Operation;
        else if (ascii_iequals(key, "metadata")) next_field_ = Field::Metadata;
        else if (ascii_iequals(key, "data")) next_field_ = Field::Data;
        else next_field_ = Field::Unknown;
        break;
      case Context::Metadata:
        metadata_key_ = to_valid_utf8(key);
        break;
      case Context::Data:
        data_.key(to_valid_utf8(key));
        break;
      case Context::Skip:
        break;
    }
    return true;
  }
  bool StartObject() { return start(true); }
  bool EndObject(rapidjson::SizeType) { return end(true); }
  bool StartArray() { return start(false); }
  bool EndArray(rapidjson::SizeType) { return end(false); }

 private:
  enum class Context : unsigned char { Request, Metadata, Data, Skip };
  enum class Field : unsigned char { Unknown, Operation, Metadata, Data };
  enum class Scalar : unsigned char { Null, True, False, Number, String };

  // Where the value that starts now goes.
  enum class Target : unsigned char { TopLevel, Operation, Metadata, MetadataValue, Data, Ignore };
  Target target() const {
    if (contexts_.empty()) return Target::TopLevel;
    switch (contexts_.back()) {
      case Context::Request:
        switch (next_field_) {
          case Field::Operation: return Target::Operation;
          case Field::Metadata: return Target::Metadata;
          case Field::Data: return Target::Data;
          case Field::Unknown: return Target::Ignore;
        }
        return Target::Ignore;
      case Context::Metadata: return Target::MetadataValue;
      case Context::Data: return Target::Data;
      case Context::Skip: return Target::Ignore;
    }
    return Target::Ignore;
  }

  void note_type_error(std::string message) {
    if (!type_error_) type_error_ = std::move(message);
  }

  static std::string_view kind_name(Scalar s) {
    switch (s) {
      case Scalar::Null: return "null";
      case Scalar::True:
      case Scalar::False: return "bool";
      case Scalar::Number: return "number";
      case Scalar::String: return "string";
    }
    return "value";
  }

  bool scalar(Scalar kind, std::string_view text) {
    switch (target()) {
      case Target::TopLevel:
        // A top-level null leaves the struct empty; anything else is the wrong type.
        if (kind != Scalar::Null)
          note_type_error(std::string("json: cannot unmarshal ")
                              .append(kind_name(kind))
                              .append(" into Go value of type ")
                              .append(kGoType));
        break;
      case Target::Operation:
        if (kind == Scalar::String) out_.operation = to_valid_utf8(text);
        else if (kind != Scalar::Null)  // null leaves a Go string as it was
          note_type_error(unmarshal_field_error(kind_name(kind), "operation", "string"));
        break;
      case Target::Metadata:
        if (kind == Scalar::Null) out_.metadata.clear();  // the map becomes nil
        else note_type_error(unmarshal_field_error(kind_name(kind), "metadata", "map[string]string"));
        break;
      case Target::MetadataValue:
        if (kind == Scalar::String) out_.metadata[metadata_key_] = to_valid_utf8(text);
        else if (kind == Scalar::Null) out_.metadata[metadata_key_];  // the zero string
        else note_type_error(unmarshal_field_error(kind_name(kind), "metadata", "string"));
        break;
      case Target::Data:
        data_value(kind, text);
        if (contexts_.back() != Context::Data) finish_data();
        break;
      case Target::Ignore:
        break;
    }
    return true;
  }

  void data_value(Scalar kind, std::string_view text) {
    switch (kind) {
      case Scalar::Null: data_.null_value(); break;
      case Scalar::True: data_.bool_value(true); break;
      case Scalar::False: data_.bool_value(false); break;
      case Scalar::String: data_.string_value(to_valid_utf8(text)); break;
      case Scalar::Number: {
        // Go's strconv.ParseFloat: correctly rounded; beyond float64's range is an error,
        // while an underflow quietly becomes 0 (or a subnormal).
        const std::string number(text);
        errno = 0;
        const double value = std::strtod(number.c_str(), nullptr);
        if (errno == ERANGE && std::isinf(value)) {
          note_type_error(unmarshal_field_error("number " + number, "data", "float64"));
          data_.null_value();  // keeps the encoding well-formed; the request fails anyway
        } else {
          data_.number_value(value);
        }
        break;
      }
    }
  }

  void finish_data() { out_.data_json = data_.take(); }

  bool start(bool object) {
    if (++depth_ > kMaxNestingDepth) {
      depth_exceeded_at_ = object ? '{' : '[';
      return false;  // stops the reader
    }
    Context next = Context::Skip;
    switch (target()) {
      case Target::TopLevel:
        if (object) next = Context::Request;
        else note_type_error(std::string("json: cannot unmarshal array into Go value of type ").append(kGoType));
        break;
      case Target::Operation:
        note_type_error(unmarshal_field_error(object ? "object" : "array", "operation", "string"));
        break;
      case Target::Metadata:
        if (object) next = Context::Metadata;  // merges into the existing map, as Go does
        else note_type_error(unmarshal_field_error("array", "metadata", "map[string]string"));
        break;
      case Target::MetadataValue:
        note_type_error(unmarshal_field_error(object ? "object" : "array", "metadata", "string"));
        break;
      case Target::Data:
        next = Context::Data;
        if (object) data_.start_object();
        else data_.start_array();
        break;
      case Target::Ignore:
        break;
    }
    contexts_.push_back(next);
    return true;
  }

  bool end(bool object) {
    --depth_;
    const Context closing = contexts_.back();
    contexts_.pop_back();
    if (closing == Context::Data) {
      if (object) data_.end_object();
      else data_.end_array();
      if (contexts_.empty() || contexts_.back() != Context::Data) finish_data();
    }
    return true;
  }

  BindingRequestBody& out_;
  const rapidjson::MemoryStream& stream_;
  const std::map<size_t, std::string_view>& big_numbers_;
  std::vector<Context> contexts_;
  Field next_field_ = Field::Unknown;
  std::string metadata_key_;
  GoJsonBuilder data_;
  size_t depth_ = 0;
  char depth_exceeded_at_ = 0;
  std::optional<std::string> type_error_;
};

// The literal a RapidJSON "invalid value" error at `offset` is inside, if any: Go names it
// ("invalid character 'o' in literal null (expecting 'u')").
std::optional<std::string> literal_error(std::string_view body, size_t offset) {
  static constexpr std::string_view kLiterals[] = {"null", "true", "false"};
  for (std::string_view literal : kLiterals) {
    for (size_t consumed = 1; consumed < literal.size() && consumed <= offset; ++consumed) {
      if (body.substr(offset - consumed, consumed) == literal.substr(0, consumed)) {
        std::string m = "invalid character " + go_quote_char(static_cast<unsigned char>(body[offset]));
        m.append(" in literal ").append(literal).append(" (expecting ");
        m.append(go_quote_char(static_cast<unsigned char>(literal[consumed]))).append(")");
        return m;
      }
    }
  }
  return std::nullopt;
}

// Go's scanner message for the syntax error RapidJSON reported at `offset`.
std::string syntax_error(std::string_view body, rapidjson::ParseErrorCode code, size_t offset) {
  // RapidJSON reads a NUL byte as the end of input; Go sees the byte itself.
  if (offset >= body.size()) {
    if (code == rapidjson::kParseErrorDocumentEmpty) return "EOF";
    return "unexpected EOF";
  }
  const auto quoted = [&](size_t at) { return go_quote_char(static_cast<unsigned char>(body[at])); };
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      return "invalid character " + quoted(offset) + " looking for beginning of value";
    case rapidjson::kParseErrorObjectMissName:
      return "invalid character " + quoted(offset) + " looking for beginning of object key string";
    case rapidjson::kParseErrorObjectMissColon:
      return "invalid character " + quoted(offset) + " after object key";
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      return "invalid character " + quoted(offset) + " after object key:value pair";
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      return "invalid character " + quoted(offset) + " after array element";
    case rapidjson::kParseErrorStringEscapeInvalid:
      if (body[offset] == '\\') {
        if (offset + 1 >= body.size()) return "unexpected EOF";
        return "invalid character " + quoted(offset + 1) + " in string escape code";
      }
      return "invalid character " + quoted(offset) + " in string literal";  // a control byte
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      for (size_t i = offset + 2; i < offset + 6; ++i) {  // offset is the backslash of \uXXXX
        if (i >= body.size()) return "unexpected EOF";
        if (!is_hex(body[i])) return "invalid character " + quoted(i) + " in \\u hexadecimal character escape";
      }
      break;
    case rapidjson::kParseErrorStringMissQuotationMark:
      return "invalid character " + quoted(offset) + " in string literal";  // a NUL byte
    case rapidjson::kParseErrorNumberMissFraction:
      return "invalid character " + quoted(offset) + " after decimal point in numeric literal";
    case rapidjson::kParseErrorNumberMissExponent:
      return "invalid character " + quoted(offset) + " in exponent of numeric literal";
    case rapidjson::kParseErrorValueInvalid:
      if (auto m = literal_error(body, offset)) return *m;
      if (offset > 0 && body[offset - 1] == '-')
        return "invalid character " + quoted(offset) + " in numeric literal";
      return "invalid character " + quoted(offset) + " looking for beginning of value";
    default:
      break;
  }
  return "invalid character " + quoted(offset) + " looking for beginning of value";
}

}  // namespace

std::string go_quote_char(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "'";
  switch (c) {
    case '\a': s += "\\a"; break;
    case '\b': s += "\\b"; break;
    case '\f': s += "\\f"; break;
    case '\n': s += "\\n"; break;
    case '\r': s += "\\r"; break;
    case '\t': s += "\\t"; break;
    case '\v': s += "\\v"; break;
    case '\\': s += "\\\\"; break;
    default:
      if (c < 0x20 || c == 0x7F) {
        s += "\\x";
        s += kHex[c >> 4];
        s += kHex[c & 0xF];
      } else if (c < 0x80) {
        s += static_cast<char>(c);
      } else if (c < 0xA0 || c == 0xAD) {  // C1 controls, NBSP and soft hyphen: not printable
        s += "\\u00";
        s += kHex[c >> 4];
        s += kHex[c & 0xF];
      } else if (c == 0xA0) {
        s += "\\u00a0";
      } else {  // the byte read as the rune U+00XX, in UTF-8
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
      }
  }
  s += "'";
  return s;
}

BindingRequestDecoding decode_binding_request(std::string_view body) {
  BindingRequestDecoding result;
  result.body.data_json = "null";
  const PreparedBody prepared = prepare_body(body);
  const std::string_view text = prepared.rewritten ? std::string_view(*prepared.rewritten) : body;

  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  RequestHandler handler(result.body, stream, prepared.big_numbers);
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseStopWhenDoneFlag |
                              rapidjson::kParseNumbersAsStringsFlag;
  const rapidjson::ParseResult parsed = reader.Parse<kFlags>(stream, handler);
  if (parsed.IsError()) {
    if (handler.depth_exceeded_at() != 0)
      result.error = "invalid character " + go_quote_char(static_cast<unsigned char>(handler.depth_exceeded_at())) +
                     " exceeded max depth";
    else result.error = syntax_error(text, parsed.Code(), parsed.Offset());
  } else if (handler.type_error()) {
    result.error = handler.type_error();
  }
  return result;
}

}  // namespace wasmbind::http
