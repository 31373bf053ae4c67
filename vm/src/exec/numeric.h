// Scalar numeric semantics of WebAssembly 2.0 (spec chapter 4.3 "Numerics"), as pure functions
// the interpreter's instruction handlers call. Header-only; nothing here has undefined
// behaviour for any input.
//
// Representation:
//   - i32 / i64 values are uint32_t / uint64_t bit patterns. Wasm integers have no sign; the
//     _s operations reinterpret them as two's complement, the _u ones as unsigned.
//   - f32 / f64 values are float / double (IEEE 754 binary32 / binary64).
//   - Boolean results (comparisons, eqz) are i32 values 0 or 1.
//   - Operations that can trap return Checked<T>: the value (0 on a trap) and a NumTrap code.
//
// NaN rules (spec 4.3.3): a NaN result must be an *arithmetic* NaN (quiet bit set), and if every
// NaN operand is *canonical* (payload = quiet bit only) the result must be canonical too; the
// sign is unspecified. IEEE 754 hardware already does this for add/sub/mul/div/sqrt, so those
// use native arithmetic. Everything else that can see a NaN (min, max, ceil, floor, trunc,
// nearest, demote, promote) quiets the NaN operand explicitly on its bits, which preserves the
// payload and so keeps canonical NaNs canonical. abs, neg and copysign are pure bit operations
// and never touch the payload (they may return a signalling NaN, as the spec requires).
//
// Rounding: everything assumes the default floating-point environment (round to nearest,
// ties to even), which the interpreter never changes. Rounding to integral (ceil etc.) and the
// float -> int range checks are done with exact comparisons, not libm, so they are constexpr and
// independent of the rounding mode.
#pragma once

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559,
              "wasmbind needs IEEE 754 binary32/binary64 floating point");
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "wasmbind needs float arithmetic evaluated in its own precision (FLT_EVAL_METHOD == 0)"
#endif

namespace wasmbind::detail::numeric {

// ---------------------------------------------------------------------------------------------
// Traps
// ---------------------------------------------------------------------------------------------

enum class NumTrap : uint8_t {
  None,
  DivideByZero,       // "integer divide by zero"
  IntegerOverflow,    // "integer overflow" (div_s INT_MIN/-1, trunc out of range)
  InvalidConversion,  // "invalid conversion to integer" (trunc of NaN)
};

template <class T>
struct Checked {
  T value;
  NumTrap trap;
  constexpr bool ok() const noexcept { return trap == NumTrap::None; }
};

template <class T>
constexpr Checked<T> checked_ok(T v) noexcept {
  return {v, NumTrap::None};
}
template <class T>
constexpr Checked<T> checked_trap(NumTrap t) noexcept {
  return {T{0}, t};
}

// ---------------------------------------------------------------------------------------------
// Bit access to floats
// ---------------------------------------------------------------------------------------------

constexpr uint32_t f32_bits(float x) noexcept { return std::bit_cast<uint32_t>(x); }
constexpr float f32_from_bits(uint32_t b) noexcept { return std::bit_cast<float>(b); }
constexpr uint64_t f64_bits(double x) noexcept { return std::bit_cast<uint64_t>(x); }
constexpr double f64_from_bits(uint64_t b) noexcept { return std::bit_cast<double>(b); }

namespace impl {

template <class F>
struct FloatLayout;

template <>
struct FloatLayout<float> {
  using Bits = uint32_t;
  static constexpr int kMantissaBits = 23;
  static constexpr Bits kSign = 0x8000'0000u;
  static constexpr Bits kExponent = 0x7F80'0000u;
  static constexpr Bits kMantissa = 0x007F'FFFFu;
  static constexpr Bits kQuiet = 0x0040'0000u;  // top mantissa bit: the "canonical" payload
};

template <>
struct FloatLayout<double> {
  using Bits = uint64_t;
  static constexpr int kMantissaBits = 52;
  static constexpr Bits kSign = 0x8000'0000'0000'0000u;
  static constexpr Bits kExponent = 0x7FF0'0000'0000'0000u;
  static constexpr Bits kMantissa = 0x000F'FFFF'FFFF'FFFFu;
  static constexpr Bits kQuiet = 0x0008'0000'0000'0000u;
};

template <class F>
constexpr typename FloatLayout<F>::Bits bits(F x) noexcept {
  return std::bit_cast<typename FloatLayout<F>::Bits>(x);
}
template <class F>
constexpr F from_bits(typename FloatLayout<F>::Bits b) noexcept {
  return std::bit_cast<F>(b);
}

template <class F>
constexpr bool is_nan(F x) noexcept {
  using L = FloatLayout<F>;
  return (bits(x) & ~L::kSign) > L::kExponent;
}

// Sets the quiet bit of a NaN, keeping sign and payload: the result is an arithmetic NaN, and
// a canonical NaN stays canonical.
template <class F>
constexpr F quiet(F nan) noexcept {
  return from_bits<F>(bits(nan) | FloatLayout<F>::kQuiet);
}

}  // namespace impl

// ---------------------------------------------------------------------------------------------
// NaN classification (spec 4.3.3), mainly for tests
// ---------------------------------------------------------------------------------------------

// Canonical NaN: exponent all ones, payload exactly the quiet bit, either sign.
constexpr bool f32_is_canonical_nan(uint32_t b) noexcept {
  return (b & 0x7FFF'FFFFu) == 0x7FC0'0000u;
}
constexpr bool f64_is_canonical_nan(uint64_t b) noexcept {
  return (b & 0x7FFF'FFFF'FFFF'FFFFu) == 0x7FF8'0000'0000'0000u;
}
// Arithmetic NaN: exponent all ones and the quiet bit set (any other payload bits, either sign).
constexpr bool f32_is_arithmetic_nan(uint32_t b) noexcept {
  return (b & 0x7FC0'0000u) == 0x7FC0'0000u;
}
constexpr bool f64_is_arithmetic_nan(uint64_t b) noexcept {
  return (b & 0x7FF8'0000'0000'0000u) == 0x7FF8'0000'0000'0000u;
}
constexpr bool is_canonical_nan(float x) noexcept { return f32_is_canonical_nan(f32_bits(x)); }
constexpr bool is_canonical_nan(double x) noexcept { return f64_is_canonical_nan(f64_bits(x)); }
constexpr bool is_arithmetic_nan(float x) noexcept { return f32_is_arithmetic_nan(f32_bits(x)); }
constexpr bool is_arithmetic_nan(double x) noexcept {
  return f64_is_arithmetic_nan(f64_bits(x));
}

// ---------------------------------------------------------------------------------------------
// Integer operations (generic over uint32_t / uint64_t)
// ---------------------------------------------------------------------------------------------

namespace impl {

template <class U>
using Signed = std::make_signed_t<U>;
template <class U>
inline constexpr unsigned kWidth = std::numeric_limits<U>::digits;

template <class U>
constexpr U as_unsigned(Signed<U> v) noexcept {
  return static_cast<U>(v);
}
template <class U>
constexpr Signed<U> as_signed(U v) noexcept {
  return static_cast<Signed<U>>(v);  // modular since C++20
}

// idiv_s: traps on a zero divisor, and on INT_MIN / -1 whose quotient 2^(N-1) is unrepresentable.
template <class U>
constexpr Checked<U> div_s(U a, U b) noexcept {
  if (b == 0) return checked_trap<U>(NumTrap::DivideByZero);
  const U int_min = U{1} << (kWidth<U> - 1);
  if (a == int_min && b == static_cast<U>(-1)) return checked_trap<U>(NumTrap::IntegerOverflow);
  return checked_ok(as_unsigned<U>(as_signed(a) / as_signed(b)));  // truncates toward zero
}

template <class U>
constexpr Checked<U> div_u(U a, U b) noexcept {
  if (b == 0) return checked_trap<U>(NumTrap::DivideByZero);
  return checked_ok(static_cast<U>(a / b));
}

// irem_s: the result takes the sign of the dividend (as C++ %). INT_MIN rem -1 is 0, not a trap;
// any x rem -1 is 0, which also keeps INT_MIN % -1 (UB in C++) from being evaluated.
template <class U>
constexpr Checked<U> rem_s(U a, U b) noexcept {
  if (b == 0) return checked_trap<U>(NumTrap::DivideByZero);
  if (b == static_cast<U>(-1)) return checked_ok(U{0});
  return checked_ok(as_unsigned<U>(as_signed(a) % as_signed(b)));
}

template <class U>
constexpr Checked<U> rem_u(U a, U b) noexcept {
  if (b == 0) return checked_trap<U>(NumTrap::DivideByZero);
  return checked_ok(static_cast<U>(a % b));
}

// Shift and rotate counts are taken modulo the bit width (spec: k = i2 mod N).
template <class U>
constexpr U shl(U a, U k) noexcept {
  return static_cast<U>(a << (k & (kWidth<U> - 1)));
}
template <class U>
constexpr U shr_u(U a, U k) noexcept {
  return static_cast<U>(a >> (k & (kWidth<U> - 1)));
}
template <class U>
constexpr U shr_s(U a, U k) noexcept {
  return as_unsigned<U>(as_signed(a) >> (k & (kWidth<U> - 1)));  // arithmetic since C++20
}
template <class U>
constexpr U rotl(U a, U k) noexcept {
  return std::rotl(a, static_cast<int>(k & (kWidth<U> - 1)));
}
template <class U>
constexpr U rotr(U a, U k) noexcept {
  return std::rotr(a, static_cast<int>(k & (kWidth<U> - 1)));
}

}  // namespace impl

// ---- i32 ----

constexpr uint32_t i32_add(uint32_t a, uint32_t b) noexcept { return a + b; }
constexpr uint32_t i32_sub(uint32_t a, uint32_t b) noexcept { return a - b; }
constexpr uint32_t i32_mul(uint32_t a, uint32_t b) noexcept { return a * b; }
constexpr Checked<uint32_t> i32_div_s(uint32_t a, uint32_t b) noexcept { return impl::div_s(a, b); }
constexpr Checked<uint32_t> i32_div_u(uint32_t a, uint32_t b) noexcept { return impl::div_u(a, b); }
constexpr Checked<uint32_t> i32_rem_s(uint32_t a, uint32_t b) noexcept { return impl::rem_s(a, b); }
constexpr Checked<uint32_t> i32_rem_u(uint32_t a, uint32_t b) noexcept { return impl::rem_u(a, b); }

constexpr uint32_t i32_and(uint32_t a, uint32_t b) noexcept { return a & b; }
constexpr uint32_t i32_or(uint32_t a, uint32_t b) noexcept { return a | b; }
constexpr uint32_t i32_xor(uint32_t a, uint32_t b) noexcept { return a ^ b; }
constexpr uint32_t i32_shl(uint32_t a, uint32_t k) noexcept { return impl::shl(a, k); }
constexpr uint32_t i32_shr_s(uint32_t a, uint32_t k) noexcept { return impl::shr_s(a, k); }
constexpr uint32_t i32_shr_u(uint32_t a, uint32_t k) noexcept { return impl::shr_u(a, k); }
constexpr uint32_t i32_rotl(uint32_t a, uint32_t k) noexcept { return impl::rotl(a, k); }
constexpr uint32_t i32_rotr(uint32_t a, uint32_t k) noexcept { return impl::rotr(a, k); }

// clz/ctz of 0 are the bit width (std::countl_zero/countr_zero define this too).
constexpr uint32_t i32_clz(uint32_t a) noexcept {
  return static_cast<uint32_t>(std::countl_zero(a));
}
constexpr uint32_t i32_ctz(uint32_t a) noexcept {
  return static_cast<uint32_t>(std::countr_zero(a));
}
constexpr uint32_t i32_popcnt(uint32_t a) noexcept {
  return static_cast<uint32_t>(std::popcount(a));
}

constexpr uint32_t i32_eqz(uint32_t a) noexcept { return a == 0; }
constexpr uint32_t i32_eq(uint32_t a, uint32_t b) noexcept { return a == b; }
constexpr uint32_t i32_ne(uint32_t a, uint32_t b) noexcept { return a != b; }
constexpr uint32_t i32_lt_s(uint32_t a, uint32_t b) noexcept {
  return static_cast<int32_t>(a) < static_cast<int32_t>(b);
}
constexpr uint32_t i32_lt_u(uint32_t a, uint32_t b) noexcept { return a < b; }
constexpr uint32_t i32_gt_s(uint32_t a, uint32_t b) noexcept {
  return static_cast<int32_t>(a) > static_cast<int32_t>(b);
}
constexpr uint32_t i32_gt_u(uint32_t a, uint32_t b) noexcept { return a > b; }
constexpr uint32_t i32_le_s(uint32_t a, uint32_t b) noexcept {
  return static_cast<int32_t>(a) <= static_cast<int32_t>(b);
}
constexpr uint32_t i32_le_u(uint32_t a, uint32_t b) noexcept { return a <= b; }
constexpr uint32_t i32_ge_s(uint32_t a, uint32_t b) noexcept {
  return static_cast<int32_t>(a) >= static_cast<int32_t>(b);
}
constexpr uint32_t i32_ge_u(uint32_t a, uint32_t b) noexcept { return a >= b; }

// extendN_s: sign-extend the low N bits (sign-extension-ops proposal, part of 2.0).
constexpr uint32_t i32_extend8_s(uint32_t a) noexcept {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(a)));
}
constexpr uint32_t i32_extend16_s(uint32_t a) noexcept {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(a)));
}

// ---- i64 ----

constexpr uint64_t i64_add(uint64_t a, uint64_t b) noexcept { return a + b; }
constexpr uint64_t i64_sub(uint64_t a, uint64_t b) noexcept { return a - b; }
constexpr uint64_t i64_mul(uint64_t a, uint64_t b) noexcept { return a * b; }
constexpr Checked<uint64_t> i64_div_s(uint64_t a, uint64_t b) noexcept { return impl::div_s(a, b); }
constexpr Checked<uint64_t> i64_div_u(uint64_t a, uint64_t b) noexcept { return impl::div_u(a, b); }
constexpr Checked<uint64_t> i64_rem_s(uint64_t a, uint64_t b) noexcept { return impl::rem_s(a, b); }
constexpr Checked<uint64_t> i64_rem_u(uint64_t a, uint64_t b) noexcept { return impl::rem_u(a, b); }

constexpr uint64_t i64_and(uint64_t a, uint64_t b) noexcept { return a & b; }
constexpr uint64_t i64_or(uint64_t a, uint64_t b) noexcept { return a | b; }
constexpr uint64_t i64_xor(uint64_t a, uint64_t b) noexcept { return a ^ b; }
constexpr uint64_t i64_shl(uint64_t a, uint64_t k) noexcept { return impl::shl(a, k); }
constexpr uint64_t i64_shr_s(uint64_t a, uint64_t k) noexcept { return impl::shr_s(a, k); }
constexpr uint64_t i64_shr_u(uint64_t a, uint64_t k) noexcept { return impl::shr_u(a, k); }
constexpr uint64_t i64_rotl(uint64_t a, uint64_t k) noexcept { return impl::rotl(a, k); }
constexpr uint64_t i64_rotr(uint64_t a, uint64_t k) noexcept { return impl::rotr(a, k); }

constexpr uint64_t i64_clz(uint64_t a) noexcept {
  return static_cast<uint64_t>(std::countl_zero(a));
}
constexpr uint64_t i64_ctz(uint64_t a) noexcept {
  return static_cast<uint64_t>(std::countr_zero(a));
}
constexpr uint64_t i64_popcnt(uint64_t a) noexcept {
  return static_cast<uint64_t>(std::popcount(a));
}

constexpr uint32_t i64_eqz(uint64_t a) noexcept { return a == 0; }
constexpr uint32_t i64_eq(uint64_t a, uint64_t b) noexcept { return a == b; }
constexpr uint32_t i64_ne(uint64_t a, uint64_t b) noexcept { return a != b; }
constexpr uint32_t i64_lt_s(uint64_t a, uint64_t b) noexcept {
  return static_cast<int64_t>(a) < static_cast<int64_t>(b);
}
constexpr uint32_t i64_lt_u(uint64_t a, uint64_t b) noexcept { return a < b; }
constexpr uint32_t i64_gt_s(uint64_t a, uint64_t b) noexcept {
  return static_cast<int64_t>(a) > static_cast<int64_t>(b);
}
constexpr uint32_t i64_gt_u(uint64_t a, uint64_t b) noexcept { return a > b; }
constexpr uint32_t i64_le_s(uint64_t a, uint64_t b) noexcept {
  return static_cast<int64_t>(a) <= static_cast<int64_t>(b);
}
constexpr uint32_t i64_le_u(uint64_t a, uint64_t b) noexcept { return a <= b; }
constexpr uint32_t i64_ge_s(uint64_t a, uint64_t b) noexcept {
  return static_cast<int64_t>(a) >= static_cast<int64_t>(b);
}
constexpr uint32_t i64_ge_u(uint64_t a, uint64_t b) noexcept { return a >= b; }

constexpr uint64_t i64_extend8_s(uint64_t a) noexcept {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(a)));
}
constexpr uint64_t i64_extend16_s(uint64_t a) noexcept {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(a)));
}
constexpr uint64_t i64_extend32_s(uint64_t a) noexcept {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}

// ---- integer width conversions ----

constexpr uint32_t i32_wrap_i64(uint64_t a) noexcept { return static_cast<uint32_t>(a); }
constexpr uint64_t i64_extend_i32_s(uint32_t a) noexcept {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}
constexpr uint64_t i64_extend_i32_u(uint32_t a) noexcept { return uint64_t{a}; }

// ---------------------------------------------------------------------------------------------
// Float operations (generic over float / double)
// ---------------------------------------------------------------------------------------------

namespace impl {

// fmin/fmax: a NaN operand gives a NaN (quieted, so arithmetic; canonical stays canonical).
// -0 is less than +0 here, unlike IEEE comparison, std::min or fmin.
template <class F>
constexpr F fmin(F a, F b) noexcept {
  if (is_nan(a)) return quiet(a);
  if (is_nan(b)) return quiet(b);
  // Equal operands are bit-identical except for {+0, -0}; OR-ing the bits picks -0.
  if (a == b) return from_bits<F>(bits(a) | bits(b));
  return a < b ? a : b;
}

template <class F>
constexpr F fmax(F a, F b) noexcept {
  if (is_nan(a)) return quiet(a);
  if (is_nan(b)) return quiet(b);
  if (a == b) return from_bits<F>(bits(a) & bits(b));  // AND picks +0
  return a > b ? a : b;
}

// abs / neg / copysign only touch the sign bit (spec: they are bit operations, and are the
// only float operations that keep a NaN payload exactly, even a signalling one).
template <class F>
constexpr F fabs(F a) noexcept {
  return from_bits<F>(bits(a) & ~FloatLayout<F>::kSign);
}
template <class F>
constexpr F fneg(F a) noexcept {
  return from_bits<F>(bits(a) ^ FloatLayout<F>::kSign);
}
template <class F>
constexpr F fcopysign(F a, F b) noexcept {
  using L = FloatLayout<F>;
  return from_bits<F>((bits(a) & ~L::kSign) | (bits(b) & L::kSign));
}

// Rounding to integral. Every result has the sign of the operand (ceil(-0.5) = -0,
// nearest(-0.5) = -0, floor(0.5) = +0), so each is computed on |x| and the sign copied back.
// A float with |x| >= 2^mantissa_bits is already an integer (or inf); NaN is quieted. Below
// that, |x| fits an unsigned integer exactly and the conversions below are exact.
enum class Round : uint8_t { Ceil, Floor, Trunc, Nearest };

template <class F, Round kMode>
constexpr F round_integral(F x) noexcept {
  using L = FloatLayout<F>;
  using Int = typename L::Bits;
  constexpr F kIntegralFrom = static_cast<F>(Int{1} << L::kMantissaBits);
  if (is_nan(x)) return quiet(x);
  const F a = fabs(x);
  if (!(a < kIntegralFrom)) return x;  // integral, or infinite
  const bool negative = (bits(x) & L::kSign) != 0;
  Int n = static_cast<Int>(a);  // trunc(|x|), in range by the check above
  const F frac = a - static_cast<F>(n);  // exact
  // Rounding |x| in the direction the mode rounds x.
  Round mode = kMode;
  if (mode == Round::Ceil && negative) mode = Round::Floor;
  else if (mode == Round::Floor && negative) mode = Round::Ceil;
  switch (mode) {
    case Round::Ceil:
      if (frac > F(0)) ++n;
      break;
    case Round::Floor:
    case Round::Trunc:
      break;
    case Round::Nearest:  // ties to even (IEEE roundTiesToEven)
      if (frac > F(0.5) || (frac == F(0.5) && (n & 1) != 0)) ++n;
      break;
  }
  return fcopysign(static_cast<F>(n), x);
}

}  // namespace impl

// ---- f32 ----

// Native IEEE arithmetic; NaN results are arithmetic NaNs as the spec requires.
inline float f32_add(float a, float b) noexcept { return a + b; }
inline float f32_sub(float a, float b) noexcept { return a - b; }
inline float f32_mul(float a, float b) noexcept { return a * b; }
inline float f32_div(float a, float b) noexcept { return a / b; }
inline float f32_sqrt(float a) noexcept { return std::sqrt(a); }

constexpr float f32_min(float a, float b) noexcept { return impl::fmin(a, b); }
constexpr float f32_max(float a, float b) noexcept { return impl::fmax(a, b); }
constexpr float f32_ceil(float a) noexcept {
  return impl::round_integral<float, impl::Round::Ceil>(a);
}
constexpr float f32_floor(float a) noexcept {
  return impl::round_integral<float, impl::Round::Floor>(a);
}
constexpr float f32_trunc(float a) noexcept {
  return impl::round_integral<float, impl::Round::Trunc>(a);
}
constexpr float f32_nearest(float a) noexcept {
  return impl::round_integral<float, impl::Round::Nearest>(a);
}
constexpr float f32_abs(float a) noexcept { return impl::fabs(a); }
constexpr float f32_neg(float a) noexcept { return impl::fneg(a); }
constexpr float f32_copysign(float a, float b) noexcept { return impl::fcopysign(a, b); }

// IEEE comparisons: any NaN operand makes all of them false except ne; -0 == +0.
constexpr uint32_t f32_eq(float a, float b) noexcept { return a == b; }
constexpr uint32_t f32_ne(float a, float b) noexcept { return a != b; }
constexpr uint32_t f32_lt(float a, float b) noexcept { return a < b; }
constexpr uint32_t f32_gt(float a, float b) noexcept { return a > b; }
constexpr uint32_t f32_le(float a, float b) noexcept { return a <= b; }
constexpr uint32_t f32_ge(float a, float b) noexcept { return a >= b; }

// ---- f64 ----

inline double f64_add(double a, double b) noexcept { return a + b; }
inline double f64_sub(double a, double b) noexcept { return a - b; }
inline double f64_mul(double a, double b) noexcept { return a * b; }
inline double f64_div(double a, double b) noexcept { return a / b; }
inline double f64_sqrt(double a) noexcept { return std::sqrt(a); }

constexpr double f64_min(double a, double b) noexcept { return impl::fmin(a, b); }
constexpr double f64_max(double a, double b) noexcept { return impl::fmax(a, b); }
constexpr double f64_ceil(double a) noexcept {
  return impl::round_integral<double, impl::Round::Ceil>(a);
}
constexpr double f64_floor(double a) noexcept {
  return impl::round_integral<double, impl::Round::Floor>(a);
}
constexpr double f64_trunc(double a) noexcept {
  return impl::round_integral<double, impl::Round::Trunc>(a);
}
constexpr double f64_nearest(double a) noexcept {
  return impl::round_integral<double, impl::Round::Nearest>(a);
}
constexpr double f64_abs(double a) noexcept { return impl::fabs(a); }
constexpr double f64_neg(double a) noexcept { return impl::fneg(a); }
constexpr double f64_copysign(double a, double b) noexcept { return impl::fcopysign(a, b); }

constexpr uint32_t f64_eq(double a, double b) noexcept { return a == b; }
constexpr uint32_t f64_ne(double a, double b) noexcept { return a != b; }
constexpr uint32_t f64_lt(double a, double b) noexcept { return a < b; }
constexpr uint32_t f64_gt(double a, double b) noexcept { return a > b; }
constexpr uint32_t f64_le(double a, double b) noexcept { return a <= b; }
constexpr uint32_t f64_ge(double a, double b) noexcept { return a >= b; }

// ---------------------------------------------------------------------------------------------
// Float -> integer truncation (trapping and saturating)
// ---------------------------------------------------------------------------------------------

namespace impl {

// The valid inputs of trunc_s / trunc_u to an N-bit integer are the x with trunc(x) in range,
// i.e. the open interval (lo - 1, hi + 1) for the integer range [lo, hi]:
//   signed:   (-2^(N-1) - 1, 2^(N-1))
//   unsigned: (-1, 2^N)                     e.g. -0.9 -> 0 and 4294967295.9 -> 4294967295
// The upper bound and -1 are powers of two (or -1), exact in both float types. -2^(N-1) - 1 is
// exact only in f64 for N = 32; elsewhere it rounds to -2^(N-1), and since no float then lies
// strictly between the two, the lower test becomes x >= -2^(N-1). Inside the interval, the C++
// cast truncates toward zero and is defined.
template <class F, class U, bool kSigned>
struct TruncRange {
  static constexpr unsigned kWidth = std::numeric_limits<U>::digits;
  // 2^(N-1) or 2^N, built without shifting by N.
  static constexpr F kUpper =
      kSigned ? static_cast<F>(U{1} << (kWidth - 1)) : static_cast<F>(U{1} << (kWidth - 1)) * F(2);
  static constexpr F kMin = kSigned ? -static_cast<F>(U{1} << (kWidth - 1)) : F(0);
  static constexpr bool kMinMinusOneExact = kMin - F(1) != kMin;
  static constexpr bool above_lower(F x) noexcept {
    return kMinMinusOneExact ? x > kMin - F(1) : x >= kMin;
  }
  static constexpr bool below_upper(F x) noexcept { return x < kUpper; }
  static constexpr U convert(F x) noexcept {  // only for x in range
    if constexpr (kSigned) {
      return static_cast<U>(static_cast<std::make_signed_t<U>>(x));
    } else {
      return static_cast<U>(x);
    }
  }
};

// Spec trunc_u/trunc_s: NaN -> "invalid conversion to integer", out of range (including
// +-inf) -> "integer overflow".
template <class U, bool kSigned, class F>
constexpr Checked<U> trunc_checked(F x) noexcept {
  using R = TruncRange<F, U, kSigned>;
  if (is_nan(x)) return checked_trap<U>(NumTrap::InvalidConversion);
  if (!R::above_lower(x) || !R::below_upper(x)) return checked_trap<U>(NumTrap::IntegerOverflow);
  return checked_ok(R::convert(x));
}

// Spec trunc_sat_u/trunc_sat_s: NaN -> 0, below range -> min, above range -> max.
template <class U, bool kSigned, class F>
constexpr U trunc_sat(F x) noexcept {
  using R = TruncRange<F, U, kSigned>;
  using Lim = std::numeric_limits<std::conditional_t<kSigned, std::make_signed_t<U>, U>>;
  if (is_nan(x)) return 0;
  if (!R::above_lower(x)) return static_cast<U>(Lim::min());
  if (!R::below_upper(x)) return static_cast<U>(Lim::max());
  return R::convert(x);
}

}  // namespace impl

constexpr Checked<uint32_t> i32_trunc_f32_s(float x) noexcept {
  return impl::trunc_checked<uint32_t, true>(x);
}
constexpr Checked<uint32_t> i32_trunc_f32_u(float x) noexcept {
  return impl::trunc_checked<uint32_t, false>(x);
}
constexpr Checked<uint32_t> i32_trunc_f64_s(double x) noexcept {
  return impl::trunc_checked<uint32_t, true>(x);
}
constexpr Checked<uint32_t> i32_trunc_f64_u(double x) noexcept {
  return impl::trunc_checked<uint32_t, false>(x);
}
constexpr Checked<uint64_t> i64_trunc_f32_s(float x) noexcept {
  return impl::trunc_checked<uint64_t, true>(x);
}
constexpr Checked<uint64_t> i64_trunc_f32_u(float x) noexcept {
  return impl::trunc_checked<uint64_t, false>(x);
}
constexpr Checked<uint64_t> i64_trunc_f64_s(double x) noexcept {
  return impl::trunc_checked<uint64_t, true>(x);
}
constexpr Checked<uint64_t> i64_trunc_f64_u(double x) noexcept {
  return impl::trunc_checked<uint64_t, false>(x);
}

constexpr uint32_t i32_trunc_sat_f32_s(float x) noexcept {
  return impl::trunc_sat<uint32_t, true>(x);
}
constexpr uint32_t i32_trunc_sat_f32_u(float x) noexcept {
  return impl::trunc_sat<uint32_t, false>(x);
}
constexpr uint32_t i32_trunc_sat_f64_s(double x) noexcept {
  return impl::trunc_sat<uint32_t, true>(x);
}
constexpr uint32_t i32_trunc_sat_f64_u(double x) noexcept {
  return impl::trunc_sat<uint32_t, false>(x);
}
constexpr uint64_t i64_trunc_sat_f32_s(float x) noexcept {
  return impl::trunc_sat<uint64_t, true>(x);
}
constexpr uint64_t i64_trunc_sat_f32_u(float x) noexcept {
  return impl::trunc_sat<uint64_t, false>(x);
}
constexpr uint64_t i64_trunc_sat_f64_s(double x) noexcept {
  return impl::trunc_sat<uint64_t, true>(x);
}
constexpr uint64_t i64_trunc_sat_f64_u(double x) noexcept {
  return impl::trunc_sat<uint64_t, false>(x);
}

// ---------------------------------------------------------------------------------------------
// Integer -> float conversion
// ---------------------------------------------------------------------------------------------

// convert_s/convert_u round to nearest, ties to even, in a single rounding (i64 -> f32 must not
// go through f64, which would round twice). Direct C++ casts do exactly that under the default
// rounding mode; gcc and clang lower uint64_t -> float/double correctly on x86-64 and AArch64
// (the tests check the hard cases).
constexpr float f32_convert_i32_s(uint32_t a) noexcept {
  return static_cast<float>(static_cast<int32_t>(a));
}
constexpr float f32_convert_i32_u(uint32_t a) noexcept { return static_cast<float>(a); }
constexpr float f32_convert_i64_s(uint64_t a) noexcept {
  return static_cast<float>(static_cast<int64_t>(a));
}
constexpr float f32_convert_i64_u(uint64_t a) noexcept { return static_cast<float>(a); }
constexpr double f64_convert_i32_s(uint32_t a) noexcept {
  return static_cast<double>(static_cast<int32_t>(a));
}
constexpr double f64_convert_i32_u(uint32_t a) noexcept { return static_cast<double>(a); }
constexpr double f64_convert_i64_s(uint64_t a) noexcept {
  return static_cast<double>(static_cast<int64_t>(a));
}
constexpr double f64_convert_i64_u(uint64_t a) noexcept { return static_cast<double>(a); }

// ---------------------------------------------------------------------------------------------
// Float width conversion and reinterpretation
// ---------------------------------------------------------------------------------------------

// demote: round to nearest even; NaN -> quiet NaN keeping the sign and the top 22 payload bits
// (so a canonical NaN stays canonical). Values at or beyond the rounding boundary
// 2^128 - 2^103 (halfway between FLT_MAX and 2^128, a tie that rounds to the even 2^128) become
// infinity; they are handled here so the C++ cast only ever sees in-range values.
constexpr float f32_demote_f64(double x) noexcept {
  if (impl::is_nan(x)) {
    const uint64_t b = f64_bits(x);
    const auto sign = static_cast<uint32_t>(b >> 32) & 0x8000'0000u;
    const auto payload = static_cast<uint32_t>((b & 0x000F'FFFF'FFFF'FFFFu) >> 29);
    return f32_from_bits(sign | 0x7F80'0000u | 0x0040'0000u | payload);
  }
  constexpr double kOverflow = 0x1.ffffffp+127;  // 2^128 - 2^103
  constexpr float kInf = std::numeric_limits<float>::infinity();
  if (x >= kOverflow) return kInf;
  if (x <= -kOverflow) return -kInf;
  return static_cast<float>(x);
}

// promote: exact; NaN -> quiet NaN with the sign and payload moved to the top of the f64 payload.
constexpr double f64_promote_f32(float x) noexcept {
  if (impl::is_nan(x)) {
    const uint32_t b = f32_bits(x);
    const uint64_t sign = uint64_t{b & 0x8000'0000u} << 32;
    const uint64_t payload = uint64_t{b & 0x007F'FFFFu} << 29;
    return f64_from_bits(sign | 0x7FF0'0000'0000'0000u | 0x0008'0000'0000'0000u | payload);
  }
  return static_cast<double>(x);
}

// reinterpret: the bit pattern unchanged, NaN payloads included.
constexpr uint32_t i32_reinterpret_f32(float x) noexcept { return f32_bits(x); }
constexpr uint64_t i64_reinterpret_f64(double x) noexcept { return f64_bits(x); }
constexpr float f32_reinterpret_i32(uint32_t a) noexcept { return f32_from_bits(a); }
constexpr double f64_reinterpret_i64(uint64_t a) noexcept { return f64_from_bits(a); }

}  // namespace wasmbind::detail::numeric
