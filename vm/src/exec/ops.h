// The interpreter's internal instruction set. Each op is one handler; the translator picks
// ops (and their operand forms) and emits their handler addresses.
//
// Operand notation in the comments: d = destination slot, a/b/c = source slots,
// imm = immediate, off = branch offset in words from the instruction's first word.
#pragma once

#include <cstdint>

#include "exec/code.h"
#include "opcode.h"

namespace wasmbind::detail {

#define WB_CORE_OPS(X)                                                                       \
  X(Copy64)        /* d a */                                                                 \
  X(Copy128)       /* d a */                                                                 \
  X(Const64)       /* d imm */                                                               \
  X(Const128)      /* d imm_lo imm_hi */                                                     \
  X(Br)            /* off */                                                                 \
  X(BrIfNz)        /* a off */                                                               \
  X(BrIfZ)         /* a off */                                                               \
  X(BrTable)       /* a n off0 .. off_n (the last is the default) */                         \
  X(Unreachable)   /* */                                                                     \
  X(Return)        /* */                                                                     \
  X(Exit)          /* (bottom frame) */                                                      \
  X(Call)          /* fn base */                                                             \
  X(CallImport)    /* function_index base */                                                 \
  X(CallIndirect)  /* type table base a */                                                   \
  X(ReturnCall)    /* fn base n_arg_slots */                                                 \
  X(ReturnCallImport)   /* function_index base n_arg_slots */                                \
  X(ReturnCallIndirect) /* type table base a n_arg_slots */                                  \
  X(Select64)      /* d a b c */                                                             \
  X(Select128)     /* d a b c */                                                             \
  X(GlobalGet64)   /* d index */                                                             \
  X(GlobalGet128)  /* d index */                                                             \
  X(GlobalSet64)   /* index a */                                                             \
  X(GlobalSet128)  /* index a */                                                             \
  X(Load8U) X(Load16U) X(Load32U) X(Load64) /* d a offset */                                 \
  X(Load8S32) X(Load16S32) X(Load8S64) X(Load16S64) X(Load32S64)                             \
  X(Load128)                                                                                 \
  X(Store8) X(Store16) X(Store32) X(Store64) X(Store128) /* a(address) b(value) offset */    \
  X(MemorySize)    /* d */                                                                   \
  X(MemoryGrow)    /* d a */                                                                 \
  X(MemoryFill)    /* a(dest) b(value) c(length) */                                          \
  X(MemoryCopy)    /* a(dest) b(source) c(length) */                                         \
  X(MemoryInit)    /* segment a(dest) b(source) c(length) */                                 \
  X(DataDrop)      /* segment */                                                             \
  X(TableGet)      /* d table a */                                                           \
  X(TableSet)      /* table a(index) b(value) */                                             \
  X(TableSize)     /* d table */                                                             \
  X(TableGrow)     /* d table a(init) b(delta) */                                            \
  X(TableFill)     /* table a(index) b(value) c(length) */                                   \
  X(TableCopy)     /* dst_table src_table a(dest) b(source) c(length) */                     \
  X(TableInit)     /* table segment a(dest) b(source) c(length) */                           \
  X(ElemDrop)      /* segment */                                                             \
  X(RefFunc)       /* d function_index */                                                    \
  X(RefIsNull)     /* d a */                                                                 \
  X(Unsupported)   /* stops with a Limit error (features the interpreter cannot run yet) */ \
  X(I32AddShl)     /* d a b k: a + (b << k), array address arithmetic */

// Compare-and-branch fusions: i32 compare (two slots, or a slot and an immediate) + br_if.
#define WB_CMP_BRANCH_OPS(X)                                                                 \
  X(Eq) X(Ne) X(LtS) X(LtU) X(GtS) X(GtU) X(LeS) X(LeU) X(GeS) X(GeU)

enum class XOp : uint16_t {
#define WB_X(name) name,
  WB_CORE_OPS(WB_X)
#undef WB_X
#define WB_X(name) BrI32##name, BrI32##name##Imm,
  WB_CMP_BRANCH_OPS(WB_X)
#undef WB_X
  // Numeric ops: one per Wasm opcode with a fixed signature and no immediate, operands
  // d a (unary) or d a b (binary); integer binary ops also have an immediate form d a imm.
  NumericBase_,
};

constexpr size_t kNumericOpCount = kOpcodeCount;
constexpr size_t kXOpCount = static_cast<size_t>(XOp::NumericBase_) + 2 * kNumericOpCount;

inline XOp numeric_op(Opcode op) {
  return static_cast<XOp>(static_cast<size_t>(XOp::NumericBase_) + static_cast<size_t>(op));
}
inline XOp numeric_imm_op(Opcode op) {
  return static_cast<XOp>(static_cast<size_t>(XOp::NumericBase_) + kNumericOpCount +
                          static_cast<size_t>(op));
}

// Handler addresses by op; null for numeric slots with no handler (yet).
Handler handler(XOp op);
// Whether `op` (a numeric Wasm opcode) has an immediate-operand form.
bool has_imm_form(Opcode op);

}  // namespace wasmbind::detail
