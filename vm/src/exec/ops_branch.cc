// Compare-and-branch handlers: a comparison fused with the br_if or if that consumes it, for
// every comparison of WB_COMPARE_OPS (i32, i64, f32, f64), branching when it holds or (for
// `if` and `i32.eqz; br_if`) when it does not, against a slot or an immediate right operand.
// Also i64.eqz + br_if. Operands: a b off, or a imm off (the immediate's bits in the low
// bytes of the word). And the loop-counter idiom: an i32 local updated by an add and tested
// by the branch right after, in one op.
#include <array>
#include <bit>
#include <iterator>
#include <type_traits>

#include "exec/handler.h"
#include "exec/numeric.h"

namespace wasmbind::detail {
namespace {

template <class T>
inline T from_acc(uint64_t acc) noexcept {
  if constexpr (sizeof(T) == 4) return std::bit_cast<T>(static_cast<uint32_t>(acc));
  else return std::bit_cast<T>(acc);
}

template <auto Cmp, class T, bool Negate, bool Imm, bool Acc = false>
WB_HANDLER(op_cmp_branch) {
  T a = Acc ? from_acc<T>(acc) : rd<T>(fp, ip[1].u);
  T b;
  if constexpr (Imm) std::memcpy(&b, &ip[2].u, sizeof(T));
  else b = rd<T>(fp, ip[2].u);
  if ((Cmp(a, b) != 0) != Negate) WB_JUMP(ip + ip[3].i);
  WB_NEXT(4);
}

// off: branch on the i32 in the accumulator being nonzero (or zero).
template <bool Zero>
WB_HANDLER(op_br_acc) {
  if ((static_cast<uint32_t>(acc) == 0) == Zero) WB_JUMP(ip + ip[1].i);
  WB_NEXT(2);
}

template <bool Zero>
WB_HANDLER(op_br_i64_eqz) {
  if ((fp[ip[1].u] == 0) == Zero) WB_JUMP(ip + ip[2].i);
  WB_NEXT(3);
}

// L a b imm off: L = a + b (b a slot, or a constant word), then branch on L <cmp> imm.
template <auto Cmp, bool Negate, bool AddSlot>
WB_HANDLER(op_add_cmp_branch) {
  uint32_t b = AddSlot ? static_cast<uint32_t>(fp[ip[3].u]) : static_cast<uint32_t>(ip[3].u);
  uint32_t v = static_cast<uint32_t>(fp[ip[2].u]) + b;
  wr<uint32_t>(fp, ip[1].u, v);
  if ((Cmp(v, static_cast<uint32_t>(ip[4].u)) != 0) != Negate) WB_JUMP(ip + ip[5].i);
  WB_NEXT(6);
}

// L a c off: L = a + c, then branch if L is nonzero (or zero).
template <bool Zero>
WB_HANDLER(op_add_imm_br) {
  uint32_t v = static_cast<uint32_t>(fp[ip[2].u]) + static_cast<uint32_t>(ip[3].u);
  wr<uint32_t>(fp, ip[1].u, v);
  if ((v == 0) == Zero) WB_JUMP(ip + ip[4].i);
  WB_NEXT(5);
}

template <auto Cmp, class T>
void set_compare(Handler* t, int index) {
  t[static_cast<size_t>(cmp_branch_op(index, false, false))] = op_cmp_branch<Cmp, T, false, false>;
  t[static_cast<size_t>(cmp_branch_op(index, false, true))] = op_cmp_branch<Cmp, T, false, true>;
  t[static_cast<size_t>(cmp_branch_op(index, true, false))] = op_cmp_branch<Cmp, T, true, false>;
  t[static_cast<size_t>(cmp_branch_op(index, true, true))] = op_cmp_branch<Cmp, T, true, true>;
  t[static_cast<size_t>(cmp_branch_op(index, false, false, true))] = op_cmp_branch<Cmp, T, false, false, true>;
  t[static_cast<size_t>(cmp_branch_op(index, false, true, true))] = op_cmp_branch<Cmp, T, false, true, true>;
  t[static_cast<size_t>(cmp_branch_op(index, true, false, true))] = op_cmp_branch<Cmp, T, true, false, true>;
  t[static_cast<size_t>(cmp_branch_op(index, true, true, true))] = op_cmp_branch<Cmp, T, true, true, true>;
  if constexpr (std::is_same_v<T, uint32_t>) {
    t[static_cast<size_t>(add_cmp_branch_op(index, false, false))] = op_add_cmp_branch<Cmp, false, false>;
    t[static_cast<size_t>(add_cmp_branch_op(index, false, true))] = op_add_cmp_branch<Cmp, false, true>;
    t[static_cast<size_t>(add_cmp_branch_op(index, true, false))] = op_add_cmp_branch<Cmp, true, false>;
    t[static_cast<size_t>(add_cmp_branch_op(index, true, true))] = op_add_cmp_branch<Cmp, true, true>;
  }
}

constexpr Opcode kCompares[] = {
#define WB_X(name, fn, type) Opcode::name,
    WB_COMPARE_OPS(WB_X)
#undef WB_X
};
static_assert(std::size(kCompares) == kCompareCount);

}  // namespace

int compare_index(Opcode op) {
  static const std::array<int8_t, kOpcodeCount> index = [] {
    std::array<int8_t, kOpcodeCount> a;
    a.fill(-1);
    for (size_t i = 0; i < kCompareCount; ++i)
      a[static_cast<size_t>(kCompares[i])] = static_cast<int8_t>(i);
    return a;
  }();
  return index[static_cast<size_t>(op)];
}

void register_branch_handlers(Handler* t) {
  int i = 0;
#define WB_X(name, fn, type) set_compare<&numeric::fn, type>(t, i++);
  WB_COMPARE_OPS(WB_X)
#undef WB_X
  t[static_cast<size_t>(XOp::BrI64Z)] = op_br_i64_eqz<true>;
  t[static_cast<size_t>(XOp::BrI64Nz)] = op_br_i64_eqz<false>;
  t[static_cast<size_t>(XOp::I32AddImmBrNz)] = op_add_imm_br<false>;
  t[static_cast<size_t>(XOp::I32AddImmBrZ)] = op_add_imm_br<true>;
  t[static_cast<size_t>(XOp::BrAccNz)] = op_br_acc<false>;
  t[static_cast<size_t>(XOp::BrAccZ)] = op_br_acc<true>;
}

}  // namespace wasmbind::detail
