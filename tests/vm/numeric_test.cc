// The scalar numeric semantics (exec/numeric.h) at their edges: traps of integer division and
// float -> int truncation, shift counts out of range, min/max of zeros and NaNs, rounding to
// integral, correctly rounded int -> float conversion, and NaN payload rules.
#include "exec/numeric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace wasmbind::detail::numeric {

// Readable trap names in failure messages.
void PrintTo(NumTrap t, std::ostream* os) {
  switch (t) {
    case NumTrap::None: *os << "None"; return;
    case NumTrap::DivideByZero: *os << "DivideByZero"; return;
    case NumTrap::IntegerOverflow: *os << "IntegerOverflow"; return;
    case NumTrap::InvalidConversion: *os << "InvalidConversion"; return;
  }
  *os << "NumTrap(" << static_cast<int>(t) << ")";
}

namespace {

// Signed values as the i32/i64 bit patterns the API takes.
constexpr uint32_t u32(int32_t v) { return static_cast<uint32_t>(v); }
constexpr uint64_t u64(int64_t v) { return static_cast<uint64_t>(v); }

constexpr uint32_t kI32Min = 0x8000'0000u;
constexpr uint64_t kI64Min = 0x8000'0000'0000'0000u;

// Hides a value from the optimiser, so native float arithmetic on it happens at run time on the
// hardware (compile-time folding of signalling NaNs does not follow IEEE).
template <class T>
T opaque(T v) {
  volatile T x = v;
  return x;
}

template <class T>
::testing::AssertionResult Ok(Checked<T> r, std::type_identity_t<T> expected) {
  if (r.trap != NumTrap::None)
    return ::testing::AssertionFailure() << "trapped with " << ::testing::PrintToString(r.trap);
  if (r.value != expected)
    return ::testing::AssertionFailure() << "value " << r.value << ", expected " << expected;
  return ::testing::AssertionSuccess();
}

template <class T>
::testing::AssertionResult Traps(Checked<T> r, NumTrap expected) {
  if (r.trap != expected)
    return ::testing::AssertionFailure() << "trap " << ::testing::PrintToString(r.trap)
                                         << " (value " << r.value << "), expected "
                                         << ::testing::PrintToString(expected);
  if (r.value != 0) return ::testing::AssertionFailure() << "trap with nonzero value " << r.value;
  return ::testing::AssertionSuccess();
}

// NaN bit patterns. "s" = signalling (quiet bit clear), payloads chosen to be recognisable.
constexpr uint32_t kF32Canonical = 0x7FC0'0000u;
constexpr uint32_t kF32NegCanonical = 0xFFC0'0000u;
constexpr uint32_t kF32SNaN = 0x7FA0'0001u;
constexpr uint32_t kF32NegSNaN = 0xFFA0'0001u;
constexpr uint32_t kF32QNaNPayload = 0x7FC1'2345u;
constexpr uint64_t kF64Canonical = 0x7FF8'0000'0000'0000u;
constexpr uint64_t kF64SNaN = 0x7FF4'0000'0000'0001u;
constexpr uint64_t kF64NegSNaN = 0xFFF4'0000'0000'0001u;
constexpr uint64_t kF64QNaNPayload = 0x7FF8'1234'5678'9ABCu;

const float kF32Inf = std::numeric_limits<float>::infinity();
const double kF64Inf = std::numeric_limits<double>::infinity();

// ---- compile-time checks: the constexpr API is usable in constant expressions ----

static_assert(i32_div_s(kI32Min, u32(-1)).trap == NumTrap::IntegerOverflow);
static_assert(i32_rem_s(kI32Min, u32(-1)).value == 0);
static_assert(i64_rotl(0x8000'0000'0000'0001u, 65) == 3);
static_assert(f64_nearest(2.5) == 2.0);
static_assert(f32_min(-0.0f, 0.0f) == 0.0f && f32_bits(f32_min(0.0f, -0.0f)) == 0x8000'0000u);
static_assert(i32_trunc_f64_u(4294967295.9).value == 4294967295u);
static_assert(f32_demote_f64(1e300) == std::numeric_limits<float>::infinity());
static_assert(f32_is_canonical_nan(kF32NegCanonical) && !f32_is_canonical_nan(kF32QNaNPayload));
static_assert(f32_is_arithmetic_nan(kF32QNaNPayload) && !f32_is_arithmetic_nan(kF32SNaN));

// =============================================================================================
// Integer arithmetic
// =============================================================================================

TEST(NumericInt, AddSubMulWrap) {
  EXPECT_EQ(i32_add(0xFFFF'FFFFu, 1), 0u);
  EXPECT_EQ(i32_add(0x7FFF'FFFFu, 1), kI32Min);
  EXPECT_EQ(i32_sub(0, 1), 0xFFFF'FFFFu);
  EXPECT_EQ(i32_sub(kI32Min, 1), 0x7FFF'FFFFu);
  EXPECT_EQ(i32_mul(kI32Min, 2), 0u);
  EXPECT_EQ(i32_mul(0x1'0000u, 0x1'0000u), 0u);
  EXPECT_EQ(i32_mul(u32(-1), u32(-1)), 1u);
  EXPECT_EQ(i32_mul(0x1234'5678u, 0x9ABC'DEF0u), 0x242D'2080u);  // low 32 bits of the product

  EXPECT_EQ(i64_add(0xFFFF'FFFF'FFFF'FFFFu, 1), 0u);
  EXPECT_EQ(i64_add(0x7FFF'FFFF'FFFF'FFFFu, 1), kI64Min);
  EXPECT_EQ(i64_sub(kI64Min, 1), 0x7FFF'FFFF'FFFF'FFFFu);
  EXPECT_EQ(i64_mul(kI64Min, u64(-1)), kI64Min);
  EXPECT_EQ(i64_mul(0x1'0000'0000u, 0x1'0000'0000u), 0u);
  EXPECT_EQ(i64_mul(0x0123'4567'89AB'CDEFu, 0xFEDC'BA98'7654'3210u), 0x2236'D88F'E561'8CF0u);
}

TEST(NumericInt, DivSigned) {
  EXPECT_TRUE(Ok(i32_div_s(7, 2), 3u));
  EXPECT_TRUE(Ok(i32_div_s(u32(-7), 2), u32(-3)));  // truncates toward zero
  EXPECT_TRUE(Ok(i32_div_s(7, u32(-2)), u32(-3)));
  EXPECT_TRUE(Ok(i32_div_s(u32(-7), u32(-2)), 3u));
  EXPECT_TRUE(Ok(i32_div_s(kI32Min, 1), kI32Min));
  EXPECT_TRUE(Ok(i32_div_s(kI32Min, 2), u32(-0x4000'0000)));
  EXPECT_TRUE(Ok(i32_div_s(kI32Min, u32(-2)), 0x4000'0000u));
  EXPECT_TRUE(Traps(i32_div_s(kI32Min, u32(-1)), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Traps(i32_div_s(1, 0), NumTrap::DivideByZero));
  EXPECT_TRUE(Traps(i32_div_s(0, 0), NumTrap::DivideByZero));
  EXPECT_TRUE(Traps(i32_div_s(kI32Min, 0), NumTrap::DivideByZero));

  EXPECT_TRUE(Ok(i64_div_s(u64(-7), 2), u64(-3)));
  EXPECT_TRUE(Ok(i64_div_s(kI64Min, 2), u64(INT64_MIN / 2)));
  EXPECT_TRUE(Ok(i64_div_s(kI64Min, u64(-2)), 0x4000'0000'0000'0000u));
  EXPECT_TRUE(Traps(i64_div_s(kI64Min, u64(-1)), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Traps(i64_div_s(1, 0), NumTrap::DivideByZero));
  // An i32 INT_MIN is just a positive i64.
  EXPECT_TRUE(Ok(i64_div_s(kI32Min, u64(-1)), u64(-0x8000'0000LL)));
}

TEST(NumericInt, DivUnsigned) {
  EXPECT_TRUE(Ok(i32_div_u(0xFFFF'FFFFu, 2), 0x7FFF'FFFFu));
  EXPECT_TRUE(Ok(i32_div_u(kI32Min, u32(-1)), 0u));  // no overflow unsigned
  EXPECT_TRUE(Ok(i32_div_u(u32(-1), u32(-1)), 1u));
  EXPECT_TRUE(Traps(i32_div_u(1, 0), NumTrap::DivideByZero));
  EXPECT_TRUE(Ok(i64_div_u(0xFFFF'FFFF'FFFF'FFFFu, 2), 0x7FFF'FFFF'FFFF'FFFFu));
  EXPECT_TRUE(Ok(i64_div_u(kI64Min, u64(-1)), 0u));
  EXPECT_TRUE(Traps(i64_div_u(0, 0), NumTrap::DivideByZero));
}

TEST(NumericInt, RemSigned) {
  EXPECT_TRUE(Ok(i32_rem_s(7, 2), 1u));
  EXPECT_TRUE(Ok(i32_rem_s(u32(-7), 2), u32(-1)));  // sign of the dividend
  EXPECT_TRUE(Ok(i32_rem_s(7, u32(-2)), 1u));
  EXPECT_TRUE(Ok(i32_rem_s(u32(-7), u32(-2)), u32(-1)));
  EXPECT_TRUE(Ok(i32_rem_s(kI32Min, u32(-1)), 0u));  // no trap, unlike div_s
  EXPECT_TRUE(Ok(i32_rem_s(kI32Min, 2), 0u));
  EXPECT_TRUE(Ok(i32_rem_s(kI32Min, 3), u32(-2)));
  EXPECT_TRUE(Ok(i32_rem_s(5, u32(-1)), 0u));
  EXPECT_TRUE(Traps(i32_rem_s(5, 0), NumTrap::DivideByZero));
  EXPECT_TRUE(Traps(i32_rem_s(kI32Min, 0), NumTrap::DivideByZero));

  EXPECT_TRUE(Ok(i64_rem_s(kI64Min, u64(-1)), 0u));
  EXPECT_TRUE(Ok(i64_rem_s(u64(-7), 2), u64(-1)));
  EXPECT_TRUE(Ok(i64_rem_s(kI64Min, 3), u64(-2)));
  EXPECT_TRUE(Traps(i64_rem_s(5, 0), NumTrap::DivideByZero));
}

TEST(NumericInt, RemUnsigned) {
  EXPECT_TRUE(Ok(i32_rem_u(kI32Min, 3), 2u));  // 2147483648 = 3 * 715827882 + 2
  EXPECT_TRUE(Ok(i32_rem_u(u32(-7), 2), 1u));
  EXPECT_TRUE(Ok(i32_rem_u(kI32Min, u32(-1)), kI32Min));
  EXPECT_TRUE(Traps(i32_rem_u(5, 0), NumTrap::DivideByZero));
  EXPECT_TRUE(Ok(i64_rem_u(kI64Min, 3), 2u));  // 2^63 = 3 * 3074457345618258602 + 2
  EXPECT_TRUE(Ok(i64_rem_u(kI64Min, u64(-1)), kI64Min));
  EXPECT_TRUE(Traps(i64_rem_u(5, 0), NumTrap::DivideByZero));
}

TEST(NumericInt, BitwiseOps) {
  EXPECT_EQ(i32_and(0xF0F0'F0F0u, 0xFF00'FF00u), 0xF000'F000u);
  EXPECT_EQ(i32_or(0xF0F0'F0F0u, 0x0F00'0000u), 0xFFF0'F0F0u);
  EXPECT_EQ(i32_xor(0xFFFF'0000u, 0xF0F0'F0F0u), 0x0F0F'F0F0u);
  EXPECT_EQ(i64_and(0xF0F0'F0F0'0000'0000u, 0xFF00'0000'FFFF'FFFFu), 0xF000'0000'0000'0000u);
  EXPECT_EQ(i64_or(1, 0x8000'0000'0000'0000u), 0x8000'0000'0000'0001u);
  EXPECT_EQ(i64_xor(u64(-1), 1), u64(-2));
}

// =============================================================================================
// Shifts and rotations: the count is taken modulo the width
// =============================================================================================

TEST(NumericInt, Shifts32) {
  EXPECT_EQ(i32_shl(1, 31), kI32Min);
  EXPECT_EQ(i32_shl(1, 32), 1u);
  EXPECT_EQ(i32_shl(1, 33), 2u);
  EXPECT_EQ(i32_shl(1, u32(-1)), kI32Min);  // -1 mod 32 = 31
  EXPECT_EQ(i32_shl(0xFFFF'FFFFu, 0x8000'0004u), 0xFFFF'FFF0u);

  EXPECT_EQ(i32_shr_u(kI32Min, 31), 1u);
  EXPECT_EQ(i32_shr_u(kI32Min, 32), kI32Min);
  EXPECT_EQ(i32_shr_u(kI32Min, u32(-1)), 1u);

  EXPECT_EQ(i32_shr_s(kI32Min, 31), 0xFFFF'FFFFu);  // arithmetic: copies the sign
  EXPECT_EQ(i32_shr_s(kI32Min, 32), kI32Min);
  EXPECT_EQ(i32_shr_s(kI32Min, 33), 0xC000'0000u);
  EXPECT_EQ(i32_shr_s(kI32Min, u32(-1)), 0xFFFF'FFFFu);
  EXPECT_EQ(i32_shr_s(0x7FFF'FFFFu, 30), 1u);
  EXPECT_EQ(i32_shr_s(u32(-1), 17), u32(-1));
}

TEST(NumericInt, Shifts64) {
  EXPECT_EQ(i64_shl(1, 63), kI64Min);
  EXPECT_EQ(i64_shl(1, 64), 1u);
  EXPECT_EQ(i64_shl(1, 65), 2u);
  EXPECT_EQ(i64_shl(1, u64(-1)), kI64Min);
  EXPECT_EQ(i64_shl(1, 32), 0x1'0000'0000u);  // not masked to 5 bits
  EXPECT_EQ(i64_shl(1, 0x8000'0000'0000'0041u), 2u);

  EXPECT_EQ(i64_shr_u(kI64Min, 63), 1u);
  EXPECT_EQ(i64_shr_u(kI64Min, 64), kI64Min);
  EXPECT_EQ(i64_shr_u(kI64Min, u64(-1)), 1u);

  EXPECT_EQ(i64_shr_s(kI64Min, 63), u64(-1));
  EXPECT_EQ(i64_shr_s(kI64Min, 64), kI64Min);
  EXPECT_EQ(i64_shr_s(kI64Min, u64(-1)), u64(-1));
  EXPECT_EQ(i64_shr_s(kI64Min, 32), 0xFFFF'FFFF'8000'0000u);
}

TEST(NumericInt, Rotations) {
  EXPECT_EQ(i32_rotl(0x8000'0001u, 1), 3u);
  EXPECT_EQ(i32_rotr(0x8000'0001u, 1), 0xC000'0000u);
  EXPECT_EQ(i32_rotl(0x1234'5678u, 0), 0x1234'5678u);
  EXPECT_EQ(i32_rotl(0x1234'5678u, 32), 0x1234'5678u);
  EXPECT_EQ(i32_rotl(0x1234'5678u, 4), 0x2345'6781u);
  EXPECT_EQ(i32_rotr(0x1234'5678u, 4), 0x8123'4567u);
  EXPECT_EQ(i32_rotl(0x1234'5678u, 36), 0x2345'6781u);
  EXPECT_EQ(i32_rotl(0x1234'5678u, u32(-4)), 0x8123'4567u);  // rotl by -4 == rotr by 4
  EXPECT_EQ(i32_rotr(0x1234'5678u, u32(-4)), 0x2345'6781u);

  EXPECT_EQ(i64_rotl(0x8000'0000'0000'0001u, 1), 3u);
  EXPECT_EQ(i64_rotr(0x8000'0000'0000'0001u, 1), 0xC000'0000'0000'0000u);
  EXPECT_EQ(i64_rotl(0x0123'4567'89AB'CDEFu, 64), 0x0123'4567'89AB'CDEFu);
  EXPECT_EQ(i64_rotl(0x0123'4567'89AB'CDEFu, 68), 0x1234'5678'9ABC'DEF0u);
  EXPECT_EQ(i64_rotr(0x0123'4567'89AB'CDEFu, 4), 0xF012'3456'789A'BCDEu);
  EXPECT_EQ(i64_rotl(0x0123'4567'89AB'CDEFu, u64(-4)), 0xF012'3456'789A'BCDEu);
  EXPECT_EQ(i64_rotl(0x0000'0001'0000'0000u, 32), 1u);  // not masked to 5 bits
}

// =============================================================================================
// Bit counting, comparisons, sign extension, width conversion
// =============================================================================================

TEST(NumericInt, BitCounts) {
  EXPECT_EQ(i32_clz(0), 32u);
  EXPECT_EQ(i32_ctz(0), 32u);
  EXPECT_EQ(i32_popcnt(0), 0u);
  EXPECT_EQ(i32_clz(1), 31u);
  EXPECT_EQ(i32_clz(kI32Min), 0u);
  EXPECT_EQ(i32_ctz(kI32Min), 31u);
  EXPECT_EQ(i32_ctz(1), 0u);
  EXPECT_EQ(i32_popcnt(0xFFFF'FFFFu), 32u);
  EXPECT_EQ(i32_popcnt(0x8000'8001u), 3u);

  EXPECT_EQ(i64_clz(0), 64u);
  EXPECT_EQ(i64_ctz(0), 64u);
  EXPECT_EQ(i64_popcnt(0), 0u);
  EXPECT_EQ(i64_clz(1), 63u);
  EXPECT_EQ(i64_clz(0x0000'0000'8000'0000u), 32u);
  EXPECT_EQ(i64_ctz(kI64Min), 63u);
  EXPECT_EQ(i64_ctz(0x1'0000'0000u), 32u);
  EXPECT_EQ(i64_popcnt(u64(-1)), 64u);
}

TEST(NumericInt, Comparisons) {
  EXPECT_EQ(i32_eqz(0), 1u);
  EXPECT_EQ(i32_eqz(kI32Min), 0u);
  EXPECT_EQ(i64_eqz(0), 1u);
  EXPECT_EQ(i64_eqz(0x1'0000'0000u), 0u);  // all 64 bits count

  EXPECT_EQ(i32_eq(5, 5), 1u);
  EXPECT_EQ(i32_ne(5, 5), 0u);
  // -1 vs 0: below when signed, above when unsigned.
  EXPECT_EQ(i32_lt_s(u32(-1), 0), 1u);
  EXPECT_EQ(i32_lt_u(u32(-1), 0), 0u);
  EXPECT_EQ(i32_gt_s(u32(-1), 0), 0u);
  EXPECT_EQ(i32_gt_u(u32(-1), 0), 1u);
  EXPECT_EQ(i32_le_s(kI32Min, 0x7FFF'FFFFu), 1u);
  EXPECT_EQ(i32_le_u(kI32Min, 0x7FFF'FFFFu), 0u);
  EXPECT_EQ(i32_ge_s(kI32Min, 0x7FFF'FFFFu), 0u);
  EXPECT_EQ(i32_ge_u(kI32Min, 0x7FFF'FFFFu), 1u);
  EXPECT_EQ(i32_le_s(3, 3), 1u);
  EXPECT_EQ(i32_ge_u(3, 3), 1u);

  EXPECT_EQ(i64_eq(kI64Min, kI64Min), 1u);
  EXPECT_EQ(i64_ne(kI64Min, 0), 1u);
  EXPECT_EQ(i64_lt_s(u64(-1), 0), 1u);
  EXPECT_EQ(i64_lt_u(u64(-1), 0), 0u);
  EXPECT_EQ(i64_gt_s(kI64Min, 0), 0u);
  EXPECT_EQ(i64_gt_u(kI64Min, 0), 1u);
  EXPECT_EQ(i64_le_s(kI64Min, 0x7FFF'FFFF'FFFF'FFFFu), 1u);
  EXPECT_EQ(i64_le_u(kI64Min, 0x7FFF'FFFF'FFFF'FFFFu), 0u);
  EXPECT_EQ(i64_ge_s(u64(-1), u64(-1)), 1u);
  EXPECT_EQ(i64_ge_u(0, 1), 0u);
}

TEST(NumericInt, SignExtension) {
  EXPECT_EQ(i32_extend8_s(0x7F), 0x7Fu);
  EXPECT_EQ(i32_extend8_s(0x80), 0xFFFF'FF80u);
  EXPECT_EQ(i32_extend8_s(0x1234'5680u), 0xFFFF'FF80u);  // upper bits ignored
  EXPECT_EQ(i32_extend8_s(0xFFFF'FF01u), 1u);
  EXPECT_EQ(i32_extend16_s(0x7FFF), 0x7FFFu);
  EXPECT_EQ(i32_extend16_s(0x8000), 0xFFFF'8000u);
  EXPECT_EQ(i32_extend16_s(0xABCD'0123u), 0x123u);

  EXPECT_EQ(i64_extend8_s(0x80), 0xFFFF'FFFF'FFFF'FF80u);
  EXPECT_EQ(i64_extend8_s(0x0123'4567'89AB'CD7Fu), 0x7Fu);
  EXPECT_EQ(i64_extend16_s(0x8000), 0xFFFF'FFFF'FFFF'8000u);
  EXPECT_EQ(i64_extend16_s(0xFFFF'FFFF'FFFF'7FFFu), 0x7FFFu);
  EXPECT_EQ(i64_extend32_s(0x8000'0000u), 0xFFFF'FFFF'8000'0000u);
  EXPECT_EQ(i64_extend32_s(0xFFFF'FFFF'7FFF'FFFFu), 0x7FFF'FFFFu);
}

TEST(NumericInt, WrapAndExtend) {
  EXPECT_EQ(i32_wrap_i64(0x1234'5678'9ABC'DEF0u), 0x9ABC'DEF0u);
  EXPECT_EQ(i32_wrap_i64(u64(-1)), 0xFFFF'FFFFu);
  EXPECT_EQ(i64_extend_i32_s(kI32Min), 0xFFFF'FFFF'8000'0000u);
  EXPECT_EQ(i64_extend_i32_s(0x7FFF'FFFFu), 0x7FFF'FFFFu);
  EXPECT_EQ(i64_extend_i32_u(kI32Min), 0x8000'0000u);
  EXPECT_EQ(i64_extend_i32_u(0xFFFF'FFFFu), 0xFFFF'FFFFu);
}

// =============================================================================================
// Float arithmetic and NaN propagation
// =============================================================================================

TEST(NumericFloat, ArithmeticBasics) {
  EXPECT_EQ(f32_add(1.5f, 2.25f), 3.75f);
  EXPECT_EQ(f32_sub(1.0f, 3.0f), -2.0f);
  EXPECT_EQ(f32_mul(-2.0f, 0.5f), -1.0f);
  EXPECT_EQ(f32_div(1.0f, 4.0f), 0.25f);
  EXPECT_EQ(f32_sqrt(2.25f), 1.5f);
  EXPECT_EQ(f32_bits(f32_sqrt(-0.0f)), 0x8000'0000u);  // sqrt(-0) = -0
  EXPECT_EQ(f32_div(opaque(1.0f), opaque(-0.0f)), -kF32Inf);
  EXPECT_EQ(f32_add(opaque(0.1f), opaque(0.2f)), 0.3f);  // f32 rounding, not f64: 0x3E99999A

  EXPECT_EQ(f64_add(0.1, 0.2), 0.30000000000000004);
  EXPECT_EQ(f64_sub(1.0, 1.0), 0.0);
  EXPECT_EQ(f64_bits(f64_add(opaque(-0.0), opaque(-0.0))), 0x8000'0000'0000'0000u);
  EXPECT_EQ(f64_mul(3.0, -0.5), -1.5);
  EXPECT_EQ(f64_div(opaque(-1.0), opaque(0.0)), -kF64Inf);
  EXPECT_EQ(f64_sqrt(16.0), 4.0);
}

// Native arithmetic is IEEE: an invalid operation gives a NaN, and a NaN operand (even a
// signalling one) gives a quiet NaN. All of these must be arithmetic NaNs.
TEST(NumericFloat, ArithmeticNaNsAreArithmetic) {
  const float s32 = opaque(f32_from_bits(kF32SNaN));
  const float c32 = opaque(f32_from_bits(kF32Canonical));
  EXPECT_TRUE(is_arithmetic_nan(f32_add(s32, opaque(1.0f))));
  EXPECT_TRUE(is_arithmetic_nan(f32_sub(opaque(1.0f), s32)));
  EXPECT_TRUE(is_arithmetic_nan(f32_mul(s32, s32)));
  EXPECT_TRUE(is_arithmetic_nan(f32_div(s32, opaque(2.0f))));
  EXPECT_TRUE(is_arithmetic_nan(f32_sqrt(s32)));
  EXPECT_TRUE(is_arithmetic_nan(f32_sqrt(opaque(-1.0f))));
  EXPECT_TRUE(is_arithmetic_nan(f32_div(opaque(0.0f), opaque(0.0f))));
  EXPECT_TRUE(is_arithmetic_nan(f32_sub(opaque(kF32Inf), opaque(kF32Inf))));
  EXPECT_TRUE(is_arithmetic_nan(f32_mul(opaque(0.0f), opaque(kF32Inf))));
  // Canonical in, canonical out.
  EXPECT_TRUE(is_canonical_nan(f32_add(c32, opaque(1.0f))));
  EXPECT_TRUE(is_canonical_nan(f32_mul(opaque(2.0f), c32)));

  const double s64 = opaque(f64_from_bits(kF64SNaN));
  const double c64 = opaque(f64_from_bits(kF64Canonical));
  EXPECT_TRUE(is_arithmetic_nan(f64_add(s64, opaque(1.0))));
  EXPECT_TRUE(is_arithmetic_nan(f64_sub(opaque(1.0), s64)));
  EXPECT_TRUE(is_arithmetic_nan(f64_mul(s64, opaque(0.0))));
  EXPECT_TRUE(is_arithmetic_nan(f64_div(opaque(kF64Inf), opaque(kF64Inf))));
  EXPECT_TRUE(is_arithmetic_nan(f64_sqrt(opaque(-2.0))));
  EXPECT_TRUE(is_arithmetic_nan(f64_sqrt(s64)));
  EXPECT_TRUE(is_canonical_nan(f64_div(c64, opaque(3.0))));
}

// =============================================================================================
// min / max
// =============================================================================================

TEST(NumericFloat, MinMaxOrdinary) {
  EXPECT_EQ(f32_min(1.0f, 2.0f), 1.0f);
  EXPECT_EQ(f32_max(1.0f, 2.0f), 2.0f);
  EXPECT_EQ(f32_min(-kF32Inf, 5.0f), -kF32Inf);
  EXPECT_EQ(f32_max(kF32Inf, 5.0f), kF32Inf);
  EXPECT_EQ(f32_min(-1.0f, -1.0f), -1.0f);
  EXPECT_EQ(f64_min(-3.0, 2.0), -3.0);
  EXPECT_EQ(f64_max(-3.0, 2.0), 2.0);
  EXPECT_EQ(f64_max(-kF64Inf, -1e308), -1e308);
}

TEST(NumericFloat, MinMaxSignedZeros) {
  // min(-0, +0) = -0 and max(-0, +0) = +0, whichever order (native fmin/std::min do not).
  EXPECT_EQ(f32_bits(f32_min(-0.0f, 0.0f)), 0x8000'0000u);
  EXPECT_EQ(f32_bits(f32_min(0.0f, -0.0f)), 0x8000'0000u);
  EXPECT_EQ(f32_bits(f32_max(-0.0f, 0.0f)), 0x0000'0000u);
  EXPECT_EQ(f32_bits(f32_max(0.0f, -0.0f)), 0x0000'0000u);
  EXPECT_EQ(f32_bits(f32_min(-0.0f, -0.0f)), 0x8000'0000u);
  EXPECT_EQ(f32_bits(f32_max(-0.0f, -0.0f)), 0x8000'0000u);
  EXPECT_EQ(f64_bits(f64_min(-0.0, 0.0)), 0x8000'0000'0000'0000u);
  EXPECT_EQ(f64_bits(f64_min(0.0, -0.0)), 0x8000'0000'0000'0000u);
  EXPECT_EQ(f64_bits(f64_max(-0.0, 0.0)), 0u);
  EXPECT_EQ(f64_bits(f64_max(0.0, -0.0)), 0u);
}

TEST(NumericFloat, MinMaxNaN) {
  const float s = f32_from_bits(kF32SNaN);
  const float c = f32_from_bits(kF32Canonical);
  // A NaN on either side gives a NaN, never the other operand, and the NaN is quiet.
  for (float r : {f32_min(s, 1.0f), f32_min(1.0f, s), f32_max(s, 1.0f), f32_max(1.0f, s),
                  f32_min(s, -kF32Inf), f32_max(kF32Inf, s), f32_min(s, s)}) {
    EXPECT_TRUE(is_arithmetic_nan(r)) << std::hex << f32_bits(r);
  }
  EXPECT_EQ(f32_bits(f32_min(s, 1.0f)), kF32SNaN | 0x0040'0000u);  // quieted, payload kept
  EXPECT_TRUE(is_canonical_nan(f32_min(c, 0.0f)));
  EXPECT_TRUE(is_canonical_nan(f32_max(-0.0f, c)));
  EXPECT_EQ(f32_bits(f32_max(f32_from_bits(kF32QNaNPayload), 7.0f)), kF32QNaNPayload);

  const double s64 = f64_from_bits(kF64SNaN);
  for (double r : {f64_min(s64, 1.0), f64_min(1.0, s64), f64_max(s64, 1.0), f64_max(1.0, s64),
                   f64_max(s64, f64_from_bits(kF64Canonical))}) {
    EXPECT_TRUE(is_arithmetic_nan(r)) << std::hex << f64_bits(r);
  }
  EXPECT_EQ(f64_bits(f64_max(0.0, s64)), kF64SNaN | 0x0008'0000'0000'0000u);
  EXPECT_TRUE(is_canonical_nan(f64_min(f64_from_bits(kF64Canonical), -kF64Inf)));
}

// =============================================================================================
// Rounding to integral: ceil, floor, trunc, nearest
// =============================================================================================

TEST(NumericFloat, Nearest) {
  EXPECT_EQ(f32_bits(f32_nearest(0.5f)), f32_bits(0.0f));
  EXPECT_EQ(f32_nearest(1.5f), 2.0f);
  EXPECT_EQ(f32_nearest(2.5f), 2.0f);  // ties to even
  EXPECT_EQ(f32_nearest(3.5f), 4.0f);
  EXPECT_EQ(f32_nearest(2.5000002f), 3.0f);
  EXPECT_EQ(f32_bits(f32_nearest(-0.5f)), 0x8000'0000u);  // -0, sign kept
  EXPECT_EQ(f32_bits(f32_nearest(-0.2f)), 0x8000'0000u);
  EXPECT_EQ(f32_bits(f32_nearest(-0.0f)), 0x8000'0000u);
  EXPECT_EQ(f32_nearest(-1.5f), -2.0f);
  EXPECT_EQ(f32_nearest(-2.5f), -2.0f);
  EXPECT_EQ(f32_nearest(-0.7f), -1.0f);
  EXPECT_EQ(f32_nearest(0.49999997f), 0.0f);   // largest float below 0.5: no "+0.5" bug
  EXPECT_EQ(f32_nearest(8388607.5f), 8388608.0f);  // 2^23 - 0.5: tie, rounds to even
  EXPECT_EQ(f32_nearest(-8388607.5f), -8388608.0f);
  EXPECT_EQ(f32_nearest(8388609.0f), 8388609.0f);  // >= 2^23: already integral
  EXPECT_EQ(f32_nearest(1e30f), 1e30f);
  EXPECT_EQ(f32_nearest(-kF32Inf), -kF32Inf);

  EXPECT_EQ(f64_bits(f64_nearest(0.5)), 0u);
  EXPECT_EQ(f64_nearest(1.5), 2.0);
  EXPECT_EQ(f64_nearest(2.5), 2.0);
  EXPECT_EQ(f64_bits(f64_nearest(-0.5)), 0x8000'0000'0000'0000u);
  EXPECT_EQ(f64_nearest(-3.5), -4.0);
  EXPECT_EQ(f64_nearest(0.49999999999999994), 0.0);
  EXPECT_EQ(f64_nearest(4503599627370495.5), 4503599627370496.0);  // 2^52 - 0.5, odd -> up
  EXPECT_EQ(f64_nearest(4503599627370494.5), 4503599627370494.0);  // even -> down
  EXPECT_EQ(f64_nearest(4503599627370497.0), 4503599627370497.0);
  EXPECT_EQ(f64_nearest(-0x1p60), -0x1p60);
  EXPECT_EQ(f64_nearest(1e300), 1e300);
  EXPECT_EQ(f64_nearest(kF64Inf), kF64Inf);
}

TEST(NumericFloat, CeilFloorTrunc) {
  EXPECT_EQ(f32_bits(f32_ceil(-0.5f)), 0x8000'0000u);  // -0, not +0
  EXPECT_EQ(f32_bits(f32_ceil(-0.0f)), 0x8000'0000u);
  EXPECT_EQ(f32_ceil(0.5f), 1.0f);
  EXPECT_EQ(f32_ceil(1.0000001f), 2.0f);
  EXPECT_EQ(f32_ceil(-1.5f), -1.0f);
  EXPECT_EQ(f32_ceil(1e-45f), 1.0f);  // smallest subnormal
  EXPECT_EQ(f32_ceil(8388607.5f), 8388608.0f);
  EXPECT_EQ(f32_ceil(-8388607.5f), -8388607.0f);
  EXPECT_EQ(f32_ceil(16777215.0f), 16777215.0f);
  EXPECT_EQ(f32_ceil(kF32Inf), kF32Inf);

  EXPECT_EQ(f32_floor(-0.5f), -1.0f);
  EXPECT_EQ(f32_bits(f32_floor(0.5f)), 0u);
  EXPECT_EQ(f32_bits(f32_floor(-0.0f)), 0x8000'0000u);
  EXPECT_EQ(f32_floor(-1.0f), -1.0f);
  EXPECT_EQ(f32_floor(-1e-45f), -1.0f);
  EXPECT_EQ(f32_floor(1.9999999f), 1.0f);
  EXPECT_EQ(f32_floor(-8388607.5f), -8388608.0f);
  EXPECT_EQ(f32_floor(-kF32Inf), -kF32Inf);

  EXPECT_EQ(f32_bits(f32_trunc(-0.7f)), 0x8000'0000u);
  EXPECT_EQ(f32_trunc(1.9f), 1.0f);
  EXPECT_EQ(f32_trunc(-1.9f), -1.0f);
  EXPECT_EQ(f32_trunc(-8388607.5f), -8388607.0f);
  EXPECT_EQ(f32_trunc(3e38f), 3e38f);

  EXPECT_EQ(f64_bits(f64_ceil(-0.5)), 0x8000'0000'0000'0000u);
  EXPECT_EQ(f64_ceil(0.1), 1.0);
  EXPECT_EQ(f64_ceil(4503599627370495.5), 4503599627370496.0);
  EXPECT_EQ(f64_ceil(-4503599627370495.5), -4503599627370495.0);
  EXPECT_EQ(f64_floor(-0.1), -1.0);
  EXPECT_EQ(f64_bits(f64_floor(0.1)), 0u);
  EXPECT_EQ(f64_floor(4503599627370495.5), 4503599627370495.0);
  EXPECT_EQ(f64_floor(-4503599627370495.5), -4503599627370496.0);
  EXPECT_EQ(f64_bits(f64_trunc(-0.9)), 0x8000'0000'0000'0000u);
  EXPECT_EQ(f64_trunc(-4503599627370495.5), -4503599627370495.0);
  EXPECT_EQ(f64_trunc(1e300), 1e300);
  EXPECT_EQ(f64_floor(5e-324), 0.0);
}

TEST(NumericFloat, RoundingNaNIsQuieted) {
  const float s = f32_from_bits(kF32SNaN);
  const float ns = f32_from_bits(kF32NegSNaN);
  for (auto op : {f32_ceil, f32_floor, f32_trunc, f32_nearest}) {
    EXPECT_EQ(f32_bits(op(s)), kF32SNaN | 0x0040'0000u);    // quiet bit set, payload kept
    EXPECT_EQ(f32_bits(op(ns)), kF32NegSNaN | 0x0040'0000u);
    EXPECT_TRUE(is_canonical_nan(op(f32_from_bits(kF32Canonical))));
    EXPECT_EQ(f32_bits(op(f32_from_bits(kF32QNaNPayload))), kF32QNaNPayload);
  }
  const double s64 = f64_from_bits(kF64SNaN);
  for (auto op : {f64_ceil, f64_floor, f64_trunc, f64_nearest}) {
    EXPECT_EQ(f64_bits(op(s64)), kF64SNaN | 0x0008'0000'0000'0000u);
    EXPECT_TRUE(is_canonical_nan(op(f64_from_bits(kF64Canonical))));
    EXPECT_EQ(f64_bits(op(f64_from_bits(kF64QNaNPayload))), kF64QNaNPayload);
  }
}

// =============================================================================================
// abs / neg / copysign: sign-bit only, NaN payloads untouched (even signalling ones)
// =============================================================================================

TEST(NumericFloat, AbsNegCopysign) {
  EXPECT_EQ(f32_abs(-2.5f), 2.5f);
  EXPECT_EQ(f32_bits(f32_abs(-0.0f)), 0u);
  EXPECT_EQ(f32_abs(-kF32Inf), kF32Inf);
  EXPECT_EQ(f32_neg(2.5f), -2.5f);
  EXPECT_EQ(f32_bits(f32_neg(0.0f)), 0x8000'0000u);
  EXPECT_EQ(f32_copysign(2.0f, -0.0f), -2.0f);
  EXPECT_EQ(f32_copysign(-2.0f, 0.0f), 2.0f);
  EXPECT_EQ(f32_copysign(2.0f, f32_from_bits(0xFFC0'0000u)), -2.0f);  // sign taken from a NaN
  EXPECT_EQ(f32_copysign(-2.0f, f32_from_bits(kF32SNaN)), 2.0f);

  EXPECT_EQ(f64_abs(-2.5), 2.5);
  EXPECT_EQ(f64_bits(f64_neg(0.0)), 0x8000'0000'0000'0000u);
  EXPECT_EQ(f64_copysign(1.0, -kF64Inf), -1.0);
  EXPECT_EQ(f64_copysign(1.0, f64_from_bits(kF64NegSNaN)), -1.0);
}

TEST(NumericFloat, AbsNegCopysignKeepNaNPayload) {
  EXPECT_EQ(f32_bits(f32_abs(f32_from_bits(kF32NegSNaN))), kF32SNaN);
  EXPECT_EQ(f32_bits(f32_abs(f32_from_bits(kF32SNaN))), kF32SNaN);
  EXPECT_EQ(f32_bits(f32_neg(f32_from_bits(kF32SNaN))), kF32NegSNaN);
  EXPECT_EQ(f32_bits(f32_neg(f32_from_bits(kF32NegSNaN))), kF32SNaN);
  EXPECT_EQ(f32_bits(f32_neg(f32_from_bits(kF32QNaNPayload))), kF32QNaNPayload | 0x8000'0000u);
  EXPECT_EQ(f32_bits(f32_copysign(f32_from_bits(kF32SNaN), -1.0f)), kF32NegSNaN);
  EXPECT_EQ(f32_bits(f32_copysign(f32_from_bits(kF32NegSNaN), 1.0f)), kF32SNaN);
  EXPECT_EQ(f32_bits(f32_copysign(f32_from_bits(kF32SNaN), f32_from_bits(kF32NegCanonical))),
            kF32NegSNaN);

  EXPECT_EQ(f64_bits(f64_abs(f64_from_bits(kF64NegSNaN))), kF64SNaN);
  EXPECT_EQ(f64_bits(f64_neg(f64_from_bits(kF64SNaN))), kF64NegSNaN);
  EXPECT_EQ(f64_bits(f64_neg(f64_from_bits(kF64QNaNPayload))),
            kF64QNaNPayload | 0x8000'0000'0000'0000u);
  EXPECT_EQ(f64_bits(f64_copysign(f64_from_bits(kF64SNaN), -0.0)), kF64NegSNaN);
  EXPECT_EQ(f64_bits(f64_copysign(f64_from_bits(kF64NegSNaN), 0.0)), kF64SNaN);
}

// =============================================================================================
// Float comparisons
// =============================================================================================

TEST(NumericFloat, Comparisons) {
  const float n = f32_from_bits(kF32Canonical);
  EXPECT_EQ(f32_eq(n, n), 0u);
  EXPECT_EQ(f32_ne(n, n), 1u);
  EXPECT_EQ(f32_ne(n, 1.0f), 1u);
  EXPECT_EQ(f32_lt(n, 1.0f), 0u);
  EXPECT_EQ(f32_gt(n, 1.0f), 0u);
  EXPECT_EQ(f32_le(1.0f, n), 0u);
  EXPECT_EQ(f32_ge(1.0f, n), 0u);
  EXPECT_EQ(f32_lt(f32_from_bits(kF32SNaN), kF32Inf), 0u);
  EXPECT_EQ(f32_eq(-0.0f, 0.0f), 1u);  // zeros are equal despite the sign
  EXPECT_EQ(f32_lt(-0.0f, 0.0f), 0u);
  EXPECT_EQ(f32_le(-0.0f, 0.0f), 1u);
  EXPECT_EQ(f32_ge(0.0f, -0.0f), 1u);
  EXPECT_EQ(f32_lt(-kF32Inf, kF32Inf), 1u);
  EXPECT_EQ(f32_gt(kF32Inf, 3e38f), 1u);
  EXPECT_EQ(f32_eq(kF32Inf, kF32Inf), 1u);

  const double m = f64_from_bits(kF64SNaN);
  EXPECT_EQ(f64_eq(m, m), 0u);
  EXPECT_EQ(f64_ne(m, m), 1u);
  EXPECT_EQ(f64_lt(m, 0.0), 0u);
  EXPECT_EQ(f64_gt(0.0, m), 0u);
  EXPECT_EQ(f64_le(m, kF64Inf), 0u);
  EXPECT_EQ(f64_ge(kF64Inf, m), 0u);
  EXPECT_EQ(f64_eq(0.0, -0.0), 1u);
  EXPECT_EQ(f64_ne(0.0, -0.0), 0u);
  EXPECT_EQ(f64_gt(0.0, -0.0), 0u);
  EXPECT_EQ(f64_lt(1.0, 1.0000000000000002), 1u);
}

// =============================================================================================
// Trapping float -> int truncation: exact range boundaries
// =============================================================================================

// Every trapping truncation: NaN of either sign is an invalid conversion; infinities overflow.
TEST(NumericTrunc, NaNAndInfinityTrap) {
  const float nan32[] = {f32_from_bits(kF32Canonical), f32_from_bits(kF32NegCanonical),
                         f32_from_bits(kF32SNaN), f32_from_bits(kF32NegSNaN)};
  const double nan64[] = {f64_from_bits(kF64Canonical), f64_from_bits(kF64SNaN),
                          f64_from_bits(kF64NegSNaN)};
  for (float x : nan32) {
    EXPECT_TRUE(Traps(i32_trunc_f32_s(x), NumTrap::InvalidConversion));
    EXPECT_TRUE(Traps(i32_trunc_f32_u(x), NumTrap::InvalidConversion));
    EXPECT_TRUE(Traps(i64_trunc_f32_s(x), NumTrap::InvalidConversion));
    EXPECT_TRUE(Traps(i64_trunc_f32_u(x), NumTrap::InvalidConversion));
  }
  for (double x : nan64) {
    EXPECT_TRUE(Traps(i32_trunc_f64_s(x), NumTrap::InvalidConversion));
    EXPECT_TRUE(Traps(i32_trunc_f64_u(x), NumTrap::InvalidConversion));
    EXPECT_TRUE(Traps(i64_trunc_f64_s(x), NumTrap::InvalidConversion));
    EXPECT_TRUE(Traps(i64_trunc_f64_u(x), NumTrap::InvalidConversion));
  }
  for (float x : {kF32Inf, -kF32Inf}) {
    EXPECT_TRUE(Traps(i32_trunc_f32_s(x), NumTrap::IntegerOverflow));
    EXPECT_TRUE(Traps(i32_trunc_f32_u(x), NumTrap::IntegerOverflow));
    EXPECT_TRUE(Traps(i64_trunc_f32_s(x), NumTrap::IntegerOverflow));
    EXPECT_TRUE(Traps(i64_trunc_f32_u(x), NumTrap::IntegerOverflow));
  }
  for (double x : {kF64Inf, -kF64Inf}) {
    EXPECT_TRUE(Traps(i32_trunc_f64_s(x), NumTrap::IntegerOverflow));
    EXPECT_TRUE(Traps(i32_trunc_f64_u(x), NumTrap::IntegerOverflow));
    EXPECT_TRUE(Traps(i64_trunc_f64_s(x), NumTrap::IntegerOverflow));
    EXPECT_TRUE(Traps(i64_trunc_f64_u(x), NumTrap::IntegerOverflow));
  }
}

TEST(NumericTrunc, I32FromF32Signed) {
  EXPECT_TRUE(Ok(i32_trunc_f32_s(-2147483648.0f), kI32Min));  // -2^31 exactly: in range
  EXPECT_TRUE(Ok(i32_trunc_f32_s(2147483520.0f), 0x7FFF'FF80u));  // largest float < 2^31
  EXPECT_EQ(std::nextafter(2147483648.0f, 0.0f), 2147483520.0f);
  EXPECT_TRUE(Traps(i32_trunc_f32_s(2147483648.0f), NumTrap::IntegerOverflow));  // 2^31
  EXPECT_TRUE(Traps(i32_trunc_f32_s(-2147483904.0f), NumTrap::IntegerOverflow));  // next < -2^31
  EXPECT_EQ(std::nextafter(-2147483648.0f, -kF32Inf), -2147483904.0f);
  EXPECT_TRUE(Ok(i32_trunc_f32_s(-1.9f), u32(-1)));
  EXPECT_TRUE(Ok(i32_trunc_f32_s(-0.9f), 0u));
  EXPECT_TRUE(Ok(i32_trunc_f32_s(-0.0f), 0u));
  EXPECT_TRUE(Ok(i32_trunc_f32_s(1e-45f), 0u));
  EXPECT_TRUE(Ok(i32_trunc_f32_s(1.9f), 1u));
}

TEST(NumericTrunc, I32FromF32Unsigned) {
  EXPECT_TRUE(Ok(i32_trunc_f32_u(4294967040.0f), 0xFFFF'FF00u));  // largest float < 2^32
  EXPECT_EQ(std::nextafter(4294967296.0f, 0.0f), 4294967040.0f);
  EXPECT_TRUE(Traps(i32_trunc_f32_u(4294967296.0f), NumTrap::IntegerOverflow));  // 2^32
  EXPECT_TRUE(Ok(i32_trunc_f32_u(2147483648.0f), kI32Min));
  EXPECT_TRUE(Ok(i32_trunc_f32_u(-0.99999994f), 0u));  // trunc is -0: in range
  EXPECT_TRUE(Ok(i32_trunc_f32_u(-0.0f), 0u));
  EXPECT_TRUE(Traps(i32_trunc_f32_u(-1.0f), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Ok(i32_trunc_f32_u(1.9f), 1u));
}

TEST(NumericTrunc, I32FromF64Signed) {
  EXPECT_TRUE(Ok(i32_trunc_f64_s(2147483647.0), 0x7FFF'FFFFu));
  EXPECT_TRUE(Ok(i32_trunc_f64_s(2147483647.9), 0x7FFF'FFFFu));
  EXPECT_TRUE(Ok(i32_trunc_f64_s(std::nextafter(2147483648.0, 0.0)), 0x7FFF'FFFFu));
  EXPECT_TRUE(Traps(i32_trunc_f64_s(2147483648.0), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Ok(i32_trunc_f64_s(-2147483648.0), kI32Min));
  EXPECT_TRUE(Ok(i32_trunc_f64_s(-2147483648.9), kI32Min));  // trunc is -2^31: in range
  EXPECT_TRUE(Ok(i32_trunc_f64_s(std::nextafter(-2147483649.0, 0.0)), kI32Min));
  EXPECT_TRUE(Traps(i32_trunc_f64_s(-2147483649.0), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Ok(i32_trunc_f64_s(-0.9), 0u));
  EXPECT_TRUE(Ok(i32_trunc_f64_s(-1.5), u32(-1)));
}

TEST(NumericTrunc, I32FromF64Unsigned) {
  EXPECT_TRUE(Ok(i32_trunc_f64_u(4294967295.0), 0xFFFF'FFFFu));
  EXPECT_TRUE(Ok(i32_trunc_f64_u(4294967295.9), 0xFFFF'FFFFu));
  EXPECT_TRUE(Ok(i32_trunc_f64_u(std::nextafter(4294967296.0, 0.0)), 0xFFFF'FFFFu));
  EXPECT_TRUE(Traps(i32_trunc_f64_u(4294967296.0), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Ok(i32_trunc_f64_u(-0.9), 0u));
  EXPECT_TRUE(Ok(i32_trunc_f64_u(std::nextafter(-1.0, 0.0)), 0u));
  EXPECT_TRUE(Traps(i32_trunc_f64_u(-1.0), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Ok(i32_trunc_f64_u(1e-300), 0u));
  EXPECT_TRUE(Ok(i32_trunc_f64_u(2147483648.5), kI32Min));
}

TEST(NumericTrunc, I64FromF32Signed) {
  EXPECT_TRUE(Ok(i64_trunc_f32_s(-9223372036854775808.0f), kI64Min));  // -2^63
  // Largest float below 2^63 is 2^63 - 2^39.
  EXPECT_TRUE(Ok(i64_trunc_f32_s(std::nextafter(9223372036854775808.0f, 0.0f)),
                 0x7FFF'FF80'0000'0000u));
  EXPECT_TRUE(Traps(i64_trunc_f32_s(9223372036854775808.0f), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Traps(i64_trunc_f32_s(std::nextafter(-9223372036854775808.0f, -kF32Inf)),
                    NumTrap::IntegerOverflow));  // -2^63 - 2^40
  EXPECT_TRUE(Ok(i64_trunc_f32_s(-0.9f), 0u));
  EXPECT_TRUE(Ok(i64_trunc_f32_s(-4294967296.0f), u64(-4294967296LL)));
}

TEST(NumericTrunc, I64FromF32Unsigned) {
  // Largest float below 2^64 is 2^64 - 2^40.
  EXPECT_TRUE(Ok(i64_trunc_f32_u(std::nextafter(18446744073709551616.0f, 0.0f)),
                 0xFFFF'FF00'0000'0000u));
  EXPECT_TRUE(Traps(i64_trunc_f32_u(18446744073709551616.0f), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Ok(i64_trunc_f32_u(9223372036854775808.0f), kI64Min));
  EXPECT_TRUE(Ok(i64_trunc_f32_u(-0.99999994f), 0u));
  EXPECT_TRUE(Traps(i64_trunc_f32_u(-1.0f), NumTrap::IntegerOverflow));
}

TEST(NumericTrunc, I64FromF64Signed) {
  EXPECT_TRUE(Ok(i64_trunc_f64_s(-9223372036854775808.0), kI64Min));
  EXPECT_TRUE(Ok(i64_trunc_f64_s(std::nextafter(9223372036854775808.0, 0.0)),
                 0x7FFF'FFFF'FFFF'FC00u));  // 2^63 - 1024
  EXPECT_TRUE(Traps(i64_trunc_f64_s(9223372036854775808.0), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Traps(i64_trunc_f64_s(std::nextafter(-9223372036854775808.0, -kF64Inf)),
                    NumTrap::IntegerOverflow));  // -2^63 - 2048
  EXPECT_TRUE(Ok(i64_trunc_f64_s(-0.9), 0u));
  EXPECT_TRUE(Ok(i64_trunc_f64_s(-2147483649.5), u64(-2147483649LL)));
  EXPECT_TRUE(Ok(i64_trunc_f64_s(4503599627370497.0), 4503599627370497u));
}

TEST(NumericTrunc, I64FromF64Unsigned) {
  EXPECT_TRUE(Ok(i64_trunc_f64_u(std::nextafter(18446744073709551616.0, 0.0)),
                 0xFFFF'FFFF'FFFF'F800u));  // 2^64 - 2048
  EXPECT_TRUE(Traps(i64_trunc_f64_u(18446744073709551616.0), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Ok(i64_trunc_f64_u(9223372036854775808.0), kI64Min));
  EXPECT_TRUE(Ok(i64_trunc_f64_u(-0.9), 0u));
  EXPECT_TRUE(Ok(i64_trunc_f64_u(std::nextafter(-1.0, 0.0)), 0u));
  EXPECT_TRUE(Traps(i64_trunc_f64_u(-1.0), NumTrap::IntegerOverflow));
  EXPECT_TRUE(Ok(i64_trunc_f64_u(4294967296.5), 0x1'0000'0000u));
}

// =============================================================================================
// Saturating float -> int truncation
// =============================================================================================

TEST(NumericTruncSat, NaNIsZero) {
  for (uint32_t b : {kF32Canonical, kF32NegCanonical, kF32SNaN, kF32NegSNaN}) {
    const float x = f32_from_bits(b);
    EXPECT_EQ(i32_trunc_sat_f32_s(x), 0u);
    EXPECT_EQ(i32_trunc_sat_f32_u(x), 0u);
    EXPECT_EQ(i64_trunc_sat_f32_s(x), 0u);
    EXPECT_EQ(i64_trunc_sat_f32_u(x), 0u);
  }
  for (uint64_t b : {kF64Canonical, kF64SNaN, kF64NegSNaN}) {
    const double x = f64_from_bits(b);
    EXPECT_EQ(i32_trunc_sat_f64_s(x), 0u);
    EXPECT_EQ(i32_trunc_sat_f64_u(x), 0u);
    EXPECT_EQ(i64_trunc_sat_f64_s(x), 0u);
    EXPECT_EQ(i64_trunc_sat_f64_u(x), 0u);
  }
}

TEST(NumericTruncSat, Saturates) {
  EXPECT_EQ(i32_trunc_sat_f32_s(kF32Inf), 0x7FFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f32_s(-kF32Inf), kI32Min);
  EXPECT_EQ(i32_trunc_sat_f32_s(2147483648.0f), 0x7FFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f32_s(-2147483904.0f), kI32Min);
  EXPECT_EQ(i32_trunc_sat_f32_s(3e38f), 0x7FFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f32_u(kF32Inf), 0xFFFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f32_u(-kF32Inf), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(-1.0f), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(4294967296.0f), 0xFFFF'FFFFu);

  EXPECT_EQ(i32_trunc_sat_f64_s(1e300), 0x7FFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f64_s(-2147483649.0), kI32Min);
  EXPECT_EQ(i32_trunc_sat_f64_s(2147483648.0), 0x7FFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f64_u(4294967296.0), 0xFFFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f64_u(-1e300), 0u);
  EXPECT_EQ(i32_trunc_sat_f64_u(-kF64Inf), 0u);

  EXPECT_EQ(i64_trunc_sat_f32_s(kF32Inf), 0x7FFF'FFFF'FFFF'FFFFu);
  EXPECT_EQ(i64_trunc_sat_f32_s(-kF32Inf), kI64Min);
  EXPECT_EQ(i64_trunc_sat_f32_s(9223372036854775808.0f), 0x7FFF'FFFF'FFFF'FFFFu);
  EXPECT_EQ(i64_trunc_sat_f32_u(kF32Inf), 0xFFFF'FFFF'FFFF'FFFFu);
  EXPECT_EQ(i64_trunc_sat_f32_u(-kF32Inf), 0u);
  EXPECT_EQ(i64_trunc_sat_f32_u(18446744073709551616.0f), 0xFFFF'FFFF'FFFF'FFFFu);

  EXPECT_EQ(i64_trunc_sat_f64_s(1e300), 0x7FFF'FFFF'FFFF'FFFFu);
  EXPECT_EQ(i64_trunc_sat_f64_s(-1e300), kI64Min);
  EXPECT_EQ(i64_trunc_sat_f64_s(9223372036854775808.0), 0x7FFF'FFFF'FFFF'FFFFu);
  EXPECT_EQ(i64_trunc_sat_f64_u(kF64Inf), 0xFFFF'FFFF'FFFF'FFFFu);
  EXPECT_EQ(i64_trunc_sat_f64_u(18446744073709551616.0), 0xFFFF'FFFF'FFFF'FFFFu);
  EXPECT_EQ(i64_trunc_sat_f64_u(-1.0), 0u);
}

TEST(NumericTruncSat, InRangeTruncates) {
  EXPECT_EQ(i32_trunc_sat_f32_s(-2147483648.0f), kI32Min);
  EXPECT_EQ(i32_trunc_sat_f32_s(-1.9f), u32(-1));
  EXPECT_EQ(i32_trunc_sat_f32_u(-0.9f), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(4294967040.0f), 0xFFFF'FF00u);
  EXPECT_EQ(i32_trunc_sat_f64_s(-2147483648.9), kI32Min);
  EXPECT_EQ(i32_trunc_sat_f64_s(2147483647.9), 0x7FFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f64_u(4294967295.9), 0xFFFF'FFFFu);
  EXPECT_EQ(i64_trunc_sat_f32_s(-9223372036854775808.0f), kI64Min);
  EXPECT_EQ(i64_trunc_sat_f32_u(std::nextafter(18446744073709551616.0f, 0.0f)),
            0xFFFF'FF00'0000'0000u);
  EXPECT_EQ(i64_trunc_sat_f64_s(-9223372036854775808.0), kI64Min);
  EXPECT_EQ(i64_trunc_sat_f64_s(std::nextafter(9223372036854775808.0, 0.0)),
            0x7FFF'FFFF'FFFF'FC00u);
  EXPECT_EQ(i64_trunc_sat_f64_u(std::nextafter(18446744073709551616.0, 0.0)),
            0xFFFF'FFFF'FFFF'F800u);
  EXPECT_EQ(i64_trunc_sat_f64_u(-0.9), 0u);
}

// =============================================================================================
// Integer -> float conversion: one correct rounding, ties to even
// =============================================================================================

TEST(NumericConvert, FromI32) {
  EXPECT_EQ(f32_convert_i32_s(kI32Min), -2147483648.0f);
  EXPECT_EQ(f32_convert_i32_s(u32(-1)), -1.0f);
  EXPECT_EQ(f32_convert_i32_s(16777217), 16777216.0f);  // 2^24 + 1: tie -> even
  EXPECT_EQ(f32_convert_i32_s(16777219), 16777220.0f);  // 2^24 + 3: tie -> even (up)
  EXPECT_EQ(f32_convert_i32_s(0x7FFF'FFFFu), 2147483648.0f);
  EXPECT_EQ(f32_convert_i32_u(0xFFFF'FFFFu), 4294967296.0f);
  EXPECT_EQ(f32_convert_i32_u(kI32Min), 2147483648.0f);
  EXPECT_EQ(f32_convert_i32_u(0xFFFF'FF7Fu), 4294967040.0f);  // below the halfway point
  EXPECT_EQ(f32_convert_i32_u(0xFFFF'FF80u), 4294967296.0f);  // halfway, odd -> up
  EXPECT_EQ(f64_convert_i32_s(kI32Min), -2147483648.0);
  EXPECT_EQ(f64_convert_i32_u(0xFFFF'FFFFu), 4294967295.0);
  EXPECT_EQ(f64_convert_i32_s(0xFFFF'FFFFu), -1.0);
}

TEST(NumericConvert, FromI64ToF32) {
  // u64 max -> 2^64 exactly.
  EXPECT_EQ(f32_convert_i64_u(0xFFFF'FFFF'FFFF'FFFFu), 18446744073709551616.0f);
  EXPECT_EQ(f32_convert_i64_s(0xFFFF'FFFF'FFFF'FFFFu), -1.0f);
  EXPECT_EQ(f32_convert_i64_s(kI64Min), -9223372036854775808.0f);
  EXPECT_EQ(f32_convert_i64_s(0x7FFF'FFFF'FFFF'FFFFu), 9223372036854775808.0f);
  // 2^53 + 2^29 + 1: just above the halfway point between 2^53 and 2^53 + 2^30, so it rounds
  // up. Going through f64 first would round to 2^53 + 2^29 (a tie) and then down to 2^53.
  EXPECT_EQ(f32_convert_i64_s(0x0020'0000'2000'0001u), 9007200328482816.0f);  // 2^53 + 2^30
  EXPECT_EQ(f32_convert_i64_s(0x0020'0000'2000'0000u), 9007199254740992.0f);  // tie -> 2^53
  EXPECT_EQ(f32_convert_i64_s(u64(-0x0020'0000'2000'0001LL)), -9007200328482816.0f);
  EXPECT_EQ(f32_convert_i64_u(0x0020'0000'2000'0001u), 9007200328482816.0f);
  // Unsigned with the top bit set: ulp is 2^40. 2^63 + 2^39 + 1 must round up (a conversion
  // that halves the value without keeping a sticky bit would see a tie and round down).
  EXPECT_EQ(f32_convert_i64_u(0x8000'0080'0000'0001u), 9223373136366403584.0f);  // 2^63 + 2^40
  EXPECT_EQ(f32_convert_i64_u(0x8000'0080'0000'0000u), 9223372036854775808.0f);  // tie -> 2^63
  EXPECT_EQ(f32_convert_i64_u(0x8000'0180'0000'0000u),
            9223374235878031360.0f);  // 2^63 + 3*2^39: tie between odd and even -> 2^63 + 2^41
  EXPECT_EQ(f32_convert_i64_u(0xFFFF'FF7F'FFFF'FFFFu), 18446742974197923840.0f);  // 2^64 - 2^40
}

TEST(NumericConvert, FromI64ToF64) {
  EXPECT_EQ(f64_convert_i64_u(0xFFFF'FFFF'FFFF'FFFFu), 18446744073709551616.0);  // 2^64
  EXPECT_EQ(f64_convert_i64_s(kI64Min), -9223372036854775808.0);
  EXPECT_EQ(f64_convert_i64_s(0x7FFF'FFFF'FFFF'FFFFu), 9223372036854775808.0);
  EXPECT_EQ(f64_convert_i64_s(0x0020'0000'0000'0001u), 9007199254740992.0);  // 2^53+1: tie, even
  EXPECT_EQ(f64_convert_i64_s(0x0020'0000'0000'0003u), 9007199254740996.0);  // 2^53+3: tie, up
  EXPECT_EQ(f64_convert_i64_s(u64(-0x0020'0000'0000'0003LL)), -9007199254740996.0);
  // Unsigned with the top bit set: ulp is 2048.
  EXPECT_EQ(f64_convert_i64_u(0x8000'0000'0000'0401u), 9223372036854777856.0);  // up: 2^63+2048
  EXPECT_EQ(f64_convert_i64_u(0x8000'0000'0000'0400u), 9223372036854775808.0);  // tie -> 2^63
  EXPECT_EQ(f64_convert_i64_u(0x8000'0000'0000'0C00u), 9223372036854779904.0);  // tie -> +4096
  EXPECT_EQ(f64_convert_i64_u(0xFFFF'FFFF'FFFF'FBFFu), 18446744073709549568.0);  // 2^64 - 2048
  EXPECT_EQ(f64_convert_i64_u(0xFFFF'FFFF'FFFF'FC00u), 18446744073709551616.0);  // tie -> 2^64
}

// The same hard cases with the operands hidden from the optimiser, so they exercise the
// run-time conversion instructions rather than the compiler's constant folding.
TEST(NumericConvert, RuntimeRounding) {
  EXPECT_EQ(f32_convert_i64_u(opaque(uint64_t{0xFFFF'FFFF'FFFF'FFFFu})), 18446744073709551616.0f);
  EXPECT_EQ(f64_convert_i64_u(opaque(uint64_t{0xFFFF'FFFF'FFFF'FFFFu})), 18446744073709551616.0);
  EXPECT_EQ(f32_convert_i64_s(opaque(uint64_t{0x0020'0000'2000'0001u})), 9007200328482816.0f);
  EXPECT_EQ(f32_convert_i64_u(opaque(uint64_t{0x0020'0000'2000'0001u})), 9007200328482816.0f);
  EXPECT_EQ(f32_convert_i64_u(opaque(uint64_t{0x8000'0080'0000'0001u})), 9223373136366403584.0f);
  EXPECT_EQ(f32_convert_i64_u(opaque(uint64_t{0x8000'0080'0000'0000u})), 9223372036854775808.0f);
  EXPECT_EQ(f64_convert_i64_u(opaque(uint64_t{0x8000'0000'0000'0401u})), 9223372036854777856.0);
  EXPECT_EQ(f64_convert_i64_u(opaque(uint64_t{0x8000'0000'0000'0400u})), 9223372036854775808.0);
  EXPECT_EQ(f64_convert_i64_u(opaque(uint64_t{0x8000'0000'0000'0C00u})), 9223372036854779904.0);
  EXPECT_EQ(f32_convert_i32_u(opaque(uint32_t{0xFFFF'FF80u})), 4294967296.0f);
  EXPECT_EQ(f32_convert_i32_s(opaque(uint32_t{16777219})), 16777220.0f);
  EXPECT_EQ(f32_demote_f64(opaque(1.0 + 0x1p-24)), 1.0f);
  EXPECT_EQ(f32_demote_f64(opaque(0x1.ffffffp+127)), kF32Inf);
}

// =============================================================================================
// demote / promote / reinterpret
// =============================================================================================

TEST(NumericConvert, Demote) {
  EXPECT_EQ(f32_demote_f64(1.5), 1.5f);
  EXPECT_EQ(f32_bits(f32_demote_f64(-0.0)), 0x8000'0000u);
  EXPECT_EQ(f32_demote_f64(1.0 + 0x1p-24), 1.0f);                // tie -> even
  EXPECT_EQ(f32_demote_f64(1.0 + 0x1p-24 + 0x1p-50), 1.0f + 0x1p-23f);  // just above the tie
  EXPECT_EQ(f32_demote_f64(1.0 + 3 * 0x1p-24), 1.0f + 0x1p-22f);  // tie -> even (up)
  EXPECT_EQ(f32_demote_f64(0.1), 0.1f);
  // Overflow boundary: 2^128 - 2^103 is halfway between FLT_MAX and 2^128 and rounds to inf.
  EXPECT_EQ(f32_demote_f64(static_cast<double>(FLT_MAX)), FLT_MAX);
  EXPECT_EQ(f32_demote_f64(std::nextafter(0x1.ffffffp+127, 0.0)), FLT_MAX);
  EXPECT_EQ(f32_demote_f64(0x1.ffffffp+127), kF32Inf);
  EXPECT_EQ(f32_demote_f64(-0x1.ffffffp+127), -kF32Inf);
  EXPECT_EQ(f32_demote_f64(std::nextafter(-0x1.ffffffp+127, 0.0)), -FLT_MAX);
  EXPECT_EQ(f32_demote_f64(1e300), kF32Inf);
  EXPECT_EQ(f32_demote_f64(-kF64Inf), -kF32Inf);
  // Underflow: 2^-150 is halfway between 0 and the smallest subnormal 2^-149.
  EXPECT_EQ(f32_bits(f32_demote_f64(0x1p-150)), 0u);
  EXPECT_EQ(f32_bits(f32_demote_f64(-0x1p-150)), 0x8000'0000u);
  EXPECT_EQ(f32_demote_f64(0x1.0000000000001p-150), 0x1p-149f);
  EXPECT_EQ(f32_demote_f64(3 * 0x1p-150), 0x1p-148f);  // tie -> even
  EXPECT_EQ(f32_demote_f64(1e-300), 0.0f);
}

TEST(NumericConvert, DemoteNaN) {
  EXPECT_EQ(f32_bits(f32_demote_f64(f64_from_bits(kF64Canonical))), kF32Canonical);
  EXPECT_EQ(f32_bits(f32_demote_f64(f64_from_bits(0xFFF8'0000'0000'0000u))), kF32NegCanonical);
  // Signalling: quieted; the top payload bits carry over.
  const float s = f32_demote_f64(f64_from_bits(kF64SNaN));  // payload 0x4'0000'0000'0001
  EXPECT_TRUE(is_arithmetic_nan(s));
  EXPECT_EQ(f32_bits(s), 0x7FE0'0000u);
  // Payload only in the low bits that do not fit: still a (quiet) NaN, never infinity.
  const float low = f32_demote_f64(f64_from_bits(0x7FF0'0000'0000'0001u));
  EXPECT_TRUE(is_arithmetic_nan(low));
  EXPECT_EQ(f32_bits(low), kF32Canonical);
  EXPECT_TRUE(is_arithmetic_nan(f32_demote_f64(f64_from_bits(kF64QNaNPayload))));
  EXPECT_TRUE(is_arithmetic_nan(f32_demote_f64(opaque(f64_from_bits(kF64NegSNaN)))));
}

TEST(NumericConvert, Promote) {
  EXPECT_EQ(f64_promote_f32(1.5f), 1.5);
  EXPECT_EQ(f64_promote_f32(0.1f), 0.100000001490116119384765625);  // exact
  EXPECT_EQ(f64_bits(f64_promote_f32(-0.0f)), 0x8000'0000'0000'0000u);
  EXPECT_EQ(f64_promote_f32(0x1p-149f), 0x1p-149);  // subnormal becomes normal
  EXPECT_EQ(f64_promote_f32(FLT_MAX), static_cast<double>(FLT_MAX));
  EXPECT_EQ(f64_promote_f32(-kF32Inf), -kF64Inf);

  EXPECT_EQ(f64_bits(f64_promote_f32(f32_from_bits(kF32Canonical))), kF64Canonical);
  EXPECT_TRUE(is_canonical_nan(f64_promote_f32(f32_from_bits(kF32NegCanonical))));
  const double s = f64_promote_f32(f32_from_bits(kF32SNaN));  // payload 0x20'0001
  EXPECT_TRUE(is_arithmetic_nan(s));
  EXPECT_EQ(f64_bits(s), 0x7FFC'0000'2000'0000u);
  EXPECT_EQ(f64_bits(f64_promote_f32(f32_from_bits(kF32NegSNaN))), 0xFFFC'0000'2000'0000u);
  EXPECT_TRUE(is_arithmetic_nan(f64_promote_f32(opaque(f32_from_bits(kF32SNaN)))));
}

TEST(NumericConvert, Reinterpret) {
  EXPECT_EQ(i32_reinterpret_f32(1.0f), 0x3F80'0000u);
  EXPECT_EQ(i32_reinterpret_f32(-0.0f), 0x8000'0000u);
  EXPECT_EQ(f32_reinterpret_i32(0x4049'0FDBu), 3.14159274f);
  EXPECT_EQ(i64_reinterpret_f64(1.0), 0x3FF0'0000'0000'0000u);
  EXPECT_EQ(f64_reinterpret_i64(0xC000'0000'0000'0000u), -2.0);
  // NaN bit patterns survive the round trip unchanged, signalling ones included.
  for (uint32_t b : {kF32SNaN, kF32NegSNaN, kF32QNaNPayload, 0x7F80'0001u, 0xFFFF'FFFFu}) {
    EXPECT_EQ(i32_reinterpret_f32(f32_reinterpret_i32(opaque(b))), b);
  }
  for (uint64_t b : {kF64SNaN, kF64NegSNaN, kF64QNaNPayload, 0x7FF0'0000'0000'0001u}) {
    EXPECT_EQ(i64_reinterpret_f64(f64_reinterpret_i64(opaque(b))), b);
  }
}

// =============================================================================================
// NaN predicates
// =============================================================================================

TEST(NumericNaN, Predicates) {
  EXPECT_TRUE(f32_is_canonical_nan(kF32Canonical));
  EXPECT_TRUE(f32_is_canonical_nan(kF32NegCanonical));
  EXPECT_FALSE(f32_is_canonical_nan(kF32QNaNPayload));
  EXPECT_FALSE(f32_is_canonical_nan(kF32SNaN));
  EXPECT_TRUE(f32_is_arithmetic_nan(kF32Canonical));
  EXPECT_TRUE(f32_is_arithmetic_nan(kF32QNaNPayload));
  EXPECT_TRUE(f32_is_arithmetic_nan(0xFFFF'FFFFu));
  EXPECT_FALSE(f32_is_arithmetic_nan(kF32SNaN));
  EXPECT_FALSE(f32_is_arithmetic_nan(0x7F80'0000u));  // +inf
  EXPECT_FALSE(f32_is_arithmetic_nan(0x0040'0000u));  // a subnormal with the "quiet" bit

  EXPECT_TRUE(f64_is_canonical_nan(kF64Canonical));
  EXPECT_TRUE(f64_is_canonical_nan(0xFFF8'0000'0000'0000u));
  EXPECT_FALSE(f64_is_canonical_nan(kF64QNaNPayload));
  EXPECT_TRUE(f64_is_arithmetic_nan(kF64QNaNPayload));
  EXPECT_FALSE(f64_is_arithmetic_nan(kF64SNaN));
  EXPECT_FALSE(f64_is_arithmetic_nan(0xFFF0'0000'0000'0000u));  // -inf

  EXPECT_TRUE(is_canonical_nan(f32_from_bits(kF32Canonical)));
  EXPECT_FALSE(is_canonical_nan(1.0f));
  EXPECT_TRUE(is_arithmetic_nan(f64_from_bits(kF64Canonical)));
  EXPECT_FALSE(is_arithmetic_nan(kF64Inf));
}

}  // namespace
}  // namespace wasmbind::detail::numeric
