// Numeric and SIMD instructions: constants (which emit nothing until a consumer needs a
// slot), unary, binary and ternary ops in their operand forms, and SIMD ops with lane,
// shuffle or memory immediates. Binary ops first try the fusions of peephole_fusion.cc.
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "compile/op_selection.h"
#include "compile/translator_state.h"

namespace wasmbind::detail::translation {
namespace {

// The 32-bit lane (0..7 over a then b) that a shuffle's lane indices splat, or -1.
int splat32_lane(const std::array<uint8_t, 16>& lanes) {
  if (lanes[0] % 4 != 0) return -1;
  for (int i = 0; i < 16; ++i)
    if (lanes[i] != lanes[0] + i % 4) return -1;
  return lanes[0] / 4;
}

}  // namespace

void Translator::translate_numeric(const Instr& in, const OpcodeInfo& op) {
  int params = (op.params[0] != SigType::NONE) + (op.params[1] != SigType::NONE) +
               (op.params[2] != SigType::NONE);
  ValType rt = result_type(op.result);
  if (params == 0) {  // constants
    uint64_t lo, hi;
    std::memcpy(&lo, in.bytes.data(), 8);
    std::memcpy(&hi, in.bytes.data() + 8, 8);
    if (in.op == Opcode::I32Const || in.op == Opcode::F32Const) lo &= 0xFFFFFFFFu;
    push_const(rt, lo, hi);
    return;
  }
  if (params == 1) {
    Operand a = pop();
    uint32_t sa = slot_of(a);
    const bool negates_compare =
        in.op == Opcode::I32Eqz && just_computed(a, LastInstr::Kind::Compare);
    const LastInstr compare = last_;
    size_t start = emit_numeric(in.op, forwardable(a, in.op, NumForm::AS_S) ? NumForm::AS_S
                                                                            : NumForm::SS_S,
                                {a.canon, sa});
    push_temp(rt);
    if (negates_compare) {
      // A branch on (a <cmp> b) == 0 can still fuse: it branches on the negation, and
      // removes the comparison along with the i32.eqz (whose destination stays the one a
      // local.set would retarget, and whose handler the accumulator form would replace).
      const LastInstr eqz = last_;
      last_ = compare;
      last_.head = eqz.head;
      last_.xop = eqz.xop;
      last_.has_twin = eqz.has_twin;
      last_.twin = eqz.twin;
      last_.dst_word = start + 1;
      last_.negated = !compare.negated;
      return;
    }
    if (in.op == Opcode::I32Eqz || in.op == Opcode::I64Eqz) {
      last_.kind = in.op == Opcode::I32Eqz ? LastInstr::Kind::Eqz : LastInstr::Kind::Eqz64;
      last_.a = sa;
    }
    return;
  }
  if (params == 3) {
    Operand c = pop(), b = pop(), a = pop();
    uint32_t sa = slot_of(a), sb = slot_of(b), sc = slot_of(c);
    size_t start = emit(numeric_op(in.op), {a.canon, sa, sb, sc});
    push_temp(rt);
    note_result(start, a.canon, in.op);
    return;
  }
  // (binary)
  Operand b = pop(), a = pop();
  uint32_t dst = a.canon;
  // Each of these fusions absorbs the instruction just emitted, which must have computed a
  // or b: checked once here rather than in five calls into peephole_fusion.cc.
  if (last_.valid && ((a.kind == Operand::Kind::Temp && a.slot == last_.dst) ||
                      (b.kind == Operand::Kind::Temp && b.slot == last_.dst))) {
    if (fuse_f64_load(in.op, a, b, dst)) return;
    if (fuse_v128_load(in.op, a, b, dst)) return;
    if (fuse_f64_product(in.op, a, b, dst)) return;
    if (fuse_v128_mac(in.op, a, b, dst)) return;
    if (fuse_mul_by_lane(in.op, a, b, dst)) return;
  }
  bool imm_form = handler(numeric_imm_op(in.op)) != nullptr;
  if (imm_form && b.kind == Operand::Kind::Const && b.type == ValType::V128) {
    // A SIMD op with a v128 constant: d a lo hi.
    uint32_t sa = slot_of(a);
    size_t start = emit(numeric_imm_op(in.op), {dst, sa, b.lo, b.hi});
    push_temp(rt);
    note_result(start, dst, in.op);
    return;
  }
  if (imm_form && a.kind == Operand::Kind::Const && b.kind != Operand::Kind::Const &&
      commutative(in.op)) {
    std::swap(a, b);
  }
  const int compare = compare_index(in.op);
  if (imm_form && b.kind == Operand::Kind::Const) {
    uint32_t sa = slot_of(a);
    // What was emitted before this instruction (after any constant `a` needed).
    const LastInstr prev = last_;
    emit_numeric(in.op, forwardable(a, in.op, NumForm::AI_S) ? NumForm::AI_S : NumForm::SI_S,
                 {dst, sa, b.lo});
    push_temp(rt);
    last_.a = sa;
    last_.b = b.lo;
    if (compare >= 0) {
      note_compare(prev, a, compare, true);
    } else if (in.op == Opcode::I32Shl || in.op == Opcode::I32ShrS ||
               in.op == Opcode::I32ShrU || in.op == Opcode::I32Rotl ||
               in.op == Opcode::I32Rotr) {
      last_.kind = LastInstr::Kind::ShiftImm;
      last_.b = b.lo & 31;
    } else if (in.op == Opcode::I32Add || in.op == Opcode::I32Sub) {
      last_.kind = LastInstr::Kind::AddImm;
      last_.b = in.op == Opcode::I32Add ? b.lo : (0 - b.lo) & 0xFFFFFFFFu;
      if (prev.valid && prev.kind == LastInstr::Kind::ShiftImm && prev.op == Opcode::I32Shl &&
          a.kind == Operand::Kind::Temp && a.slot == prev.dst) {
        // (x << k) + c: keep both, but let a load or store take them as one address.
        last_.shifted = true;
        last_.k = prev.b;
        last_.a = prev.a;
        last_.start = prev.start;
      }
    }
    return;
  }
  if (in.op == Opcode::I32Add && fuse_add_shl(a, b, dst)) return;
  if (fuse_shifted_operand(in.op, a, b, dst)) return;
  uint32_t sa = slot_of(a), sb = slot_of(b);
  const LastInstr prev = last_;
  NumForm form = forwardable(a, in.op, NumForm::AS_S)   ? NumForm::AS_S
                 : forwardable(b, in.op, NumForm::SA_S) ? NumForm::SA_S
                                                        : NumForm::SS_S;
  emit_numeric(in.op, form, {dst, sa, sb});
  push_temp(rt);
  last_.a = sa;
  last_.b = sb;
  if (compare >= 0) note_compare(prev, a, compare, false);
  else if (in.op == Opcode::I32Add) last_.kind = LastInstr::Kind::Add;
}

// SIMD instructions with immediates, all handled by the op of their opcode:
//   lane extract      d a lane            lane replace     d a b lane
//   shuffle           d a b lanes[0..7] lanes[8..15]     (lane bytes, little-endian)
//   load (extend, splat, zero)  d a offset
//   load lane         d a(address) b(vector) offset lane
//   store lane        a(address) b(vector) offset lane
void Translator::translate_simd_immediate(const Instr& in, const OpcodeInfo& op) {
  XOp x = numeric_op(in.op);
  switch (op.immediate) {
    case Immediate::Lane: {
      if (op.params[1] == SigType::NONE) {
        Operand a = pop();
        uint32_t sa = slot_of(a);
        emit(x, {a.canon, sa, in.lane});
      } else {
        Operand b = pop(), a = pop();
        uint32_t sa = slot_of(a), sb = slot_of(b);
        emit(x, {a.canon, sa, sb, in.lane});
      }
      push_temp(result_type(op.result));
      return;
    }
    case Immediate::Shuffle: {
      Operand b = pop(), a = pop();
      uint32_t sa = slot_of(a), sb = slot_of(b);
      if (int lane = splat32_lane(in.bytes); lane >= 0) {
        // Every 32-bit lane is the same lane of a (0..3) or b (4..7).
        static constexpr XOp kSplat[] = {XOp::V128Splat32Lane0, XOp::V128Splat32Lane1,
                                         XOp::V128Splat32Lane2, XOp::V128Splat32Lane3};
        const size_t start = emit(kSplat[lane & 3], {a.canon, lane < 4 ? sa : sb});
        push_temp(ValType::V128);
        note_result(start, a.canon, in.op);
        last_.xop = kSplat[lane & 3];  // fuse_mul_by_lane reads the lane
        last_.a = lane < 4 ? sa : sb;
        return;
      }
      uint64_t lo, hi;
      std::memcpy(&lo, in.bytes.data(), 8);
      std::memcpy(&hi, in.bytes.data() + 8, 8);
      emit(x, {a.canon, sa, sb, lo, hi});
      push_temp(ValType::V128);
      return;
    }
    case Immediate::Mem: {
      Operand a = pop();
      uint32_t sa = slot_of(a);
      emit(x, {a.canon, sa, in.mem_offset});
      push_temp(ValType::V128);
      return;
    }
    case Immediate::MemLane: {
      Operand b = pop(), a = pop();
      uint32_t sa = slot_of(a), sb = slot_of(b);
      if (op.result == SigType::NONE) {
        emit(x, {sa, sb, in.mem_offset, in.lane});
      } else {
        emit(x, {a.canon, sa, sb, in.mem_offset, in.lane});
        push_temp(ValType::V128);
      }
      return;
    }
    default:
      throw WasmError(ErrorKind::Limit, "unexpected SIMD immediate", in.offset);
  }
}

}  // namespace wasmbind::detail::translation
