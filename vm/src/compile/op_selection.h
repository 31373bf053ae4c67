// Op selection: which interpreter op (XOp) implements a Wasm instruction in a given operand
// form. Pure tables, shared by the translator's instruction cases.
#pragma once

#include "exec/ops.h"
#include "opcode.h"

namespace wasmbind::detail {

// Binary ops whose operands may be swapped (to put a constant on the right).
bool commutative(Opcode op);

// The load/store op of a memory instruction; XOp::NumericBase_ if it is not one.
XOp load_op(Opcode op);
XOp store_op(Opcode op);

// The fused forms of a load or store op (see WB_FUSED_OPS): address + constant (..C),
// base + index << k (..AS), (index << k) + constant (..SC), constant value (..Imm; not for Store128).
XOp fused_load_c(XOp load);
XOp fused_load_as(XOp load);
XOp fused_load_sc(XOp load);
XOp fused_store_c(XOp store);
XOp fused_store_imm(XOp store);
XOp fused_store_as(XOp store);
XOp fused_store_imm_as(XOp store);

// The value type of a fixed-signature result.
ValType result_type(SigType t);

}  // namespace wasmbind::detail
