// The interpreter's code format and execution state.
//
// A function is translated once into threaded code: an array of 8-byte Words, each
// instruction being a handler pointer followed by its operands (frame slot indices,
// immediates, branch offsets in words). Handlers chain by tail calls; none returns until the
// outermost call finishes, traps or is interrupted, so Wasm calls never recurse on the
// native stack: a call pushes a Frame record on the ExecContext and jumps to the callee.
//
// A frame is an array of 8-byte Slots: parameters, then locals, then the temporaries that
// the translator assigned to operand stack positions. A v128 takes two adjacent slots.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "wasmbind/error.h"
#include "wasmbind/runtime.h"

namespace wasmbind::detail {

using Slot = uint64_t;
union Word;
struct ExecContext;

enum class Status : uint32_t { Ok, Trap, HostError };

// `acc` is the accumulator: the result of an op that its immediately following consumer
// reads from a register instead of a slot (see XOp forms in ops.h). Every handler passes it
// on unchanged unless it produces a new one.
using Handler = Status (*)(const Word* ip, Slot* fp, ExecContext* ctx, uint8_t* mem,
                           uint64_t mem_size, uint64_t acc);

union Word {
  Handler handler;
  uint64_t u;
  int64_t i;
  const void* p;
};
static_assert(sizeof(Word) == 8);

struct InternedType;  // process-wide unique FuncType, compared by address

// One function after translation. Owned by the compiled module; never moves.
struct CompiledFunction {
  const Word* entry = nullptr;
  uint32_t param_slots = 0;
  uint32_t local_slots = 0;  // params + locals
  uint32_t frame_slots = 0;  // locals + the deepest operand stack
  // What entering the function may touch: the frame, and at least kZeroedOnEntry slots
  // above the parameters (locals are zeroed in one fixed-size block when they fit in it).
  uint32_t stack_slots = 0;
  uint32_t index = 0;        // in the module's function index space
  size_t entry_offset = 0;   // index of the first word in CompiledCode::words
};

constexpr uint32_t kZeroedOnEntry = 8;

// Zeroes the non-parameter locals of `f`'s new frame at `fp` (the caller checked that
// fp + f.stack_slots is inside the stack). Most functions have a few locals, which one
// fixed 64-byte store covers without a call to memset.
inline void zero_locals(Slot* fp, const CompiledFunction& f) noexcept {
  Slot* locals = fp + f.param_slots;
  uint32_t n = f.local_slots - f.param_slots;
  if (n <= kZeroedOnEntry) [[likely]]
    std::memset(locals, 0, kZeroedOnEntry * sizeof(Slot));
  else
    std::memset(locals, 0, n * sizeof(Slot));
}

// Saved when a call enters a callee; restored by its return.
struct Frame {
  const Word* return_ip;
  Slot* fp;
  InstanceState* instance;
  const CompiledFunction* function;  // the caller's function (for backtraces)
};

struct ExecContext {
  InstanceState* instance = nullptr;      // the instance whose code runs now
  const CompiledFunction* function = nullptr;  // the function running now
  Slot* stack_end = nullptr;
  Frame* frames = nullptr;
  Frame* frame_top = nullptr;
  Frame* frames_end = nullptr;
  std::atomic<uint32_t>* interrupt = nullptr;

  // Set when a handler returns Status::Trap or HostError.
  TrapKind trap = TrapKind::None;
  const Word* trap_ip = nullptr;
  uint64_t trap_index = UINT64_MAX;  // the table index of an element trap, for its message
  Error host_error;
};

}  // namespace wasmbind::detail
