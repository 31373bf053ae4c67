// Decoder corner cases the spec suite does not isolate: truncation at every byte, section
// order, hostile counts, bad UTF-8 in names, the name section, error locations.
#include <gtest/gtest.h>

#include <chrono>

#include "wasm_builder.h"

namespace wasmbind::test {
namespace {

Bytes name_section_naming_function_2(std::string_view fn) {
  Bytes function_names = vec({cat({uleb(2), name(fn)})});
  return section(0, cat({name("name"), {0x01}, uleb(function_names.size()), function_names}));
}

// A module using most sections: type, import, function, table, memory, global, export,
// start, element, data count, code, data, and a name section.
Bytes rich_module() {
  const Bytes void_type = func_type({}, {});
  const Bytes i32_type = func_type({0x7F}, {0x7F});
  return module({
      section(1, vec({void_type, i32_type})),
      section(2, vec({cat({name("env"), name("f"), {0x00}, uleb(1)})})),
      section(3, vec({uleb(0), uleb(1)})),
      section(4, vec({{0x70, 0x00, 0x02}})),
      section(5, vec({{0x01, 0x01, 0x02}})),
      section(6, vec({{0x7F, 0x01, 0x41, 0x2A, 0x0B}})),
      section(7, vec({cat({name("run"), {0x00}, uleb(1)}), cat({name("mem"), {0x02, 0x00}})})),
      section(8, uleb(1)),
      section(9, vec({cat({{0x00, 0x41, 0x00, 0x0B}, vec({uleb(1), uleb(2)})})})),
      section(12, uleb(1)),
      section(10, vec({body({0x0B}), body({0x20, 0x00, 0x10, 0x00, 0x0B})})),
      section(11, vec({cat({{0x00, 0x41, 0x08, 0x0B}, name("hi")})})),
      name_section_naming_function_2("double"),
  });
}

TEST(Decoder, RichModuleDecodes) {
  auto m = Module::compile(rich_module());
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  EXPECT_EQ((*m)->function_count(), 3u);
  ASSERT_EQ((*m)->imports().size(), 1u);
  EXPECT_EQ((*m)->imports()[0].module, "env");
  ASSERT_EQ((*m)->exports().size(), 2u);
  EXPECT_EQ((*m)->exports()[1].kind, ExternKind::Memory);
  EXPECT_EQ((*m)->function_name(2), "double");
  EXPECT_EQ((*m)->function_name(1), "");
  EXPECT_EQ(to_string((*m)->function_type(2)), "(i32) -> (i32)");
}

TEST(Decoder, EveryTruncationIsMalformedNotACrash) {
  const Bytes full = rich_module();
  for (size_t n = 0; n < full.size(); ++n) {
    Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = check(cut);
    // Cutting right after a complete section yields a valid shorter module only when no
    // later section was required; otherwise it must be rejected as malformed.
    if (!r.ok()) {
      EXPECT_EQ(r.error().kind, ErrorKind::Malformed) << "cut at " << n << ": "
                                                      << r.error().to_string();
      EXPECT_LE(r.error().offset, n) << "error offset beyond the input at cut " << n;
    }
  }
  EXPECT_FALSE(check(Bytes(full.begin(), full.end() - 1)).ok());
}

TEST(Decoder, HeaderErrors) {
  EXPECT_EQ(check({}).error().message, "unexpected end");
  EXPECT_EQ(check({0x00, 0x61, 0x73}).error().message, "unexpected end");
  EXPECT_EQ(check({0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0}).error().message,
            "magic header not detected");
  auto r = check({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0});
  EXPECT_EQ(r.error().message, "unknown binary version");
  EXPECT_EQ(r.error().offset, 4u);
}

TEST(Decoder, SectionOrderAndDuplicates) {
  const Bytes types = section(1, vec({func_type({}, {})}));
  const Bytes funcs = section(3, vec({uleb(0)}));
  const Bytes code = section(10, vec({body({0x0B})}));
  EXPECT_TRUE(check(module({types, funcs, code})).ok());
  EXPECT_EQ(check(module({funcs, types, code})).error().message,
            "unexpected content after last section");
  EXPECT_EQ(check(module({types, types, funcs, code})).error().message,
            "unexpected content after last section");
  // Data count (id 12) belongs before code, not after it.
  EXPECT_EQ(check(module({types, funcs, code, section(12, uleb(0))})).error().message,
            "unexpected content after last section");
  // Custom sections may appear anywhere, any number of times.
  const Bytes custom = section(0, cat({name("x"), {1, 2, 3}}));
  EXPECT_TRUE(check(module({custom, types, custom, funcs, custom, code, custom})).ok());
  EXPECT_EQ(check(module({section(13, {})})).error().message, "malformed section id");
}

TEST(Decoder, SectionSizeMustMatchContents) {
  // A type section that claims one byte more than its contents.
  Bytes m = module({section(1, cat({vec({func_type({}, {})}), {0x00}}))});
  EXPECT_EQ(check(m).error().message, "section size mismatch");
  // A section size larger than the module.
  Bytes big = header();
  append(big, {0x01, 0x10, 0x00});
  EXPECT_EQ(check(big).error().message, "length out of bounds");
}

TEST(Decoder, HugeCountsFailFastWithoutAllocating) {
  // Counts of 2^32-1 with almost no bytes behind them, in every vector-bearing section.
  const Bytes huge = uleb(0xFFFFFFFF);
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    auto start = std::chrono::steady_clock::now();
    auto r = check(module({section(id, cat({huge, {0x00}}))}));
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    ASSERT_FALSE(r.ok()) << "section " << int(id);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed) << "section " << int(id);
    EXPECT_LT(ms.count(), 1000) << "section " << int(id);
  }
}

TEST(Decoder, HugeLocalCounts) {
  const Bytes type = section(1, vec({func_type({}, {})}));
  const Bytes funcs = section(3, vec({uleb(0)}));
  auto body_with_locals = [](std::initializer_list<Bytes> groups) {
    Bytes contents = vec(groups);
    contents.push_back(0x0B);
    return cat({uleb(contents.size()), contents});
  };
  // 2^32-1 locals is legal and must not be materialised.
  Bytes ok = module({type, funcs,
                     section(10, vec({body_with_locals({cat({uleb(0xFFFFFFFF), {0x7F}})})}))});
  EXPECT_TRUE(check(ok).ok()) << check(ok).error().to_string();
  // Two groups adding up past 2^32-1 are not.
  Bytes bad = module({type, funcs,
                      section(10, vec({body_with_locals({cat({uleb(0xFFFFFFFF), {0x7F}}),
                                                         cat({uleb(1), {0x7E}})})}))});
  EXPECT_EQ(check(bad).error().message, "too many locals");
}

TEST(Decoder, NamesMustBeUtf8) {
  const char* bad_names[] = {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC3", "\xFF"};
  for (const char* bad : bad_names) {
    Bytes import_module = module({section(2, vec({cat({name(bad), name("f"), {0x03, 0x7F, 0x00}})}))});
    EXPECT_EQ(check(import_module).error().message, "malformed UTF-8 encoding");
    Bytes import_field = module({section(2, vec({cat({name("m"), name(bad), {0x03, 0x7F, 0x00}})}))});
    EXPECT_EQ(check(import_field).error().message, "malformed UTF-8 encoding");
    Bytes custom = module({section(0, cat({name(bad), {0x00}}))});
    EXPECT_EQ(check(custom).error().message, "malformed UTF-8 encoding");
  }
  Bytes good = module({section(2, vec({cat({name("\xE2\x82\xAC"), name("f"), {0x03, 0x7F, 0x00}})}))});
  EXPECT_TRUE(check(good).ok());
}

TEST(Decoder, MalformedNameSectionIsIgnored) {
  // Function names subsection whose map claims 5 entries but holds one.
  Bytes names = cat({name("name"), {0x01}, uleb(4), {0x05, 0x00, 0x01, 'f'}});
  Bytes m = one_function_module(func_type({}, {}), {0x0B});
  append(m, section(0, names));
  auto r = Module::compile(m);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ((*r)->function_name(0), "");
}

TEST(Decoder, ElementSegmentsInAllEightEncodings) {
  const Bytes type = section(1, vec({func_type({}, {})}));
  const Bytes funcs = section(3, vec({uleb(0)}));
  const Bytes table = section(4, vec({{0x70, 0x00, 0x01}}));
  const Bytes code = section(10, vec({body({0x0B})}));
  const Bytes offset = {0x41, 0x00, 0x0B};
  const Bytes ref_func0 = {0xD2, 0x00, 0x0B};
  const Bytes ref_null = {0xD0, 0x70, 0x0B};
  const Bytes segments[] = {
      cat({uleb(0), offset, vec({uleb(0)})}),
      cat({uleb(1), {0x00}, vec({uleb(0)})}),
      cat({uleb(2), uleb(0), offset, {0x00}, vec({uleb(0)})}),
      cat({uleb(3), {0x00}, vec({uleb(0)})}),
      cat({uleb(4), offset, vec({ref_func0, ref_null})}),
      cat({uleb(5), {0x70}, vec({ref_func0, ref_null})}),
      cat({uleb(6), uleb(0), offset, {0x70}, vec({ref_func0})}),
      cat({uleb(7), {0x70}, vec({ref_null})}),
  };
  for (size_t i = 0; i < 8; ++i) {
    auto r = check(module({type, funcs, table, section(9, vec({segments[i]})), code}));
    EXPECT_TRUE(r.ok()) << "encoding " << i << ": " << r.error().to_string();
  }
  auto bad = check(module({type, funcs, table, section(9, vec({cat({uleb(8)})})), code}));
  EXPECT_EQ(bad.error().kind, ErrorKind::Malformed);
  // Encoding 1 with an element kind other than 0x00 (funcref).
  auto kind = check(module({type, funcs, table, section(9, vec({cat({uleb(1), {0x01}, vec({uleb(0)})})})), code}));
  EXPECT_EQ(kind.error().message, "malformed element kind");
}

TEST(Decoder, DataSegmentsInAllThreeEncodings) {
  const Bytes mem = section(5, vec({{0x00, 0x01}}));
  const Bytes active0 = cat({uleb(0), {0x41, 0x00, 0x0B}, name("ab")});
  const Bytes passive = cat({uleb(1), name("cd")});
  const Bytes active_explicit = cat({uleb(2), uleb(0), {0x41, 0x04, 0x0B}, name("ef")});
  EXPECT_TRUE(check(module({mem, section(11, vec({active0, passive, active_explicit}))})).ok());
  EXPECT_EQ(check(module({mem, section(11, vec({cat({uleb(3)})}))})).error().kind,
            ErrorKind::Malformed);
  // Data count must agree with the data section.
  EXPECT_EQ(check(module({mem, section(12, uleb(2)), section(11, vec({passive}))})).error().message,
            "data count and data section have inconsistent lengths");
}

TEST(Decoder, FunctionAndCodeCountsMustAgree) {
  const Bytes type = section(1, vec({func_type({}, {})}));
  EXPECT_EQ(check(module({type, section(3, vec({uleb(0), uleb(0)})),
                          section(10, vec({body({0x0B})}))}))
                .error()
                .message,
            "function and code section have inconsistent lengths");
  EXPECT_EQ(check(module({type, section(3, vec({uleb(0)}))})).error().message,
            "function and code section have inconsistent lengths");
}

TEST(Decoder, ErrorCarriesOffsetAndFunctionIndex) {
  // Function 1 (after one import) holds an illegal opcode 0xFF at a known offset.
  Bytes m = module({section(1, vec({func_type({}, {})})),
                    section(2, vec({cat({name("m"), name("f"), {0x00}, uleb(0)})})),
                    section(3, vec({uleb(0)})),
                    section(10, vec({body({0x01, 0xFF, 0x0B})}))});
  auto r = check(m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "illegal opcode");
  EXPECT_EQ(r.error().function, 1u);
  EXPECT_EQ(r.error().offset, m.size() - 2);
  EXPECT_NE(r.error().to_string().find("function 1"), std::string::npos);
  EXPECT_NE(r.error().to_string().find("at byte 0x"), std::string::npos);
}

TEST(Decoder, ReservedBytesMustBeZero) {
  const Bytes mem = section(5, vec({{0x00, 0x01}}));
  auto grow = one_function_module(func_type({}, {}), {0x41, 0x00, 0x40, 0x01, 0x1A, 0x0B}, {mem});
  EXPECT_EQ(check(grow).error().message, "zero byte expected");
  auto size = one_function_module(func_type({}, {}), {0x3F, 0x80, 0x00, 0x1A, 0x0B}, {mem});
  EXPECT_EQ(check(size).error().message, "zero byte expected");
  // With multi-memory the byte is a memory index.
  Features mm;
  mm.multi_memory = true;
  auto two = one_function_module(func_type({}, {}), {0x3F, 0x01, 0x1A, 0x0B},
                                 {section(5, vec({{0x00, 0x01}, {0x00, 0x01}}))});
  EXPECT_TRUE(check(two, mm).ok()) << check(two, mm).error().to_string();
}

}  // namespace
}  // namespace wasmbind::test
