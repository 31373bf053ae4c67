#include "compile/op_selection.h"

namespace wasmbind::detail {

bool commutative(Opcode op) {
  switch (op) {
    case Opcode::I32Add: case Opcode::I32Mul: case Opcode::I32And: case Opcode::I32Or:
    case Opcode::I32Xor: case Opcode::I32Eq: case Opcode::I32Ne: case Opcode::I64Add:
    case Opcode::I64Mul: case Opcode::I64And: case Opcode::I64Or: case Opcode::I64Xor:
    case Opcode::I64Eq: case Opcode::I64Ne: case Opcode::F32Add: case Opcode::F32Mul:
    case Opcode::F64Add: case Opcode::F64Mul:
      return true;
    default:
      return false;
  }
}

XOp load_op(Opcode op) {
  switch (op) {
    case Opcode::I32Load: case Opcode::F32Load: case Opcode::I64Load32U: return XOp::Load32U;
    case Opcode::I64Load: case Opcode::F64Load: return XOp::Load64;
    case Opcode::I32Load8S: return XOp::Load8S32;
    case Opcode::I32Load8U: case Opcode::I64Load8U: return XOp::Load8U;
    case Opcode::I32Load16S: return XOp::Load16S32;
    case Opcode::I32Load16U: case Opcode::I64Load16U: return XOp::Load16U;
    case Opcode::I64Load8S: return XOp::Load8S64;
    case Opcode::I64Load16S: return XOp::Load16S64;
    case Opcode::I64Load32S: return XOp::Load32S64;
    case Opcode::V128Load: return XOp::Load128;
    default: return XOp::NumericBase_;
  }
}

XOp store_op(Opcode op) {
  switch (op) {
    case Opcode::I32Store: case Opcode::F32Store: case Opcode::I64Store32: return XOp::Store32;
    case Opcode::I64Store: case Opcode::F64Store: return XOp::Store64;
    case Opcode::I32Store8: case Opcode::I64Store8: return XOp::Store8;
    case Opcode::I32Store16: case Opcode::I64Store16: return XOp::Store16;
    case Opcode::V128Store: return XOp::Store128;
    default: return XOp::NumericBase_;
  }
}

namespace {
XOp offset_op(XOp base, XOp first, XOp op) {
  return static_cast<XOp>(static_cast<size_t>(base) + static_cast<size_t>(op) -
                          static_cast<size_t>(first));
}
}  // namespace

// The fused lists repeat the order of the plain ones (Load8U .. Load128, Store8 .. Store128).
XOp fused_load_c(XOp load) { return offset_op(XOp::Load8UC, XOp::Load8U, load); }
XOp fused_load_as(XOp load) { return offset_op(XOp::Load8UAS, XOp::Load8U, load); }
XOp fused_load_sc(XOp load) { return offset_op(XOp::Load8USC, XOp::Load8U, load); }
XOp fused_store_c(XOp store) { return offset_op(XOp::Store8C, XOp::Store8, store); }
XOp fused_store_imm(XOp store) { return offset_op(XOp::Store8Imm, XOp::Store8, store); }
XOp fused_store_as(XOp store) { return offset_op(XOp::Store8AS, XOp::Store8, store); }
XOp fused_store_imm_as(XOp store) { return offset_op(XOp::Store8ImmAS, XOp::Store8, store); }
static_assert(static_cast<int>(XOp::Load128) - static_cast<int>(XOp::Load8U) ==
              static_cast<int>(XOp::Load128C) - static_cast<int>(XOp::Load8UC));
static_assert(static_cast<int>(XOp::Load128) - static_cast<int>(XOp::Load8U) ==
              static_cast<int>(XOp::Load128AS) - static_cast<int>(XOp::Load8UAS));
static_assert(static_cast<int>(XOp::Load128) - static_cast<int>(XOp::Load8U) ==
              static_cast<int>(XOp::Load128SC) - static_cast<int>(XOp::Load8USC));
static_assert(static_cast<int>(XOp::Store128) - static_cast<int>(XOp::Store8) ==
              static_cast<int>(XOp::Store128C) - static_cast<int>(XOp::Store8C));
static_assert(static_cast<int>(XOp::Store64) - static_cast<int>(XOp::Store8) ==
              static_cast<int>(XOp::Store64Imm) - static_cast<int>(XOp::Store8Imm));
static_assert(static_cast<int>(XOp::Store128) - static_cast<int>(XOp::Store8) ==
              static_cast<int>(XOp::Store128AS) - static_cast<int>(XOp::Store8AS));
static_assert(static_cast<int>(XOp::Store64) - static_cast<int>(XOp::Store8) ==
              static_cast<int>(XOp::Store64ImmAS) - static_cast<int>(XOp::Store8ImmAS));

ValType result_type(SigType t) {
  switch (t) {
    case SigType::I32: return ValType::I32;
    case SigType::I64: return ValType::I64;
    case SigType::F32: return ValType::F32;
    case SigType::F64: return ValType::F64;
    default: return ValType::V128;
  }
}

}  // namespace wasmbind::detail
