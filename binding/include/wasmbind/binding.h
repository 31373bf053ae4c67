// wasmbind::binding: Dapr's bindings.wasm semantics (see ../shared/specs/dapr-bindings-wasm.md).
// Nothing is implemented yet. A later issue adds a Binding that compiles the guest module once
// and runs each invoke request in a fresh instance: argv from the guest name plus the "args"
// metadata, the request data (re-serialised as JSON) on stdin, stdout returned as the response,
// stderr discarded, and a deadline that interrupts the guest.
#pragma once

#include <string_view>

namespace wasmbind::binding {

// One line on what this component does in the current build, for `wasmbind version`.
std::string_view description();

}  // namespace wasmbind::binding
