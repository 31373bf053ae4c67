// `offset + length` at 2^32-1, 2^32 and 2^32+1 against a 4 GiB memory (65,536 pages, the
// largest there is): every load and store width (scalar and SIMD, address in a local or a
// constant, which the translator folds into the offset), memory.fill/copy/init, data
// segment initialisation, table.get/set/fill/copy/init and element initialisation, and the
// pointer arguments of WASI functions. In bounds means exactly `end <= 2^32`; out of bounds
// must trap (or fail to instantiate, or return ERRNO_FAULT) without writing anything. The
// ASan build proves no host access strays outside the guest's memory.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "module_builder.h"
#include "wasmbind/vm.h"
#include "wasmbind/wasi.h"

namespace wasmbind::test {
namespace {

constexpr uint64_t k4G = uint64_t{1} << 32;
constexpr uint32_t kAllPages = 65536;
constexpr uint64_t kEnds[] = {k4G - 1, k4G, k4G + 1};

// ---- loads and stores -----------------------------------------------------------------------

struct Access {
  const char* name;
  Bytes opcode;          // prefix included
  uint32_t width;        // bytes touched
  bool store;
  uint8_t value_type;    // loaded or stored type
  bool lane = false;     // v128.load*_lane / store*_lane: a v128 operand and a lane byte
};

std::vector<Access> accesses() {
  using namespace op;
  return {
      {"i32.load", {0x28}, 4, false, kI32},       {"i64.load", {0x29}, 8, false, kI64},
      {"f32.load", {0x2A}, 4, false, kF32},       {"f64.load", {0x2B}, 8, false, kF64},
      {"i32.load8_s", {0x2C}, 1, false, kI32},    {"i32.load8_u", {0x2D}, 1, false, kI32},
      {"i32.load16_s", {0x2E}, 2, false, kI32},   {"i32.load16_u", {0x2F}, 2, false, kI32},
      {"i64.load8_s", {0x30}, 1, false, kI64},    {"i64.load8_u", {0x31}, 1, false, kI64},
      {"i64.load16_s", {0x32}, 2, false, kI64},   {"i64.load16_u", {0x33}, 2, false, kI64},
      {"i64.load32_s", {0x34}, 4, false, kI64},   {"i64.load32_u", {0x35}, 4, false, kI64},
      {"i32.store", {0x36}, 4, true, kI32},       {"i64.store", {0x37}, 8, true, kI64},
      {"f32.store", {0x38}, 4, true, kF32},       {"f64.store", {0x39}, 8, true, kF64},
      {"i32.store8", {0x3A}, 1, true, kI32},      {"i32.store16", {0x3B}, 2, true, kI32},
      {"i64.store8", {0x3C}, 1, true, kI64},      {"i64.store16", {0x3D}, 2, true, kI64},
      {"i64.store32", {0x3E}, 4, true, kI64},
      {"v128.load", {0xFD, 0x00}, 16, false, kV128},
      {"v128.load8x8_s", {0xFD, 0x01}, 8, false, kV128},
      {"v128.load8x8_u", {0xFD, 0x02}, 8, false, kV128},
      {"v128.load16x4_s", {0xFD, 0x03}, 8, false, kV128},
      {"v128.load16x4_u", {0xFD, 0x04}, 8, false, kV128},
      {"v128.load32x2_s", {0xFD, 0x05}, 8, false, kV128},
      {"v128.load32x2_u", {0xFD, 0x06}, 8, false, kV128},
      {"v128.load8_splat", {0xFD, 0x07}, 1, false, kV128},
      {"v128.load16_splat", {0xFD, 0x08}, 2, false, kV128},
      {"v128.load32_splat", {0xFD, 0x09}, 4, false, kV128},
      {"v128.load64_splat", {0xFD, 0x0A}, 8, false, kV128},
      {"v128.store", {0xFD, 0x0B}, 16, true, kV128},
      {"v128.load32_zero", {0xFD, 0x5C}, 4, false, kV128},
      {"v128.load64_zero", {0xFD, 0x5D}, 8, false, kV128},
      {"v128.load8_lane", {0xFD, 0x54}, 1, false, kV128, true},
      {"v128.load16_lane", {0xFD, 0x55}, 2, false, kV128, true},
      {"v128.load32_lane", {0xFD, 0x56}, 4, false, kV128, true},
      {"v128.load64_lane", {0xFD, 0x57}, 8, false, kV128, true},
      {"v128.store8_lane", {0xFD, 0x58}, 1, true, kV128, true},
      {"v128.store16_lane", {0xFD, 0x59}, 2, true, kV128, true},
      {"v128.store32_lane", {0xFD, 0x5A}, 4, true, kV128, true},
      {"v128.store64_lane", {0xFD, 0x5B}, 8, true, kV128, true},
  };
}

// The bytes every store writes: 0x11, 0x22, ... (a v128 store's lane 0 starts the same way).
uint8_t stored_byte(size_t i) { return static_cast<uint8_t>(0x11 * (i + 1)); }

Bytes constant_of(uint8_t type) {
  Bytes b;
  switch (type) {
    case op::kI32: b = {0x41}; put_sleb(b, 0x44332211); break;
    case op::kI64: b = op::i64_const(static_cast<int64_t>(0x8877665544332211u)); break;
    case op::kF32: b = {0x43, 0x11, 0x22, 0x33, 0x44}; break;
    case op::kF64: b = {0x44, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}; break;
    default:
      b = {0xFD, 0x0C};
      for (size_t i = 0; i < 16; ++i) b.push_back(stored_byte(i));
  }
  return b;
}

// One function per (access, offset, address form): dynamic ones take the address as a
// parameter, constant ones have it built in (and folded into the offset by the translator).
struct AccessCase {
  std::string export_name;
  const Access* access;
  uint64_t offset;
  std::optional<uint32_t> constant_address;
  uint64_t end;  // effective address + width, for the constant ones
};

Bytes access_body(const Access& a, uint64_t offset, std::optional<uint32_t> constant_address) {
  Bytes code = constant_address ? op::i32_const(static_cast<int32_t>(*constant_address))
                                : op::local_get(0);
  if (a.lane) put(code, constant_of(op::kV128));
  if (a.store && !a.lane) put(code, constant_of(a.value_type));
  put(code, op::memarg(a.opcode, 0, offset));
  if (a.lane) code.push_back(0);  // lane 0
  if (!a.store) code.push_back(0x1A);  // drop: a trap or not is what matters here
  return code;
}

class MemoryBoundary : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ModuleBuilder m;
    const uint32_t t_dyn = m.type({op::kI32}, {});
    const uint32_t t_const = m.type({}, {});
    const uint32_t t3 = m.type({op::kI32, op::kI32, op::kI32}, {});
    m.memory(kAllPages, kAllPages);
    m.export_("memory", 0x02, 0);
    Bytes segment(64);
    for (size_t i = 0; i < segment.size(); ++i) segment[i] = static_cast<uint8_t>(0xA0 + i);
    m.data_passive(segment);
    auto args3 = [](Bytes tail) {
      Bytes c;
      for (uint32_t i = 0; i < 3; ++i) put(c, op::local_get(i));
      put(c, tail);
      return c;
    };
    m.export_func("fill", m.func(t3, {}, args3({0xFC, 0x0B, 0x00})));
    m.export_func("copy", m.func(t3, {}, args3({0xFC, 0x0A, 0x00, 0x00})));
    m.export_func("init", m.func(t3, {}, args3({0xFC, 0x08, 0x00, 0x00})));

    cases_ = new std::vector<AccessCase>();
    static const std::vector<Access> all = accesses();
    for (const Access& a : all) {
      for (uint64_t offset : {uint64_t{0}, uint64_t{1}, uint64_t{0x80000000}, uint64_t{0xFFFFFFFF}}) {
        std::string base = std::string(a.name) + "/" + std::to_string(offset);
        m.export_func(base, m.func(t_dyn, {}, access_body(a, offset, std::nullopt)));
        cases_->push_back({base, &a, offset, std::nullopt, 0});
        for (uint64_t end : kEnds) {
          const uint64_t ea = end - a.width;
          if (ea < offset || ea - offset >= k4G) continue;
          const auto address = static_cast<uint32_t>(ea - offset);
          std::string name = base + "/const/" + std::to_string(end);
          m.export_func(name, m.func(t_const, {}, access_body(a, offset, address)));
          cases_->push_back({name, &a, offset, address, end});
        }
      }
    }
    auto module = Module::compile(m.build());
    ASSERT_TRUE(module.ok()) << module.error().to_string();
    auto instance = Linker().instantiate(module.value());
    ASSERT_TRUE(instance.ok()) << instance.error().to_string();
    instance_ = instance.value().release();
  }
  static void TearDownTestSuite() {
    delete instance_;
    delete cases_;
  }

  Memory& memory() { return *instance_->memory(); }

  // Marks the first and last 64 bytes; returns their contents.
  std::vector<uint8_t> mark() {
    std::vector<uint8_t> edges(128);
    for (size_t i = 0; i < 64; ++i) {
      memory().data()[i] = static_cast<uint8_t>(0x5A ^ i);
      memory().data()[k4G - 64 + i] = static_cast<uint8_t>(0xC3 ^ i);
    }
    return edges_now();
  }
  std::vector<uint8_t> edges_now() {
    std::vector<uint8_t> edges(memory().data(), memory().data() + 64);
    edges.insert(edges.end(), memory().data() + k4G - 64, memory().data() + k4G);
    return edges;
  }

  Result<std::vector<Value>> call(const std::string& name, std::initializer_list<uint64_t> args) {
    std::vector<Value> values;
    for (uint64_t a : args) values.push_back(Value::i32(static_cast<int32_t>(static_cast<uint32_t>(a))));
    return instance_->call(name, values);
  }

  static Instance* instance_;
  static std::vector<AccessCase>* cases_;
};
Instance* MemoryBoundary::instance_ = nullptr;
std::vector<AccessCase>* MemoryBoundary::cases_ = nullptr;

void expect_outcome(const Result<std::vector<Value>>& r, bool in_bounds, const std::string& what) {
  if (in_bounds) {
    EXPECT_TRUE(r.ok()) << what << ": " << r.error().to_string();
  } else {
    ASSERT_FALSE(r.ok()) << what << " did not trap";
    EXPECT_EQ(r.error().trap, TrapKind::MemoryOutOfBounds) << what << ": " << r.error().to_string();
  }
}

// After an in-bounds store ending at `end`, its bytes are there and nothing else changed.
void expect_store(const std::vector<uint8_t>& before, const std::vector<uint8_t>& after,
                  uint64_t end, uint32_t width, const std::string& what) {
  std::vector<uint8_t> expected = before;
  if (end <= k4G) {
    const uint64_t at = 64 + (end - width - (k4G - 64));  // index in the edges vector
    for (uint32_t i = 0; i < width; ++i) expected[at + i] = stored_byte(i);
  }
  EXPECT_EQ(after, expected) << what;
}

TEST_F(MemoryBoundary, EveryLoadAndStoreWidth) {
  size_t checked = 0;
  for (const AccessCase& c : *cases_) {
    const Access& a = *c.access;
    if (c.constant_address) {
      const auto before = mark();
      auto r = call(c.export_name, {});
      expect_outcome(r, c.end <= k4G, c.export_name);
      if (a.store) {
        expect_store(before, edges_now(), c.end, a.width, c.export_name);
      } else {
        EXPECT_EQ(edges_now(), before) << c.export_name;
      }
      ++checked;
      continue;
    }
    for (uint64_t end : kEnds) {
      const uint64_t ea = end - a.width;
      if (ea < c.offset || ea - c.offset >= k4G) continue;
      const std::string what = c.export_name + " at end " + std::to_string(end);
      const auto before = mark();
      auto r = call(c.export_name, {ea - c.offset});
      expect_outcome(r, end <= k4G, what);
      if (a.store) {
        expect_store(before, edges_now(), end, a.width, what);
      } else {
        EXPECT_EQ(edges_now(), before) << what;
      }
      ++checked;
    }
    // The largest address with the largest offset: 2^33 - 2 + width.
    if (c.offset == 0xFFFFFFFF) {
      const auto before = mark();
      expect_outcome(call(c.export_name, {0xFFFFFFFF}), false, c.export_name + " at 0xFFFFFFFF");
      EXPECT_EQ(edges_now(), before);
    }
  }
  std::printf("%zu accesses of %zu kinds checked at 2^32-1, 2^32 and 2^32+1\n", checked,
              accesses().size());
}

TEST_F(MemoryBoundary, FillCopyInit) {
  struct Case {
    const char* fn;
    uint64_t a, b, n;
    bool in_bounds;
  };
  const Case cases[] = {
      // memory.fill(d, value, n)
      {"fill", k4G - 2, 0x77, 1, true},       {"fill", k4G - 1, 0x77, 1, true},
      {"fill", k4G - 1, 0x77, 2, false},      {"fill", k4G - 17, 0x77, 16, true},
      {"fill", k4G - 16, 0x77, 16, true},     {"fill", k4G - 15, 0x77, 16, false},
      {"fill", k4G - 1, 0x77, 0, true},       {"fill", 0x80000000, 0x77, 0x80000001, false},
      {"fill", 2, 0x77, 0xFFFFFFFF, false},   {"fill", 0xFFFFFFFF, 0x77, 0xFFFFFFFF, false},
      // memory.copy(d, s, n), the destination or the source at the end
      {"copy", k4G - 17, 0, 16, true},        {"copy", k4G - 16, 0, 16, true},
      {"copy", k4G - 15, 0, 16, false},       {"copy", 0, k4G - 17, 16, true},
      {"copy", 0, k4G - 16, 16, true},        {"copy", 0, k4G - 15, 16, false},
      {"copy", k4G - 1, k4G - 1, 1, true},    {"copy", k4G - 1, k4G - 1, 2, false},
      {"copy", 0, 2, 0xFFFFFFFF, false},      {"copy", 2, 0, 0xFFFFFFFF, false},
      {"copy", 0xFFFFFFFF, 0xFFFFFFFF, 0, true},
      // memory.init(d, s, n) from the 64-byte passive segment
      {"init", k4G - 17, 0, 16, true},        {"init", k4G - 16, 0, 16, true},
      {"init", k4G - 15, 0, 16, false},       {"init", 0, 48, 15, true},
      {"init", 0, 48, 16, true},              {"init", 0, 48, 17, false},
      {"init", 0, 0xFFFFFFFF, 1, false},      {"init", 0, 1, 0xFFFFFFFF, false},
      {"init", 0xFFFFFFFF, 64, 0, true},      {"init", 0xFFFFFFFF, 65, 0, false},
  };
  for (const Case& c : cases) {
    const std::string what = std::string(c.fn) + "(" + std::to_string(c.a) + ", " +
                             std::to_string(c.b) + ", " + std::to_string(c.n) + ")";
    auto before = mark();
    auto r = call(c.fn, {c.a, c.b, c.n});
    expect_outcome(r, c.in_bounds, what);
    if (!c.in_bounds) { EXPECT_EQ(edges_now(), before) << what << " wrote before trapping"; }
  }
  // What the in-bounds ones wrote at the very end.
  mark();
  ASSERT_TRUE(call("fill", {k4G - 16, 0x77, 16}).ok());
  for (uint64_t i = k4G - 16; i < k4G; ++i) ASSERT_EQ(memory().data()[i], 0x77);
  ASSERT_TRUE(call("init", {k4G - 16, 48, 16}).ok());
  for (uint64_t i = 0; i < 16; ++i) ASSERT_EQ(memory().data()[k4G - 16 + i], 0xA0 + 48 + i);
  ASSERT_TRUE(call("copy", {0, k4G - 16, 16}).ok());
  for (uint64_t i = 0; i < 16; ++i) ASSERT_EQ(memory().data()[i], 0xA0 + 48 + i);
}

// ---- segments initialised at instantiation --------------------------------------------------

Result<std::unique_ptr<Instance>> instantiate(const Bytes& bytes) {
  auto module = Module::compile(bytes);
  if (!module.ok()) return module.error();
  return Linker().instantiate(module.value());
}

TEST(SegmentBoundary, DataSegments) {
  const struct { uint32_t pages, offset, length; bool ok; } cases[] = {
      {kAllPages, 0xFFFFFFFF, 1, true},  {kAllPages, 0xFFFFFFFF, 2, false},
      {kAllPages, 0xFFFFFFFE, 2, true},  {kAllPages, 0xFFFFFFFF, 0, true},
      {kAllPages, 0xFFFFFFF0, 17, false}, {1, 65535, 1, true},
      {1, 65536, 0, true},               {1, 65536, 1, false},
      {1, 0xFFFFFFFF, 1, false},         {1, 0xFFFFFFFF, 0, false},
  };
  for (const auto& c : cases) {
    ModuleBuilder m;
    m.memory(c.pages);
    m.export_("memory", 0x02, 0);
    Bytes bytes(c.length);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(0xE0 + i);
    m.data_active(c.offset, bytes);
    auto inst = instantiate(m.build());
    const std::string what = "data at " + std::to_string(c.offset) + " + " +
                             std::to_string(c.length) + " in " + std::to_string(c.pages) + " pages";
    EXPECT_EQ(inst.ok(), c.ok) << what << ": " << (inst.ok() ? "ok" : inst.error().to_string());
    if (!inst.ok()) {
      EXPECT_EQ(inst.error().kind, ErrorKind::Uninstantiable) << what;
      continue;
    }
    Memory* mem = (*inst)->memory();
    for (uint32_t i = 0; i < c.length; ++i) EXPECT_EQ(mem->data()[uint64_t{c.offset} + i], 0xE0 + i);
  }
}

TEST(SegmentBoundary, ElementSegmentsAndTableOps) {
  const struct { uint32_t offset, count; bool ok; } cases[] = {
      {9, 1, true}, {10, 0, true}, {10, 1, false}, {0xFFFFFFFF, 1, false}, {0xFFFFFFFF, 0, false},
      {0, 10, true}, {1, 10, false},
  };
  for (const auto& c : cases) {
    ModuleBuilder m;
    const uint32_t t = m.type({}, {});
    m.table(op::kFuncRef, 10);
    const uint32_t f = m.func(t, {}, {});
    m.elem_active(c.offset, std::vector<uint32_t>(c.count, f));
    auto inst = instantiate(m.build());
    EXPECT_EQ(inst.ok(), c.ok) << "elem at " << c.offset << " + " << c.count;
    if (!inst.ok()) { EXPECT_EQ(inst.error().kind, ErrorKind::Uninstantiable); }
  }

  // table.get/set/fill/copy/init on a table of 10: i + n at 2^32-1, 2^32, 2^32+1 all trap.
  ModuleBuilder m;
  const uint32_t t1 = m.type({op::kI32}, {});
  const uint32_t t2 = m.type({op::kI32, op::kI32}, {});
  const uint32_t t3 = m.type({op::kI32, op::kI32, op::kI32}, {});
  const uint32_t t0 = m.type({}, {});
  m.table(op::kFuncRef, 10);
  Bytes get = op::local_get(0);
  put(get, {0x25, 0x00, 0x1A});  // table.get 0; drop
  m.export_func("get", m.func(t1, {}, get));
  Bytes set = op::local_get(0);
  put(set, {0xD0, op::kFuncRef, 0x26, 0x00});  // table.set 0 (ref.null)
  m.export_func("set", m.func(t1, {}, set));
  Bytes fill = op::local_get(0);
  put(fill, {0xD0, op::kFuncRef});
  put(fill, op::local_get(1));
  put(fill, {0xFC, 0x11, 0x00});
  m.export_func("fill", m.func(t2, {}, fill));
  Bytes args3;
  for (uint32_t i = 0; i < 3; ++i) put(args3, op::local_get(i));
  Bytes copy = args3, init = args3;
  put(copy, {0xFC, 0x0E, 0x00, 0x00});
  put(init, {0xFC, 0x0C, 0x00, 0x00});
  m.export_func("copy", m.func(t3, {}, copy));
  m.export_func("init", m.func(t3, {}, init));
  const uint32_t f = m.func(t0, {}, {});
  m.elem_passive({f, f, f, f});
  auto inst = instantiate(m.build());
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  auto call = [&](const char* fn, const std::vector<uint64_t>& args) {
    std::vector<Value> values;
    for (uint64_t a : args) values.push_back(Value::i32(static_cast<int32_t>(static_cast<uint32_t>(a))));
    return (*inst)->call(fn, values);
  };
  const struct { const char* fn; std::vector<uint64_t> args; bool ok; } ops[] = {
      {"get", {9}, true},  {"get", {10}, false}, {"get", {0xFFFFFFFF}, false},
      {"set", {9}, true},  {"set", {10}, false}, {"set", {0xFFFFFFFF}, false},
      {"fill", {10, 0}, true}, {"fill", {11, 0}, false}, {"fill", {9, 1}, true},
      {"fill", {9, 2}, false}, {"fill", {0xFFFFFFFF, 0}, false}, {"fill", {0xFFFFFFFE, 1}, false},
      {"fill", {0xFFFFFFFF, 1}, false}, {"fill", {0xFFFFFFFF, 2}, false}, {"fill", {1, 0xFFFFFFFF}, false},
      {"copy", {0, 0, 10}, true}, {"copy", {1, 0, 10}, false}, {"copy", {0, 1, 10}, false},
      {"copy", {0xFFFFFFFF, 0, 1}, false}, {"copy", {0, 0xFFFFFFFF, 1}, false},
      {"copy", {2, 0, 0xFFFFFFFF}, false}, {"copy", {10, 10, 0}, true}, {"copy", {11, 0, 0}, false},
      {"init", {6, 0, 4}, true}, {"init", {7, 0, 4}, false}, {"init", {0, 1, 4}, false},
      {"init", {0, 0xFFFFFFFF, 1}, false}, {"init", {0xFFFFFFFF, 0, 1}, false},
      {"init", {1, 0, 0xFFFFFFFF}, false}, {"init", {10, 4, 0}, true}, {"init", {10, 5, 0}, false},
  };
  for (const auto& o : ops) {
    auto r = call(o.fn, o.args);
    std::string what = o.fn;
    for (uint64_t a : o.args) what += " " + std::to_string(a);
    EXPECT_EQ(r.ok(), o.ok) << what << (r.ok() ? "" : ": " + r.error().to_string());
    if (!r.ok()) { EXPECT_EQ(r.error().trap, TrapKind::TableOutOfBounds) << what; }
  }
}

}  // namespace
}  // namespace wasmbind::test
