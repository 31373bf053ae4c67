// Numeric handlers, one per scalar numeric Wasm instruction (see numeric_ops.def) and operand
// form (NumForm in ops.h), made from two templates over the semantic functions of numeric.h:
// unary `d a` and binary `d a b`, each operand a slot, an immediate (b only) or the
// accumulator, and the result going to a slot or the accumulator. Semantic functions that can
// trap return numeric::Checked; the trap then leaves the chain through the cold trap exit.
#include <bit>
#include <type_traits>

#include "exec/handler.h"
#include "exec/numeric.h"

namespace wasmbind::detail {
namespace {

template <class T>
struct IsChecked : std::false_type {};
template <class T>
struct IsChecked<numeric::Checked<T>> : std::true_type {};

inline TrapKind trap_kind(numeric::NumTrap t) {
  switch (t) {
    case numeric::NumTrap::DivideByZero: return TrapKind::IntegerDivideByZero;
    case numeric::NumTrap::IntegerOverflow: return TrapKind::IntegerOverflow;
    default: return TrapKind::InvalidConversion;
  }
}

enum class Src : uint8_t { Slot, Imm, Acc };

template <class T>
inline T from_acc(uint64_t acc) noexcept {
  if constexpr (sizeof(T) == 4) return std::bit_cast<T>(static_cast<uint32_t>(acc));
  else return std::bit_cast<T>(acc);
}
// Narrow values are zero-extended in the accumulator, as in slots.
template <class T>
inline uint64_t to_acc_bits(T v) noexcept {
  if constexpr (sizeof(T) == 4) return std::bit_cast<uint32_t>(v);
  else return std::bit_cast<uint64_t>(v);
}

// Operand word `w` read as a T from a slot, from the word itself, or from the accumulator.
template <class T, Src S>
inline T operand(const Word& w, const Slot* fp, uint64_t acc) noexcept {
  if constexpr (S == Src::Slot) {
    return rd<T>(fp, w.u);
  } else if constexpr (S == Src::Imm) {
    T v;  // the constant's bits, in the low bytes of the word
    std::memcpy(&v, &w.u, sizeof(T));
    return v;
  } else {
    return from_acc<T>(acc);
  }
}

// Stores result `r` in slot ip[1] or the accumulator (or traps), then continues `size`
// words on.
#define WB_FINISH(r, size, to_acc)                                                          \
  do {                                                                                     \
    if constexpr (IsChecked<decltype(r)>::value) {                                         \
      if (!r.ok()) [[unlikely]]                                                            \
        return trap(ctx, ip, trap_kind(r.trap));                                           \
      if constexpr (to_acc) acc = to_acc_bits(r.value);                                    \
      else wr(fp, ip[1].u, r.value);                                                       \
    } else {                                                                               \
      if constexpr (to_acc) acc = to_acc_bits(r);                                          \
      else wr(fp, ip[1].u, r);                                                             \
    }                                                                                      \
    WB_NEXT(size);                                                                         \
  } while (0)

template <auto F, class A, Src SA, bool ToAcc>
WB_HANDLER(op_unary) {
  auto r = F(operand<A, SA>(ip[2], fp, acc));
  WB_FINISH(r, 3, ToAcc);
}

template <auto F, class A, Src SA, Src SB, bool ToAcc>
WB_HANDLER(op_binary) {
  auto r = F(operand<A, SA>(ip[2], fp, acc), operand<A, SB>(ip[3], fp, acc));
  WB_FINISH(r, 4, ToAcc);
}

template <auto F, class A, int Arity, bool Imm>
void set_numeric(Handler* t, Opcode op) {
  auto set = [&](NumForm f, Handler h) { t[static_cast<size_t>(numeric_form_op(op, f))] = h; };
  using enum NumForm;
  constexpr Src S = Src::Slot, I = Src::Imm, A_ = Src::Acc;
  if constexpr (Arity == 1) {
    set(SS_S, op_unary<F, A, S, false>);
    set(SS_A, op_unary<F, A, S, true>);
    set(AS_S, op_unary<F, A, A_, false>);
    set(AS_A, op_unary<F, A, A_, true>);
  } else {
    set(SS_S, op_binary<F, A, S, S, false>);
    set(SS_A, op_binary<F, A, S, S, true>);
    set(AS_S, op_binary<F, A, A_, S, false>);
    set(AS_A, op_binary<F, A, A_, S, true>);
    set(SA_S, op_binary<F, A, S, A_, false>);
    set(SA_A, op_binary<F, A, S, A_, true>);
    if constexpr (Imm) {
      set(SI_S, op_binary<F, A, S, I, false>);
      set(SI_A, op_binary<F, A, S, I, true>);
      set(AI_S, op_binary<F, A, A_, I, false>);
      set(AI_A, op_binary<F, A, A_, I, true>);
    }
  }
}

}  // namespace

void register_numeric_handlers(Handler* t) {
#define WB_NUM(name, fn, type, arity, imm) set_numeric<&fn, type, arity, imm>(t, Opcode::name);
#include "exec/numeric_ops.def"
#undef WB_NUM
}

bool has_imm_form(Opcode op) {
  switch (op) {
#define WB_NUM(name, fn, type, arity, imm) \
  case Opcode::name:                       \
    return imm;
#include "exec/numeric_ops.def"
#undef WB_NUM
    default:
      return false;
  }
}

Handler handler(XOp op) {
  static const std::vector<Handler> table = [] {
    std::vector<Handler> t(kXOpCount, nullptr);
    register_control_handlers(t.data());
    register_memory_handlers(t.data());
    register_numeric_handlers(t.data());
    register_branch_handlers(t.data());
    register_fused_handlers(t.data());
    register_simd_handlers(t.data());
    register_simd_sse_handlers(t.data());
    return t;
  }();
  return table[static_cast<size_t>(op)];
}

}  // namespace wasmbind::detail
