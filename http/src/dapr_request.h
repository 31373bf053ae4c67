// Decoding the body of POST|PUT /v1.0/bindings/{name} the way Dapr does: Go encoding/json's
// json.NewDecoder(body).Decode(&OutputBindingRequest{}), then json.Marshal(req.Data).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wasmbind::http {

struct BindingRequestBody {
  std::string operation;                        // "" when absent or null
  std::map<std::string, std::string> metadata;  // empty when absent or null
  std::string data_json;                        // json.Marshal(data): "null" when absent
};

struct BindingRequestDecoding {
  // Go's error text when the body does not decode, e.g. "EOF", "unexpected EOF",
  // "invalid character 'x' looking for beginning of value", "json: cannot unmarshal number
  // into Go struct field OutputBindingRequest.operation of type string".
  std::optional<std::string> error;
  BindingRequestBody body;
};

// Go's rules, reproduced: only the first JSON value is read (bytes after it are ignored);
// field names match case-insensitively; unknown fields are ignored; a repeated field is
// decoded again (last wins; metadata objects merge, as Go decodes into the existing map);
// `operation` must be a string or null, `metadata` an object of strings (or null); numbers
// in `data` become float64 and one beyond its range is an error; invalid UTF-8 and lone
// surrogate escapes in strings become U+FFFD; nesting deeper than 10,000 is an error
// ("invalid character '[' exceeded max depth").
BindingRequestDecoding decode_binding_request(std::string_view body);

// Go's quoting of one byte in a JSON syntax error: 'x', '\'', '"', '\n', '\x00', '\u0080'.
std::string go_quote_char(unsigned char c);

}  // namespace wasmbind::http
