// Go encoding/json compatibility: the exact bytes Go's json.Marshal writes for the values a
// Dapr request body can carry once decoded into Go `any` (nil, bool, float64, string,
// []any, map[string]any). Dapr re-encodes the request's `data` this way before it becomes
// the guest's stdin, and it writes its error bodies this way too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wasmbind::http {

// Appends `value` as a Go JSON string literal: quotes, `\"` `\\`, `\n` `\r` `\t` `\b` `\f`,
// other control characters as \u00XX, `<` `>` `&` as \u003c \u003e \u0026 (HTML-safe),
// U+2028/U+2029 escaped, and each byte that does not start valid UTF-8 as `\ufffd`.
void append_go_string(std::string& out, std::string_view value);

// Appends a float64 as Go's encoder formats it: the shortest digits that round-trip,
// positional notation when 1e-6 <= |x| < 1e21 (or x is 0), otherwise exponent notation with
// at least one exponent digit (1e+21, 1e-7, 1.5e-300). -0 stays "-0". Not for NaN or
// infinities, which JSON cannot carry (Go refuses them).
void append_go_float(std::string& out, double value);

// Replaces every byte that does not start a valid UTF-8 sequence (by Go's rules: no
// surrogates, no overlong forms, nothing above U+10FFFF) with U+FFFD, as Go's decoder does
// for JSON strings. Returns `value` unchanged when it is valid already.
std::string to_valid_utf8(std::string_view value);
// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
size_t valid_utf8_sequence_length(std::string_view s, size_t i);

// Builds json.Marshal's output for a value fed as events (a SAX-style walk of decoded JSON),
// without a tree and without recursion: objects come out compact with their keys sorted
// bytewise, and a key that occurs more than once keeps its last value (Go decodes objects
// into a map). Strings and keys must already be valid UTF-8 (see to_valid_utf8).
class GoJsonBuilder {
 public:
  void null_value();
  void bool_value(bool value);
  void number_value(double value);  // a float64, formatted by append_go_float
  void string_value(std::string_view value);
  void start_array();
  void end_array();
  void start_object();
  void key(std::string_view key);  // the next value belongs to this key
  void end_object();

  // The encoding of the one complete top-level value (empty before any value).
  std::string take() { return std::move(result_); }

 private:
  struct Member {
    std::string key;
    std::string encoded;
  };
  struct Frame {
    bool is_object = false;
    std::string array_out;        // arrays: the encoding so far, starting with '['
    std::vector<Member> members;  // objects: each member's key and encoded value
    std::string pending_key;
  };
  std::string& open_slot();  // where the next value's encoding goes
  void close_slot(std::string& slot);

  std::vector<Frame> stack_;
  std::string result_;
  std::string scratch_;  // a scalar's encoding on its way into an object member
};

}  // namespace wasmbind::http
