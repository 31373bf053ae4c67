// Op selection: which interpreter op (XOp) implements a Wasm instruction in a given operand
// form. Pure tables, shared by the translator's instruction cases.
#pragma once

#include "exec/ops.h"
#include "opcode.h"

namespace wasmbind::detail {

// An i32 comparison and the compare-and-branch ops it fuses into (slot/immediate right
// operand; branch when true, or when false for the negated forms).
struct CmpInfo {
  Opcode op;
  XOp branch, branch_imm, negated, negated_imm;
};
const CmpInfo* i32_compare(Opcode op);

// Binary ops whose operands may be swapped (to put a constant on the right).
bool commutative(Opcode op);

// The load/store op of a memory instruction; XOp::NumericBase_ if it is not one.
XOp load_op(Opcode op);
XOp store_op(Opcode op);

// The value type of a fixed-signature result.
ValType result_type(SigType t);

}  // namespace wasmbind::detail
