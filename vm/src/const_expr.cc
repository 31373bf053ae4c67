#include "const_expr.h"

#include "instruction.h"

namespace wasmbind::detail {

ConstExpr decode_const_expr(Reader& r, const Features& features) {
  ConstExpr expr;
  expr.offset = r.offset();
  InstrDecoder decoder(r, features);
  Instr in;
  uint32_t depth = 0;  // nested blocks, so a (non-constant) block's `end` is not ours
  for (;;) {
    decoder.decode(in);
    ConstInstr ci;
    ci.offset = in.offset;
    switch (in.op) {
      case Opcode::End:
        if (depth == 0) return expr;
        --depth;
        ci.op = ConstInstr::Op::NonConstant;
        break;
      case Opcode::Block: case Opcode::Loop: case Opcode::If:
        ++depth;
        ci.op = ConstInstr::Op::NonConstant;
        break;
      case Opcode::I32Const: ci.op = ConstInstr::Op::I32Const; ci.bits = in.bytes; break;
      case Opcode::I64Const: ci.op = ConstInstr::Op::I64Const; ci.bits = in.bytes; break;
      case Opcode::F32Const: ci.op = ConstInstr::Op::F32Const; ci.bits = in.bytes; break;
      case Opcode::F64Const: ci.op = ConstInstr::Op::F64Const; ci.bits = in.bytes; break;
      case Opcode::V128Const: ci.op = ConstInstr::Op::V128Const; ci.bits = in.bytes; break;
      case Opcode::RefNull: ci.op = ConstInstr::Op::RefNull; ci.ref_type = in.type; break;
      case Opcode::RefFunc: ci.op = ConstInstr::Op::RefFunc; ci.index = in.index; break;
      case Opcode::GlobalGet: ci.op = ConstInstr::Op::GlobalGet; ci.index = in.index; break;
      case Opcode::I32Add: ci.op = ConstInstr::Op::I32Add; break;
      case Opcode::I32Sub: ci.op = ConstInstr::Op::I32Sub; break;
      case Opcode::I32Mul: ci.op = ConstInstr::Op::I32Mul; break;
      case Opcode::I64Add: ci.op = ConstInstr::Op::I64Add; break;
      case Opcode::I64Sub: ci.op = ConstInstr::Op::I64Sub; break;
      case Opcode::I64Mul: ci.op = ConstInstr::Op::I64Mul; break;
      default: ci.op = ConstInstr::Op::NonConstant; break;
    }
    bool arithmetic = ci.op >= ConstInstr::Op::I32Add && ci.op <= ConstInstr::Op::I64Mul;
    if (arithmetic && !features.extended_const) ci.op = ConstInstr::Op::NonConstant;
    expr.instrs.push_back(ci);
  }
}

}  // namespace wasmbind::detail
