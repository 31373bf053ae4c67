// Superinstructions over linear memory (see WB_FUSED_OPS in ops.h): loads and stores whose
// address arithmetic (i32.add of a constant, or base + index << k) is folded in, stores of a
// constant, and f64 arithmetic with its load operand folded in.
//
// The folded 32-bit address arithmetic wraps exactly as the i32 instruction it replaces would
// (it is done in uint32_t); the memarg offset is then added in 64 bits and the access bounds-
// checked like any other, so a folded access traps exactly when the unfused pair would.
#include <bit>

#include "exec/handler.h"
#include "exec/numeric.h"

namespace wasmbind::detail {
namespace {

struct V128Bytes {  // the "Stored" type of 16-byte accesses
  uint8_t bytes[16];
};

// Reads a `Stored` at p into slot d, extended as `Slotted` (v128: both slots).
template <class Stored, class Slotted>
inline void load_into(Slot* fp, uint64_t d, const uint8_t* p) noexcept {
  if constexpr (sizeof(Stored) == 16) {
    std::memcpy(fp + d, p, 16);
  } else {
    Stored v;
    std::memcpy(&v, p, sizeof(Stored));
    wr<Slotted>(fp, d, static_cast<Slotted>(v));
  }
}

inline uint64_t plus_const(const Slot* fp, uint64_t a, uint64_t c) noexcept {
  return static_cast<uint32_t>(fp[a] + c);
}
inline uint64_t plus_shifted(const Slot* fp, uint64_t a, uint64_t b, uint64_t k) noexcept {
  return static_cast<uint32_t>(static_cast<uint32_t>(fp[a]) + (static_cast<uint32_t>(fp[b]) << k));
}

inline uint64_t shifted_plus_const(const Slot* fp, uint64_t a, uint64_t k, uint64_t c) noexcept {
  return static_cast<uint32_t>((static_cast<uint32_t>(fp[a]) << k) + static_cast<uint32_t>(c));
}

// d a c off
template <class Stored, class Slotted>
WB_HANDLER(op_load_c) {
  uint64_t ea = plus_const(fp, ip[2].u, ip[3].u) + ip[4].u;
  if (ea + sizeof(Stored) > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  load_into<Stored, Slotted>(fp, ip[1].u, mem + ea);
  WB_NEXT(5);
}

// d a b k off
template <class Stored, class Slotted>
WB_HANDLER(op_load_as) {
  uint64_t ea = plus_shifted(fp, ip[2].u, ip[3].u, ip[4].u) + ip[5].u;
  if (ea + sizeof(Stored) > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  load_into<Stored, Slotted>(fp, ip[1].u, mem + ea);
  WB_NEXT(6);
}

// d a k c off
template <class Stored, class Slotted>
WB_HANDLER(op_load_sc) {
  uint64_t ea = shifted_plus_const(fp, ip[2].u, ip[3].u, ip[4].u) + ip[5].u;
  if (ea + sizeof(Stored) > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  load_into<Stored, Slotted>(fp, ip[1].u, mem + ea);
  WB_NEXT(6);
}

// a b c off
template <size_t N>
WB_HANDLER(op_store_c) {
  uint64_t ea = plus_const(fp, ip[1].u, ip[3].u) + ip[4].u;
  if (ea + N > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  std::memcpy(mem + ea, fp + ip[2].u, N);
  WB_NEXT(5);
}

// a b k v off (v a slot), or a b k imm off
template <size_t N, bool Imm>
WB_HANDLER(op_store_as) {
  uint64_t ea = plus_shifted(fp, ip[1].u, ip[2].u, ip[3].u) + ip[5].u;
  if (ea + N > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  std::memcpy(mem + ea, Imm ? static_cast<const void*>(&ip[4].u) : fp + ip[4].u, N);
  WB_NEXT(6);
}

// a imm off
template <size_t N>
WB_HANDLER(op_store_imm) {
  uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(fp[ip[1].u])) + ip[3].u;
  if (ea + N > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  std::memcpy(mem + ea, &ip[2].u, N);  // the constant's low bytes (little-endian host)
  WB_NEXT(4);
}

// d a b c off: d = a op load, or load op a when Reversed.
template <double (*Op)(double, double) noexcept, bool Reversed>
WB_HANDLER(op_f64_arith_load) {
  uint64_t ea = plus_const(fp, ip[3].u, ip[4].u) + ip[5].u;
  if (ea + 8 > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  double loaded, a = rd<double>(fp, ip[2].u);
  std::memcpy(&loaded, mem + ea, 8);
  wr<double>(fp, ip[1].u, Reversed ? Op(loaded, a) : Op(a, loaded));
  WB_NEXT(6);
}

// a b off: mem[a + off] = b op mem[a + off] (or mem op b when Reversed), one bounds check.
template <double (*Op)(double, double) noexcept, bool Reversed>
WB_HANDLER(op_f64_arith_store) {
  uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(fp[ip[1].u])) + ip[3].u;
  if (ea + 8 > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  double m, b = rd<double>(fp, ip[2].u);
  std::memcpy(&m, mem + ea, 8);
  double r = Reversed ? Op(m, b) : Op(b, m);
  std::memcpy(mem + ea, &r, 8);
  WB_NEXT(4);
}

// The axpy step y[i] += s * x[j] from operand words w = L s b c o1 o2 (both loads checked
// before the store).
#define WB_AXPY_STEP(w, size)                                                             \
  do {                                                                                     \
    uint64_t ex = plus_const(fp, (w)[2].u, (w)[3].u) + (w)[4].u;                           \
    uint64_t ey = static_cast<uint64_t>(static_cast<uint32_t>(fp[(w)[0].u])) + (w)[5].u;   \
    if (ex + 8 > msize || ey + 8 > msize) [[unlikely]]                                     \
      WB_TRAP(TrapKind::MemoryOutOfBounds);                                                \
    double x, y;                                                                           \
    std::memcpy(&x, mem + ex, 8);                                                          \
    std::memcpy(&y, mem + ey, 8);                                                          \
    double r = numeric::f64_add(numeric::f64_mul(rd<double>(fp, (w)[1].u), x), y);         \
    std::memcpy(mem + ey, &r, 8);                                                          \
    WB_NEXT(size);                                                                         \
  } while (0)

// L s b c o1 o2
WB_HANDLER(op_f64_axpy_store) { WB_AXPY_STEP(ip + 1, 7); }

// L p q s b c o1 o2: first L = p + q (q a slot, or a constant if Imm), as the i32.add that
// stepped the address did.
template <bool Imm>
WB_HANDLER(op_f64_axpy_store_add) {
  const uint32_t q = Imm ? static_cast<uint32_t>(ip[3].u) : static_cast<uint32_t>(fp[ip[3].u]);
  wr<uint32_t>(fp, ip[1].u, static_cast<uint32_t>(fp[ip[2].u]) + q);
  const Word w[6] = {ip[1], ip[4], ip[5], ip[6], ip[7], ip[8]};
  WB_AXPY_STEP(w, 9);
}
#undef WB_AXPY_STEP

// d a b y: the product a * b, then combined with y (see ops.h), to slot d or the accumulator.
template <int Combine, bool ToAcc>
WB_HANDLER(op_f64_mul_then) {
  const double p = numeric::f64_mul(rd<double>(fp, ip[2].u), rd<double>(fp, ip[3].u));
  const double y = rd<double>(fp, ip[4].u);
  double r;
  if constexpr (Combine == 0) r = numeric::f64_mul(p, y);
  else if constexpr (Combine == 1) r = numeric::f64_add(y, p);
  else if constexpr (Combine == 2) r = numeric::f64_sub(y, p);
  else r = numeric::f64_sub(p, y);
  if constexpr (ToAcc) acc = std::bit_cast<uint64_t>(r);
  else wr(fp, ip[1].u, r);
  WB_NEXT(5);
}

// d a: all four 32-bit lanes of d are lane K of a (an i8x16.shuffle splatting a lane).
template <int K>
WB_HANDLER(op_v128_splat32) {
  uint32_t lane;
  std::memcpy(&lane, reinterpret_cast<const uint8_t*>(fp + ip[2].u) + 4 * K, 4);
  uint64_t two = lane * uint64_t{0x100000001};
  fp[ip[1].u] = two;
  fp[ip[1].u + 1] = two;
  WB_NEXT(3);
}

// d a b k: d = a op (b shift k), the shift count already reduced below 32.
template <uint32_t (*Op)(uint32_t, uint32_t) noexcept, uint32_t (*Shift)(uint32_t, uint32_t) noexcept>
WB_HANDLER(op_i32_shifted) {
  uint32_t b = Shift(static_cast<uint32_t>(fp[ip[3].u]), static_cast<uint32_t>(ip[4].u));
  wr<uint32_t>(fp, ip[1].u, Op(static_cast<uint32_t>(fp[ip[2].u]), b));
  WB_NEXT(5);
}

// ---- with the accumulator (load_acc_op, store_acc_op) ------------------------------------

enum class Addr : uint8_t { Plain, C, AS, SC, Acc };

template <class Slotted>
inline uint64_t acc_bits(Slotted v) noexcept {  // narrow values zero-extended, as in slots
  if constexpr (sizeof(Slotted) == 4) return static_cast<uint32_t>(v);
  else return static_cast<uint64_t>(v);
}

template <class Stored, class Slotted, Addr M, bool ToAcc>
WB_HANDLER(op_load_acc) {
  uint64_t ea;
  constexpr size_t kWords = M == Addr::Plain || M == Addr::Acc ? 4 : M == Addr::C ? 5 : 6;
  if constexpr (M == Addr::Plain) ea = static_cast<uint32_t>(fp[ip[2].u]) + ip[3].u;
  else if constexpr (M == Addr::C) ea = plus_const(fp, ip[2].u, ip[3].u) + ip[4].u;
  else if constexpr (M == Addr::AS) ea = plus_shifted(fp, ip[2].u, ip[3].u, ip[4].u) + ip[5].u;
  else if constexpr (M == Addr::SC) ea = shifted_plus_const(fp, ip[2].u, ip[3].u, ip[4].u) + ip[5].u;
  else ea = static_cast<uint32_t>(acc) + ip[3].u;
  if (ea + sizeof(Stored) > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  Stored v;
  std::memcpy(&v, mem + ea, sizeof(Stored));
  if constexpr (ToAcc) acc = acc_bits(static_cast<Slotted>(v));
  else wr<Slotted>(fp, ip[1].u, static_cast<Slotted>(v));
  WB_NEXT(kWords);
}

template <size_t N, bool C>
WB_HANDLER(op_store_acc) {
  uint64_t ea = C ? plus_const(fp, ip[1].u, ip[3].u) + ip[4].u
                  : static_cast<uint32_t>(fp[ip[1].u]) + ip[3].u;
  if (ea + N > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  std::memcpy(mem + ea, &acc, N);  // the value's low bytes (little-endian host)
  WB_NEXT(C ? 5 : 4);
}

template <class Stored, class Slotted>
void set_load_acc(Handler* t, XOp load) {
  auto set = [&](LoadAcc f, Handler h) { t[static_cast<size_t>(load_acc_op(load, f))] = h; };
  set(LoadAcc::ToAcc, op_load_acc<Stored, Slotted, Addr::Plain, true>);
  set(LoadAcc::CToAcc, op_load_acc<Stored, Slotted, Addr::C, true>);
  set(LoadAcc::ASToAcc, op_load_acc<Stored, Slotted, Addr::AS, true>);
  set(LoadAcc::SCToAcc, op_load_acc<Stored, Slotted, Addr::SC, true>);
  set(LoadAcc::FromAcc, op_load_acc<Stored, Slotted, Addr::Acc, false>);
  set(LoadAcc::AccToAcc, op_load_acc<Stored, Slotted, Addr::Acc, true>);
}

template <size_t N>
void set_store_acc(Handler* t, XOp store) {
  t[static_cast<size_t>(store_acc_op(store, StoreAcc::ValueFromAcc))] = op_store_acc<N, false>;
  t[static_cast<size_t>(store_acc_op(store, StoreAcc::CValueFromAcc))] = op_store_acc<N, true>;
}

}  // namespace

void register_fused_handlers(Handler* t) {
  auto set = [t](XOp op, Handler h) { t[static_cast<size_t>(op)] = h; };
#define WB_LOADS(Op, Stored, Slotted)              \
  set(XOp::Op##C, op_load_c<Stored, Slotted>);     \
  set(XOp::Op##AS, op_load_as<Stored, Slotted>);   \
  set(XOp::Op##SC, op_load_sc<Stored, Slotted>);
  WB_LOADS(Load8U, uint8_t, uint64_t)
  WB_LOADS(Load16U, uint16_t, uint64_t)
  WB_LOADS(Load32U, uint32_t, uint64_t)
  WB_LOADS(Load64, uint64_t, uint64_t)
  WB_LOADS(Load8S32, int8_t, uint32_t)
  WB_LOADS(Load16S32, int16_t, uint32_t)
  WB_LOADS(Load8S64, int8_t, int64_t)
  WB_LOADS(Load16S64, int16_t, int64_t)
  WB_LOADS(Load32S64, int32_t, int64_t)
  WB_LOADS(Load128, V128Bytes, V128Bytes)
#undef WB_LOADS
  set_load_acc<uint8_t, uint64_t>(t, XOp::Load8U);
  set_load_acc<uint16_t, uint64_t>(t, XOp::Load16U);
  set_load_acc<uint32_t, uint64_t>(t, XOp::Load32U);
  set_load_acc<uint64_t, uint64_t>(t, XOp::Load64);
  set_load_acc<int8_t, uint32_t>(t, XOp::Load8S32);
  set_load_acc<int16_t, uint32_t>(t, XOp::Load16S32);
  set_load_acc<int8_t, int64_t>(t, XOp::Load8S64);
  set_load_acc<int16_t, int64_t>(t, XOp::Load16S64);
  set_load_acc<int32_t, int64_t>(t, XOp::Load32S64);
  set_store_acc<1>(t, XOp::Store8);
  set_store_acc<2>(t, XOp::Store16);
  set_store_acc<4>(t, XOp::Store32);
  set_store_acc<8>(t, XOp::Store64);
  set(XOp::Store8C, op_store_c<1>);
  set(XOp::Store16C, op_store_c<2>);
  set(XOp::Store32C, op_store_c<4>);
  set(XOp::Store64C, op_store_c<8>);
  set(XOp::Store128C, op_store_c<16>);
  set(XOp::Store8AS, op_store_as<1, false>);
  set(XOp::Store16AS, op_store_as<2, false>);
  set(XOp::Store32AS, op_store_as<4, false>);
  set(XOp::Store64AS, op_store_as<8, false>);
  set(XOp::Store128AS, op_store_as<16, false>);
  set(XOp::Store8ImmAS, op_store_as<1, true>);
  set(XOp::Store16ImmAS, op_store_as<2, true>);
  set(XOp::Store32ImmAS, op_store_as<4, true>);
  set(XOp::Store64ImmAS, op_store_as<8, true>);
  set(XOp::Store8Imm, op_store_imm<1>);
  set(XOp::Store16Imm, op_store_imm<2>);
  set(XOp::Store32Imm, op_store_imm<4>);
  set(XOp::Store64Imm, op_store_imm<8>);
  set(XOp::F64AddLoad, op_f64_arith_load<numeric::f64_add, false>);
  set(XOp::F64SubLoad, op_f64_arith_load<numeric::f64_sub, false>);
  set(XOp::F64SubLoadRev, op_f64_arith_load<numeric::f64_sub, true>);
  set(XOp::F64MulLoad, op_f64_arith_load<numeric::f64_mul, false>);
  set(XOp::F64DivLoad, op_f64_arith_load<numeric::f64_div, false>);
  set(XOp::F64DivLoadRev, op_f64_arith_load<numeric::f64_div, true>);
  set(XOp::F64AddStore, op_f64_arith_store<numeric::f64_add, false>);
  set(XOp::F64SubStore, op_f64_arith_store<numeric::f64_sub, false>);
  set(XOp::F64SubStoreRev, op_f64_arith_store<numeric::f64_sub, true>);
  set(XOp::F64MulStore, op_f64_arith_store<numeric::f64_mul, false>);
  set(XOp::F64AxpyStore, op_f64_axpy_store);
  set(XOp::F64AxpyStoreAddImm, op_f64_axpy_store_add<true>);
  set(XOp::F64AxpyStoreAdd, op_f64_axpy_store_add<false>);
  set(XOp::F64MulMul, op_f64_mul_then<0, false>);
  set(XOp::F64MulMulA, op_f64_mul_then<0, true>);
  set(XOp::F64MulAdd, op_f64_mul_then<1, false>);
  set(XOp::F64MulAddA, op_f64_mul_then<1, true>);
  set(XOp::F64MulSub, op_f64_mul_then<2, false>);
  set(XOp::F64MulSubA, op_f64_mul_then<2, true>);
  set(XOp::F64MulRsub, op_f64_mul_then<3, false>);
  set(XOp::F64MulRsubA, op_f64_mul_then<3, true>);
  set(XOp::V128Splat32Lane0, op_v128_splat32<0>);
  set(XOp::V128Splat32Lane1, op_v128_splat32<1>);
  set(XOp::V128Splat32Lane2, op_v128_splat32<2>);
  set(XOp::V128Splat32Lane3, op_v128_splat32<3>);
  namespace n = numeric;
#define WB_SHIFTED(op, fn)                                             \
  set(XOp::I32##op##ShrS, op_i32_shifted<n::fn, n::i32_shr_s>);        \
  set(XOp::I32##op##ShrU, op_i32_shifted<n::fn, n::i32_shr_u>);        \
  set(XOp::I32##op##Rotl, op_i32_shifted<n::fn, n::i32_rotl>);         \
  set(XOp::I32##op##Rotr, op_i32_shifted<n::fn, n::i32_rotr>);
  WB_SHIFTED(Add, i32_add)
  WB_SHIFTED(Sub, i32_sub)
  WB_SHIFTED(And, i32_and)
  WB_SHIFTED(Or, i32_or)
  WB_SHIFTED(Xor, i32_xor)
#undef WB_SHIFTED
  set(XOp::I32SubShl, op_i32_shifted<n::i32_sub, n::i32_shl>);
  set(XOp::I32AndShl, op_i32_shifted<n::i32_and, n::i32_shl>);
  set(XOp::I32OrShl, op_i32_shifted<n::i32_or, n::i32_shl>);
  set(XOp::I32XorShl, op_i32_shifted<n::i32_xor, n::i32_shl>);
}

}  // namespace wasmbind::detail
