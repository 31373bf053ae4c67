// Validator rules that the spec suite tests only in passing: SIMD lane indices and
// alignment, malformed-over-invalid precedence, declared function references, the data
// count rule, limits, and the polymorphic stack after unreachable code.
#include <gtest/gtest.h>

#include "wasm_builder.h"
#include "wasmbind/instance.h"

namespace wasmbind::test {
namespace {

const Bytes kVoid = func_type({}, {});
const Bytes kMem = section(5, vec({{0x00, 0x01}}));

Bytes simd_code(std::initializer_list<uint8_t> op_and_imm, bool needs_two_vectors = false) {
  // v128.const 0 (twice if needed), the op, drop, end.
  Bytes v128_const = {0xFD, 0x0C};
  v128_const.insert(v128_const.end(), 16, 0x00);
  Bytes code = v128_const;
  if (needs_two_vectors) append(code, v128_const);
  code.insert(code.end(), op_and_imm);
  append(code, {0x1A, 0x0B});
  return code;
}

TEST(Validator, LaneIndicesAreBoundedByShape) {
  // i8x16.extract_lane_s (0xFD 0x15): lanes 0..15.
  EXPECT_TRUE(check(one_function_module(kVoid, simd_code({0xFD, 0x15, 15}))).ok());
  EXPECT_EQ(check(one_function_module(kVoid, simd_code({0xFD, 0x15, 16}))).error().message,
            "invalid lane index");
  // i64x2.extract_lane (0xFD 0x1D): lanes 0..1.
  EXPECT_TRUE(check(one_function_module(kVoid, simd_code({0xFD, 0x1D, 1}))).ok());
  EXPECT_EQ(check(one_function_module(kVoid, simd_code({0xFD, 0x1D, 2}))).error().message,
            "invalid lane index");
  // f64x2.extract_lane with lane 255.
  EXPECT_EQ(check(one_function_module(kVoid, simd_code({0xFD, 0x21, 255}))).error().message,
            "invalid lane index");
}

TEST(Validator, ShuffleLanesBelow32) {
  Bytes shuffle = {0xFD, 0x0D};
  for (int i = 0; i < 16; ++i) shuffle.push_back(static_cast<uint8_t>(31 - i));
  Bytes ok_code = simd_code({}, true);
  ok_code.insert(ok_code.end() - 2, shuffle.begin(), shuffle.end());
  EXPECT_TRUE(check(one_function_module(kVoid, ok_code)).ok());
  shuffle.back() = 32;
  Bytes bad_code = simd_code({}, true);
  bad_code.insert(bad_code.end() - 2, shuffle.begin(), shuffle.end());
  EXPECT_EQ(check(one_function_module(kVoid, bad_code)).error().message, "invalid lane index");
}

TEST(Validator, LoadLaneChecksAlignmentAndLane) {
  // i32.const 0, v128.const, v128.load32_lane align=2 offset=0 lane=3, drop.
  auto load_lane = [](uint8_t align, uint8_t lane) {
    Bytes code = {0x41, 0x00, 0xFD, 0x0C};
    code.insert(code.end(), 16, 0x00);
    append(code, {0xFD, 0x56, align, 0x00, lane, 0x1A, 0x0B});
    return one_function_module(kVoid, code, {kMem});
  };
  EXPECT_TRUE(check(load_lane(2, 3)).ok()) << check(load_lane(2, 3)).error().to_string();
  EXPECT_EQ(check(load_lane(3, 0)).error().message, "alignment must not be larger than natural");
  EXPECT_EQ(check(load_lane(2, 4)).error().message, "invalid lane index");
}

TEST(Validator, AlignmentAndMemoryPresence) {
  // i32.const 0, i32.load align=2, drop: fine; align=3: too large; no memory: unknown.
  Bytes code2 = {0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B};
  Bytes code3 = {0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B};
  EXPECT_TRUE(check(one_function_module(kVoid, code2, {kMem})).ok());
  EXPECT_EQ(check(one_function_module(kVoid, code3, {kMem})).error().message,
            "alignment must not be larger than natural");
  EXPECT_EQ(check(one_function_module(kVoid, code2)).error().message, "unknown memory 0");
}

TEST(Validator, MalformedBodyWinsOverEarlierInvalidBody) {
  // Function 0 is ill-typed (i32.add on an empty stack); function 1 has an illegal opcode.
  Bytes m = module({section(1, vec({kVoid})), section(3, vec({uleb(0), uleb(0)})),
                    section(10, vec({body({0x6A, 0x0B}), body({0xFF, 0x0B})}))});
  auto r = check(m);
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(r.error().message, "illegal opcode");
  EXPECT_EQ(r.error().function, 1u);
  // Without the malformed body, the invalid one is reported, with its function index.
  Bytes only_invalid = module({section(1, vec({kVoid})), section(3, vec({uleb(0), uleb(0)})),
                               section(10, vec({body({0x0B}), body({0x6A, 0x0B})}))});
  auto r2 = check(only_invalid);
  EXPECT_EQ(r2.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r2.error().function, 1u);
  EXPECT_EQ(r2.error().message.rfind("type mismatch", 0), 0u);
}

TEST(Validator, RefFuncNeedsADeclaration) {
  // ref.func 0; drop — valid only if function 0 is declared elsewhere (here: exported).
  Bytes code = {0xD2, 0x00, 0x1A, 0x0B};
  EXPECT_EQ(check(one_function_module(kVoid, code)).error().message,
            "undeclared function reference");
  Bytes exported = module({section(1, vec({kVoid})), section(3, vec({uleb(0)})),
                           section(7, vec({cat({name("f"), {0x00, 0x00}})})),
                           section(10, vec({body(code)}))});
  EXPECT_TRUE(check(exported).ok());
  // A declarative element segment also declares it.
  Bytes declared = module({section(1, vec({kVoid})), section(3, vec({uleb(0)})),
                           section(9, vec({cat({uleb(3), {0x00}, vec({uleb(0)})})})),
                           section(10, vec({body(code)}))});
  EXPECT_TRUE(check(declared).ok());
}

TEST(Validator, DataCountRule) {
  // data.drop 0 with a data count section and one passive segment: fine.
  Bytes code = {0xFC, 0x09, 0x00, 0x0B};
  Bytes with_count = module({section(1, vec({kVoid})), section(3, vec({uleb(0)})), kMem,
                             section(12, uleb(1)), section(10, vec({body(code)})),
                             section(11, vec({cat({uleb(1), name("x")})}))});
  EXPECT_TRUE(check(with_count).ok()) << check(with_count).error().to_string();
  // The same without the data count section is malformed.
  Bytes without = module({section(1, vec({kVoid})), section(3, vec({uleb(0)})), kMem,
                          section(10, vec({body(code)})),
                          section(11, vec({cat({uleb(1), name("x")})}))});
  EXPECT_EQ(check(without).error().message, "data count section required");
  // An index past the declared count is invalid.
  Bytes past = module({section(1, vec({kVoid})), section(3, vec({uleb(0)})), kMem,
                       section(12, uleb(1)), section(10, vec({body({0xFC, 0x09, 0x01, 0x0B})})),
                       section(11, vec({cat({uleb(1), name("x")})}))});
  EXPECT_EQ(check(past).error().message, "unknown data segment 1");
}

TEST(Validator, Limits) {
  EXPECT_EQ(check(module({section(5, vec({{0x01, 0x02, 0x01}}))})).error().message,
            "size minimum must not be greater than maximum");
  EXPECT_EQ(check(module({section(5, vec({cat({{0x00}, uleb(65537)})}))})).error().message,
            "memory size must be at most 65536 pages (4GiB)");
  EXPECT_TRUE(check(module({section(5, vec({cat({{0x00}, uleb(65536)})}))})).ok());
  EXPECT_EQ(check(module({section(5, vec({{0x00, 0x01}, {0x00, 0x01}}))})).error().message,
            "multiple memories");
  EXPECT_EQ(check(module({section(4, vec({{0x70, 0x01, 0x05, 0x04}}))})).error().message,
            "size minimum must not be greater than maximum");
}

TEST(Validator, UnreachableMakesTheStackPolymorphic) {
  // unreachable; i32.add; drop — valid: operands come from the polymorphic stack.
  EXPECT_TRUE(check(one_function_module(kVoid, {0x00, 0x6A, 0x1A, 0x0B})).ok());
  // unreachable; i64.const 0; i32.add — the known i64 operand still mismatches.
  EXPECT_EQ(check(one_function_module(kVoid, {0x00, 0x42, 0x00, 0x6A, 0x1A, 0x0B}))
                .error()
                .message.rfind("type mismatch", 0),
            0u);
  // br_table after unreachable with labels of different arity is still invalid.
  Bytes i32_result = func_type({}, {0x7F});
  // block [] (label arity 0) ... br_table 0 1 (the function's label has arity 1).
  Bytes code = {0x02, 0x40, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x41, 0x00, 0x0B};
  auto r = check(one_function_module(i32_result, code));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("arity"), std::string::npos) << r.error().message;
  // The same with equal arities is valid.
  Bytes same = {0x02, 0x7F, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x0B};
  EXPECT_TRUE(check(one_function_module(i32_result, same)).ok());
}

TEST(Validator, ExportsAndStart) {
  Bytes dup = module({section(1, vec({kVoid})), section(3, vec({uleb(0)})),
                      section(7, vec({cat({name("a"), {0x00, 0x00}}), cat({name("a"), {0x00, 0x00}})})),
                      section(10, vec({body({0x0B})}))});
  EXPECT_EQ(check(dup).error().message, "duplicate export name");
  Bytes start_with_params = module({section(1, vec({func_type({0x7F}, {})})),
                                    section(3, vec({uleb(0)})), section(8, uleb(0)),
                                    section(10, vec({body({0x0B})}))});
  EXPECT_EQ(check(start_with_params).error().message.rfind("start function", 0), 0u);
  Bytes unknown_export = module({section(7, vec({cat({name("g"), {0x03, 0x00}})}))});
  EXPECT_EQ(check(unknown_export).error().message, "unknown global 0");
}

TEST(Validator, ConstantExpressions) {
  // A global initialised by a non-constant instruction, and by two values.
  Bytes nonconst = module({section(6, vec({{0x7F, 0x00, 0x41, 0x00, 0x01, 0x0B}}))});
  EXPECT_EQ(check(nonconst).error().message, "constant expression required");
  Bytes two = module({section(6, vec({{0x7F, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0B}}))});
  EXPECT_EQ(check(two).error().message, "type mismatch");
  // i32.add in a constant expression needs extended-const.
  Bytes add = module({section(6, vec({{0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B}}))});
  EXPECT_EQ(check(add).error().message, "constant expression required");
  Features ext;
  ext.extended_const = true;
  EXPECT_TRUE(check(add, ext).ok());
}

}  // namespace
}  // namespace wasmbind::test

namespace wasmbind::test {
namespace {

// A body with 2^32-9 locals is valid Wasm but more than the interpreter runs. That limit
// must not hide a validation error in the same body (found by the fuzzer), and for a valid
// body Module::compile reports the limit while validate() accepts the module.
TEST(Validator, InterpreterLimitsDoNotHideValidationErrors) {
  auto with_body = [](const Bytes& code) {
    Bytes contents = vec({cat({uleb(0xFFFFFFF7u), {0x7F}}), cat({uleb(2), {0x7E}})});
    append(contents, code);
    return module({section(1, vec({kVoid})), section(3, vec({uleb(0)})),
                   section(10, vec({cat({uleb(contents.size()), contents})}))});
  };
  Bytes invalid = with_body({0xB5, 0x0B});  // f32.convert_i64_s on an empty stack
  auto v = check(invalid);
  auto c = Module::compile(invalid);
  ASSERT_FALSE(v.ok());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(c.error().to_string(), v.error().to_string());

  Bytes valid = with_body({0x0B});
  EXPECT_TRUE(check(valid).ok());
  auto limited = Module::compile(valid);
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::Limit);
}

}  // namespace
}  // namespace wasmbind::test

namespace wasmbind::test {
namespace {

// 50,000 locals run (the last one reads as zero); more than the interpreter's 100,000 is a
// quick Limit error, however large the declared count (a fuzzer-found slow case).
TEST(Validator, ManyLocals) {
  auto with_locals = [](uint32_t n) {
    Bytes contents = vec({cat({uleb(n), {0x7F}})});
    append(contents, cat({{0x20}, uleb(n - 1), {0x0B}}));  // local.get n-1
    return module({section(1, vec({func_type({}, {0x7F})})), section(3, vec({uleb(0)})),
                   section(7, vec({cat({name("f"), {0x00, 0x00}})})),
                   section(10, vec({cat({uleb(contents.size()), contents})}))});
  };
  auto m = Module::compile(with_locals(50'000));
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  auto inst = Linker().instantiate(*m);
  ASSERT_TRUE(inst.ok());
  auto r = (*inst)->call<int32_t()>("f");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(*r, 0);
  auto big = Module::compile(with_locals(6'000'000));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::Limit);
}

}  // namespace
}  // namespace wasmbind::test
