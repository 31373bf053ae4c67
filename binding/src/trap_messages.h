// The texts Dapr's runtime (wazero v1.8) gives for a failed call, produced from our Errors.
#pragma once

#include <string>
#include <string_view>

#include "wasmbind/error.h"

namespace wasmbind::binding {

// wazero's name for a trap: "unreachable", "integer divide by zero", "out of bounds memory
// access", "invalid table access", "stack overflow", ...
std::string_view wazero_trap_text(TrapKind kind);

// "module[<instance>] function[<function>] failed: wasm error: <trap>\nwasm stack trace:\n\t<instance>.<frame>..."
// (frames innermost first, named from the name section, else func[N]).
std::string format_trap(std::string_view instance_name, std::string_view function,
                        const Error& error);

// "module closed with exit_code(<code as unsigned 32-bit>)"; wazero's two reserved codes read
// as the context errors they stand for.
std::string format_exit(int32_t exit_code);

inline constexpr std::string_view kContextCanceled = "module closed with context canceled";
inline constexpr std::string_view kDeadlineExceeded = "module closed with context deadline exceeded";

}  // namespace wasmbind::binding
