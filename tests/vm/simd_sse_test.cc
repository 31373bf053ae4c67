// The x86 SIMD handlers (exec/ops_simd_sse.cc) against the portable ones (exec/ops_simd.cc):
// every handler the SSE table replaces runs on the same operands as the portable handler it
// replaces, and the results must be identical bit for bit. Operands are edge values (zeros
// of both signs, infinities, quiet and signalling NaNs with payloads, lane minima and maxima,
// out-of-range float-to-int inputs) and pseudo-random vectors.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "exec/handler.h"
#include "opcode.h"

namespace wasmbind::test {
namespace {

using detail::Handler;
using detail::Opcode;
using detail::Slot;
using detail::Word;
using V = std::array<uint8_t, 16>;

std::vector<Handler> table(bool sse) {
  std::vector<Handler> t(detail::kXOpCount, nullptr);
  detail::register_simd_handlers(t.data());
  if (sse) detail::register_simd_sse_handlers(t.data());
  return t;
}

V from_u32(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return std::bit_cast<V>(std::array<uint32_t, 4>{a, b, c, d});
}
V from_u64(uint64_t a, uint64_t b) { return std::bit_cast<V>(std::array<uint64_t, 2>{a, b}); }

std::vector<V> operands() {
  std::vector<V> v = {
      V{},
      from_u64(~0ull, ~0ull),
      // f32: -0, +0, 1, -1; infinities, canonical and signalling NaNs, a NaN with payload
      from_u32(0x80000000u, 0, 0x3F800000u, 0xBF800000u),
      from_u32(0x7F800000u, 0xFF800000u, 0x7FC00000u, 0x7FA00001u),
      from_u32(0xFFC12345u, 0x4F000000u /* 2^31 */, 0xCF000000u /* -2^31 */, 0x4EFFFFFFu),
      from_u32(0x4F800000u /* 2^32 */, 0xCF000001u, 0x3F000000u /* 0.5 */, 0xBFC00000u),
      // f64: -0, NaNs, infinities, 1
      from_u64(0x8000000000000000ull, 0x7FF8000000000000ull),
      from_u64(0x7FF0000000000001ull, 0xFFF0000000000000ull),
      from_u64(0x3FF0000000000000ull, 0x7FF0000000000000ull),
      // integer lane extremes
      from_u32(0x80008000u, 0x7FFF7FFFu, 0x80808080u, 0x7F7F7F7Fu),
      from_u32(0x00FF00FFu, 0xFF00FF00u, 0x00010001u, 0xFFFEFFFEu),
      from_u64(0x8000000000000000ull, 0x7FFFFFFFFFFFFFFFull),
  };
  std::mt19937_64 rng(20240611);
  for (int i = 0; i < 40; ++i) v.push_back(from_u64(rng(), rng()));
  // Shuffle/swizzle-style byte indices: small values, some above 15 and some above 31.
  for (int i = 0; i < 8; ++i) {
    V idx;
    for (auto& b : idx) b = static_cast<uint8_t>(rng() % (i < 4 ? 32 : 256));
    v.push_back(idx);
  }
  return v;
}

// Float arithmetic may give a different NaN than the portable code: with two NaN operands
// Wasm lets either payload through (and compilers order the operands of a + b as they like),
// so for these ops a NaN lane only has to be a NaN with the quiet bit set, like the portable
// one. Everything else must match bit for bit.
bool nan_payload_may_differ(Opcode op) {
  switch (op) {
    case Opcode::F32x4Add: case Opcode::F32x4Sub: case Opcode::F32x4Mul: case Opcode::F32x4Div:
    case Opcode::F32x4Sqrt: case Opcode::F64x2Add: case Opcode::F64x2Sub: case Opcode::F64x2Mul:
    case Opcode::F64x2Div: case Opcode::F64x2Sqrt:
      return true;
    default:
      return false;
  }
}

template <class Bits, int kExponentBits>
bool same_or_both_quiet_nan(const V& got, const V& want) {
  constexpr int kMantissaBits = 8 * sizeof(Bits) - 1 - kExponentBits;
  constexpr Bits kExponent = ((Bits{1} << kExponentBits) - 1) << kMantissaBits;
  constexpr Bits kQuiet = Bits{1} << (kMantissaBits - 1);
  auto g = std::bit_cast<std::array<Bits, 16 / sizeof(Bits)>>(got);
  auto w = std::bit_cast<std::array<Bits, 16 / sizeof(Bits)>>(want);
  for (size_t i = 0; i < g.size(); ++i) {
    if (g[i] == w[i]) continue;
    auto quiet_nan = [](Bits x) { return (x & kExponent) == kExponent && (x & kQuiet); };
    if (!quiet_nan(g[i]) || !quiet_nan(w[i])) return false;
  }
  return true;
}

bool agree(Opcode op, const V& got, const V& want) {
  if (got == want) return true;
  if (!nan_payload_may_differ(op)) return false;
  const bool f32 = detail::name(op).substr(0, 5) == "f32x4";
  return f32 ? same_or_both_quiet_nan<uint32_t, 8>(got, want)
             : same_or_both_quiet_nan<uint64_t, 11>(got, want);
}

// Runs one instruction [h, 1, operand slots..., immediates...] followed by Exit over `slots`
// and returns the 16 bytes at slot 1 (the destination).
V run(Handler h, const std::vector<uint64_t>& operand_words, std::array<Slot, 16> slots) {
  std::vector<Word> code(1 + operand_words.size() + 1);
  code[0].handler = h;
  for (size_t i = 0; i < operand_words.size(); ++i) code[1 + i].u = operand_words[i];
  code.back().handler = detail::handler(detail::XOp::Exit);
  detail::ExecContext ctx;
  EXPECT_EQ(h(code.data(), slots.data(), &ctx, nullptr, 0, 0), detail::Status::Ok);
  V out;
  std::memcpy(out.data(), &slots[1], 16);
  return out;
}

TEST(SimdSse, ReplacementsAgreeWithThePortableHandlers) {
  const std::vector<Handler> portable = table(false), fast = table(true);
  const std::vector<V> values = operands();
  std::mt19937 rng(7);
  size_t replaced = 0;
  for (size_t i = 0; i < detail::kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    const size_t x = static_cast<size_t>(detail::numeric_op(op));
    if (portable[x] == fast[x]) continue;
    ++replaced;
    const detail::OpcodeInfo& in = detail::info(op);
    // Operand slots: a = 4..5, b = 6..7, c = 8..9 (v128) or 6 / 8 (scalar); destination 1.
    for (size_t k = 0; k < 400; ++k) {
      std::array<Slot, 16> slots{};
      const V& a = values[rng() % values.size()];
      const V& b = values[rng() % values.size()];
      const V& c = values[rng() % values.size()];
      std::memcpy(&slots[4], a.data(), 16);
      std::memcpy(&slots[6], b.data(), 16);
      std::memcpy(&slots[8], c.data(), 16);
      std::vector<uint64_t> words = {1, 4};
      if (in.immediate == detail::Immediate::Shuffle) {
        uint64_t lo, hi;  // lane indices, validated below 32
        V idx;
        for (size_t l = 0; l < 16; ++l) idx[l] = c[l] & 31;
        std::memcpy(&lo, idx.data(), 8);
        std::memcpy(&hi, idx.data() + 8, 8);
        words = {1, 4, 6, lo, hi};
      } else if (in.params[1] == detail::SigType::I32) {
        slots[6] &= 0xFFFFFFFFu;  // a shift count: an i32 slot, zero-extended
        if (k % 4 == 0) slots[6] = k % 200;  // counts at and beyond the lane width
        words = {1, 4, 6};
      } else if (in.params[0] != detail::SigType::V128) {
        slots[4] &= in.params[0] == detail::SigType::I64 || in.params[0] == detail::SigType::F64
                        ? ~0ull
                        : 0xFFFFFFFFull;  // a splat's scalar operand
      } else if (in.params[2] != detail::SigType::NONE) {
        words = {1, 4, 6, 8};
      } else if (in.params[1] != detail::SigType::NONE) {
        words = {1, 4, 6};
      }
      const V want = run(portable[x], words, slots);
      const V got = run(fast[x], words, slots);
      ASSERT_TRUE(agree(op, got, want))
          << detail::name(op) << " case " << k << ": got " << testing::PrintToString(got)
          << ", portable " << testing::PrintToString(want);
    }
  }
#if defined(__x86_64__)
  EXPECT_GT(replaced, 100u);  // the table really was replaced
#endif
}

}  // namespace
}  // namespace wasmbind::test
