// wasmbind::wasi: WASI preview1 (wasi_snapshot_preview1) host functions for guests run by
// wasmbind::vm. Nothing is implemented yet. A later issue adds a WasiConfig (arguments,
// environment, preopened directories with per-preopen permissions, stdio as buffers, clocks,
// randomness) and a function that registers the preview1 imports with the VM; guest paths will
// resolve beneath their preopen with openat2(RESOLVE_BENEATH), never by joining strings.
#pragma once

#include <string_view>

namespace wasmbind::wasi {

// One line on what this component does in the current build, for `wasmbind version`.
std::string_view description();

}  // namespace wasmbind::wasi
