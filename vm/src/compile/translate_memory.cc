// Loads and stores. The address arithmetic emitted just before an access (a constant
// added, base + index << k, (index << k) + constant) folds into the access op, a constant
// address into its offset, and an f64 load-op-store on one address into one op.
#include <cstdint>
#include <utility>

#include "compile/op_selection.h"
#include "compile/translator_state.h"

namespace wasmbind::detail::translation {

// A constant address is folded into the offset (read against the zero slot): the
// effective address is computed in 64 bits either way, so bounds checks are unchanged.
std::pair<uint32_t, uint64_t> Translator::address(Operand& a, uint64_t offset) {
  if (a.kind == Operand::Kind::Const) return {zero_slot_, (a.lo & 0xFFFFFFFFu) + offset};
  return {a.slot, offset};
}

// The address arithmetic just emitted for a load or store address `a` folds into the
// access (op ..C for a constant added, ..AS for base + index << k).
void Translator::translate_load(const Instr& in, XOp op) {
  Operand a = pop();
  before_load_.valid = false;
  ValType rt = result_type(info(in.op).result);
  if (just_computed(a, LastInstr::Kind::AddImm)) {
    LastInstr add = last_;
    truncate(add.start);
    if (add.shifted) {
      size_t start =
          emit(fused_load_sc(op), {a.canon, add.a, add.k, add.b, in.mem_offset});
      push_temp(rt);
      note_result(start, a.canon, in.op);
      note_load_twin(op, fused_load_sc(op), LoadAcc::SCToAcc);
      return;
    }
    size_t start = emit(fused_load_c(op), {a.canon, add.a, add.b, in.mem_offset});
    push_temp(rt);
    note_load(start, a.canon, in.op, op, add.a, add.b, in.mem_offset);
    note_load_twin(op, fused_load_c(op), LoadAcc::CToAcc);
    return;
  }
  if (just_computed(a, LastInstr::Kind::AddShl) || just_computed(a, LastInstr::Kind::Add)) {
    LastInstr add = last_;
    if (add.kind == LastInstr::Kind::Add) add.k = 0;
    truncate(add.start);
    size_t start = emit(fused_load_as(op), {a.canon, add.a, add.b, add.k, in.mem_offset});
    push_temp(rt);
    note_result(start, a.canon, in.op);
    note_load_twin(op, fused_load_as(op), LoadAcc::ASToAcc);
    return;
  }
  if (op != XOp::Load128 && in_acc(a)) {
    // The address is the accumulator.
    size_t start = emit_from_acc(load_acc_op(op, LoadAcc::FromAcc), {a.canon, a.slot, in.mem_offset});
    push_temp(rt);
    note_result(start, a.canon, in.op);
    note_load_twin(op, load_acc_op(op, LoadAcc::FromAcc), LoadAcc::AccToAcc);
    return;
  }
  auto [sa, offset] = address(a, in.mem_offset);
  before_load_ = last_;  // still the last instruction once this load is folded away
  size_t start = emit(op, {a.canon, sa, offset});
  push_temp(rt);
  note_load(start, a.canon, in.op, op, sa, 0, offset);
  note_load_twin(op, op, LoadAcc::ToAcc);
}

// A scalar load (`plain` the op of its kind; `x` the form emitted) can leave its result in
// the accumulator in form `to_acc`.
void Translator::note_load_twin(XOp plain, XOp x, LoadAcc to_acc) {
  if (plain != XOp::Load128) note_twin(x, load_acc_op(plain, to_acc));
}

void Translator::note_load(size_t start, uint32_t dst, Opcode wasm_op, XOp op,
                           uint64_t address_slot, uint64_t c, uint64_t offset) {
  note_result(start, dst, wasm_op);
  last_.kind = LastInstr::Kind::Load;
  last_.load = op;
  last_.a = address_slot;
  last_.b = c;
  last_.offset = offset;
}

void Translator::translate_store(const Instr& in, XOp op) {
  Operand b = pop(), a = pop();
  // base + (index << k) just computed, and a value that needs no code: a local, or a
  // scalar constant (a v128 one would need a slot, possibly the index's).
  if ((just_computed(a, LastInstr::Kind::AddShl) || just_computed(a, LastInstr::Kind::Add)) &&
      (b.kind == Operand::Kind::Local ||
       (b.kind == Operand::Kind::Const && op != XOp::Store128))) {
    LastInstr add = last_;
    if (add.kind == LastInstr::Kind::Add) add.k = 0;
    truncate(add.start);
    if (b.kind == Operand::Kind::Const)
      emit(fused_store_imm_as(op), {add.a, add.b, add.k, b.lo, in.mem_offset});
    else
      emit(fused_store_as(op), {add.a, add.b, add.k, b.slot, in.mem_offset});
    return;
  }
  if (b.kind == Operand::Kind::Const && op != XOp::Store128) {
    auto [sa, offset] = address(a, in.mem_offset);
    emit(fused_store_imm(op), {sa, b.lo, offset});
    return;
  }
  // mem[L + off] = x <op> mem[L + off], the load folded into the arithmetic just before.
  if (op == XOp::Store64 && just_computed(b, LastInstr::Kind::F64ArithLoad) &&
      last_.rmw != XOp::Br && a.kind == Operand::Kind::Local && a.slot == last_.a &&
      last_.b == 0 && last_.offset == in.mem_offset) {
    LastInstr arith = last_;
    if (arith.axpy && arith.rmw == XOp::F64AddStore) {
      // An unrolled loop steps the address first (L = p + 8, L = L + 16): one op for both.
      const size_t add = previous_start(arith.axpy_start);
      const bool add_imm = add != kNone &&
                           code_[add].handler == handler(numeric_form_op(Opcode::I32Add, NumForm::SI_S));
      const bool add_reg = add != kNone &&
                           code_[add].handler == handler(numeric_form_op(Opcode::I32Add, NumForm::SS_S));
      if ((add_imm || add_reg) && code_[add + 1].u == a.slot && label_at_ <= add) {
        const uint64_t from = code_[add + 2].u, by = code_[add + 3].u;
        truncate(add);
        emit(add_imm ? XOp::F64AxpyStoreAddImm : XOp::F64AxpyStoreAdd,
             {a.slot, from, by, arith.axpy_s, arith.axpy_b, arith.axpy_c, arith.axpy_offset,
              in.mem_offset});
        return;
      }
      truncate(arith.axpy_start);
      emit(XOp::F64AxpyStore, {a.slot, arith.axpy_s, arith.axpy_b, arith.axpy_c,
                               arith.axpy_offset, in.mem_offset});
      return;
    }
    truncate(arith.start);
    emit(arith.rmw, {a.slot, arith.other, in.mem_offset});
    return;
  }
  if (op != XOp::Store128 && in_acc(b)) {
    // The value was computed just before: it comes in the accumulator.
    auto [sa, offset] = address(a, in.mem_offset);
    emit_from_acc(store_acc_op(op, StoreAcc::ValueFromAcc), {sa, b.slot, offset});
    return;
  }
  // The value needs no code of its own (or only a constant's), so the address arithmetic
  // is still the last instruction.
  if (just_computed(a, LastInstr::Kind::AddImm) && !last_.shifted) {
    LastInstr add = last_;
    truncate(add.start);
    uint32_t sb = slot_of(b);
    emit(fused_store_c(op), {add.a, sb, add.b, in.mem_offset});
    return;
  }
  uint32_t sb = slot_of(b);
  auto [sa, offset] = address(a, in.mem_offset);
  emit(op, {sa, sb, offset});
}

}  // namespace wasmbind::detail::translation
