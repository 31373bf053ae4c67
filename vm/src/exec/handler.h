// Shared machinery of the handler files: the handler signature, dispatch to the next
// instruction by a guaranteed tail call, slot access and cold trap exits.
//
// The VM state lives in the handler arguments (x86-64 SysV: all in registers):
//   ip    the current instruction      fp    the current frame's slots
//   ctx   the execution context        mem   memory 0's base     msize  its size in bytes
#pragma once

#include <cstring>

#include "exec/code.h"
#include "exec/ops.h"
#include "runtime/instance_state.h"

#if defined(__clang__)
#define WB_MUSTTAIL [[clang::musttail]]
#else
// g++ 12 has no musttail; the handler files are always compiled with -O2, where g++ turns
// these calls into jumps (a CTest runs a long loop under a small stack to prove it).
#define WB_MUSTTAIL
#endif

// Tuning builds (-DWASMBIND_OP_PROFILE=ON) count every instruction entered (op_profile.cc).
#ifdef WASMBIND_OP_PROFILE
namespace wasmbind::detail {
void profile_count(const Word* ip) noexcept;
void profile_dump();  // writes and clears the counts
}
#define WB_PROFILE(target) ::wasmbind::detail::profile_count(target)
#else
#define WB_PROFILE(target) ((void)0)
#endif

#define WB_HANDLER(name)                                                                  \
  ::wasmbind::detail::Status name(                                                        \
      [[maybe_unused]] const ::wasmbind::detail::Word* ip,                                \
      [[maybe_unused]] ::wasmbind::detail::Slot* fp,                                      \
      [[maybe_unused]] ::wasmbind::detail::ExecContext* ctx,                              \
      [[maybe_unused]] uint8_t* mem, [[maybe_unused]] uint64_t msize,                       \
      [[maybe_unused]] uint64_t acc)

// Continue with the instruction `n` words further on.
#define WB_NEXT(n)                                                                        \
  do {                                                                                    \
    const ::wasmbind::detail::Word* next_ = ip + (n);                                     \
    WB_PROFILE(next_);                                                                    \
    WB_MUSTTAIL return next_->handler(next_, fp, ctx, mem, msize, acc);                   \
  } while (0)

// Jump to `target`; a backward jump (a loop iteration) first checks for an interrupt.
#define WB_JUMP(target)                                                                   \
  do {                                                                                    \
    const ::wasmbind::detail::Word* to_ = (target);                                       \
    if (to_ <= ip && ctx->interrupt->load(std::memory_order_relaxed)) [[unlikely]]        \
      return ::wasmbind::detail::trap(ctx, ip, ::wasmbind::TrapKind::Interrupted);        \
    WB_PROFILE(to_);                                                                      \
    WB_MUSTTAIL return to_->handler(to_, fp, ctx, mem, msize, acc);                       \
  } while (0)

namespace wasmbind::detail {

[[gnu::cold, gnu::noinline]] inline Status trap(ExecContext* ctx, const Word* ip,
                                                TrapKind kind) noexcept {
  ctx->trap = kind;
  ctx->trap_ip = ip;
  return Status::Trap;
}

// Leaves the chain with a trap of kind K at `ip`. Handlers tail-call it (WB_TRAP) rather than
// call trap(): the arguments are already in place, so the hot path keeps ip where the next
// dispatch wants it instead of shuffling registers for the cold call.
template <TrapKind K>
[[gnu::cold, gnu::noinline]] Status trap_exit(const Word* ip, Slot*, ExecContext* ctx, uint8_t*,
                                               uint64_t, uint64_t) {
  return trap(ctx, ip, K);
}
#define WB_TRAP(kind) \
  WB_MUSTTAIL return ::wasmbind::detail::trap_exit<kind>(ip, fp, ctx, mem, msize, 0)

// Slots hold values little-endian in their low bytes; narrower values are zero-extended.
template <class T>
inline T rd(const Slot* fp, uint64_t slot) noexcept {
  T v;
  std::memcpy(&v, fp + slot, sizeof(T));
  return v;
}
template <class T>
inline void wr(Slot* fp, uint64_t slot, T v) noexcept {
  if constexpr (sizeof(T) < 8) {
    Slot s = 0;
    std::memcpy(&s, &v, sizeof(T));
    fp[slot] = s;
  } else {
    std::memcpy(fp + slot, &v, sizeof(T));
  }
}

// The effective address of an access of `n` bytes at a 32-bit address operand plus a
// constant offset, or false if it is out of bounds. Computed in 64 bits: address (32 bits)
// + offset (up to 33 bits after constant folding) + n cannot overflow.
inline bool effective_address(uint64_t address_slot_value, uint64_t offset, uint64_t n,
                              uint64_t msize, uint64_t& ea) noexcept {
  ea = static_cast<uint64_t>(static_cast<uint32_t>(address_slot_value)) + offset;
  return ea + n <= msize;
}

inline uint8_t* memory_base(const InstanceState* inst) noexcept {
  return inst->memory0 ? inst->memory0->data() : nullptr;
}
inline uint64_t memory_size(const InstanceState* inst) noexcept {
  return inst->memory0 ? inst->memory0->size() : 0;
}

// Registration of each handler file's handlers into the op table.
void register_control_handlers(Handler* table);
void register_memory_handlers(Handler* table);
void register_numeric_handlers(Handler* table);
void register_branch_handlers(Handler* table);
void register_fused_handlers(Handler* table);
void register_simd_handlers(Handler* table);
// Replaces portable SIMD handlers by SSE2/SSSE3 ones on x86-64 (a no-op elsewhere).
void register_simd_sse_handlers(Handler* table);

}  // namespace wasmbind::detail
