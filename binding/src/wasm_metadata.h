// A bindings.wasm component's metadata, parsed once at init: Dapr's `url` and
// `strictSandbox`, plus our opt-in extensions (binding/README.md): timeout, maxMemoryPages,
// maxOutputBytes, env, mounts, stderr, sha256.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasmbind/binding.h"
#include "wasmbind/wasi.h"

namespace wasmbind::binding {

enum class StderrMode : uint8_t { Discard, Log, Header };

struct WasmMetadata {
  std::string url;
  bool strict_sandbox = false;
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<uint32_t> max_memory_pages;
  std::optional<uint64_t> max_output_bytes;
  std::vector<std::string> env;           // "K=V"
  std::vector<wasi::Preopen> mounts;      // host paths resolved against the working directory
  StderrMode stderr_mode = StderrMode::Discard;
  std::optional<std::string> sha256;      // lower-case hex
};

// Errors are the text after "wasm: failed to parse metadata: ", e.g. "missing url",
// "key url is duplicate in the metadata", "invalid timeout \"x\": time: invalid duration \"x\"".
// A missing url is not checked here (the URL loader reports it, as Dapr does).
Result<WasmMetadata> parse_wasm_metadata(const ComponentSpec& spec, const InitOptions& options);

}  // namespace wasmbind::binding
