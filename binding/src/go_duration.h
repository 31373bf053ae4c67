// Go's time.ParseDuration, which Dapr uses for spec.initTimeout (and we for the `timeout`
// metadata): a sequence of decimal numbers with optional fractions, each followed by a unit
// (ns, us, µs, μs, ms, s, m, h), optionally signed, e.g. "5s", "1m30s", "1.5h", "-2ms", "0".
#pragma once

#include <chrono>
#include <string_view>

#include "wasmbind/error.h"

namespace wasmbind::binding {

// Errors read as Go's: `time: invalid duration "x"`, `time: missing unit in duration "1"`,
// `time: unknown unit "d" in duration "1d"`.
Result<std::chrono::nanoseconds> parse_go_duration(std::string_view text);

// "5s", "1m30s", "250ms": a short rendering for messages (not Go's exact String()).
std::string format_duration(std::chrono::nanoseconds d);

}  // namespace wasmbind::binding
