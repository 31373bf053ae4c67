// x86-64 handlers for the SIMD instructions that map onto SSE2 (every x86-64 has it), plus
// i8x16.shuffle and i8x16.swizzle on SSSE3 when the CPU has it. They replace the portable
// lane-by-lane handlers of ops_simd.cc, whose loops the compiler cannot turn into single
// vector instructions (a generic i16x8.mul or i32x4.dot costs about 70 instructions, pmullw
// and pmaddwd one). Every replacement computes exactly what simd.h defines, bit for bit:
//   - float add/sub/mul/div/sqrt are the same IEEE operations as the scalar fallbacks (which
//     compile to addss & co.), so NaN results agree too;
//   - pmin/pmax are minps/maxps with the operands swapped: minps(x, y) = x < y ? x : y;
//   - trunc_sat fixes up cvttps2dq's 0x80000000 for NaN (-> 0) and for positive overflow;
//   - integer compares without an unsigned SSE2 form flip the sign bits first.
// Operations whose SSE2 form differs in an edge case (f32x4.min/max, nearest, ...) are not
// replaced. tests/vm/simd_sse_test.cc runs each replacement against the portable handler.
#include "exec/handler.h"

#if defined(__x86_64__) && defined(__SSE2__)
#include <emmintrin.h>
#include <tmmintrin.h>

namespace wasmbind::detail {
namespace {

inline __m128i ld(const Slot* fp, uint64_t slot) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(fp + slot));
}
inline void st(Slot* fp, uint64_t slot, __m128i v) noexcept {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(fp + slot), v);
}

// ---- handler shapes (operand layouts as in ops_simd.cc) ----------------------------------

template <__m128i (*F)(__m128i)>
WB_HANDLER(sse_unary) {
  st(fp, ip[1].u, F(ld(fp, ip[2].u)));
  WB_NEXT(3);
}
template <__m128i (*F)(__m128i, __m128i)>
WB_HANDLER(sse_binary) {
  st(fp, ip[1].u, F(ld(fp, ip[2].u), ld(fp, ip[3].u)));
  WB_NEXT(4);
}
// d other address c offset: one operand loaded (unaligned) from memory, on the right or, if
// LoadLeft, on the left.
template <__m128i (*F)(__m128i, __m128i), bool LoadLeft>
WB_HANDLER(sse_binary_mem) {
  uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(fp[ip[3].u] + ip[4].u)) + ip[5].u;
  if (ea + 16 > msize) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  __m128i m = _mm_loadu_si128(reinterpret_cast<const __m128i*>(mem + ea));
  __m128i o = ld(fp, ip[2].u);
  st(fp, ip[1].u, LoadLeft ? F(m, o) : F(o, m));
  WB_NEXT(6);
}
// d a lo hi: the right operand a v128 constant.
template <__m128i (*F)(__m128i, __m128i)>
WB_HANDLER(sse_binary_imm) {
  st(fp, ip[1].u, F(ld(fp, ip[2].u), _mm_loadu_si128(reinterpret_cast<const __m128i*>(ip + 3))));
  WB_NEXT(5);
}

// Shifts: the count is an i32 slot, taken modulo the lane width (Mask = width - 1).
template <__m128i (*F)(__m128i, __m128i), uint32_t Mask>
WB_HANDLER(sse_shift) {
  __m128i count = _mm_cvtsi32_si128(static_cast<int>(static_cast<uint32_t>(fp[ip[3].u]) & Mask));
  st(fp, ip[1].u, F(ld(fp, ip[2].u), count));
  WB_NEXT(4);
}
// d a k: a constant count.
template <__m128i (*F)(__m128i, __m128i), uint32_t Mask>
WB_HANDLER(sse_shift_imm) {
  __m128i count = _mm_cvtsi32_si128(static_cast<int>(static_cast<uint32_t>(ip[3].u) & Mask));
  st(fp, ip[1].u, F(ld(fp, ip[2].u), count));
  WB_NEXT(4);
}

// any_true, all_true, bitmask: v128 -> i32.
template <uint32_t (*F)(__m128i)>
WB_HANDLER(sse_test) {
  wr<uint32_t>(fp, ip[1].u, F(ld(fp, ip[2].u)));
  WB_NEXT(3);
}
WB_HANDLER(sse_bitselect) {
  __m128i a = ld(fp, ip[2].u), b = ld(fp, ip[3].u), c = ld(fp, ip[4].u);
  st(fp, ip[1].u, _mm_or_si128(_mm_and_si128(a, c), _mm_andnot_si128(c, b)));
  WB_NEXT(5);
}
template <class T>
WB_HANDLER(sse_splat) {
  T x = rd<T>(fp, ip[2].u);
  __m128i v;
  if constexpr (sizeof(T) == 1) v = _mm_set1_epi8(static_cast<char>(x));
  else if constexpr (sizeof(T) == 2) v = _mm_set1_epi16(static_cast<short>(x));
  else if constexpr (sizeof(T) == 4) v = _mm_set1_epi32(static_cast<int>(x));
  else v = _mm_set1_epi64x(static_cast<long long>(x));
  st(fp, ip[1].u, v);
  WB_NEXT(3);
}

// ---- operations ---------------------------------------------------------------------------

inline __m128 ps(__m128i v) { return _mm_castsi128_ps(v); }
inline __m128d pd(__m128i v) { return _mm_castsi128_pd(v); }
inline __m128i si(__m128 v) { return _mm_castps_si128(v); }
inline __m128i si(__m128d v) { return _mm_castpd_si128(v); }
inline __m128i ones() { return _mm_set1_epi32(-1); }

#define WB_SSE2(name, expr) \
  inline __m128i name(__m128i a, __m128i b) { return expr; }
#define WB_SSE1(name, expr) \
  inline __m128i name(__m128i a) { return expr; }

WB_SSE2(v_and, _mm_and_si128(a, b))
WB_SSE2(v_or, _mm_or_si128(a, b))
WB_SSE2(v_xor, _mm_xor_si128(a, b))
WB_SSE2(v_andnot, _mm_andnot_si128(b, a))  // a & ~b
WB_SSE1(v_not, _mm_xor_si128(a, ones()))

WB_SSE2(i8_add, _mm_add_epi8(a, b))
WB_SSE2(i8_sub, _mm_sub_epi8(a, b))
WB_SSE2(i8_add_sat_s, _mm_adds_epi8(a, b))
WB_SSE2(i8_add_sat_u, _mm_adds_epu8(a, b))
WB_SSE2(i8_sub_sat_s, _mm_subs_epi8(a, b))
WB_SSE2(i8_sub_sat_u, _mm_subs_epu8(a, b))
WB_SSE2(i8_min_u, _mm_min_epu8(a, b))
WB_SSE2(i8_max_u, _mm_max_epu8(a, b))
WB_SSE2(i8_avgr_u, _mm_avg_epu8(a, b))
WB_SSE2(i16_add, _mm_add_epi16(a, b))
WB_SSE2(i16_sub, _mm_sub_epi16(a, b))
WB_SSE2(i16_mul, _mm_mullo_epi16(a, b))
WB_SSE2(i16_add_sat_s, _mm_adds_epi16(a, b))
WB_SSE2(i16_add_sat_u, _mm_adds_epu16(a, b))
WB_SSE2(i16_sub_sat_s, _mm_subs_epi16(a, b))
WB_SSE2(i16_sub_sat_u, _mm_subs_epu16(a, b))
WB_SSE2(i16_min_s, _mm_min_epi16(a, b))
WB_SSE2(i16_max_s, _mm_max_epi16(a, b))
WB_SSE2(i16_avgr_u, _mm_avg_epu16(a, b))
WB_SSE2(i32_add, _mm_add_epi32(a, b))
WB_SSE2(i32_sub, _mm_sub_epi32(a, b))
WB_SSE2(i64_add, _mm_add_epi64(a, b))
WB_SSE2(i64_sub, _mm_sub_epi64(a, b))
// The low 32 bits of each product: pmuludq multiplies lanes 0 and 2, then 1 and 3.
inline __m128i i32_mul(__m128i a, __m128i b) {
  __m128i even = _mm_mul_epu32(a, b);
  __m128i odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), _mm_srli_epi64(b, 32));
  return _mm_unpacklo_epi32(_mm_shuffle_epi32(even, _MM_SHUFFLE(0, 0, 2, 0)),
                            _mm_shuffle_epi32(odd, _MM_SHUFFLE(0, 0, 2, 0)));
}
WB_SSE2(i32_dot_i16, _mm_madd_epi16(a, b))

// Comparisons. Unsigned ones compare with the sign bits flipped.
template <int Bits>
inline __m128i sign_bits() {
  if constexpr (Bits == 8) return _mm_set1_epi8(static_cast<char>(0x80));
  else if constexpr (Bits == 16) return _mm_set1_epi16(static_cast<short>(0x8000));
  else return _mm_set1_epi32(static_cast<int>(0x80000000u));
}
template <int Bits>
inline __m128i cmp_eq(__m128i a, __m128i b) {
  if constexpr (Bits == 8) return _mm_cmpeq_epi8(a, b);
  else if constexpr (Bits == 16) return _mm_cmpeq_epi16(a, b);
  else return _mm_cmpeq_epi32(a, b);
}
template <int Bits>
inline __m128i cmp_gt_s(__m128i a, __m128i b) {
  if constexpr (Bits == 8) return _mm_cmpgt_epi8(a, b);
  else if constexpr (Bits == 16) return _mm_cmpgt_epi16(a, b);
  else return _mm_cmpgt_epi32(a, b);
}
template <int Bits, bool Unsigned>
inline __m128i cmp_gt(__m128i a, __m128i b) {
  if constexpr (Unsigned)
    return cmp_gt_s<Bits>(_mm_xor_si128(a, sign_bits<Bits>()), _mm_xor_si128(b, sign_bits<Bits>()));
  else
    return cmp_gt_s<Bits>(a, b);
}
template <int Bits> inline __m128i eq(__m128i a, __m128i b) { return cmp_eq<Bits>(a, b); }
template <int Bits> inline __m128i ne(__m128i a, __m128i b) { return _mm_xor_si128(cmp_eq<Bits>(a, b), ones()); }
template <int Bits, bool U> inline __m128i gt(__m128i a, __m128i b) { return cmp_gt<Bits, U>(a, b); }
template <int Bits, bool U> inline __m128i lt(__m128i a, __m128i b) { return cmp_gt<Bits, U>(b, a); }
template <int Bits, bool U> inline __m128i le(__m128i a, __m128i b) { return _mm_xor_si128(cmp_gt<Bits, U>(a, b), ones()); }
template <int Bits, bool U> inline __m128i ge(__m128i a, __m128i b) { return _mm_xor_si128(cmp_gt<Bits, U>(b, a), ones()); }

// Floats: the same IEEE operations as the scalar code.
WB_SSE2(f32_add, si(_mm_add_ps(ps(a), ps(b))))
WB_SSE2(f32_sub, si(_mm_sub_ps(ps(a), ps(b))))
WB_SSE2(f32_mul, si(_mm_mul_ps(ps(a), ps(b))))
WB_SSE2(f32_div, si(_mm_div_ps(ps(a), ps(b))))
WB_SSE2(f32_pmin, si(_mm_min_ps(ps(b), ps(a))))  // b < a ? b : a
WB_SSE2(f32_pmax, si(_mm_max_ps(ps(b), ps(a))))  // b > a ? b : a
WB_SSE2(f32_eq, si(_mm_cmpeq_ps(ps(a), ps(b))))
WB_SSE2(f32_ne, si(_mm_cmpneq_ps(ps(a), ps(b))))
WB_SSE2(f32_lt, si(_mm_cmplt_ps(ps(a), ps(b))))
WB_SSE2(f32_gt, si(_mm_cmpgt_ps(ps(a), ps(b))))
WB_SSE2(f32_le, si(_mm_cmple_ps(ps(a), ps(b))))
WB_SSE2(f32_ge, si(_mm_cmpge_ps(ps(a), ps(b))))
WB_SSE1(f32_sqrt, si(_mm_sqrt_ps(ps(a))))
WB_SSE1(f32_abs, _mm_and_si128(a, _mm_set1_epi32(0x7FFFFFFF)))
WB_SSE1(f32_neg, _mm_xor_si128(a, _mm_set1_epi32(static_cast<int>(0x80000000u))))
WB_SSE2(f64_add, si(_mm_add_pd(pd(a), pd(b))))
WB_SSE2(f64_sub, si(_mm_sub_pd(pd(a), pd(b))))
WB_SSE2(f64_mul, si(_mm_mul_pd(pd(a), pd(b))))
WB_SSE2(f64_div, si(_mm_div_pd(pd(a), pd(b))))
WB_SSE2(f64_pmin, si(_mm_min_pd(pd(b), pd(a))))
WB_SSE2(f64_pmax, si(_mm_max_pd(pd(b), pd(a))))
WB_SSE2(f64_eq, si(_mm_cmpeq_pd(pd(a), pd(b))))
WB_SSE2(f64_ne, si(_mm_cmpneq_pd(pd(a), pd(b))))
WB_SSE2(f64_lt, si(_mm_cmplt_pd(pd(a), pd(b))))
WB_SSE2(f64_gt, si(_mm_cmpgt_pd(pd(a), pd(b))))
WB_SSE2(f64_le, si(_mm_cmple_pd(pd(a), pd(b))))
WB_SSE2(f64_ge, si(_mm_cmpge_pd(pd(a), pd(b))))
WB_SSE1(f64_sqrt, si(_mm_sqrt_pd(pd(a))))
WB_SSE1(f64_abs, _mm_and_si128(a, _mm_set1_epi64x(0x7FFFFFFFFFFFFFFF)))
WB_SSE1(f64_neg, _mm_xor_si128(a, _mm_set1_epi64x(static_cast<long long>(0x8000000000000000u))))

// cvttps2dq gives 0x80000000 for NaN and out-of-range lanes: NaN lanes become 0, lanes at or
// above 2^31 become 0x7FFFFFFF (the xor with the all-ones compare mask), the rest are right.
inline __m128i i32_trunc_sat_f32_s(__m128i a) {
  __m128 f = ps(a);
  __m128i r = _mm_cvttps_epi32(f);
  __m128i too_big = si(_mm_cmpge_ps(f, _mm_set1_ps(2147483648.0f)));
  __m128i ordered = si(_mm_cmpord_ps(f, f));
  return _mm_and_si128(_mm_xor_si128(r, too_big), ordered);
}
WB_SSE1(f32_convert_i32_s, si(_mm_cvtepi32_ps(a)))

// Widening and narrowing.
WB_SSE1(i16_extend_low_u8, _mm_unpacklo_epi8(a, _mm_setzero_si128()))
WB_SSE1(i16_extend_high_u8, _mm_unpackhi_epi8(a, _mm_setzero_si128()))
WB_SSE1(i16_extend_low_s8, _mm_srai_epi16(_mm_unpacklo_epi8(a, a), 8))
WB_SSE1(i16_extend_high_s8, _mm_srai_epi16(_mm_unpackhi_epi8(a, a), 8))
WB_SSE1(i32_extend_low_u16, _mm_unpacklo_epi16(a, _mm_setzero_si128()))
WB_SSE1(i32_extend_high_u16, _mm_unpackhi_epi16(a, _mm_setzero_si128()))
WB_SSE1(i32_extend_low_s16, _mm_srai_epi32(_mm_unpacklo_epi16(a, a), 16))
WB_SSE1(i32_extend_high_s16, _mm_srai_epi32(_mm_unpackhi_epi16(a, a), 16))
WB_SSE1(i64_extend_low_u32, _mm_unpacklo_epi32(a, _mm_setzero_si128()))
WB_SSE1(i64_extend_high_u32, _mm_unpackhi_epi32(a, _mm_setzero_si128()))
WB_SSE1(i64_extend_low_s32, _mm_unpacklo_epi32(a, _mm_srai_epi32(a, 31)))
WB_SSE1(i64_extend_high_s32, _mm_unpackhi_epi32(a, _mm_srai_epi32(a, 31)))
WB_SSE2(i8_narrow_s16, _mm_packs_epi16(a, b))
WB_SSE2(i8_narrow_u16, _mm_packus_epi16(a, b))
WB_SSE2(i16_narrow_s32, _mm_packs_epi32(a, b))

// Shifts by a count in the low 64 bits of the second operand.
WB_SSE2(i16_shl, _mm_sll_epi16(a, b))
WB_SSE2(i16_shr_u, _mm_srl_epi16(a, b))
WB_SSE2(i16_shr_s, _mm_sra_epi16(a, b))
WB_SSE2(i32_shl, _mm_sll_epi32(a, b))
WB_SSE2(i32_shr_u, _mm_srl_epi32(a, b))
WB_SSE2(i32_shr_s, _mm_sra_epi32(a, b))
WB_SSE2(i64_shl, _mm_sll_epi64(a, b))
WB_SSE2(i64_shr_u, _mm_srl_epi64(a, b))

#undef WB_SSE1
#undef WB_SSE2

// Lane tests.
inline uint32_t zero_bytes(__m128i a) {
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(a, _mm_setzero_si128())));
}
inline uint32_t any_true(__m128i a) { return zero_bytes(a) != 0xFFFF; }
template <int Bits>
inline uint32_t all_true(__m128i a) {
  return _mm_movemask_epi8(cmp_eq<Bits>(a, _mm_setzero_si128())) == 0;
}
inline uint32_t i8_bitmask(__m128i a) { return static_cast<uint32_t>(_mm_movemask_epi8(a)); }
inline uint32_t i16_bitmask(__m128i a) {
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_packs_epi16(a, _mm_setzero_si128()))) & 0xFF;
}
inline uint32_t i32_bitmask(__m128i a) { return static_cast<uint32_t>(_mm_movemask_ps(ps(a))); }
inline uint32_t i64_bitmask(__m128i a) { return static_cast<uint32_t>(_mm_movemask_pd(pd(a))); }

// ---- SSSE3: byte shuffles -----------------------------------------------------------------

// shuffle: lanes 0..15 come from a, 16..31 from b. pshufb zeroes a lane whose control byte has
// its top bit set, so a's control marks b's lanes that way and b's control is idx - 16 (which
// wraps into 0xF0..0xFF for a's lanes).
[[gnu::target("ssse3")]] WB_HANDLER(ssse3_shuffle) {
  __m128i idx = _mm_loadu_si128(reinterpret_cast<const __m128i*>(ip + 4));
  idx = _mm_and_si128(idx, _mm_set1_epi8(31));
  __m128i from_b = _mm_cmpgt_epi8(idx, _mm_set1_epi8(15));
  __m128i ra = _mm_shuffle_epi8(ld(fp, ip[2].u), _mm_or_si128(idx, from_b));
  __m128i rb = _mm_shuffle_epi8(ld(fp, ip[3].u), _mm_sub_epi8(idx, _mm_set1_epi8(16)));
  st(fp, ip[1].u, _mm_or_si128(ra, rb));
  WB_NEXT(6);
}
// swizzle: an index of 16 or more gives 0; adding 0x70 with unsigned saturation sets the top
// bit of exactly those and keeps the low four bits of the others.
[[gnu::target("ssse3")]] WB_HANDLER(ssse3_swizzle) {
  __m128i s = _mm_adds_epu8(ld(fp, ip[3].u), _mm_set1_epi8(0x70));
  st(fp, ip[1].u, _mm_shuffle_epi8(ld(fp, ip[2].u), s));
  WB_NEXT(4);
}

// Multiply-accumulate (ops.h: V128Mac..): the product P of two slots (Mem = 0), of a slot
// and a loaded v128 (1), or of a loaded v128 and a slot (2), then added to slot y by Add,
// on the left of the product unless ProductLeft.
template <__m128i (*P)(__m128i, __m128i), __m128i (*Add)(__m128i, __m128i), int Mem,
          bool ProductLeft>
WB_HANDLER(sse_mac) {
  __m128i product;
  uint64_t y;
  if constexpr (Mem == 0) {
    product = P(ld(fp, ip[2].u), ld(fp, ip[3].u));
    y = ip[4].u;
  } else {
    uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(fp[ip[3].u] + ip[4].u)) + ip[5].u;
    if (ea + 16 > msize) [[unlikely]]
      WB_TRAP(TrapKind::MemoryOutOfBounds);
    __m128i m = _mm_loadu_si128(reinterpret_cast<const __m128i*>(mem + ea));
    __m128i o = ld(fp, ip[2].u);
    product = Mem == 1 ? P(o, m) : P(m, o);
    y = ip[6].u;
  }
  st(fp, ip[1].u, ProductLeft ? Add(product, ld(fp, y)) : Add(ld(fp, y), product));
  WB_NEXT(Mem == 0 ? 5 : 7);
}

// d a v: f32x4.mul of a and lane K of v broadcast, the broadcast on the right (or the left).
template <int K, bool SplatLeft>
WB_HANDLER(sse_f32_mul_lane) {
  const __m128 v = _mm_castsi128_ps(_mm_shuffle_epi32(ld(fp, ip[3].u), K * 0x55));
  const __m128 a = _mm_castsi128_ps(ld(fp, ip[2].u));
  st(fp, ip[1].u, _mm_castps_si128(SplatLeft ? _mm_mul_ps(v, a) : _mm_mul_ps(a, v)));
  WB_NEXT(4);
}

template <__m128i (*P)(__m128i, __m128i), __m128i (*Add)(__m128i, __m128i)>
void set_mac(Handler* t, XOp first) {
  // first .. first + 5: SS SM MS, then the same with the product on the left.
  auto at = [&](int i) { return static_cast<size_t>(first) + i; };
  t[at(0)] = sse_mac<P, Add, 0, false>;
  t[at(1)] = sse_mac<P, Add, 1, false>;
  t[at(2)] = sse_mac<P, Add, 2, false>;
  t[at(3)] = sse_mac<P, Add, 0, true>;
  t[at(4)] = sse_mac<P, Add, 1, true>;
  t[at(5)] = sse_mac<P, Add, 2, true>;
}

template <__m128i (*F)(__m128i, __m128i)>
void set_binary(Handler* t, Opcode op) {
  auto set = [&](NumForm f, Handler h) { t[static_cast<size_t>(numeric_form_op(op, f))] = h; };
  set(NumForm::SS_S, sse_binary<F>);
  set(NumForm::SI_S, sse_binary_imm<F>);
  set(NumForm::SM_S, sse_binary_mem<F, false>);
  set(NumForm::MS_S, sse_binary_mem<F, true>);
}

template <__m128i (*F)(__m128i, __m128i), uint32_t Mask>
void set_shift(Handler* t, Opcode op) {
  t[static_cast<size_t>(numeric_op(op))] = sse_shift<F, Mask>;
  t[static_cast<size_t>(numeric_imm_op(op))] = sse_shift_imm<F, Mask>;
}

}  // namespace

void register_simd_sse_handlers(Handler* t) {
  auto set = [t](Opcode op, Handler h) { t[static_cast<size_t>(numeric_op(op))] = h; };
  using O = Opcode;
  set_binary<v_and>(t, O::V128And);
  set_binary<v_or>(t, O::V128Or);
  set_binary<v_xor>(t, O::V128Xor);
  set_binary<v_andnot>(t, O::V128Andnot);
  set(O::V128Not, sse_unary<v_not>);
  set(O::V128Bitselect, sse_bitselect);
  set(O::V128AnyTrue, sse_test<any_true>);

  set(O::I8x16Splat, sse_splat<uint8_t>);
  set(O::I16x8Splat, sse_splat<uint16_t>);
  set(O::I32x4Splat, sse_splat<uint32_t>);
  set(O::I64x2Splat, sse_splat<uint64_t>);
  set(O::F32x4Splat, sse_splat<uint32_t>);
  set(O::F64x2Splat, sse_splat<uint64_t>);

  set_binary<i8_add>(t, O::I8x16Add);
  set_binary<i8_sub>(t, O::I8x16Sub);
  set_binary<i8_add_sat_s>(t, O::I8x16AddSatS);
  set_binary<i8_add_sat_u>(t, O::I8x16AddSatU);
  set_binary<i8_sub_sat_s>(t, O::I8x16SubSatS);
  set_binary<i8_sub_sat_u>(t, O::I8x16SubSatU);
  set_binary<i8_min_u>(t, O::I8x16MinU);
  set_binary<i8_max_u>(t, O::I8x16MaxU);
  set_binary<i8_avgr_u>(t, O::I8x16AvgrU);
  set(O::I8x16AllTrue, sse_test<all_true<8>>);
  set(O::I8x16Bitmask, sse_test<i8_bitmask>);
  set_binary<i8_narrow_s16>(t, O::I8x16NarrowI16x8S);
  set_binary<i8_narrow_u16>(t, O::I8x16NarrowI16x8U);

  set_binary<i16_add>(t, O::I16x8Add);
  set_binary<i16_sub>(t, O::I16x8Sub);
  set_binary<i16_mul>(t, O::I16x8Mul);
  set_binary<i16_add_sat_s>(t, O::I16x8AddSatS);
  set_binary<i16_add_sat_u>(t, O::I16x8AddSatU);
  set_binary<i16_sub_sat_s>(t, O::I16x8SubSatS);
  set_binary<i16_sub_sat_u>(t, O::I16x8SubSatU);
  set_binary<i16_min_s>(t, O::I16x8MinS);
  set_binary<i16_max_s>(t, O::I16x8MaxS);
  set_binary<i16_avgr_u>(t, O::I16x8AvgrU);
  set(O::I16x8AllTrue, sse_test<all_true<16>>);
  set(O::I16x8Bitmask, sse_test<i16_bitmask>);
  set_binary<i16_narrow_s32>(t, O::I16x8NarrowI32x4S);
  set(O::I16x8ExtendLowI8x16S, sse_unary<i16_extend_low_s8>);
  set(O::I16x8ExtendHighI8x16S, sse_unary<i16_extend_high_s8>);
  set(O::I16x8ExtendLowI8x16U, sse_unary<i16_extend_low_u8>);
  set(O::I16x8ExtendHighI8x16U, sse_unary<i16_extend_high_u8>);
  set_shift<i16_shl, 15>(t, O::I16x8Shl);
  set_shift<i16_shr_s, 15>(t, O::I16x8ShrS);
  set_shift<i16_shr_u, 15>(t, O::I16x8ShrU);

  set_binary<i32_add>(t, O::I32x4Add);
  set_binary<i32_sub>(t, O::I32x4Sub);
  set_binary<i32_mul>(t, O::I32x4Mul);
  set_binary<i32_dot_i16>(t, O::I32x4DotI16x8S);
  set(O::I32x4AllTrue, sse_test<all_true<32>>);
  set(O::I32x4Bitmask, sse_test<i32_bitmask>);
  set(O::I32x4ExtendLowI16x8S, sse_unary<i32_extend_low_s16>);
  set(O::I32x4ExtendHighI16x8S, sse_unary<i32_extend_high_s16>);
  set(O::I32x4ExtendLowI16x8U, sse_unary<i32_extend_low_u16>);
  set(O::I32x4ExtendHighI16x8U, sse_unary<i32_extend_high_u16>);
  set_shift<i32_shl, 31>(t, O::I32x4Shl);
  set_shift<i32_shr_s, 31>(t, O::I32x4ShrS);
  set_shift<i32_shr_u, 31>(t, O::I32x4ShrU);
  set(O::I32x4TruncSatF32x4S, sse_unary<i32_trunc_sat_f32_s>);

  set_binary<i64_add>(t, O::I64x2Add);
  set_binary<i64_sub>(t, O::I64x2Sub);
  set(O::I64x2Bitmask, sse_test<i64_bitmask>);
  set(O::I64x2ExtendLowI32x4S, sse_unary<i64_extend_low_s32>);
  set(O::I64x2ExtendHighI32x4S, sse_unary<i64_extend_high_s32>);
  set(O::I64x2ExtendLowI32x4U, sse_unary<i64_extend_low_u32>);
  set(O::I64x2ExtendHighI32x4U, sse_unary<i64_extend_high_u32>);
  set_shift<i64_shl, 63>(t, O::I64x2Shl);
  set_shift<i64_shr_u, 63>(t, O::I64x2ShrU);

#define WB_SET_CMP(shape, bits)                                      \
  set_binary<eq<bits>>(t, O::shape##Eq);                            \
  set_binary<ne<bits>>(t, O::shape##Ne);                            \
  set_binary<lt<bits, false>>(t, O::shape##LtS);                    \
  set_binary<lt<bits, true>>(t, O::shape##LtU);                     \
  set_binary<gt<bits, false>>(t, O::shape##GtS);                    \
  set_binary<gt<bits, true>>(t, O::shape##GtU);                     \
  set_binary<le<bits, false>>(t, O::shape##LeS);                    \
  set_binary<le<bits, true>>(t, O::shape##LeU);                     \
  set_binary<ge<bits, false>>(t, O::shape##GeS);                    \
  set_binary<ge<bits, true>>(t, O::shape##GeU);
  WB_SET_CMP(I8x16, 8)
  WB_SET_CMP(I16x8, 16)
  WB_SET_CMP(I32x4, 32)
#undef WB_SET_CMP

  set_binary<f32_add>(t, O::F32x4Add);
  set_binary<f32_sub>(t, O::F32x4Sub);
  set_binary<f32_mul>(t, O::F32x4Mul);
  set_binary<f32_div>(t, O::F32x4Div);
  set_binary<f32_pmin>(t, O::F32x4Pmin);
  set_binary<f32_pmax>(t, O::F32x4Pmax);
  set(O::F32x4Sqrt, sse_unary<f32_sqrt>);
  set(O::F32x4Abs, sse_unary<f32_abs>);
  set(O::F32x4Neg, sse_unary<f32_neg>);
  set_binary<f32_eq>(t, O::F32x4Eq);
  set_binary<f32_ne>(t, O::F32x4Ne);
  set_binary<f32_lt>(t, O::F32x4Lt);
  set_binary<f32_gt>(t, O::F32x4Gt);
  set_binary<f32_le>(t, O::F32x4Le);
  set_binary<f32_ge>(t, O::F32x4Ge);
  set(O::F32x4ConvertI32x4S, sse_unary<f32_convert_i32_s>);

  set_binary<f64_add>(t, O::F64x2Add);
  set_binary<f64_sub>(t, O::F64x2Sub);
  set_binary<f64_mul>(t, O::F64x2Mul);
  set_binary<f64_div>(t, O::F64x2Div);
  set_binary<f64_pmin>(t, O::F64x2Pmin);
  set_binary<f64_pmax>(t, O::F64x2Pmax);
  set(O::F64x2Sqrt, sse_unary<f64_sqrt>);
  set(O::F64x2Abs, sse_unary<f64_abs>);
  set(O::F64x2Neg, sse_unary<f64_neg>);
  set_binary<f64_eq>(t, O::F64x2Eq);
  set_binary<f64_ne>(t, O::F64x2Ne);
  set_binary<f64_lt>(t, O::F64x2Lt);
  set_binary<f64_gt>(t, O::F64x2Gt);
  set_binary<f64_le>(t, O::F64x2Le);
  set_binary<f64_ge>(t, O::F64x2Ge);

  t[static_cast<size_t>(XOp::F32x4MulLane0)] = sse_f32_mul_lane<0, false>;
  t[static_cast<size_t>(XOp::F32x4MulLane1)] = sse_f32_mul_lane<1, false>;
  t[static_cast<size_t>(XOp::F32x4MulLane2)] = sse_f32_mul_lane<2, false>;
  t[static_cast<size_t>(XOp::F32x4MulLane3)] = sse_f32_mul_lane<3, false>;
  t[static_cast<size_t>(XOp::F32x4MulLaneL0)] = sse_f32_mul_lane<0, true>;
  t[static_cast<size_t>(XOp::F32x4MulLaneL1)] = sse_f32_mul_lane<1, true>;
  t[static_cast<size_t>(XOp::F32x4MulLaneL2)] = sse_f32_mul_lane<2, true>;
  t[static_cast<size_t>(XOp::F32x4MulLaneL3)] = sse_f32_mul_lane<3, true>;
  set_mac<i32_dot_i16, i32_add>(t, XOp::V128MacDotSS);
  set_mac<i16_mul, i16_add>(t, XOp::V128MacI16SS);
  set_mac<f32_mul, f32_add>(t, XOp::V128MacF32SS);

  if (__builtin_cpu_supports("ssse3")) {
    set(O::I8x16Shuffle, ssse3_shuffle);
    set(O::I8x16Swizzle, ssse3_swizzle);
  }
}

}  // namespace wasmbind::detail

#else  // not x86-64: the portable handlers stay

namespace wasmbind::detail {
void register_simd_sse_handlers(Handler*) {}
}  // namespace wasmbind::detail

#endif
