// Peephole fusion: as the translator emits code it remembers the last instruction
// (LastInstr), and when the next one consumes its result the two become one superinstruction
// (shift into add/sub/and/or/xor, base + index << k, an f64 load into its arithmetic, a
// product into an add, a v128 load or lane splat into a SIMD op, a comparison into a
// branch), or the result is handed over in the accumulator register instead of a slot.
// Scalar copies in a row pair up as one op. Why: every op costs a dispatch (an indirect
// jump to the next handler) and passes its result through a frame slot; a fused op does
// the work of two or three with one dispatch and keeps the intermediate in a register.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

#include "compile/translator_state.h"

namespace wasmbind::detail::translation {

// Where the instruction emitted before the one at `start` begins, if still remembered.
size_t Translator::previous_start(size_t start) const {
  const size_t window = std::min(recent_count_, recent_starts_.size());
  for (size_t i = 1; i < window; ++i)
    if (recent_starts_[(recent_count_ - i) % recent_starts_.size()] == start)
      return recent_starts_[(recent_count_ - i - 1) % recent_starts_.size()];
  return kNone;
}

// A slot-to-slot copy. Copies come in runs (locals rotated in a loop, values moved into
// place before a branch): a scalar copy right after another, with no branch landing
// between them, joins it as one Copy64x2 (still done in order).
void Translator::emit_copy(ValType type, uint64_t dst, uint64_t src) {
  if (type == ValType::V128) {
    emit(XOp::Copy128, {dst, src});
    last_copy_ = kNone;
    return;
  }
  if (last_copy_ != kNone && last_copy_ + 3 == code_.size() && label_at_ <= last_copy_ &&
      code_[last_copy_].handler == handler(XOp::Copy64)) {
    code_[last_copy_].handler = handler(XOp::Copy64x2);
    word(dst);
    word(src);
    last_copy_ = kNone;
    last_.valid = false;
    return;
  }
  last_copy_ = emit(XOp::Copy64, {dst, src});
}

// An i32 add/sub/and/or/xor with an operand shifted or rotated by a constant by the
// instruction just emitted: one op (I32<op><shift>).
bool Translator::fuse_shifted_operand(Opcode op, Operand& a, Operand& b, uint32_t dst) {
  static constexpr Opcode kShifts[] = {Opcode::I32Shl, Opcode::I32ShrS, Opcode::I32ShrU,
                                       Opcode::I32Rotl, Opcode::I32Rotr};
  static constexpr XOp kFused[][5] = {
      {XOp::I32AddShl, XOp::I32AddShrS, XOp::I32AddShrU, XOp::I32AddRotl, XOp::I32AddRotr},
      {XOp::I32SubShl, XOp::I32SubShrS, XOp::I32SubShrU, XOp::I32SubRotl, XOp::I32SubRotr},
      {XOp::I32AndShl, XOp::I32AndShrS, XOp::I32AndShrU, XOp::I32AndRotl, XOp::I32AndRotr},
      {XOp::I32OrShl, XOp::I32OrShrS, XOp::I32OrShrU, XOp::I32OrRotl, XOp::I32OrRotr},
      {XOp::I32XorShl, XOp::I32XorShrS, XOp::I32XorShrU, XOp::I32XorRotl, XOp::I32XorRotr},
  };
  int row;
  switch (op) {
    case Opcode::I32Add: row = 0; break;
    case Opcode::I32Sub: row = 1; break;
    case Opcode::I32And: row = 2; break;
    case Opcode::I32Or: row = 3; break;
    case Opcode::I32Xor: row = 4; break;
    default: return false;
  }
  Operand* other;
  if (just_computed(b, LastInstr::Kind::ShiftImm)) {
    other = &a;
  } else if (row != 1 && just_computed(a, LastInstr::Kind::ShiftImm) &&
             b.kind == Operand::Kind::Local) {
    other = &b;
  } else {
    return false;
  }
  LastInstr shift = last_;
  int column = static_cast<int>(std::find(std::begin(kShifts), std::end(kShifts), shift.op) -
                                std::begin(kShifts));
  truncate(shift.start);
  uint32_t s = slot_of(*other);  // a constant gets a slot of its own, not the shift's source
  size_t start = emit(kFused[row][column], {dst, s, shift.a, shift.b});
  push_temp(ValType::I32);
  note_result(start, dst, op);
  return true;
}

// ---- the accumulator ------------------------------------------------------------------
//
// An op whose result is an operand of the op right after it can leave it in the
// accumulator (a handler argument, so a register) instead of a slot: the producer's handler
// is switched to its ..._A form and the consumer reads that operand in an A.. form. The
// slot words stay, so a fusion that later removes the consumer can switch the producer
// back (truncate()).
//
// forwardable(), in_acc() and note_twin() are inline in translator_state.h.

// Emits `op`, which reads the last instruction's result from the accumulator: that
// instruction is switched to its accumulator form first.
size_t Translator::emit_from_acc(XOp op, std::initializer_list<uint64_t> words) {
  const size_t producer = last_.head;
  const XOp producer_op = last_.xop;
  code_[producer].handler = handler(last_.twin);
  size_t start = emit(op, words);
  forwards_[forward_count_++ % forwards_.size()] = {producer, start, producer_op};
  return start;
}

// Emits numeric op `op` in `form` and notes it as the last instruction (with its
// accumulator twin); an A.. form first switches the producer to its accumulator form.
size_t Translator::emit_numeric(Opcode op, NumForm form, std::initializer_list<uint64_t> words) {
  const bool from_acc = form == NumForm::AS_S || form == NumForm::AI_S || form == NumForm::SA_S;
  const XOp x = numeric_form_op(op, form);
  size_t start = from_acc ? emit_from_acc(x, words) : emit(x, words);
  note_result(start, *words.begin(), op);
  note_twin(x, numeric_form_op(op, to_acc(form)));
  last_.a_acc = form == NumForm::AS_S || form == NumForm::AI_S;
  return start;
}

// Cuts the code back to `start` (to replace the instructions from there by a fused op). A
// producer before `start` whose consumer is removed goes back to writing its slot, unless
// `keep_handover`: the fused op reads the accumulator in the removed consumer's place.
void Translator::truncate(size_t start, bool keep_handover) {
  for (Forward& f : forwards_) {
    if (f.consumer == SIZE_MAX || f.consumer < start) continue;
    if (f.producer < start && !keep_handover) code_[f.producer].handler = handler(f.op);
    f = Forward{};
  }
  code_.resize(start);
  if (last_copy_ != kNone && last_copy_ >= start) last_copy_ = kNone;
  while (recent_count_ > 0 &&
         recent_starts_[(recent_count_ - 1) % recent_starts_.size()] >= start)
    --recent_count_;
}

// `base + (index << k)`, the address arithmetic of array accesses, becomes one op when the
// shift was the instruction just emitted and the other operand needs no code.
bool Translator::fuse_add_shl(const Operand& a, const Operand& b, uint32_t dst) {
  const Operand* shifted = nullptr;
  const Operand* base = nullptr;
  if (last_.op != Opcode::I32Shl) return false;
  if (just_computed(b, LastInstr::Kind::ShiftImm) && a.kind != Operand::Kind::Const) {
    shifted = &b, base = &a;
  } else if (just_computed(a, LastInstr::Kind::ShiftImm) && b.kind == Operand::Kind::Local) {
    shifted = &a, base = &b;
  }
  if (!shifted) return false;
  LastInstr shl = last_;
  truncate(shl.start);
  size_t start = emit(XOp::I32AddShl, {dst, base->slot, shl.a, shl.b});
  push_temp(ValType::I32);
  note_result(start, dst, Opcode::I32Add);
  last_.kind = LastInstr::Kind::AddShl;
  last_.a = base->slot;
  last_.b = shl.a;
  last_.k = shl.b;
  return true;
}

// f64 add/sub/mul/div with an operand loaded by the instruction just emitted: the load
// folds into the arithmetic (F64<op>Load, or ..LoadRev when the loaded value is the left
// operand of sub or div).
bool Translator::fuse_f64_load(Opcode op, Operand& a, Operand& b, uint32_t dst) {
  XOp fused, fused_rev;
  switch (op) {
    case Opcode::F64Add: fused = fused_rev = XOp::F64AddLoad; break;
    case Opcode::F64Mul: fused = fused_rev = XOp::F64MulLoad; break;
    case Opcode::F64Sub: fused = XOp::F64SubLoad, fused_rev = XOp::F64SubLoadRev; break;
    case Opcode::F64Div: fused = XOp::F64DivLoad, fused_rev = XOp::F64DivLoadRev; break;
    default: return false;
  }
  if (!last_.valid || last_.op != Opcode::F64Load) return false;
  Operand* other;
  XOp x;
  if (just_computed(b, LastInstr::Kind::Load)) {
    other = &a, x = fused;
  } else if (just_computed(a, LastInstr::Kind::Load)) {
    other = &b, x = fused_rev;
  } else {
    return false;
  }
  LastInstr load = last_;
  // The product of an F64MulLoad emitted just before the load, added: an axpy step.
  const LastInstr mul = before_load_;
  const bool axpy = x == XOp::F64AddLoad && other == &a && mul.valid &&
                    mul.kind == LastInstr::Kind::F64ArithLoad && mul.arith == XOp::F64MulLoad &&
                    a.kind == Operand::Kind::Temp && a.slot == mul.dst;
  truncate(load.start);
  // A constant operand gets its own slot (never the load's address slot: that belongs to
  // the loaded operand's stack position).
  uint32_t s = slot_of(*other);
  size_t start = emit(x, {dst, s, load.a, load.b, load.offset});
  push_temp(ValType::F64);
  note_result(start, dst, op);
  if (axpy) {
    last_.axpy = true;
    last_.axpy_start = mul.start;
    last_.axpy_s = mul.other;
    last_.axpy_b = mul.a;
    last_.axpy_c = mul.b;
    last_.axpy_offset = mul.offset;
  }
  last_.arith = x;
  last_.kind = LastInstr::Kind::F64ArithLoad;
  last_.other = s;
  last_.a = load.a;
  last_.b = load.b;
  last_.offset = load.offset;
  switch (x) {
    case XOp::F64AddLoad: last_.rmw = XOp::F64AddStore; break;
    case XOp::F64MulLoad: last_.rmw = XOp::F64MulStore; break;
    case XOp::F64SubLoad: last_.rmw = XOp::F64SubStore; break;
    case XOp::F64SubLoadRev: last_.rmw = XOp::F64SubStoreRev; break;
    default: last_.rmw = XOp::Br; break;
  }
  return true;
}

// f64 mul/add/sub with an operand that the f64.mul just emitted computed from two slots:
// one op, F64Mul<op> d a b y (each result still rounded on its own). The other operand y
// must need no code: a constant would take a slot the product's operands may still be in.
bool Translator::fuse_f64_product(Opcode op, const Operand& a, const Operand& b, uint32_t dst) {
  if (op != Opcode::F64Mul && op != Opcode::F64Add && op != Opcode::F64Sub) return false;
  if (!last_.valid || last_.op != Opcode::F64Mul || last_.kind != LastInstr::Kind::Other ||
      last_.xop != numeric_form_op(Opcode::F64Mul, NumForm::SS_S))
    return false;
  const bool product_left = a.kind == Operand::Kind::Temp && a.slot == last_.dst;
  const bool product_right = b.kind == Operand::Kind::Temp && b.slot == last_.dst;
  if (product_left == product_right) return false;
  const Operand& y = product_left ? b : a;
  if (y.kind == Operand::Kind::Const) return false;
  XOp x, twin;
  switch (op) {
    case Opcode::F64Mul: x = XOp::F64MulMul, twin = XOp::F64MulMulA; break;
    case Opcode::F64Add: x = XOp::F64MulAdd, twin = XOp::F64MulAddA; break;
    default:
      if (product_left) x = XOp::F64MulRsub, twin = XOp::F64MulRsubA;
      else x = XOp::F64MulSub, twin = XOp::F64MulSubA;
  }
  const LastInstr mul = last_;
  truncate(mul.start);
  size_t start = emit(x, {dst, mul.a, mul.b, y.slot});
  push_temp(ValType::F64);
  note_result(start, dst, op);
  note_twin(x, twin);
  return true;
}

// A SIMD binary op with an operand v128-loaded by the instruction just emitted: the load
// folds in (form SM_S, or MS_S when the loaded value is the left operand).
bool Translator::fuse_v128_load(Opcode op, Operand& a, Operand& b, uint32_t dst) {
  if (!last_.valid || last_.kind != LastInstr::Kind::Load || last_.load != XOp::Load128)
    return false;
  NumForm form;
  Operand* other;
  if (just_computed(b, LastInstr::Kind::Load) && a.kind != Operand::Kind::Const) {
    form = NumForm::SM_S, other = &a;
  } else if (just_computed(a, LastInstr::Kind::Load) && b.kind == Operand::Kind::Local) {
    form = NumForm::MS_S, other = &b;
  } else {
    return false;
  }
  if (handler(numeric_form_op(op, form)) == nullptr) return false;
  LastInstr load = last_;
  truncate(load.start);
  size_t start = emit(numeric_form_op(op, form), {dst, other->slot, load.a, load.b, load.offset});
  push_temp(ValType::V128);
  note_result(start, dst, op);
  last_.xop = numeric_form_op(op, form);  // fuse_v128_mac reads the form
  return true;
}

// f32x4.mul by a lane splat (an i8x16.shuffle) just emitted: one op, F32x4MulLane (the
// splat on the right) or F32x4MulLaneL (on the left), the order kept for NaN bits.
bool Translator::fuse_mul_by_lane(Opcode op, const Operand& a, const Operand& b, uint32_t dst) {
  if (op != Opcode::F32x4Mul || !last_.valid || last_.op != Opcode::I8x16Shuffle) return false;
  const int lane = static_cast<int>(last_.xop) - static_cast<int>(XOp::V128Splat32Lane0);
  if (lane < 0 || lane > 3) return false;
  const bool splat_left = a.kind == Operand::Kind::Temp && a.slot == last_.dst;
  const bool splat_right = b.kind == Operand::Kind::Temp && b.slot == last_.dst;
  if (splat_left == splat_right) return false;
  const Operand& other = splat_left ? b : a;
  if (other.kind == Operand::Kind::Const) return false;
  static_assert(static_cast<int>(XOp::V128Splat32Lane3) - static_cast<int>(XOp::V128Splat32Lane0) == 3 &&
                static_cast<int>(XOp::F32x4MulLane3) - static_cast<int>(XOp::F32x4MulLane0) == 3 &&
                static_cast<int>(XOp::F32x4MulLaneL3) - static_cast<int>(XOp::F32x4MulLaneL0) == 3);
  const XOp x = static_cast<XOp>(
      static_cast<int>(splat_left ? XOp::F32x4MulLaneL0 : XOp::F32x4MulLane0) + lane);
  if (handler(x) == nullptr) return false;
  const uint64_t source = last_.a;
  truncate(last_.start);
  const size_t start = emit(x, {dst, other.slot, source});
  push_temp(ValType::V128);
  note_result(start, dst, op);
  return true;
}

// A SIMD add whose operand is the product the op just emitted computed (i32x4.dot_i16x8_s,
// i16x8.mul or f32x4.mul, of slots or with a v128-loaded operand), the other operand
// needing no code: one multiply-accumulate op, V128Mac.. (ops.h).
bool Translator::fuse_v128_mac(Opcode op, const Operand& a, const Operand& b, uint32_t dst) {
  Opcode product_op;
  XOp first;
  switch (op) {
    case Opcode::I32x4Add: product_op = Opcode::I32x4DotI16x8S, first = XOp::V128MacDotSS; break;
    case Opcode::I16x8Add: product_op = Opcode::I16x8Mul, first = XOp::V128MacI16SS; break;
    case Opcode::F32x4Add: product_op = Opcode::F32x4Mul, first = XOp::V128MacF32SS; break;
    default: return false;
  }
  static_assert(static_cast<int>(XOp::V128MacDotMSL) - static_cast<int>(XOp::V128MacDotSS) == 5 &&
                static_cast<int>(XOp::V128MacI16MSL) - static_cast<int>(XOp::V128MacI16SS) == 5 &&
                static_cast<int>(XOp::V128MacF32MSL) - static_cast<int>(XOp::V128MacF32SS) == 5);
  if (!last_.valid || last_.op != product_op || last_.kind != LastInstr::Kind::Other) return false;
  int mem;
  if (last_.xop == numeric_form_op(product_op, NumForm::SS_S)) mem = 0;
  else if (last_.xop == numeric_form_op(product_op, NumForm::SM_S)) mem = 1;
  else if (last_.xop == numeric_form_op(product_op, NumForm::MS_S)) mem = 2;
  else return false;
  const bool product_left = a.kind == Operand::Kind::Temp && a.slot == last_.dst;
  const bool product_right = b.kind == Operand::Kind::Temp && b.slot == last_.dst;
  if (product_left == product_right) return false;
  const Operand& y = product_left ? b : a;
  if (y.kind == Operand::Kind::Const) return false;
  const XOp x = static_cast<XOp>(static_cast<int>(first) + mem + (product_left ? 3 : 0));
  if (handler(x) == nullptr) return false;
  // The product's operand words after its destination: a b, or other address c off.
  const size_t start = last_.start;
  const size_t operand_words = mem == 0 ? 2 : 4;
  uint64_t w[4];
  for (size_t i = 0; i < operand_words; ++i) w[i] = code_[start + 2 + i].u;
  truncate(start);
  if (mem == 0) emit(x, {dst, w[0], w[1], y.slot});
  else emit(x, {dst, w[0], w[1], w[2], w[3], y.slot});
  push_temp(ValType::V128);
  note_result(start, dst, op);
  return true;
}

// Emits a conditional branch on `cond` (taken when true, or when false if `negate`),
// fusing a just-computed comparison; returns the instruction start and the offset word.
std::pair<size_t, size_t> Translator::conditional_branch(Operand& cond, bool negate) {
  if (fusable(cond)) {
    LastInstr l = last_;
    size_t start;
    if (l.kind == LastInstr::Kind::AddToLocal) {
      truncate(l.start);
      start = emit(negate ? XOp::I32AddImmBrZ : XOp::I32AddImmBrNz, {l.dst, l.a, l.b});
      word(0);
      return {start, code_.size() - 1};
    }
    if (l.kind == LastInstr::Kind::Compare && l.after_add) {
      truncate(l.add_start);
      start = emit(add_cmp_branch_op(l.compare, negate != l.negated, !l.add_imm),
                   {l.a, l.add_a, l.add_b, l.b});
      word(0);
      return {start, code_.size() - 1};
    }
    if ((l.kind == LastInstr::Kind::Compare || l.kind == LastInstr::Kind::Eqz) && l.a_acc) {
      // The comparison read its left operand from the accumulator; so does the fused op.
      truncate(l.start, /*keep_handover=*/true);
      if (l.kind == LastInstr::Kind::Eqz)
        start = emit(negate ? XOp::BrAccNz : XOp::BrAccZ);
      else
        start = emit(cmp_branch_op(l.compare, negate != l.negated, l.imm, /*acc=*/true),
                     {l.a, l.b});
      word(0);
      return {start, code_.size() - 1};
    }
    truncate(l.start);
    if (l.kind == LastInstr::Kind::Eqz) {
      start = emit(negate ? XOp::BrIfNz : XOp::BrIfZ, {l.a});
    } else if (l.kind == LastInstr::Kind::Eqz64) {
      start = emit(negate ? XOp::BrI64Nz : XOp::BrI64Z, {l.a});
    } else {
      start = emit(cmp_branch_op(l.compare, negate != l.negated, l.imm), {l.a, l.b});
    }
    word(0);
    return {start, code_.size() - 1};
  }
  if (in_acc(cond)) {
    size_t start = emit_from_acc(negate ? XOp::BrAccZ : XOp::BrAccNz, {});
    word(0);
    return {start, code_.size() - 1};
  }
  uint32_t s = slot_of(cond);
  size_t start = emit(negate ? XOp::BrIfZ : XOp::BrIfNz, {s});
  word(0);
  return {start, code_.size() - 1};
}

}  // namespace wasmbind::detail::translation
