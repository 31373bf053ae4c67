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
  X(Copy64x2)      /* d a d2 a2: two copies, in order */                                     \
  X(CopyBr)        /* d a off: a copy, then br */                                            \
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

// Superinstructions: memory accesses with the address arithmetic before them folded in, and
// f64 arithmetic with a load folded in. The 32-bit address sum wraps exactly as the separate
// i32.add would; only then is the (unwrapped) memarg offset added.
//   ..C    loads  d a c off        address (u32)(a + c), c a constant
//          stores a b c off        (b the value)
//   ..AS   loads  d a b k off      address (u32)(a + (b << k))
//   ..Imm  stores a imm off        a constant value
//   ..AS   stores a b k v off      address (u32)(a + (b << k)), v the value (slot)
//   ..ImmAS stores a b k imm off   the same with a constant value
//   ..SC   loads  d a k c off      address (u32)((a << k) + c)
//   F64<op>Load     d a b c off    d = a <op> load64(u32)(b + c) + off
//   F64<op>LoadRev  d a b c off    d = load64(...) <op> a (for the non-commutative ops)
//   F64<op>Store    a b off        store64(a + off) = b <op> load64(a + off) (Rev: load <op> b)
//   V128Splat32LaneK d a           i8x16.shuffle that splats 32-bit lane K of a
//   F32x4MulLaneK   d a v          d = a * (lane K of v in every lane); ..LaneLK: that * a
//   V128Mac<P><M>   d .. y         multiply-accumulate: d = y + p, p the product (P: Dot
//                                  i32x4.dot_i16x8_s, I16 i16x8.mul, F32 f32x4.mul, added by
//                                  the same shape's add) of d a b (M = SS), or of `other` and
//                                  a v128 loaded as in the SM_S / MS_S forms (d other address c
//                                  off); ..L: d = p + y (the operand order kept, for NaN bits)
//   F64AxpyStore    L s b c o1 o2  store64(L + o2) = s * load64((u32)(b + c) + o1) + load64(L + o2)
//   F64AxpyStoreAdd(Imm) L p q s b c o1 o2  L = p + q (a slot, or the constant q), then the same
//   F64Mul<op>      d a b y        d = (a * b) <op> y: Mul (a*b)*y, Add y + a*b, Sub y - a*b,
//                                  Rsub a*b - y, each product rounded first (no FMA); the
//                                  ..A forms leave d in the accumulator
//   I32<op><shift>  d a b k        d = a <op> (b <shift> k): an ALU op with a shifted operand
//   I32AddImmBrNz/Z L a c off      L = a + c, then branch if L != 0 / == 0
#define WB_FUSED_OPS(X)                                                                      \
  X(Load8UC) X(Load16UC) X(Load32UC) X(Load64C) X(Load8S32C) X(Load16S32C) X(Load8S64C)      \
  X(Load16S64C) X(Load32S64C) X(Load128C)                                                    \
  X(Load8UAS) X(Load16UAS) X(Load32UAS) X(Load64AS) X(Load8S32AS) X(Load16S32AS)             \
  X(Load8S64AS) X(Load16S64AS) X(Load32S64AS) X(Load128AS)                                   \
  X(Load8USC) X(Load16USC) X(Load32USC) X(Load64SC) X(Load8S32SC) X(Load16S32SC)             \
  X(Load8S64SC) X(Load16S64SC) X(Load32S64SC) X(Load128SC)                                   \
  X(Store8C) X(Store16C) X(Store32C) X(Store64C) X(Store128C)                                \
  X(Store8Imm) X(Store16Imm) X(Store32Imm) X(Store64Imm)                                     \
  X(Store8AS) X(Store16AS) X(Store32AS) X(Store64AS) X(Store128AS)                           \
  X(Store8ImmAS) X(Store16ImmAS) X(Store32ImmAS) X(Store64ImmAS)                             \
  X(F64AddLoad) X(F64SubLoad) X(F64SubLoadRev) X(F64MulLoad) X(F64DivLoad) X(F64DivLoadRev)  \
  X(F64AddStore) X(F64SubStore) X(F64SubStoreRev) X(F64MulStore)                             \
  X(F64AxpyStore) X(F64AxpyStoreAddImm) X(F64AxpyStoreAdd)                                  \
  X(F64MulMul) X(F64MulMulA) X(F64MulAdd) X(F64MulAddA)                                      \
  X(F64MulSub) X(F64MulSubA) X(F64MulRsub) X(F64MulRsubA)                                    \
  X(V128Splat32Lane0) X(V128Splat32Lane1) X(V128Splat32Lane2) X(V128Splat32Lane3)            \
  X(F32x4MulLane0) X(F32x4MulLane1) X(F32x4MulLane2) X(F32x4MulLane3)                        \
  X(F32x4MulLaneL0) X(F32x4MulLaneL1) X(F32x4MulLaneL2) X(F32x4MulLaneL3)                    \
  X(V128MacDotSS) X(V128MacDotSM) X(V128MacDotMS)                                           \
  X(V128MacDotSSL) X(V128MacDotSML) X(V128MacDotMSL)                                        \
  X(V128MacI16SS) X(V128MacI16SM) X(V128MacI16MS)                                           \
  X(V128MacI16SSL) X(V128MacI16SML) X(V128MacI16MSL)                                        \
  X(V128MacF32SS) X(V128MacF32SM) X(V128MacF32MS)                                           \
  X(V128MacF32SSL) X(V128MacF32SML) X(V128MacF32MSL)                                        \
  X(I32AddShrS) X(I32AddShrU) X(I32AddRotl) X(I32AddRotr)                                    \
  X(I32SubShl) X(I32SubShrS) X(I32SubShrU) X(I32SubRotl) X(I32SubRotr)                       \
  X(I32AndShl) X(I32AndShrS) X(I32AndShrU) X(I32AndRotl) X(I32AndRotr)                       \
  X(I32OrShl) X(I32OrShrS) X(I32OrShrU) X(I32OrRotl) X(I32OrRotr)                            \
  X(I32XorShl) X(I32XorShrS) X(I32XorShrU) X(I32XorRotl) X(I32XorRotr)                       \
  X(I32AddImmBrNz) X(I32AddImmBrZ)                                                           \
  X(BrAccNz) X(BrAccZ) /* off: br_if on an i32 in the accumulator */                         \
  X(BrI64Z) X(BrI64Nz) /* a off: i64.eqz + br_if */

// The comparisons that fuse with a following br_if or if: (opcode, numeric.h function,
// operand type).
#define WB_COMPARE_OPS(X)                                                                    \
  X(I32Eq, i32_eq, uint32_t) X(I32Ne, i32_ne, uint32_t) X(I32LtS, i32_lt_s, uint32_t)         \
  X(I32LtU, i32_lt_u, uint32_t) X(I32GtS, i32_gt_s, uint32_t) X(I32GtU, i32_gt_u, uint32_t)   \
  X(I32LeS, i32_le_s, uint32_t) X(I32LeU, i32_le_u, uint32_t) X(I32GeS, i32_ge_s, uint32_t)   \
  X(I32GeU, i32_ge_u, uint32_t)                                                              \
  X(I64Eq, i64_eq, uint64_t) X(I64Ne, i64_ne, uint64_t) X(I64LtS, i64_lt_s, uint64_t)         \
  X(I64LtU, i64_lt_u, uint64_t) X(I64GtS, i64_gt_s, uint64_t) X(I64GtU, i64_gt_u, uint64_t)   \
  X(I64LeS, i64_le_s, uint64_t) X(I64LeU, i64_le_u, uint64_t) X(I64GeS, i64_ge_s, uint64_t)   \
  X(I64GeU, i64_ge_u, uint64_t)                                                              \
  X(F32Eq, f32_eq, float) X(F32Ne, f32_ne, float) X(F32Lt, f32_lt, float)                    \
  X(F32Gt, f32_gt, float) X(F32Le, f32_le, float) X(F32Ge, f32_ge, float)                    \
  X(F64Eq, f64_eq, double) X(F64Ne, f64_ne, double) X(F64Lt, f64_lt, double)                 \
  X(F64Gt, f64_gt, double) X(F64Le, f64_le, double) X(F64Ge, f64_ge, double)

constexpr size_t kCompareCount = 32;     // entries of WB_COMPARE_OPS
constexpr size_t kI32CompareCount = 10;  // the first ones, the i32 comparisons

enum class XOp : uint16_t {
#define WB_X(name) name,
  WB_CORE_OPS(WB_X)
  WB_FUSED_OPS(WB_X)
#undef WB_X
  // Loads and stores with the accumulator (see load_acc_op, store_acc_op).
  LoadAccBase_,
  StoreAccBase_ = LoadAccBase_ + 9 * 6,
  // Compare-and-branch: eight ops per comparison (see cmp_branch_op), operands
  // a b off (b a slot) or a imm off.
  CmpBranchBase_ = StoreAccBase_ + 4 * 2,
  // A local's update fused into the compare-and-branch that tests it (the loop counter
  // idiom `local.set L (L + x); br_if (L <cmp> imm)`): four ops per i32 comparison (see
  // add_cmp_branch_op), operands L a b imm off: L = a + b (b a slot, or a constant), then
  // branch on L <cmp> imm.
  AddCmpBranchBase_ = CmpBranchBase_ + 8 * kCompareCount,
  // Numeric ops: one per Wasm opcode with a fixed signature and no immediate and operand
  // form (NumForm), operands d a (unary) or d a b (binary).
  NumericBase_ = AddCmpBranchBase_ + 4 * kI32CompareCount,
};

// Where a numeric op's operands come from and where its result goes: S a slot, I an
// immediate word, A the accumulator (the result of the op just before, passed in a
// register). Every form keeps the d a b layout; a word whose operand is the accumulator is
// ignored (it still names the slot, so the translator can turn the form back). Unary ops
// use the forms whose second letter is S.
//
// SIMD binary ops also have SM_S / MS_S (d other address c offset: the right / left operand
// a v128 loaded from (u32)(address + c) + offset) and, on x86-64, SI_S with a v128 constant
// (d a lo hi) or, for the shifts, a constant count (d a k).
enum class NumForm : uint8_t {
  SS_S, SI_S, SS_A, SI_A, AS_S, AS_A, AI_S, AI_A, SA_S, SA_A, SM_S, MS_S, Count_
};
constexpr size_t kNumFormCount = static_cast<size_t>(NumForm::Count_);
// The same form with the result going to the accumulator.
constexpr NumForm to_acc(NumForm f) {
  switch (f) {
    case NumForm::SS_S: return NumForm::SS_A;
    case NumForm::SI_S: return NumForm::SI_A;
    case NumForm::AS_S: return NumForm::AS_A;
    case NumForm::AI_S: return NumForm::AI_A;
    case NumForm::SA_S: return NumForm::SA_A;
    default: return f;
  }
}

constexpr size_t kNumericOpCount = kOpcodeCount;
constexpr size_t kXOpCount = static_cast<size_t>(XOp::NumericBase_) + kNumFormCount * kNumericOpCount;

// The position of a comparison in WB_COMPARE_OPS, or -1 for other opcodes.
int compare_index(Opcode op);
// The fused compare-and-branch op of comparison `op`: branch when the comparison is true
// (or, if `negate`, when it is false; for floats that includes unordered operands), against
// a slot or an immediate right operand, the left one in a slot or (`acc`) the accumulator.
inline XOp cmp_branch_op(int compare, bool negate, bool imm, bool acc = false) {
  return static_cast<XOp>(static_cast<size_t>(XOp::CmpBranchBase_) +
                          8 * static_cast<size_t>(compare) + 4 * acc + 2 * negate + imm);
}

// Loads and stores with the accumulator, for the nine scalar loads (Load8U .. Load32S64)
// and four scalar stores (Store8 .. Store64):
//   ToAcc      d a off        the plain load, result to the accumulator
//   CToAcc     d a c off      the ..C load, result to the accumulator
//   ASToAcc    d a b k off    the ..AS load, result to the accumulator
//   SCToAcc    d a k c off    the ..SC load, result to the accumulator
//   FromAcc    d a off        address from the accumulator, result to slot d
//   AccToAcc   d a off        address from the accumulator, result to the accumulator
//   store ValueFromAcc   a b off     the plain store, value from the accumulator
//   store CValueFromAcc  a b c off   the ..C store, value from the accumulator
enum class LoadAcc : uint8_t { ToAcc, CToAcc, ASToAcc, SCToAcc, FromAcc, AccToAcc };
enum class StoreAcc : uint8_t { ValueFromAcc, CValueFromAcc };
inline XOp load_acc_op(XOp load, LoadAcc form) {
  return static_cast<XOp>(static_cast<size_t>(XOp::LoadAccBase_) +
                          6 * (static_cast<size_t>(load) - static_cast<size_t>(XOp::Load8U)) +
                          static_cast<size_t>(form));
}
inline XOp store_acc_op(XOp store, StoreAcc form) {
  return static_cast<XOp>(static_cast<size_t>(XOp::StoreAccBase_) +
                          2 * (static_cast<size_t>(store) - static_cast<size_t>(XOp::Store8)) +
                          static_cast<size_t>(form));
}

inline XOp add_cmp_branch_op(int compare, bool negate, bool add_slot) {
  return static_cast<XOp>(static_cast<size_t>(XOp::AddCmpBranchBase_) +
                          4 * static_cast<size_t>(compare) + 2 * negate + add_slot);
}

inline XOp numeric_form_op(Opcode op, NumForm form) {
  return static_cast<XOp>(static_cast<size_t>(XOp::NumericBase_) +
                          static_cast<size_t>(form) * kNumericOpCount + static_cast<size_t>(op));
}
inline XOp numeric_op(Opcode op) { return numeric_form_op(op, NumForm::SS_S); }
inline XOp numeric_imm_op(Opcode op) { return numeric_form_op(op, NumForm::SI_S); }

// Handler addresses by op; null for numeric slots with no handler (yet).
Handler handler(XOp op);
// Whether `op` (a numeric Wasm opcode) has an immediate-operand form.
bool has_imm_form(Opcode op);

}  // namespace wasmbind::detail
