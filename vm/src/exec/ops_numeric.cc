// Numeric handlers, one per scalar numeric Wasm instruction (see numeric_ops.def), made from
// three templates over the semantic functions of numeric.h: unary `d a`, binary `d a b`, and
// binary with an immediate right operand `d a imm`. Semantic functions that can trap return
// numeric::Checked; the trap then leaves the chain through the cold trap exit.
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

// Writes result `r` to slot ip[1], or traps.
#define WB_STORE_RESULT(r, size)                                                            \
  do {                                                                                     \
    if constexpr (IsChecked<decltype(r)>::value) {                                         \
      if (!r.ok()) [[unlikely]]                                                            \
        return trap(ctx, ip, trap_kind(r.trap));                                           \
      wr(fp, ip[1].u, r.value);                                                            \
    } else {                                                                               \
      wr(fp, ip[1].u, r);                                                                  \
    }                                                                                      \
    WB_NEXT(size);                                                                         \
  } while (0)

template <auto F, class A>
WB_HANDLER(op_unary) {
  auto r = F(rd<A>(fp, ip[2].u));
  WB_STORE_RESULT(r, 3);
}

template <auto F, class A>
WB_HANDLER(op_binary) {
  auto r = F(rd<A>(fp, ip[2].u), rd<A>(fp, ip[3].u));
  WB_STORE_RESULT(r, 4);
}

template <auto F, class A>
WB_HANDLER(op_binary_imm) {
  A imm;  // the constant's bits, in the low bytes of the word
  std::memcpy(&imm, &ip[3].u, sizeof(A));
  auto r = F(rd<A>(fp, ip[2].u), imm);
  WB_STORE_RESULT(r, 4);
}

template <auto F, class A, int Arity, bool Imm>
void set_numeric(Handler* t, Opcode op) {
  if constexpr (Arity == 1) {
    t[static_cast<size_t>(numeric_op(op))] = op_unary<F, A>;
  } else {
    t[static_cast<size_t>(numeric_op(op))] = op_binary<F, A>;
    if constexpr (Imm) t[static_cast<size_t>(numeric_imm_op(op))] = op_binary_imm<F, A>;
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
