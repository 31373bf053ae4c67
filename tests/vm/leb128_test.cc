// LEB128 decoding at the edges of each width: the longest legal encodings, one byte too
// many, and unused bits in the last byte that are not zero (or not the sign).
#include <gtest/gtest.h>

#include "reader.h"

namespace wasmbind::detail {
namespace {

struct Decoded {
  bool ok;
  std::string message;
  uint64_t value;
};

template <class F>
Decoded read(std::vector<uint8_t> bytes, F f) {
  Reader r(bytes.data(), 0, bytes.size());
  try {
    uint64_t v = f(r);
    if (!r.at_end()) return {false, "trailing bytes", v};
    return {true, "", v};
  } catch (WasmError& e) {
    return {false, e.error().message, 0};
  }
}

auto u32 = [](Reader& r) { return uint64_t{r.u32()}; };
auto s32 = [](Reader& r) { return static_cast<uint64_t>(static_cast<int64_t>(r.s32())); };
auto s64 = [](Reader& r) { return static_cast<uint64_t>(r.s64()); };
auto u64 = [](Reader& r) { return r.u64(); };
auto s33 = [](Reader& r) { return static_cast<uint64_t>(r.s33()); };

TEST(Leb128, U32Values) {
  EXPECT_EQ(read({0x00}, u32).value, 0u);
  EXPECT_EQ(read({0x7F}, u32).value, 127u);
  EXPECT_EQ(read({0x80, 0x01}, u32).value, 128u);
  // Overlong but within 5 bytes is allowed: 0 written with 5 bytes.
  EXPECT_TRUE(read({0x80, 0x80, 0x80, 0x80, 0x00}, u32).ok);
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, u32).value, 0xFFFFFFFFu);
}

TEST(Leb128, U32TooLongAndTooLarge) {
  EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, u32).message,
            "integer representation too long");
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, u32).message, "integer too large");
  EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x70}, u32).message, "integer too large");
}

TEST(Leb128, Truncated) {
  EXPECT_EQ(read({0x80}, u32).message, "unexpected end");
  EXPECT_EQ(read({}, u32).message, "unexpected end");
  EXPECT_EQ(read({0xFF, 0xFF}, s64).message, "unexpected end");
}

TEST(Leb128, S32SignBits) {
  EXPECT_EQ(static_cast<int64_t>(read({0x7F}, s32).value), -1);
  EXPECT_EQ(static_cast<int64_t>(read({0x80, 0x7F}, s32).value), -128);
  // INT32_MIN: last byte 0x78 (sign bit 3 set, bits 4-6 set as its copies).
  EXPECT_EQ(static_cast<int64_t>(read({0x80, 0x80, 0x80, 0x80, 0x78}, s32).value), INT32_MIN);
  EXPECT_EQ(static_cast<int64_t>(read({0xFF, 0xFF, 0xFF, 0xFF, 0x07}, s32).value), INT32_MAX);
  // Sign bit clear but a higher bit set, and the reverse.
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, s32).message, "integer too large");
  EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x70}, s32).message, "integer too large");
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, s32).message,
            "integer representation too long");
}

TEST(Leb128, S64Edges) {
  EXPECT_EQ(static_cast<int64_t>(
                read({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}, s64).value),
            INT64_MIN);
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}, s64).value,
            uint64_t{INT64_MAX});
  EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02}, s64).message,
            "integer too large");
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41}, s64).message,
            "integer too large");
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}, s64).message,
            "integer representation too long");
}

TEST(Leb128, U64AndS33) {
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, u64).value,
            UINT64_MAX);
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x03}, u64).message,
            "integer too large");
  // s33 block type indices: 2^32-1 is the largest, needing sign bit 32 clear.
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, s33).value, 0xFFFFFFFFu);
  EXPECT_EQ(read({0xFF, 0xFF, 0xFF, 0xFF, 0x2F}, s33).message, "integer too large");
  EXPECT_EQ(static_cast<int64_t>(read({0x40}, s33).value), -64);
}

TEST(Utf8, AcceptsOnlyShortestScalarValues) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9"));              // é
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));      // U+1F600
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));             // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));         // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));         // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));     // U+110000
  EXPECT_FALSE(is_valid_utf8("\xC3"));                 // truncated
  EXPECT_FALSE(is_valid_utf8("\x80"));                 // lone continuation byte
  EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));  // 5-byte form
}

}  // namespace
}  // namespace wasmbind::detail
