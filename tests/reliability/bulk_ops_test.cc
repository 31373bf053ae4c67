// Bulk memory and table operations run in chunks (1 MiB of memory, 131,072 table elements)
// and check for an interrupt between chunks. These tests pin down both halves:
//   - results across chunk boundaries are exactly memmove/memset/memcpy's, overlapping copies
//     in both directions included (the spec suite's copies are all smaller than one chunk);
//   - an interrupt requested just before a bulk operation larger than a chunk stops that
//     operation with an `interrupted` trap (without chunks it would run to completion, as
//     nothing else checks the flag between a host call's return and the next loop or call);
//   - a single memory.fill / memory.copy over 1 GiB stops soon after its deadline.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "module_builder.h"
#include "wasmbind/vm.h"

namespace wasmbind::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint32_t kMiB = 1u << 20;
constexpr uint32_t kSegmentBytes = 3 * kMiB + 5;
constexpr uint32_t kElemSegment = 300'001;

// Exports, each taking i32 arguments:
//   fill(d, v, n) copy(d, s, n) init(d, s, n)        memory 0, passive data segment 0
//   tfill(i, n) tcopy(d, s, n) tinit(d, s, n)         table 0 (exported as "t"), elem segment 0
//   i<name>(...)                                      the same after the host import
//                                                     "host"."interrupt" returned
//   f0 f1 f2                                          the functions elem segment 0 names
Bytes bulk_module(uint32_t pages, uint32_t table_size, Bytes& segment) {
  ModuleBuilder m;
  const uint32_t t3 = m.type({op::kI32, op::kI32, op::kI32}, {});
  const uint32_t t2 = m.type({op::kI32, op::kI32}, {});
  const uint32_t t0 = m.type({}, {});
  const uint32_t interrupt = m.import_func("host", "interrupt", t0);
  m.memory(pages);
  m.table(op::kFuncRef, table_size);
  m.export_("t", 0x01, 0);
  segment.resize(kSegmentBytes);
  for (size_t i = 0; i < segment.size(); ++i) segment[i] = static_cast<uint8_t>(i * 31 + (i >> 12));
  m.data_passive(segment);

  struct Op {
    const char* name;
    uint32_t type, arity;
    Bytes body;  // after the arguments
  };
  Bytes ref_null{0xD0, op::kFuncRef};
  const Op ops[] = {
      {"fill", t3, 3, {0xFC, 0x0B, 0x00}},       {"copy", t3, 3, {0xFC, 0x0A, 0x00, 0x00}},
      {"init", t3, 3, {0xFC, 0x08, 0x00, 0x00}}, {"tfill", t2, 2, {0xFC, 0x11, 0x00}},
      {"tcopy", t3, 3, {0xFC, 0x0E, 0x00, 0x00}}, {"tinit", t3, 3, {0xFC, 0x0C, 0x00, 0x00}},
  };
  for (const Op& o : ops) {
    Bytes args;
    for (uint32_t i = 0; i < o.arity; ++i) {
      put(args, op::local_get(i));
      if (o.arity == 2 && i == 0) put(args, ref_null);  // table.fill(i, ref.null, n)
    }
    Bytes plain = args;
    put(plain, o.body);
    m.export_func(o.name, m.func(o.type, {}, plain));
    Bytes interrupted = op::call(interrupt);
    put(interrupted, plain);
    m.export_func(std::string("i") + o.name, m.func(o.type, {}, interrupted));
  }
  // Three distinct functions, and a passive segment naming them in a pattern of period 3.
  const uint32_t f0 = m.func(t0, {}, {});
  m.func(t0, {}, {});
  m.func(t0, {}, {});
  for (uint32_t i = 0; i < 3; ++i) m.export_func("f" + std::to_string(i), f0 + i);
  std::vector<uint32_t> pattern(kElemSegment);
  for (size_t i = 0; i < pattern.size(); ++i) pattern[i] = f0 + static_cast<uint32_t>(i % 3);
  m.elem_passive(pattern);
  return m.build();
}

struct Fixture {
  std::unique_ptr<Instance> instance;
  Bytes segment;
  std::shared_ptr<InterruptHandle> handle = std::make_shared<InterruptHandle>();

  Fixture(uint32_t pages, uint32_t table_size, Limits limits = {}) {
    auto module = Module::compile(bulk_module(pages, table_size, segment));
    EXPECT_TRUE(module.ok()) << module.error().to_string();
    if (!module.ok()) return;
    Linker linker;
    auto h = handle;
    linker.func("host", "interrupt", [h] { h->interrupt(); });
    auto inst = linker.instantiate(module.value(), limits);
    EXPECT_TRUE(inst.ok()) << inst.error().to_string();
    if (!inst.ok()) return;
    instance = std::move(inst.value());
    *handle = instance->interrupt_handle();
  }

  Result<std::vector<Value>> call(const std::string& name, std::initializer_list<uint32_t> args) {
    std::vector<Value> values;
    for (uint32_t a : args) values.push_back(Value::i32(static_cast<int32_t>(a)));
    return instance->call(name, values);
  }
  std::vector<const void*>& table() { return instance->get_export("t")->table->elements(); }
};

#define EXPECT_CALL_OK(result) \
  do {                         \
    auto r_ = (result);        \
    ASSERT_TRUE(r_.ok()) << r_.error().to_string(); \
  } while (0)

std::vector<uint8_t> pattern_memory(Memory& m) {
  std::vector<uint8_t> bytes(m.size());
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7 + (i >> 16));
  std::memcpy(m.data(), bytes.data(), bytes.size());
  return bytes;
}

TEST(BulkChunks, MemoryCopyOverlappingInBothDirections) {
  Fixture f(64, 1);  // 4 MiB: several chunks
  ASSERT_TRUE(f.instance);
  Memory& mem = *f.instance->memory();
  // Destination above the source (copied from the end), below it (from the start), equal,
  // exactly one chunk apart, and lengths on and around chunk multiples.
  const struct { uint32_t d, s, n; } cases[] = {
      {1000, 0, 3 * kMiB},     {0, 1000, 3 * kMiB},     {5, 5, 2 * kMiB},
      {kMiB, 0, 2 * kMiB + 1}, {0, kMiB, 2 * kMiB - 1}, {17, 16, kMiB + 1},
      {16, 17, kMiB + 1},      {3 * kMiB, 0, kMiB},     {123, 3 * kMiB - 7, kMiB},
  };
  for (const auto& c : cases) {
    std::vector<uint8_t> expected = pattern_memory(mem);
    std::memmove(expected.data() + c.d, expected.data() + c.s, c.n);
    EXPECT_CALL_OK(f.call("copy", {c.d, c.s, c.n}));
    ASSERT_EQ(0, std::memcmp(mem.data(), expected.data(), expected.size()))
        << "copy d=" << c.d << " s=" << c.s << " n=" << c.n;
  }
}

TEST(BulkChunks, MemoryFillAndInitAcrossChunks) {
  Fixture f(64, 1);
  ASSERT_TRUE(f.instance);
  Memory& mem = *f.instance->memory();
  std::vector<uint8_t> expected = pattern_memory(mem);
  std::memset(expected.data() + 3, 0xAB, 3 * kMiB + 2);
  EXPECT_CALL_OK(f.call("fill", {3, 0xAB, 3 * kMiB + 2}));
  ASSERT_EQ(0, std::memcmp(mem.data(), expected.data(), expected.size()));

  std::memcpy(expected.data() + 11, f.segment.data() + 4, 3 * kMiB + 1);
  EXPECT_CALL_OK(f.call("init", {11, 4, 3 * kMiB + 1}));
  ASSERT_EQ(0, std::memcmp(mem.data(), expected.data(), expected.size()));
}

TEST(BulkChunks, TableInitCopyFillAcrossChunks) {
  constexpr uint32_t kSize = 400'000;  // three chunks of 131,072 elements and a bit
  Fixture f(1, kSize);
  ASSERT_TRUE(f.instance);
  const void* fn[3];
  for (int i = 0; i < 3; ++i) fn[i] = f.instance->get_export("f" + std::to_string(i))->func.function;
  std::vector<const void*> expected(kSize, nullptr);

  for (uint32_t k = 0; k < 300'000; ++k) expected[5 + k] = fn[(1 + k) % 3];
  EXPECT_CALL_OK(f.call("tinit", {5, 1, 300'000}));
  ASSERT_EQ(f.table(), expected);

  std::memmove(expected.data() + 1000, expected.data(), 300'000 * sizeof(void*));
  EXPECT_CALL_OK(f.call("tcopy", {1000, 0, 300'000}));  // destination above: from the end
  ASSERT_EQ(f.table(), expected);

  std::memmove(expected.data(), expected.data() + 777, 350'000 * sizeof(void*));
  EXPECT_CALL_OK(f.call("tcopy", {0, 777, 350'000}));  // destination below: from the start
  ASSERT_EQ(f.table(), expected);

  std::fill_n(expected.begin() + 9, 270'000, nullptr);
  EXPECT_CALL_OK(f.call("tfill", {9, 270'000}));
  ASSERT_EQ(f.table(), expected);
}

void expect_interrupted(const Result<std::vector<Value>>& r, const std::string& what) {
  ASSERT_FALSE(r.ok()) << what << " ran to completion despite the interrupt";
  EXPECT_EQ(r.error().trap, TrapKind::Interrupted) << what << ": " << r.error().to_string();
}

TEST(BulkInterrupt, EachBulkOperationStopsBetweenChunks) {
  Fixture f(64, 400'000);
  ASSERT_TRUE(f.instance);
  Memory& mem = *f.instance->memory();
  std::memset(mem.data(), 0, mem.size());
  expect_interrupted(f.call("ifill", {0, 0xCD, 3 * kMiB}), "memory.fill");
  // Only the first chunk was written.
  EXPECT_EQ(mem.data()[kMiB - 1], 0xCD);
  EXPECT_EQ(mem.data()[kMiB], 0);
  expect_interrupted(f.call("icopy", {kMiB, 0, 3 * kMiB}), "memory.copy");
  expect_interrupted(f.call("iinit", {0, 0, 3 * kMiB}), "memory.init");
  expect_interrupted(f.call("itfill", {0, 400'000}), "table.fill");
  expect_interrupted(f.call("itcopy", {1, 0, 300'000}), "table.copy");
  expect_interrupted(f.call("itinit", {0, 0, 300'000}), "table.init");
  // The interrupt was consumed: the same operations run to completion afterwards.
  EXPECT_CALL_OK(f.call("fill", {0, 0xCD, 3 * kMiB}));
  EXPECT_EQ(mem.data()[3 * kMiB - 1], 0xCD);
  EXPECT_CALL_OK(f.call("tinit", {0, 0, 300'000}));
  // Up to one chunk, a bulk operation completes even when interrupted (nothing checks); the
  // request stays pending and stops the next operation longer than a chunk.
  EXPECT_CALL_OK(f.call("ifill", {0, 0xEE, kMiB}));
  expect_interrupted(f.call("fill", {0, 0xEE, 2 * kMiB}), "memory.fill after a pending interrupt");
}

TEST(BulkInterrupt, GibibyteFillAndCopyStopAtTheDeadline) {
  Limits limits;
  limits.timeout = std::chrono::milliseconds(5);
  Fixture f(16384, 1, limits);  // 1 GiB; pages are touched only as far as the fill gets
  ASSERT_TRUE(f.instance);
  for (const char* name : {"fill", "copy"}) {
    const auto start = Clock::now();
    auto r = std::string(name) == "fill" ? f.call("fill", {0, 1, 1u << 30})
                                         : f.call("copy", {1, 0, (1u << 30) - 1});
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    expect_interrupted(r, name);
    EXPECT_LT(ms, 1000.0) << name;
    std::printf("1 GiB memory.%s stopped %.1f ms after its start (deadline 5 ms)\n", name, ms);
  }
}

}  // namespace
}  // namespace wasmbind::test
