// Loading a module's bytes from a component's `url` (spec §4): file://, http://, https://;
// oci:// is reserved ("TODO oci"), anything else is refused.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "wasmbind/error.h"

namespace wasmbind::binding {

struct ModuleSourceOptions {
  std::string working_directory;  // file:// paths without a leading '/' are relative to it
  std::chrono::steady_clock::time_point deadline;
  size_t max_bytes = 256u << 20;
};

// The module's bytes, or the error text Dapr gives (without the "wasm: failed to parse
// metadata: " prefix): "missing url", "invalid URL: x", "unsupported URL scheme: ldap",
// "TODO oci", "open x: no such file or directory", `received 404 status code from "..."`.
Result<std::string> load_module_bytes(std::string_view url, const ModuleSourceOptions& options);

}  // namespace wasmbind::binding
