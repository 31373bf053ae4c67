// SIMD instructions run through the interpreter at their edge cases: NaN and signed-zero
// rules of f32x4.min/max/pmin/pmax, ties in f32x4.nearest, saturation of narrow, q15mulr and
// trunc_sat, a shuffle drawing from both operands, and the bounds check of a lane load. Each
// test assembles a one-instruction module by hand: an exported function "f" that pushes its
// parameters in order, runs one 0xFD-prefixed instruction and returns the result.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "exec/numeric.h"
#include "exec/ops.h"
#include "exec/simd.h"
#include "opcode.h"
#include "wasm_builder.h"
#include "wasmbind/vm.h"

namespace wasmbind::test {
namespace {

namespace simd = detail::simd;

constexpr uint8_t kI32 = 0x7F;
constexpr uint8_t kV128 = 0x7B;

// Calls `(func (export "f") (param <params>) (result <result>) local.get 0 .. local.get n-1
// 0xFD <opcode> <immediates>)` with `args`; `with_memory` adds a one-page memory.
Result<std::vector<Value>> run(uint32_t opcode, const Bytes& immediates, const Bytes& params,
                               uint8_t result, const std::vector<Value>& args,
                               bool with_memory = false) {
  Bytes code;
  for (uint32_t i = 0; i < params.size(); ++i) append(code, cat({{0x20}, uleb(i)}));
  append(code, cat({{0xFD}, uleb(opcode), immediates, {0x0B}}));
  const Bytes exports = section(7, vec({cat({name("f"), {0x00}, uleb(0)})}));
  const Bytes wasm =
      with_memory ? one_function_module(func_type(params, {result}), code,
                                        {section(5, vec({{0x00, 0x01}})), exports})
                  : one_function_module(func_type(params, {result}), code, {exports});
  auto module = Module::compile(wasm);
  if (!module.ok()) return module.error();
  auto instance = Linker().instantiate(*module);
  if (!instance.ok()) return instance.error();
  return (*instance)->call("f", args);
}

// A binary v128 instruction (no immediates) applied to a and b.
V128 binary(uint32_t opcode, const V128& a, const V128& b) {
  auto r = run(opcode, {}, {kV128, kV128}, kV128, {Value::v128(a), Value::v128(b)});
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() ? r->at(0).bits : V128{};
}
V128 unary(uint32_t opcode, const V128& a) {
  auto r = run(opcode, {}, {kV128}, kV128, {Value::v128(a)});
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() ? r->at(0).bits : V128{};
}

// Opcodes (after the 0xFD prefix) of the instructions tested here.
constexpr uint32_t kShuffle = 0x0D, kLoad64Lane = 0x57, kI8x16NarrowS = 0x65,
                   kI8x16NarrowU = 0x66, kF32x4Nearest = 0x6A, kQ15mulrSatS = 0x82,
                   kF32x4Min = 0xE8, kF32x4Max = 0xE9, kF32x4Pmin = 0xEA, kF32x4Pmax = 0xEB,
                   kTruncSatS = 0xF8, kTruncSatU = 0xF9;

float f32(uint32_t bits) { return detail::numeric::f32_from_bits(bits); }
constexpr uint32_t kNeg0 = 0x8000'0000u, kPos0 = 0, kOne = 0x3F80'0000u;
constexpr uint32_t kCanonicalNaN = 0x7FC0'0000u;
constexpr uint32_t kSignallingNaN = 0x7FA0'0000u;  // quiet bit clear, payload 0x200000

using F32Bits = std::array<uint32_t, 4>;
V128 f32x4(F32Bits bits) { return simd::vec<uint32_t>(bits); }
F32Bits bits_of(const V128& v) { return simd::lanes<uint32_t>(v); }

TEST(Simd, EveryVectorInstructionHasAHandler) {
  // v128.load, v128.store and v128.const are generic moves (Load128, Store128, Const128).
  size_t with_handler = 0;
  for (size_t i = 0; i < detail::kOpcodeCount; ++i) {
    auto op = static_cast<detail::Opcode>(i);
    if (detail::info(op).prefix != 0xFD || op == detail::Opcode::V128Load ||
        op == detail::Opcode::V128Store || op == detail::Opcode::V128Const)
      continue;
    EXPECT_NE(detail::handler(detail::numeric_op(op)), nullptr) << detail::name(op);
    ++with_handler;
  }
  EXPECT_EQ(with_handler, 233u);
}

TEST(Simd, F32x4MinMaxOrderZerosAndPropagateNaNs) {
  // Lanes: (-0, +0), (+0, -0), (canonical NaN, 1), (1, signalling NaN).
  const V128 a = f32x4({kNeg0, kPos0, kCanonicalNaN, kOne});
  const V128 b = f32x4({kPos0, kNeg0, kOne, kSignallingNaN});

  // min takes -0 as below +0 whatever the order; max the reverse.
  const F32Bits mn = bits_of(binary(kF32x4Min, a, b));
  const F32Bits mx = bits_of(binary(kF32x4Max, a, b));
  EXPECT_EQ(mn[0], kNeg0);
  EXPECT_EQ(mn[1], kNeg0);
  EXPECT_EQ(mx[0], kPos0);
  EXPECT_EQ(mx[1], kPos0);
  // A canonical NaN operand gives a canonical NaN; any NaN operand an arithmetic (quiet) one,
  // even a signalling input.
  for (const F32Bits& r : {mn, mx}) {
    EXPECT_TRUE(detail::numeric::f32_is_canonical_nan(r[2])) << std::hex << r[2];
    EXPECT_TRUE(detail::numeric::f32_is_arithmetic_nan(r[3])) << std::hex << r[3];
  }
}

TEST(Simd, F32x4PminPmaxReturnTheFirstOperandWhenUnordered) {
  // pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a: for equal zeros and for a NaN
  // on either side the comparison is false, so the result is a, bit for bit (no quieting).
  const V128 a = f32x4({kNeg0, kPos0, kSignallingNaN, kOne});
  const V128 b = f32x4({kPos0, kNeg0, kOne, kCanonicalNaN});
  EXPECT_EQ(bits_of(binary(kF32x4Pmin, a, b)), bits_of(a));
  EXPECT_EQ(bits_of(binary(kF32x4Pmax, a, b)), bits_of(a));
  // Ordered lanes pick the smaller / larger value.
  const V128 c = simd::vec<float>({1.0f, -2.0f, 3.0f, -4.0f});
  const V128 d = simd::vec<float>({2.0f, -1.0f, -3.0f, -5.0f});
  EXPECT_EQ(simd::lanes<float>(binary(kF32x4Pmin, c, d)), (std::array{1.0f, -2.0f, -3.0f, -5.0f}));
  EXPECT_EQ(simd::lanes<float>(binary(kF32x4Pmax, c, d)), (std::array{2.0f, -1.0f, 3.0f, -4.0f}));
}

TEST(Simd, F32x4NearestRoundsTiesToEvenAndKeepsTheSign) {
  EXPECT_EQ(bits_of(unary(kF32x4Nearest, simd::vec<float>({0.5f, 1.5f, 2.5f, -0.5f}))),
            (F32Bits{kPos0, std::bit_cast<uint32_t>(2.0f), std::bit_cast<uint32_t>(2.0f), kNeg0}));
  // 2^23 + 1 is already an integer (every float from 2^23 up is); 3.5 rounds up to even 4.
  const V128 more = simd::vec<float>({-2.5f, 8388609.0f, 3.5f, -1.5f});
  EXPECT_EQ(simd::lanes<float>(unary(kF32x4Nearest, more)),
            (std::array{-2.0f, 8388609.0f, 4.0f, -2.0f}));
  // A NaN lane comes out quiet.
  const F32Bits r = bits_of(unary(kF32x4Nearest, f32x4({kSignallingNaN, 0, 0, 0})));
  EXPECT_TRUE(detail::numeric::f32_is_arithmetic_nan(r[0])) << std::hex << r[0];
}

TEST(Simd, I8x16NarrowSaturatesSignedInput) {
  const V128 a = simd::vec<int16_t>({300, -300, 127, 128, -128, -129, 0, -1});
  const V128 b = simd::vec<int16_t>({32767, -32768, 1, 2, 3, 4, 5, 6});
  // _s: to [-128, 127]; a's lanes become the low eight, b's the high eight.
  EXPECT_EQ(simd::lanes<int8_t>(binary(kI8x16NarrowS, a, b)),
            (std::array<int8_t, 16>{127, -128, 127, 127, -128, -128, 0, -1,
                                    127, -128, 1, 2, 3, 4, 5, 6}));
  // _u: the same signed input to [0, 255]; every negative lane becomes 0.
  EXPECT_EQ(simd::lanes<uint8_t>(binary(kI8x16NarrowU, a, b)),
            (std::array<uint8_t, 16>{255, 0, 127, 128, 0, 0, 0, 0,
                                     255, 0, 1, 2, 3, 4, 5, 6}));
}

TEST(Simd, I16x8Q15mulrRoundsAndSaturates) {
  // (a * b + 2^14) >> 15; only -32768 * -32768 (= +1.0 in Q15) is out of range.
  const V128 a = simd::vec<int16_t>({-32768, -32768, 32767, 16384, 1, -1, 100, 0});
  const V128 b = simd::vec<int16_t>({-32768, 32767, 32767, 16384, 16384, 16384, -200, -32768});
  EXPECT_EQ(simd::lanes<int16_t>(binary(kQ15mulrSatS, a, b)),
            (std::array<int16_t, 8>{32767, -32767, 32766, 8192, 1, 0, -1, 0}));
}

TEST(Simd, I32x4TruncSatF32x4MapsNaNToZeroAndClampsToTheRange) {
  const float nan = f32(kCanonicalNaN), inf = std::numeric_limits<float>::infinity();
  // _u: NaN and anything below 0 -> 0; above 2^32 - 1 -> 0xFFFFFFFF; in range truncates.
  // 4294967040 is the largest float below 2^32.
  const V128 u1 = simd::vec<float>({nan, -1.5f, 1e10f, 4294967040.0f});
  const V128 u2 = simd::vec<float>({-0.9f, inf, -inf, 3.9f});
  EXPECT_EQ(simd::lanes<uint32_t>(unary(kTruncSatU, u1)),
            (std::array<uint32_t, 4>{0, 0, 0xFFFF'FFFFu, 4294967040u}));
  EXPECT_EQ(simd::lanes<uint32_t>(unary(kTruncSatU, u2)),
            (std::array<uint32_t, 4>{0, 0xFFFF'FFFFu, 0, 3}));
  // _s: NaN -> 0, clamped to [INT32_MIN, INT32_MAX], truncation toward zero.
  const V128 s = simd::vec<float>({nan, -3e9f, 3e9f, -2.5f});
  EXPECT_EQ(simd::lanes<int32_t>(unary(kTruncSatS, s)),
            (std::array<int32_t, 4>{0, std::numeric_limits<int32_t>::min(),
                                    std::numeric_limits<int32_t>::max(), -2}));
}

TEST(Simd, ShufflePicksLanesFromBothOperands) {
  // Byte i of a is i and byte i of b is 16 + i, so each result byte equals its lane index:
  // indices 0..15 pick from a, 16..31 from b, and an index may repeat.
  V128 a, b;
  for (uint8_t i = 0; i < 16; ++i) {
    a[i] = i;
    b[i] = static_cast<uint8_t>(16 + i);
  }
  const Bytes indices = {0, 16, 1, 17, 15, 31, 8, 24, 3, 3, 30, 30, 7, 23, 12, 28};
  auto r = run(kShuffle, indices, {kV128, kV128}, kV128, {Value::v128(a), Value::v128(b)});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(Bytes(r->at(0).bits.begin(), r->at(0).bits.end()), indices);
}

TEST(Simd, LoadLaneReplacesOneLaneAndChecksTheBytesItReads) {
  // v128.load64_lane align=3 offset=0 lane=1 from a zeroed one-page memory, into a vector of
  // ones: lane 0 stays, lane 1 becomes 0. The last 8 bytes of the page are in bounds; one byte
  // further traps.
  const Bytes memarg_lane = {0x03, 0x00, 0x01};
  const Value ones = Value::v128(simd::vec<uint64_t>({1, 1}));
  auto ok = run(kLoad64Lane, memarg_lane, {kI32, kV128}, kV128, {Value::i32(65536 - 8), ones},
                /*with_memory=*/true);
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(simd::lanes<uint64_t>(ok->at(0).bits), (std::array<uint64_t, 2>{1, 0}));
  auto oob = run(kLoad64Lane, memarg_lane, {kI32, kV128}, kV128, {Value::i32(65536 - 7), ones},
                 /*with_memory=*/true);
  ASSERT_FALSE(oob.ok());
  EXPECT_EQ(oob.error().trap, TrapKind::MemoryOutOfBounds);
}

}  // namespace
}  // namespace wasmbind::test
