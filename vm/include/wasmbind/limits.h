// Limits an embedder sets on what a guest may use.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace wasmbind {

struct Limits {
  uint32_t max_memory_pages = 65536;   // per memory; 65536 pages = 4 GiB
  uint32_t max_table_elements = 10'000'000;
  uint32_t max_call_depth = 10'000;    // Wasm frames; deeper recursion traps
  uint64_t max_stack_bytes = 8u << 20;  // operand and local storage for all frames
  // Stop execution with an `interrupted` trap once this much time has passed in one call.
  std::optional<std::chrono::nanoseconds> timeout;
};

}  // namespace wasmbind
