// Wasm values on the command line: arguments parsed by a parameter type, results printed one
// per line. Shared by `wasmbind invoke` and `wasmbind run --invoke`.
#pragma once

#include <optional>
#include <string>

#include "wasmbind/value.h"

namespace wasmbind::tools {

// i32/i64 accept decimal, 0x hex and a leading '-'; f32/f64 what strtod accepts. nullopt for
// text that is not entirely a number, or a reference type.
std::optional<Value> parse_value(const std::string& text, ValType type);
// One line on stdout: integers signed, floats with enough digits to round-trip, v128 as hex.
void print_value(const Value& v);

}  // namespace wasmbind::tools
