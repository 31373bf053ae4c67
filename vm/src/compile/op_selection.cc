#include "compile/op_selection.h"

namespace wasmbind::detail {

namespace {
constexpr CmpInfo kI32Compares[] = {
    {Opcode::I32Eq, XOp::BrI32Eq, XOp::BrI32EqImm, XOp::BrI32Ne, XOp::BrI32NeImm},
    {Opcode::I32Ne, XOp::BrI32Ne, XOp::BrI32NeImm, XOp::BrI32Eq, XOp::BrI32EqImm},
    {Opcode::I32LtS, XOp::BrI32LtS, XOp::BrI32LtSImm, XOp::BrI32GeS, XOp::BrI32GeSImm},
    {Opcode::I32LtU, XOp::BrI32LtU, XOp::BrI32LtUImm, XOp::BrI32GeU, XOp::BrI32GeUImm},
    {Opcode::I32GtS, XOp::BrI32GtS, XOp::BrI32GtSImm, XOp::BrI32LeS, XOp::BrI32LeSImm},
    {Opcode::I32GtU, XOp::BrI32GtU, XOp::BrI32GtUImm, XOp::BrI32LeU, XOp::BrI32LeUImm},
    {Opcode::I32LeS, XOp::BrI32LeS, XOp::BrI32LeSImm, XOp::BrI32GtS, XOp::BrI32GtSImm},
    {Opcode::I32LeU, XOp::BrI32LeU, XOp::BrI32LeUImm, XOp::BrI32GtU, XOp::BrI32GtUImm},
    {Opcode::I32GeS, XOp::BrI32GeS, XOp::BrI32GeSImm, XOp::BrI32LtS, XOp::BrI32LtSImm},
    {Opcode::I32GeU, XOp::BrI32GeU, XOp::BrI32GeUImm, XOp::BrI32LtU, XOp::BrI32LtUImm},
};
}  // namespace

const CmpInfo* i32_compare(Opcode op) {
  for (const CmpInfo& c : kI32Compares)
    if (c.op == op) return &c;
  return nullptr;
}

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
