// Semantics of the WebAssembly 2.0 fixed-width SIMD instructions (spec 4.3.4 "Vector
// operations"), as pure functions on 16-byte vectors that the handlers in ops_simd.cc call.
// Header-only; nothing here has undefined behaviour for any input.
//
// Representation: a v128 is `V128`, its 16 bytes in memory order. A lane view `Lanes<T>` is
// the same bytes as 16 / sizeof(T) values of type T; lane 0 is the lowest-addressed, as Wasm
// requires (lanes are little-endian, like the host). Lane types say how an instruction reads
// its lanes: int8_t for i8x16.*_s, uint8_t for *_u and sign-agnostic ops, float for f32x4, ...
//
// Most instructions are one scalar function applied lane by lane. Such a function has the lane
// types in its signature, and a combinator builds the vector operation from it:
//   map<F>(a)               out[i] = F(a[i])                   (same lane count in and out)
//   zip<F>(a, b)            out[i] = F(a[i], b[i])
//   compare<F>(a, b)        out[i] = F(a[i], b[i]) ? all ones : 0
//   shift<F>(a, k)          out[i] = F(a[i], k)
//   widen<F, kHigh>(a)      out[i] = F(a[i + n])               out lanes are twice as wide; n
//   widen_zip<F, kHigh>(a, b)  out[i] = F(a[i + n], b[i + n])  is 0 (low half) or the out count
//   pairs<F>(a)             out[i] = F(a[2i], a[2i+1])          (out lanes twice as wide)
//   pairs_zip<F>(a, b)      out[i] = F(a[2i], a[2i+1], b[2i], b[2i+1])
//   narrow<F>(a, b)         out = F(a[0]) .. F(a[n-1]), F(b[0]) .. F(b[n-1])  (narrower lanes)
//   narrow_zero<F>(a)       out = F(a[0]) .. F(a[n-1]), 0 ..
// Float lanes reuse numeric.h, so NaN results follow the same rules as the scalar ops: native
// IEEE arithmetic for add/sub/mul/div/sqrt; min, max, rounding, demote and promote quiet NaN
// operands explicitly; abs and neg only touch the sign bit.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <tuple>
#include <type_traits>

#include "exec/numeric.h"

namespace wasmbind::detail::simd {

using V128 = std::array<uint8_t, 16>;

template <class T>
using Lanes = std::array<T, 16 / sizeof(T)>;

template <class T>
constexpr Lanes<T> lanes(const V128& v) noexcept {
  return std::bit_cast<Lanes<T>>(v);
}
template <class T>
constexpr V128 vec(const Lanes<T>& l) noexcept {
  return std::bit_cast<V128>(l);
}

template <class T>
constexpr V128 splat(T x) noexcept {
  Lanes<T> l;
  l.fill(x);
  return vec<T>(l);
}

// ---------------------------------------------------------------------------------------------
// Combinators: lane types come from the scalar function's signature
// ---------------------------------------------------------------------------------------------

namespace impl {

template <class F>
struct Signature;
template <class R, class... A>
struct Signature<R (*)(A...)> {
  using Result = R;
  using Args = std::tuple<A...>;
};
template <class R, class... A>
struct Signature<R (*)(A...) noexcept> : Signature<R (*)(A...)> {};

}  // namespace impl

template <auto F>
using ResultOf = typename impl::Signature<decltype(F)>::Result;
template <auto F, size_t I = 0>
using ArgOf = std::tuple_element_t<I, typename impl::Signature<decltype(F)>::Args>;

template <auto F>
constexpr V128 map(V128 a) noexcept {
  using A = ArgOf<F>;
  using R = ResultOf<F>;
  static_assert(sizeof(A) == sizeof(R));
  const Lanes<A> x = lanes<A>(a);
  Lanes<R> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = F(x[i]);
  return vec<R>(r);
}

template <auto F>
constexpr V128 zip(V128 a, V128 b) noexcept {
  using A = ArgOf<F>;
  using R = ResultOf<F>;
  static_assert(sizeof(A) == sizeof(R));
  const Lanes<A> x = lanes<A>(a), y = lanes<A>(b);
  Lanes<R> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = F(x[i], y[i]);
  return vec<R>(r);
}

// The unsigned integer type as wide as T: the lane type of comparison masks.
template <class T>
using Mask = std::conditional_t<
    sizeof(T) == 1, uint8_t,
    std::conditional_t<sizeof(T) == 2, uint16_t,
                       std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;

template <auto F>
constexpr V128 compare(V128 a, V128 b) noexcept {
  using A = ArgOf<F>;
  using M = Mask<A>;
  const Lanes<A> x = lanes<A>(a), y = lanes<A>(b);
  Lanes<M> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = F(x[i], y[i]) ? static_cast<M>(~M{0}) : M{0};
  return vec<M>(r);
}

template <auto F>
constexpr V128 shift(V128 a, uint32_t k) noexcept {
  using A = ArgOf<F>;
  const Lanes<A> x = lanes<A>(a);
  Lanes<A> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = F(x[i], k);
  return vec<A>(r);
}

template <auto F, bool kHigh>
constexpr V128 widen(V128 a) noexcept {
  using A = ArgOf<F>;
  using R = ResultOf<F>;
  static_assert(sizeof(R) == 2 * sizeof(A));
  const Lanes<A> x = lanes<A>(a);
  Lanes<R> r;
  const size_t base = kHigh ? r.size() : 0;
  for (size_t i = 0; i < r.size(); ++i) r[i] = F(x[base + i]);
  return vec<R>(r);
}

template <auto F, bool kHigh>
constexpr V128 widen_zip(V128 a, V128 b) noexcept {
  using A = ArgOf<F>;
  using R = ResultOf<F>;
  static_assert(sizeof(R) == 2 * sizeof(A));
  const Lanes<A> x = lanes<A>(a), y = lanes<A>(b);
  Lanes<R> r;
  const size_t base = kHigh ? r.size() : 0;
  for (size_t i = 0; i < r.size(); ++i) r[i] = F(x[base + i], y[base + i]);
  return vec<R>(r);
}

template <auto F>
constexpr V128 pairs(V128 a) noexcept {
  using A = ArgOf<F>;
  using R = ResultOf<F>;
  static_assert(sizeof(R) == 2 * sizeof(A));
  const Lanes<A> x = lanes<A>(a);
  Lanes<R> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = F(x[2 * i], x[2 * i + 1]);
  return vec<R>(r);
}

template <auto F>
constexpr V128 pairs_zip(V128 a, V128 b) noexcept {
  using A = ArgOf<F>;
  using R = ResultOf<F>;
  static_assert(sizeof(R) == 2 * sizeof(A));
  const Lanes<A> x = lanes<A>(a), y = lanes<A>(b);
  Lanes<R> r;
  for (size_t i = 0; i < r.size(); ++i) r[i] = F(x[2 * i], x[2 * i + 1], y[2 * i], y[2 * i + 1]);
  return vec<R>(r);
}

template <auto F>
constexpr V128 narrow(V128 a, V128 b) noexcept {
  using A = ArgOf<F>;
  using R = ResultOf<F>;
  static_assert(2 * sizeof(R) == sizeof(A));
  const Lanes<A> x = lanes<A>(a), y = lanes<A>(b);
  Lanes<R> r;
  for (size_t i = 0; i < x.size(); ++i) {
    r[i] = F(x[i]);
    r[x.size() + i] = F(y[i]);
  }
  return vec<R>(r);
}

template <auto F>
constexpr V128 narrow_zero(V128 a) noexcept {
  using A = ArgOf<F>;
  using R = ResultOf<F>;
  static_assert(2 * sizeof(R) == sizeof(A));
  const Lanes<A> x = lanes<A>(a);
  Lanes<R> r{};
  for (size_t i = 0; i < x.size(); ++i) r[i] = F(x[i]);
  return vec<R>(r);
}

// ---------------------------------------------------------------------------------------------
// Integer lane functions
// ---------------------------------------------------------------------------------------------

template <class T>
inline constexpr unsigned kBits = 8 * sizeof(T);

// Modular arithmetic is done in unsigned types at least as wide as `unsigned`, so that uint8_t
// and uint16_t operands are not promoted to (overflowing) int.
template <class U>
using Wide = std::conditional_t<(sizeof(U) < sizeof(unsigned)), unsigned, U>;

template <class U>
constexpr U add(U a, U b) noexcept {
  return static_cast<U>(Wide<U>{a} + Wide<U>{b});
}
template <class U>
constexpr U sub(U a, U b) noexcept {
  return static_cast<U>(Wide<U>{a} - Wide<U>{b});
}
template <class U>
constexpr U mul(U a, U b) noexcept {
  return static_cast<U>(Wide<U>{a} * Wide<U>{b});
}
template <class U>
constexpr U neg(U a) noexcept {
  return static_cast<U>(Wide<U>{0} - Wide<U>{a});
}
// |INT_MIN| wraps to INT_MIN.
template <class U>
constexpr U abs(U a) noexcept {
  return static_cast<std::make_signed_t<U>>(a) < 0 ? neg(a) : a;
}

// Instantiated with signed lane types for min_s/max_s, unsigned ones for min_u/max_u.
template <class T>
constexpr T min(T a, T b) noexcept {
  return b < a ? b : a;
}
template <class T>
constexpr T max(T a, T b) noexcept {
  return a < b ? b : a;
}

// The value v clamped to T's range (v is any value of a wider type).
template <class T>
constexpr T saturate(int64_t v) noexcept {
  constexpr int64_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  return static_cast<T>(v < lo ? lo : v > hi ? hi : v);
}

// add_sat / sub_sat (8- and 16-bit lanes only): the exact result, clamped.
template <class T>
constexpr T add_sat(T a, T b) noexcept {
  return saturate<T>(int64_t{a} + int64_t{b});
}
template <class T>
constexpr T sub_sat(T a, T b) noexcept {
  return saturate<T>(int64_t{a} - int64_t{b});
}

// avgr_u: (a + b + 1) / 2 without overflow.
template <class U>
constexpr U avgr_u(U a, U b) noexcept {
  return static_cast<U>((uint32_t{a} + uint32_t{b} + 1) >> 1);
}

// q15mulr_sat_s: (a * b + 2^14) >> 15, saturated; only -32768 * -32768 saturates (to 32767).
constexpr int16_t q15mulr_sat_s(int16_t a, int16_t b) noexcept {
  return saturate<int16_t>((int64_t{a} * int64_t{b} + 0x4000) >> 15);
}

constexpr uint8_t popcnt(uint8_t a) noexcept { return static_cast<uint8_t>(std::popcount(a)); }

// Shift counts are taken modulo the lane width. shl and shr_u use unsigned lanes, shr_s signed
// ones (>> of a negative value is arithmetic since C++20).
template <class U>
constexpr U shl(U a, uint32_t k) noexcept {
  return static_cast<U>(Wide<U>{a} << (k % kBits<U>));
}
template <class U>
constexpr U shr_u(U a, uint32_t k) noexcept {
  return static_cast<U>(a >> (k % kBits<U>));
}
template <class S>
constexpr S shr_s(S a, uint32_t k) noexcept {
  return static_cast<S>(a >> (k % kBits<S>));
}

// Comparisons; the lane type picks signed, unsigned or IEEE float comparison.
template <class T>
constexpr bool eq(T a, T b) noexcept {
  return a == b;
}
template <class T>
constexpr bool ne(T a, T b) noexcept {
  return a != b;
}
template <class T>
constexpr bool lt(T a, T b) noexcept {
  return a < b;
}
template <class T>
constexpr bool gt(T a, T b) noexcept {
  return a > b;
}
template <class T>
constexpr bool le(T a, T b) noexcept {
  return a <= b;
}
template <class T>
constexpr bool ge(T a, T b) noexcept {
  return a >= b;
}

// extend: sign- or zero-extension, picked by the source lane type.
template <class From, class To>
constexpr To extend(From a) noexcept {
  return static_cast<To>(a);
}

// extmul: the full product in the double-width lane (it always fits).
template <class From, class To>
constexpr To mul_wide(From a, From b) noexcept {
  using W = std::conditional_t<std::is_signed_v<From>, int64_t, uint64_t>;
  return static_cast<To>(static_cast<W>(a) * static_cast<W>(b));
}

// extadd_pairwise: the sum of two adjacent lanes, widened (it always fits).
template <class From, class To>
constexpr To add_pair(From a0, From a1) noexcept {
  return static_cast<To>(static_cast<int64_t>(a0) + static_cast<int64_t>(a1));
}

// dot_i16x8_s: a0*b0 + a1*b1; only the sum of two (-32768)^2 overflows, and wraps to INT_MIN.
constexpr uint32_t dot_i16(int16_t a0, int16_t a1, int16_t b0, int16_t b1) noexcept {
  return static_cast<uint32_t>(int64_t{a0} * b0 + int64_t{a1} * b1);
}

// narrow: signed input saturated to the narrower signed (_s) or unsigned (_u) range.
template <class From, class To>
constexpr To narrow_sat(From a) noexcept {
  return saturate<To>(int64_t{a});
}

// ---------------------------------------------------------------------------------------------
// Float lane functions (the rest are numeric.h's scalar ones)
// ---------------------------------------------------------------------------------------------

// pmin / pmax are defined by a plain `<`, so with a NaN, or with -0 and +0, they return the
// first operand: pmin(a, b) = b < a ? b : a.
template <class F>
constexpr F pmin(F a, F b) noexcept {
  return b < a ? b : a;
}
template <class F>
constexpr F pmax(F a, F b) noexcept {
  return a < b ? b : a;
}

// ---------------------------------------------------------------------------------------------
// Whole-vector operations
// ---------------------------------------------------------------------------------------------

constexpr V128 v128_not(V128 a) noexcept {
  for (uint8_t& x : a) x = static_cast<uint8_t>(~x);
  return a;
}
constexpr V128 v128_and(V128 a, V128 b) noexcept { return zip<&numeric::i64_and>(a, b); }
constexpr V128 v128_or(V128 a, V128 b) noexcept { return zip<&numeric::i64_or>(a, b); }
constexpr V128 v128_xor(V128 a, V128 b) noexcept { return zip<&numeric::i64_xor>(a, b); }
constexpr V128 v128_andnot(V128 a, V128 b) noexcept { return v128_and(a, v128_not(b)); }
// Bits of a where c is 1, of b where c is 0.
constexpr V128 bitselect(V128 a, V128 b, V128 c) noexcept {
  return v128_or(v128_and(a, c), v128_andnot(b, c));
}

constexpr uint32_t any_true(V128 a) noexcept {
  const Lanes<uint64_t> x = lanes<uint64_t>(a);
  return (x[0] | x[1]) != 0;
}
template <class T>
constexpr uint32_t all_true(V128 a) noexcept {
  for (T x : lanes<T>(a))
    if (x == 0) return 0;
  return 1;
}
// Bit i of the result is the top (sign) bit of lane i.
template <class S>
constexpr uint32_t bitmask(V128 a) noexcept {
  const Lanes<S> x = lanes<S>(a);
  uint32_t r = 0;
  for (size_t i = 0; i < x.size(); ++i) r |= static_cast<uint32_t>(x[i] < 0) << i;
  return r;
}

// swizzle: lane i of a picked by lane i of s, or 0 for an index >= 16.
constexpr V128 swizzle(V128 a, V128 s) noexcept {
  V128 r{};
  for (size_t i = 0; i < 16; ++i) r[i] = s[i] < 16 ? a[s[i]] : 0;
  return r;
}
// shuffle: lane i picked by idx[i] from the 32 lanes of a then b (indices validated < 32; the
// mask keeps a malformed one in bounds anyway).
constexpr V128 shuffle(V128 a, V128 b, V128 idx) noexcept {
  // One 32-byte table, so each lane is a plain indexed load (no branch per lane).
  uint8_t ab[32] = {};
  for (size_t i = 0; i < 16; ++i) {
    ab[i] = a[i];
    ab[16 + i] = b[i];
  }
  V128 r{};
  for (size_t i = 0; i < 16; ++i) r[i] = ab[idx[i] & 31u];
  return r;
}

// Finishing steps of the loads narrower than 16 bytes, applied to the vector holding the bytes
// read in its low lanes and zeros above: load32_zero / load64_zero keep it, the splat loads
// copy lane 0 everywhere (the extending loads use widen<>).
constexpr V128 identity(V128 a) noexcept { return a; }
template <class T>
constexpr V128 splat_low(V128 a) noexcept {
  return splat<T>(lanes<T>(a)[0]);
}

}  // namespace wasmbind::detail::simd
