// The entry from the embedding API into the interpreter: runs one function on the
// instance's stack and turns the outcome into results or an Error with a backtrace.
#pragma once

#include <span>
#include <vector>

#include "runtime/instance_state.h"

namespace wasmbind::detail {

// Value and frame storage for calls into an instance, reserved once (lazily zeroed pages).
struct ExecStack {
  ExecStack(uint64_t slot_count, uint64_t frame_count);
  ~ExecStack();
  ExecStack(const ExecStack&) = delete;
  ExecStack& operator=(const ExecStack&) = delete;

  Slot* slots = nullptr;
  uint64_t slot_count = 0;
  Frame* frames = nullptr;
  uint64_t frame_count = 0;
};

Result<std::vector<Value>> invoke(InstanceState& instance, const FunctionInstance* function,
                                  std::span<const Value> args);

}  // namespace wasmbind::detail
