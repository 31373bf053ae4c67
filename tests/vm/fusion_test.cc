// The translator's superinstructions against the plain instruction sequences they replace.
// wat/fusion.wat exports each fused pattern twice: "NAME" as written and "NAME/ref" with an
// empty block between its instructions, which stops the translator from fusing them. Both
// run on the same arguments (address wrap-arounds at 2^32, both ends of the memory, NaN bit
// patterns, signed extremes) in fresh instances and must give the same results, or traps of
// the same kind. A few expected values are checked by hand too, so that "both equally wrong"
// cannot pass.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wasmbind/vm.h"

namespace wasmbind {
namespace {

std::vector<uint8_t> read_wasm(const char* name) {
  std::ifstream in(std::string(WASMBIND_TEST_WASM_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class FusionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = Module::compile(read_wasm("fusion.wasm"));
    ASSERT_TRUE(m.ok()) << m.error().to_string();
    module_ = *m;
  }

  // The result of `name(x, y)` in a fresh instance, as text: the value's bits, or the trap.
  std::string run(const std::string& name, uint32_t x, uint32_t y) {
    auto inst = Linker().instantiate(module_);
    if (!inst.ok()) return "instantiate: " + inst.error().to_string();
    const Value args[] = {Value::i32(static_cast<int32_t>(x)), Value::i32(static_cast<int32_t>(y))};
    auto r = (*inst)->call(name, args);
    if (!r.ok()) return "trap: " + r.error().message;
    std::string s;
    for (const Value& v : *r) {
      uint64_t bits;
      std::memcpy(&bits, v.bits.data(), 8);
      s += std::to_string(bits) + " ";
    }
    return s;
  }

  void expect_same(const std::string& name) {
    for (uint32_t x : kValues)
      for (uint32_t y : kValues)
        ASSERT_EQ(run(name, x, y), run(name + "/ref", x, y)) << name << "(" << x << ", " << y << ")";
  }

  static constexpr uint32_t kValues[] = {
      0,          1,          2,          3,          7,          8,          0x10,
      0x7FF0,     0xFFD0,     0xFFDC,     0xFFE0,     0xFFF0,     0xFFFC,     0x10000,
      0x1FFF,     0xFFFFFFE0, 0xFFFFFFE4, 0xFFFFFFF8, 0xFFFFFFFC, 0x7FFFFFFF, 0x80000000,
      0x7FC00000 /* NaN as f32 */, 0xFF800000 /* -inf */, 0x3FC00000 /* 1.5 */, 0x12345678,
      0xDEADBEEF, 0x00002000};

  std::shared_ptr<const Module> module_;
};

TEST_F(FusionTest, LoadsWithFoldedAddressArithmetic) {
  expect_same("load_add");
  expect_same("load_sub");
  expect_same("load_shl_add");
  expect_same("load_base_index");
  expect_same("load_v128_add");
  // (0xFFFFFFE0 + 0x20) wraps to 0, then offset 4: the bytes 89 ab cd ef.
  EXPECT_EQ(run("load_add", 0xFFFFFFE0, 0), std::to_string(0xefcdab89u) + " ");
  // Without the wrap the access is out of bounds.
  EXPECT_EQ(run("load_add", 0xFFE0, 0), "trap: out of bounds memory access");
}

TEST_F(FusionTest, StoresWithFoldedAddressOrConstantValue) {
  expect_same("store_add");
  expect_same("store_const");
  // 88 77 66 55 44 33 22 11 at 5, then FE at 5 and -1.5f (00 00 c0 bf) at 9.
  EXPECT_EQ(run("store_const", 0, 0), std::to_string(0xBFC00000556677FEull) + " ");
}

TEST_F(FusionTest, F64ArithmeticWithALoadAndReadModifyWrite) {
  expect_same("f64_sub_load");
  expect_same("f64_div_load");
  expect_same("f64_rmw");
  // The f64 at 16 is 1.0: ((5 + 1) - 0.5) * 3 = 16.5.
  EXPECT_EQ(run("f64_rmw", 8, 5), std::to_string(std::bit_cast<uint64_t>(16.5)) + " ");
}

TEST_F(FusionTest, AluOpsWithAShiftedOperand) { expect_same("shifted"); }

TEST_F(FusionTest, CompareAndBranchIncludingNegatedFloatComparisons) {
  expect_same("compares");
  // x = 1, y = NaN: f64.lt is false (no branch: 1 set), the negated f64.ge branches (2
  // clear), f32.ne holds (4), f32.le does not (8 clear); i64 1 > 0x7FC00000 does not (16),
  // 1 <= 2^31 does (32 clear), i64.eqz(1) is false (64) and its negation true (128 clear),
  // 1 < 0x7FC00000 so its negation falls through (256), and NaN > 2 is false (512).
  EXPECT_EQ(run("compares", 1, 0x7FC00000), std::to_string(1 | 4 | 16 | 64 | 256 | 512) + " ");
}

TEST_F(FusionTest, LoopCountersUpdatedAndTestedInOneOp) {
  expect_same("loops");
}

TEST_F(FusionTest, ResultsHandedOverInTheAccumulator) { expect_same("acc_chains"); }

TEST_F(FusionTest, IndexedStoresAndTheAxpyStep) {
  expect_same("store_indexed");
  expect_same("axpy");
  expect_same("axpy_step");
  // x = 0, y = 2: mem[8] += 2 * mem[24] (NaN) gives NaN; mem[16] (1.0) += 2 * mem[24] too,
  // so both are NaN; at x = 24: mem[32] += 2 * mem[48] and mem[40] += 2 * mem[48], all 0.
  EXPECT_EQ(run("axpy", 24, 2), "0 ");
}

TEST_F(FusionTest, SimdOpsWithLoadedOrConstantOperandsAndLaneSplats) { expect_same("simd"); }

TEST_F(FusionTest, F64ProductsWithAThirdOperand) {
  expect_same("f64_products");
  // x = 10, y = 13: a = 10 * 0.1 = 1, b = 13 / 1.3 = 10, c = 7 * 1e300; (a*b)*c = 7e301.
  const std::string r = run("f64_products", 10, 13);
  EXPECT_EQ(r.substr(0, r.find(' ')), std::to_string(std::bit_cast<uint64_t>(
                                          10.0 * 0.1 * (13.0 / 1.3) * (7.0 * 1e300))));
}

TEST_F(FusionTest, CopiesPairedAndFoldedIntoBranches) {
  expect_same("copies");
  EXPECT_EQ(run("copies", 0, 0), run("copies/ref", 0, 0));
  EXPECT_NE(run("copies", 1, 2), run("copies", 2, 1));
}

TEST_F(FusionTest, SimdMultiplyAccumulate) {
  expect_same("simd_mac");
  expect_same("mul_lane");
}

TEST_F(FusionTest, ResultsMoveIntoPlaceOverTheParameters) {
  EXPECT_EQ(run("swap", 5, 9), "9 5 ");
  EXPECT_EQ(run("keep", 5, 9), "5 14 ");
  EXPECT_EQ(run("early", 5, 9), "4 ");
  EXPECT_EQ(run("early", 0, 9), "9 ");
}

}  // namespace
}  // namespace wasmbind
