// SIMD handlers: one per 0xFD-prefixed Wasm instruction except v128.load, v128.store and
// v128.const (which are generic 128-bit moves, see ops_memory.cc and ops_control.cc).
//
// The semantics live in simd.h as functions on V128 values; the handlers here only move
// operands between frame slots (a v128 takes two adjacent slots) and memory. They read every
// operand before writing the result, because the translator lets the destination overlap the
// sources. Operand layouts (see translate_simd_immediate and translate_numeric):
//   unary       d a                     binary / shift   d a b       bitselect   d a b c
//   splat       d a (scalar slot)       any/all_true, bitmask  d a  (i32 result)
//   extract     d a lane                replace          d a b lane  (b a scalar slot)
//   shuffle     d a b lo hi             (16 lane bytes, little-endian in two words)
//   load        d a(address) offset     (the extending, splat and zero loads)
//   load lane   d a(address) b(vector) offset lane
//   store lane  a(address) b(vector) offset lane
#include "exec/handler.h"
#include "exec/simd.h"

namespace wasmbind::detail {
namespace {

using simd::V128;

inline V128 get(const Slot* fp, uint64_t slot) noexcept {
  V128 v;
  std::memcpy(v.data(), fp + slot, 16);
  return v;
}
inline void put(Slot* fp, uint64_t slot, const V128& v) noexcept {
  std::memcpy(fp + slot, v.data(), 16);
}

// Lane immediates are validated; masking keeps even a corrupt one inside the vector.
template <class T>
inline size_t lane_index(uint64_t imm) noexcept {
  return static_cast<size_t>(imm) & (16 / sizeof(T) - 1);
}

// ---- register-only operations ----------------------------------------------------------

template <V128 (*F)(V128)>
WB_HANDLER(op_unary) {
  put(fp, ip[1].u, F(get(fp, ip[2].u)));
  WB_NEXT(3);
}

template <V128 (*F)(V128, V128)>
WB_HANDLER(op_binary) {
  put(fp, ip[1].u, F(get(fp, ip[2].u), get(fp, ip[3].u)));
  WB_NEXT(4);
}

WB_HANDLER(op_bitselect) {
  put(fp, ip[1].u, simd::bitselect(get(fp, ip[2].u), get(fp, ip[3].u), get(fp, ip[4].u)));
  WB_NEXT(5);
}

template <V128 (*F)(V128, uint32_t)>
WB_HANDLER(op_shift) {
  put(fp, ip[1].u, F(get(fp, ip[2].u), rd<uint32_t>(fp, ip[3].u)));
  WB_NEXT(4);
}

// any_true, all_true, bitmask: v128 -> i32.
template <uint32_t (*F)(V128)>
WB_HANDLER(op_test) {
  wr<uint32_t>(fp, ip[1].u, F(get(fp, ip[2].u)));
  WB_NEXT(3);
}

template <class T>
WB_HANDLER(op_splat) {
  put(fp, ip[1].u, simd::splat<T>(rd<T>(fp, ip[2].u)));
  WB_NEXT(3);
}

// Lane T converted to the scalar R: int8_t -> uint32_t sign-extends (extract_lane_s),
// uint8_t -> uint32_t zero-extends (extract_lane_u).
template <class T, class R>
WB_HANDLER(op_extract_lane) {
  T x = simd::lanes<T>(get(fp, ip[2].u))[lane_index<T>(ip[3].u)];
  wr<R>(fp, ip[1].u, static_cast<R>(x));
  WB_NEXT(4);
}

template <class T>
WB_HANDLER(op_replace_lane) {
  simd::Lanes<T> l = simd::lanes<T>(get(fp, ip[2].u));
  l[lane_index<T>(ip[4].u)] = rd<T>(fp, ip[3].u);
  put(fp, ip[1].u, simd::vec<T>(l));
  WB_NEXT(5);
}

WB_HANDLER(op_shuffle) {
  V128 idx;
  std::memcpy(idx.data(), &ip[4].u, 8);
  std::memcpy(idx.data() + 8, &ip[5].u, 8);
  put(fp, ip[1].u, simd::shuffle(get(fp, ip[2].u), get(fp, ip[3].u), idx));
  WB_NEXT(6);
}

// ---- memory ------------------------------------------------------------------------------

// Reads N bytes into the low lanes of a zeroed vector and finishes it with F (widen for the
// extending loads, splat_low for the splat loads, identity for the zero loads).
template <size_t N, V128 (*F)(V128)>
WB_HANDLER(op_load_partial) {
  uint64_t ea;
  if (!effective_address(fp[ip[2].u], ip[3].u, N, msize, ea)) [[unlikely]]
    return trap(ctx, ip, TrapKind::MemoryOutOfBounds);
  V128 v{};
  std::memcpy(v.data(), mem + ea, N);
  put(fp, ip[1].u, F(v));
  WB_NEXT(4);
}

template <class T>
WB_HANDLER(op_load_lane) {
  uint64_t ea;
  if (!effective_address(fp[ip[2].u], ip[4].u, sizeof(T), msize, ea)) [[unlikely]]
    return trap(ctx, ip, TrapKind::MemoryOutOfBounds);
  simd::Lanes<T> l = simd::lanes<T>(get(fp, ip[3].u));
  std::memcpy(&l[lane_index<T>(ip[5].u)], mem + ea, sizeof(T));
  put(fp, ip[1].u, simd::vec<T>(l));
  WB_NEXT(6);
}

template <class T>
WB_HANDLER(op_store_lane) {
  uint64_t ea;
  if (!effective_address(fp[ip[1].u], ip[3].u, sizeof(T), msize, ea)) [[unlikely]]
    return trap(ctx, ip, TrapKind::MemoryOutOfBounds);
  const simd::Lanes<T> l = simd::lanes<T>(get(fp, ip[2].u));
  std::memcpy(mem + ea, &l[lane_index<T>(ip[4].u)], sizeof(T));
  WB_NEXT(5);
}

}  // namespace

void register_simd_handlers(Handler* t) {
  using namespace simd;
  namespace n = numeric;
  auto set = [t](Opcode op, Handler h) { t[static_cast<size_t>(numeric_op(op))] = h; };

  // ---- loads and stores (v128.load / v128.store are Load128 / Store128) ----
  set(Opcode::V128Load8x8S, op_load_partial<8, widen<&extend<int8_t, int16_t>, false>>);
  set(Opcode::V128Load8x8U, op_load_partial<8, widen<&extend<uint8_t, uint16_t>, false>>);
  set(Opcode::V128Load16x4S, op_load_partial<8, widen<&extend<int16_t, int32_t>, false>>);
  set(Opcode::V128Load16x4U, op_load_partial<8, widen<&extend<uint16_t, uint32_t>, false>>);
  set(Opcode::V128Load32x2S, op_load_partial<8, widen<&extend<int32_t, int64_t>, false>>);
  set(Opcode::V128Load32x2U, op_load_partial<8, widen<&extend<uint32_t, uint64_t>, false>>);
  set(Opcode::V128Load8Splat, op_load_partial<1, splat_low<uint8_t>>);
  set(Opcode::V128Load16Splat, op_load_partial<2, splat_low<uint16_t>>);
  set(Opcode::V128Load32Splat, op_load_partial<4, splat_low<uint32_t>>);
  set(Opcode::V128Load64Splat, op_load_partial<8, splat_low<uint64_t>>);
  set(Opcode::V128Load32Zero, op_load_partial<4, identity>);
  set(Opcode::V128Load64Zero, op_load_partial<8, identity>);
  set(Opcode::V128Load8Lane, op_load_lane<uint8_t>);
  set(Opcode::V128Load16Lane, op_load_lane<uint16_t>);
  set(Opcode::V128Load32Lane, op_load_lane<uint32_t>);
  set(Opcode::V128Load64Lane, op_load_lane<uint64_t>);
  set(Opcode::V128Store8Lane, op_store_lane<uint8_t>);
  set(Opcode::V128Store16Lane, op_store_lane<uint16_t>);
  set(Opcode::V128Store32Lane, op_store_lane<uint32_t>);
  set(Opcode::V128Store64Lane, op_store_lane<uint64_t>);

  // ---- lane access, shuffles, splats ----
  set(Opcode::I8x16Shuffle, op_shuffle);
  set(Opcode::I8x16Swizzle, op_binary<swizzle>);
  set(Opcode::I8x16Splat, op_splat<uint8_t>);
  set(Opcode::I16x8Splat, op_splat<uint16_t>);
  set(Opcode::I32x4Splat, op_splat<uint32_t>);
  set(Opcode::I64x2Splat, op_splat<uint64_t>);
  set(Opcode::F32x4Splat, op_splat<float>);
  set(Opcode::F64x2Splat, op_splat<double>);
  set(Opcode::I8x16ExtractLaneS, op_extract_lane<int8_t, uint32_t>);
  set(Opcode::I8x16ExtractLaneU, op_extract_lane<uint8_t, uint32_t>);
  set(Opcode::I16x8ExtractLaneS, op_extract_lane<int16_t, uint32_t>);
  set(Opcode::I16x8ExtractLaneU, op_extract_lane<uint16_t, uint32_t>);
  set(Opcode::I32x4ExtractLane, op_extract_lane<uint32_t, uint32_t>);
  set(Opcode::I64x2ExtractLane, op_extract_lane<uint64_t, uint64_t>);
  set(Opcode::F32x4ExtractLane, op_extract_lane<float, float>);
  set(Opcode::F64x2ExtractLane, op_extract_lane<double, double>);
  set(Opcode::I8x16ReplaceLane, op_replace_lane<uint8_t>);
  set(Opcode::I16x8ReplaceLane, op_replace_lane<uint16_t>);
  set(Opcode::I32x4ReplaceLane, op_replace_lane<uint32_t>);
  set(Opcode::I64x2ReplaceLane, op_replace_lane<uint64_t>);
  set(Opcode::F32x4ReplaceLane, op_replace_lane<float>);
  set(Opcode::F64x2ReplaceLane, op_replace_lane<double>);

  // ---- comparisons ----
  set(Opcode::I8x16Eq, op_binary<compare<&eq<uint8_t>>>);
  set(Opcode::I8x16Ne, op_binary<compare<&ne<uint8_t>>>);
  set(Opcode::I8x16LtS, op_binary<compare<&lt<int8_t>>>);
  set(Opcode::I8x16LtU, op_binary<compare<&lt<uint8_t>>>);
  set(Opcode::I8x16GtS, op_binary<compare<&gt<int8_t>>>);
  set(Opcode::I8x16GtU, op_binary<compare<&gt<uint8_t>>>);
  set(Opcode::I8x16LeS, op_binary<compare<&le<int8_t>>>);
  set(Opcode::I8x16LeU, op_binary<compare<&le<uint8_t>>>);
  set(Opcode::I8x16GeS, op_binary<compare<&ge<int8_t>>>);
  set(Opcode::I8x16GeU, op_binary<compare<&ge<uint8_t>>>);
  set(Opcode::I16x8Eq, op_binary<compare<&eq<uint16_t>>>);
  set(Opcode::I16x8Ne, op_binary<compare<&ne<uint16_t>>>);
  set(Opcode::I16x8LtS, op_binary<compare<&lt<int16_t>>>);
  set(Opcode::I16x8LtU, op_binary<compare<&lt<uint16_t>>>);
  set(Opcode::I16x8GtS, op_binary<compare<&gt<int16_t>>>);
  set(Opcode::I16x8GtU, op_binary<compare<&gt<uint16_t>>>);
  set(Opcode::I16x8LeS, op_binary<compare<&le<int16_t>>>);
  set(Opcode::I16x8LeU, op_binary<compare<&le<uint16_t>>>);
  set(Opcode::I16x8GeS, op_binary<compare<&ge<int16_t>>>);
  set(Opcode::I16x8GeU, op_binary<compare<&ge<uint16_t>>>);
  set(Opcode::I32x4Eq, op_binary<compare<&eq<uint32_t>>>);
  set(Opcode::I32x4Ne, op_binary<compare<&ne<uint32_t>>>);
  set(Opcode::I32x4LtS, op_binary<compare<&lt<int32_t>>>);
  set(Opcode::I32x4LtU, op_binary<compare<&lt<uint32_t>>>);
  set(Opcode::I32x4GtS, op_binary<compare<&gt<int32_t>>>);
  set(Opcode::I32x4GtU, op_binary<compare<&gt<uint32_t>>>);
  set(Opcode::I32x4LeS, op_binary<compare<&le<int32_t>>>);
  set(Opcode::I32x4LeU, op_binary<compare<&le<uint32_t>>>);
  set(Opcode::I32x4GeS, op_binary<compare<&ge<int32_t>>>);
  set(Opcode::I32x4GeU, op_binary<compare<&ge<uint32_t>>>);
  set(Opcode::I64x2Eq, op_binary<compare<&eq<uint64_t>>>);
  set(Opcode::I64x2Ne, op_binary<compare<&ne<uint64_t>>>);
  set(Opcode::I64x2LtS, op_binary<compare<&lt<int64_t>>>);
  set(Opcode::I64x2GtS, op_binary<compare<&gt<int64_t>>>);
  set(Opcode::I64x2LeS, op_binary<compare<&le<int64_t>>>);
  set(Opcode::I64x2GeS, op_binary<compare<&ge<int64_t>>>);
  set(Opcode::F32x4Eq, op_binary<compare<&eq<float>>>);
  set(Opcode::F32x4Ne, op_binary<compare<&ne<float>>>);
  set(Opcode::F32x4Lt, op_binary<compare<&lt<float>>>);
  set(Opcode::F32x4Gt, op_binary<compare<&gt<float>>>);
  set(Opcode::F32x4Le, op_binary<compare<&le<float>>>);
  set(Opcode::F32x4Ge, op_binary<compare<&ge<float>>>);
  set(Opcode::F64x2Eq, op_binary<compare<&eq<double>>>);
  set(Opcode::F64x2Ne, op_binary<compare<&ne<double>>>);
  set(Opcode::F64x2Lt, op_binary<compare<&lt<double>>>);
  set(Opcode::F64x2Gt, op_binary<compare<&gt<double>>>);
  set(Opcode::F64x2Le, op_binary<compare<&le<double>>>);
  set(Opcode::F64x2Ge, op_binary<compare<&ge<double>>>);

  // ---- bitwise ----
  set(Opcode::V128Not, op_unary<v128_not>);
  set(Opcode::V128And, op_binary<v128_and>);
  set(Opcode::V128Andnot, op_binary<v128_andnot>);
  set(Opcode::V128Or, op_binary<v128_or>);
  set(Opcode::V128Xor, op_binary<v128_xor>);
  set(Opcode::V128Bitselect, op_bitselect);
  set(Opcode::V128AnyTrue, op_test<any_true>);

  // ---- i8x16 ----
  set(Opcode::I8x16Abs, op_unary<map<&abs<uint8_t>>>);
  set(Opcode::I8x16Neg, op_unary<map<&neg<uint8_t>>>);
  set(Opcode::I8x16Popcnt, op_unary<map<&popcnt>>);
  set(Opcode::I8x16AllTrue, op_test<all_true<uint8_t>>);
  set(Opcode::I8x16Bitmask, op_test<bitmask<int8_t>>);
  set(Opcode::I8x16NarrowI16x8S, op_binary<narrow<&narrow_sat<int16_t, int8_t>>>);
  set(Opcode::I8x16NarrowI16x8U, op_binary<narrow<&narrow_sat<int16_t, uint8_t>>>);
  set(Opcode::I8x16Shl, op_shift<shift<&shl<uint8_t>>>);
  set(Opcode::I8x16ShrS, op_shift<shift<&shr_s<int8_t>>>);
  set(Opcode::I8x16ShrU, op_shift<shift<&shr_u<uint8_t>>>);
  set(Opcode::I8x16Add, op_binary<zip<&add<uint8_t>>>);
  set(Opcode::I8x16AddSatS, op_binary<zip<&add_sat<int8_t>>>);
  set(Opcode::I8x16AddSatU, op_binary<zip<&add_sat<uint8_t>>>);
  set(Opcode::I8x16Sub, op_binary<zip<&sub<uint8_t>>>);
  set(Opcode::I8x16SubSatS, op_binary<zip<&sub_sat<int8_t>>>);
  set(Opcode::I8x16SubSatU, op_binary<zip<&sub_sat<uint8_t>>>);
  set(Opcode::I8x16MinS, op_binary<zip<&min<int8_t>>>);
  set(Opcode::I8x16MinU, op_binary<zip<&min<uint8_t>>>);
  set(Opcode::I8x16MaxS, op_binary<zip<&max<int8_t>>>);
  set(Opcode::I8x16MaxU, op_binary<zip<&max<uint8_t>>>);
  set(Opcode::I8x16AvgrU, op_binary<zip<&avgr_u<uint8_t>>>);

  // ---- i16x8 ----
  set(Opcode::I16x8ExtaddPairwiseI8x16S, op_unary<pairs<&add_pair<int8_t, int16_t>>>);
  set(Opcode::I16x8ExtaddPairwiseI8x16U, op_unary<pairs<&add_pair<uint8_t, uint16_t>>>);
  set(Opcode::I16x8Abs, op_unary<map<&abs<uint16_t>>>);
  set(Opcode::I16x8Neg, op_unary<map<&neg<uint16_t>>>);
  set(Opcode::I16x8Q15mulrSatS, op_binary<zip<&q15mulr_sat_s>>);
  set(Opcode::I16x8AllTrue, op_test<all_true<uint16_t>>);
  set(Opcode::I16x8Bitmask, op_test<bitmask<int16_t>>);
  set(Opcode::I16x8NarrowI32x4S, op_binary<narrow<&narrow_sat<int32_t, int16_t>>>);
  set(Opcode::I16x8NarrowI32x4U, op_binary<narrow<&narrow_sat<int32_t, uint16_t>>>);
  set(Opcode::I16x8ExtendLowI8x16S, op_unary<widen<&extend<int8_t, int16_t>, false>>);
  set(Opcode::I16x8ExtendHighI8x16S, op_unary<widen<&extend<int8_t, int16_t>, true>>);
  set(Opcode::I16x8ExtendLowI8x16U, op_unary<widen<&extend<uint8_t, uint16_t>, false>>);
  set(Opcode::I16x8ExtendHighI8x16U, op_unary<widen<&extend<uint8_t, uint16_t>, true>>);
  set(Opcode::I16x8Shl, op_shift<shift<&shl<uint16_t>>>);
  set(Opcode::I16x8ShrS, op_shift<shift<&shr_s<int16_t>>>);
  set(Opcode::I16x8ShrU, op_shift<shift<&shr_u<uint16_t>>>);
  set(Opcode::I16x8Add, op_binary<zip<&add<uint16_t>>>);
  set(Opcode::I16x8AddSatS, op_binary<zip<&add_sat<int16_t>>>);
  set(Opcode::I16x8AddSatU, op_binary<zip<&add_sat<uint16_t>>>);
  set(Opcode::I16x8Sub, op_binary<zip<&sub<uint16_t>>>);
  set(Opcode::I16x8SubSatS, op_binary<zip<&sub_sat<int16_t>>>);
  set(Opcode::I16x8SubSatU, op_binary<zip<&sub_sat<uint16_t>>>);
  set(Opcode::I16x8Mul, op_binary<zip<&mul<uint16_t>>>);
  set(Opcode::I16x8MinS, op_binary<zip<&min<int16_t>>>);
  set(Opcode::I16x8MinU, op_binary<zip<&min<uint16_t>>>);
  set(Opcode::I16x8MaxS, op_binary<zip<&max<int16_t>>>);
  set(Opcode::I16x8MaxU, op_binary<zip<&max<uint16_t>>>);
  set(Opcode::I16x8AvgrU, op_binary<zip<&avgr_u<uint16_t>>>);
  set(Opcode::I16x8ExtmulLowI8x16S, op_binary<widen_zip<&mul_wide<int8_t, int16_t>, false>>);
  set(Opcode::I16x8ExtmulHighI8x16S, op_binary<widen_zip<&mul_wide<int8_t, int16_t>, true>>);
  set(Opcode::I16x8ExtmulLowI8x16U, op_binary<widen_zip<&mul_wide<uint8_t, uint16_t>, false>>);
  set(Opcode::I16x8ExtmulHighI8x16U, op_binary<widen_zip<&mul_wide<uint8_t, uint16_t>, true>>);

  // ---- i32x4 ----
  set(Opcode::I32x4ExtaddPairwiseI16x8S, op_unary<pairs<&add_pair<int16_t, int32_t>>>);
  set(Opcode::I32x4ExtaddPairwiseI16x8U,
      op_unary<pairs<&add_pair<uint16_t, uint32_t>>>);
  set(Opcode::I32x4Abs, op_unary<map<&abs<uint32_t>>>);
  set(Opcode::I32x4Neg, op_unary<map<&neg<uint32_t>>>);
  set(Opcode::I32x4AllTrue, op_test<all_true<uint32_t>>);
  set(Opcode::I32x4Bitmask, op_test<bitmask<int32_t>>);
  set(Opcode::I32x4ExtendLowI16x8S, op_unary<widen<&extend<int16_t, int32_t>, false>>);
  set(Opcode::I32x4ExtendHighI16x8S, op_unary<widen<&extend<int16_t, int32_t>, true>>);
  set(Opcode::I32x4ExtendLowI16x8U, op_unary<widen<&extend<uint16_t, uint32_t>, false>>);
  set(Opcode::I32x4ExtendHighI16x8U, op_unary<widen<&extend<uint16_t, uint32_t>, true>>);
  set(Opcode::I32x4Shl, op_shift<shift<&shl<uint32_t>>>);
  set(Opcode::I32x4ShrS, op_shift<shift<&shr_s<int32_t>>>);
  set(Opcode::I32x4ShrU, op_shift<shift<&shr_u<uint32_t>>>);
  set(Opcode::I32x4Add, op_binary<zip<&add<uint32_t>>>);
  set(Opcode::I32x4Sub, op_binary<zip<&sub<uint32_t>>>);
  set(Opcode::I32x4Mul, op_binary<zip<&mul<uint32_t>>>);
  set(Opcode::I32x4MinS, op_binary<zip<&min<int32_t>>>);
  set(Opcode::I32x4MinU, op_binary<zip<&min<uint32_t>>>);
  set(Opcode::I32x4MaxS, op_binary<zip<&max<int32_t>>>);
  set(Opcode::I32x4MaxU, op_binary<zip<&max<uint32_t>>>);
  set(Opcode::I32x4DotI16x8S, op_binary<pairs_zip<&dot_i16>>);
  set(Opcode::I32x4ExtmulLowI16x8S, op_binary<widen_zip<&mul_wide<int16_t, int32_t>, false>>);
  set(Opcode::I32x4ExtmulHighI16x8S, op_binary<widen_zip<&mul_wide<int16_t, int32_t>, true>>);
  set(Opcode::I32x4ExtmulLowI16x8U, op_binary<widen_zip<&mul_wide<uint16_t, uint32_t>, false>>);
  set(Opcode::I32x4ExtmulHighI16x8U, op_binary<widen_zip<&mul_wide<uint16_t, uint32_t>, true>>);

  // ---- i64x2 ----
  set(Opcode::I64x2Abs, op_unary<map<&abs<uint64_t>>>);
  set(Opcode::I64x2Neg, op_unary<map<&neg<uint64_t>>>);
  set(Opcode::I64x2AllTrue, op_test<all_true<uint64_t>>);
  set(Opcode::I64x2Bitmask, op_test<bitmask<int64_t>>);
  set(Opcode::I64x2ExtendLowI32x4S, op_unary<widen<&extend<int32_t, int64_t>, false>>);
  set(Opcode::I64x2ExtendHighI32x4S, op_unary<widen<&extend<int32_t, int64_t>, true>>);
  set(Opcode::I64x2ExtendLowI32x4U, op_unary<widen<&extend<uint32_t, uint64_t>, false>>);
  set(Opcode::I64x2ExtendHighI32x4U, op_unary<widen<&extend<uint32_t, uint64_t>, true>>);
  set(Opcode::I64x2Shl, op_shift<shift<&shl<uint64_t>>>);
  set(Opcode::I64x2ShrS, op_shift<shift<&shr_s<int64_t>>>);
  set(Opcode::I64x2ShrU, op_shift<shift<&shr_u<uint64_t>>>);
  set(Opcode::I64x2Add, op_binary<zip<&add<uint64_t>>>);
  set(Opcode::I64x2Sub, op_binary<zip<&sub<uint64_t>>>);
  set(Opcode::I64x2Mul, op_binary<zip<&mul<uint64_t>>>);
  set(Opcode::I64x2ExtmulLowI32x4S, op_binary<widen_zip<&mul_wide<int32_t, int64_t>, false>>);
  set(Opcode::I64x2ExtmulHighI32x4S, op_binary<widen_zip<&mul_wide<int32_t, int64_t>, true>>);
  set(Opcode::I64x2ExtmulLowI32x4U, op_binary<widen_zip<&mul_wide<uint32_t, uint64_t>, false>>);
  set(Opcode::I64x2ExtmulHighI32x4U, op_binary<widen_zip<&mul_wide<uint32_t, uint64_t>, true>>);

  // ---- f32x4 ----
  set(Opcode::F32x4Abs, op_unary<map<&n::f32_abs>>);
  set(Opcode::F32x4Neg, op_unary<map<&n::f32_neg>>);
  set(Opcode::F32x4Sqrt, op_unary<map<&n::f32_sqrt>>);
  set(Opcode::F32x4Ceil, op_unary<map<&n::f32_ceil>>);
  set(Opcode::F32x4Floor, op_unary<map<&n::f32_floor>>);
  set(Opcode::F32x4Trunc, op_unary<map<&n::f32_trunc>>);
  set(Opcode::F32x4Nearest, op_unary<map<&n::f32_nearest>>);
  set(Opcode::F32x4Add, op_binary<zip<&n::f32_add>>);
  set(Opcode::F32x4Sub, op_binary<zip<&n::f32_sub>>);
  set(Opcode::F32x4Mul, op_binary<zip<&n::f32_mul>>);
  set(Opcode::F32x4Div, op_binary<zip<&n::f32_div>>);
  set(Opcode::F32x4Min, op_binary<zip<&n::f32_min>>);
  set(Opcode::F32x4Max, op_binary<zip<&n::f32_max>>);
  set(Opcode::F32x4Pmin, op_binary<zip<&pmin<float>>>);
  set(Opcode::F32x4Pmax, op_binary<zip<&pmax<float>>>);

  // ---- f64x2 ----
  set(Opcode::F64x2Abs, op_unary<map<&n::f64_abs>>);
  set(Opcode::F64x2Neg, op_unary<map<&n::f64_neg>>);
  set(Opcode::F64x2Sqrt, op_unary<map<&n::f64_sqrt>>);
  set(Opcode::F64x2Ceil, op_unary<map<&n::f64_ceil>>);
  set(Opcode::F64x2Floor, op_unary<map<&n::f64_floor>>);
  set(Opcode::F64x2Trunc, op_unary<map<&n::f64_trunc>>);
  set(Opcode::F64x2Nearest, op_unary<map<&n::f64_nearest>>);
  set(Opcode::F64x2Add, op_binary<zip<&n::f64_add>>);
  set(Opcode::F64x2Sub, op_binary<zip<&n::f64_sub>>);
  set(Opcode::F64x2Mul, op_binary<zip<&n::f64_mul>>);
  set(Opcode::F64x2Div, op_binary<zip<&n::f64_div>>);
  set(Opcode::F64x2Min, op_binary<zip<&n::f64_min>>);
  set(Opcode::F64x2Max, op_binary<zip<&n::f64_max>>);
  set(Opcode::F64x2Pmin, op_binary<zip<&pmin<double>>>);
  set(Opcode::F64x2Pmax, op_binary<zip<&pmax<double>>>);

  // ---- conversions ----
  set(Opcode::I32x4TruncSatF32x4S, op_unary<map<&n::i32_trunc_sat_f32_s>>);
  set(Opcode::I32x4TruncSatF32x4U, op_unary<map<&n::i32_trunc_sat_f32_u>>);
  set(Opcode::F32x4ConvertI32x4S, op_unary<map<&n::f32_convert_i32_s>>);
  set(Opcode::F32x4ConvertI32x4U, op_unary<map<&n::f32_convert_i32_u>>);
  set(Opcode::I32x4TruncSatF64x2SZero, op_unary<narrow_zero<&n::i32_trunc_sat_f64_s>>);
  set(Opcode::I32x4TruncSatF64x2UZero, op_unary<narrow_zero<&n::i32_trunc_sat_f64_u>>);
  set(Opcode::F64x2ConvertLowI32x4S, op_unary<widen<&n::f64_convert_i32_s, false>>);
  set(Opcode::F64x2ConvertLowI32x4U, op_unary<widen<&n::f64_convert_i32_u, false>>);
  set(Opcode::F32x4DemoteF64x2Zero, op_unary<narrow_zero<&n::f32_demote_f64>>);
  set(Opcode::F64x2PromoteLowF32x4, op_unary<widen<&n::f64_promote_f32, false>>);
}

}  // namespace wasmbind::detail
