// Deep and huge inputs: 100,000 nested blocks, 50,000 locals, a br_table of 131,072 labels
// and a million functions each validate, translate and run (or are refused cleanly) with a
// bounded amount of memory, on a thread with a 1 MiB native stack (CTest also runs this
// suite under `ulimit -s 1024`): nothing may recurse per nesting level or per function.
// Declared sizes beyond the limits (memory pages, table elements, section and segment
// counts, br_table labels, locals) are refused within milliseconds and without allocating
// what they declare.
#include <gtest/gtest.h>
#include <pthread.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>

#include "module_builder.h"
#include "wasmbind/vm.h"

namespace wasmbind::test {
namespace {

using Clock = std::chrono::steady_clock;

// Runs `fn` on a thread with a `bytes` native stack.
void on_small_stack(const std::function<void()>& fn, size_t bytes = size_t{1} << 20) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, bytes);
  pthread_t thread;
  auto trampoline = [](void* p) -> void* {
    (*static_cast<const std::function<void()>*>(p))();
    return nullptr;
  };
  ASSERT_EQ(0, pthread_create(&thread, &attr, trampoline, const_cast<std::function<void()>*>(&fn)));
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

// Peak resident memory since the last reset (Linux: clear_refs 5 resets VmHWM).
class PeakRss {
 public:
  PeakRss() {
    std::ofstream("/proc/self/clear_refs") << "5";
    base_ = read("VmRSS:");
  }
  // Growth of the peak over the resident size at construction, in MiB.
  double growth_mib() const { return (read("VmHWM:") - base_) / 1024.0; }

 private:
  static long read(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string k;
    long v = 0;
    while (in >> k) {
      if (k == key) {
        in >> v;
        return v;
      }
      std::string rest;
      std::getline(in, rest);
    }
    return 0;
  }
  long base_;
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::shared_ptr<const Module> compile_ok(const Bytes& bytes, const char* what) {
  auto module = Module::compile(bytes);
  EXPECT_TRUE(module.ok()) << what << ": " << module.error().to_string();
  return module.ok() ? module.value() : nullptr;
}

TEST(DeepInputs, HundredThousandNestedBlocks) {
  on_small_stack([] {
    constexpr uint32_t kDepth = 100'000;
    ModuleBuilder m;
    const uint32_t t = m.type({}, {op::kI32});
    Bytes code;
    for (uint32_t i = 0; i < kDepth; ++i) put(code, {0x02, 0x40});  // block
    put(code, {0x0C});                                             // br to the outermost
    put_uleb(code, kDepth - 1);
    for (uint32_t i = 0; i < kDepth; ++i) put(code, {0x0B});
    put(code, op::i32_const(42));
    m.export_func("f", m.func(t, {}, code));
    const Bytes bytes = m.build();

    PeakRss rss;
    auto start = Clock::now();
    ASSERT_TRUE(validate(bytes).ok());
    const double validate_ms = ms_since(start);
    start = Clock::now();
    auto module = compile_ok(bytes, "100,000 nested blocks");
    ASSERT_TRUE(module);
    const double compile_ms = ms_since(start);
    auto instance = Linker().instantiate(module);
    ASSERT_TRUE(instance.ok());
    auto r = (*instance)->call<int32_t()>("f");
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(*r, 42);
    std::printf("100,000 nested blocks: validate %.1f ms, compile %.1f ms, peak RSS +%.1f MiB\n",
                validate_ms, compile_ms, rss.growth_mib());
    EXPECT_LT(rss.growth_mib(), 256.0);
  });
}

TEST(DeepInputs, FiftyThousandLocals) {
  on_small_stack([] {
    constexpr uint32_t kLocals = 50'000;
    ModuleBuilder m;
    const uint32_t t = m.type({op::kI64}, {op::kI64});
    // local[kLocals] = param; then the sum of every local, which is the param.
    Bytes code = op::local_get(0);
    put(code, {0x21});  // local.set
    put_uleb(code, kLocals);
    put(code, op::i64_const(0));
    for (uint32_t i = 1; i <= kLocals; ++i) {
      put(code, op::local_get(i));
      put(code, {0x7C});  // i64.add
    }
    m.export_func("f", m.func(t, {{kLocals, op::kI64}}, code));
    PeakRss rss;
    auto module = compile_ok(m.build(), "50,000 locals");
    ASSERT_TRUE(module);
    auto instance = Linker().instantiate(module);
    ASSERT_TRUE(instance.ok());
    for (int64_t v : {int64_t{7}, int64_t{-1}, INT64_MIN}) {
      auto r = (*instance)->call<int64_t(int64_t)>("f", v);
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      EXPECT_EQ(*r, v);
    }
    std::printf("50,000 locals: peak RSS +%.1f MiB\n", rss.growth_mib());
    EXPECT_LT(rss.growth_mib(), 128.0);
  });
}

TEST(DeepInputs, BrTableOf131072Labels) {
  on_small_stack([] {
    constexpr uint32_t kTargets = 131'072;
    ModuleBuilder m;
    const uint32_t t = m.type({op::kI32}, {op::kI32});
    // block $outer block $inner (br_table: label k%2 for index k, default $inner) end
    // return 100 end; 200. So even indices and the default give 100, odd ones 200.
    Bytes code = {0x02, 0x40, 0x02, 0x40};
    put(code, op::local_get(0));
    put(code, {0x0E});
    put_uleb(code, kTargets);
    for (uint32_t k = 0; k < kTargets; ++k) code.push_back(static_cast<uint8_t>(k % 2));
    put(code, {0x00, 0x0B});
    put(code, op::i32_const(100));
    put(code, {0x0F, 0x0B});  // return, end $outer
    put(code, op::i32_const(200));
    m.export_func("f", m.func(t, {}, code));
    PeakRss rss;
    auto module = compile_ok(m.build(), "br_table of 131,072 labels");
    ASSERT_TRUE(module);
    auto instance = Linker().instantiate(module);
    ASSERT_TRUE(instance.ok());
    const struct { uint32_t index; int32_t expected; } cases[] = {
        {0, 100}, {1, 200}, {2, 100}, {kTargets - 1, 200}, {kTargets, 100}, {kTargets + 1, 100},
        {0xFFFFFFFFu, 100},
    };
    for (const auto& c : cases) {
      auto r = (*instance)->call<int32_t(int32_t)>("f", static_cast<int32_t>(c.index));
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      EXPECT_EQ(*r, c.expected) << "index " << c.index;
    }
    std::printf("br_table of 131,072 labels: peak RSS +%.1f MiB\n", rss.growth_mib());
    EXPECT_LT(rss.growth_mib(), 64.0);
  });
}

TEST(DeepInputs, OneMillionFunctions) {
  on_small_stack([] {
    constexpr uint32_t kFunctions = 1'000'000;
    ModuleBuilder m;
    const uint32_t t = m.type({}, {op::kI32});
    for (uint32_t i = 0; i < kFunctions; ++i) m.func(t, {}, op::i32_const(i));
    // A caller of the last function, so a call reaches across the whole index space.
    const uint32_t caller = m.func(t, {}, op::call(kFunctions - 1));
    m.export_func("first", 0);
    m.export_func("last", kFunctions - 1);
    m.export_func("call_last", caller);
    const Bytes bytes = m.build();

    PeakRss rss;
    auto start = Clock::now();  // compile() validates too: no separate validate() here
    auto module = compile_ok(bytes, "a million functions");
    ASSERT_TRUE(module);
    const double compile_ms = ms_since(start);
    start = Clock::now();
    auto instance = Linker().instantiate(module);
    ASSERT_TRUE(instance.ok()) << instance.error().to_string();
    const double instantiate_ms = ms_since(start);
    for (auto [name, expected] : {std::pair{"first", 0}, {"last", int32_t{kFunctions - 1}},
                                  {"call_last", int32_t{kFunctions - 1}}}) {
      auto r = (*instance)->call<int32_t()>(name);
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      EXPECT_EQ(*r, expected) << name;
    }
    std::printf("1,000,000 functions (%.1f MB): compile %.0f ms, instantiate %.0f ms, peak RSS "
                "+%.1f MiB\n",
                bytes.size() / 1e6, compile_ms, instantiate_ms, rss.growth_mib());
    EXPECT_LT(rss.growth_mib(), 1024.0);
  });
}

// ---- declared sizes beyond the limits -------------------------------------------------------

struct Refusal {
  const char* what;
  Bytes bytes;
  Limits limits;
};

Bytes with_memory(uint64_t min, std::optional<uint64_t> max = {}) {
  ModuleBuilder m;
  m.memory(min, max);
  return m.build();
}

Bytes with_table(uint64_t min) {
  ModuleBuilder m;
  m.table(op::kFuncRef, min);
  return m.build();
}

// A module that is only a header and one section whose contents are `contents`.
Bytes raw_section(uint8_t id, const Bytes& contents) {
  Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, id};
  put_uleb(out, contents.size());
  put(out, contents);
  return out;
}

Bytes huge_count(uint8_t section_id, Bytes tail = {}) {
  Bytes contents;
  put_uleb(contents, 0xFFFFFFFFu);
  put(contents, tail);
  return raw_section(section_id, contents);
}

// A function body claiming 2^32-1 locals of one type, or a br_table claiming 2^32-1 labels.
Bytes huge_body(const Bytes& body_after_size) {
  ModuleBuilder m;
  m.type({}, {});
  Bytes out = m.build();
  put(out, {0x03, 0x02, 0x01, 0x00});  // function section: one function of type 0
  Bytes body;
  put_uleb(body, body_after_size.size());
  put(body, body_after_size);
  Bytes code;
  put_uleb(code, 1);
  put(code, body);
  out.push_back(0x0A);
  put_uleb(out, code.size());
  put(out, code);
  return out;
}

TEST(DeclaredSizes, RefusedFastWithoutAllocating) {
  on_small_stack([] {
    Limits small;
    small.max_memory_pages = 1024;
    small.max_table_elements = 10'000'000;
    Bytes locals = {0x01};  // one local group of 2^32-1 i64s, then end
    put_uleb(locals, 0xFFFFFFFFu);
    put(locals, {op::kI64, 0x0B});
    Bytes two_groups = {0x02};  // two groups of 2^31 whose sum overflows 32 bits
    put_uleb(two_groups, 0x80000000u);
    two_groups.push_back(op::kI32);
    put_uleb(two_groups, 0x80000000u);
    put(two_groups, {op::kI32, 0x0B});
    Bytes br_table = {0x00, 0x41, 0x00, 0x0E};  // i32.const 0; br_table with 2^32-1 labels
    put_uleb(br_table, 0xFFFFFFFFu);
    put(br_table, {0x00, 0x00, 0x0B});
    Bytes data_len = {0x00, 0x41, 0x00, 0x0B};  // an active segment claiming 4 GiB of bytes
    put_uleb(data_len, 0xFFFFFFFFu);
    const Refusal cases[] = {
        {"memory of 65,536 pages over a 1,024-page limit", with_memory(65536), small},
        {"memory of 65,537 pages", with_memory(65537), small},
        {"memory min 1 max 65,536 over the limit (reserved up to the limit only)",
         with_memory(1, 65536), small},
        {"table of 2^32-1 elements", with_table(0xFFFFFFFFu), small},
        {"table of 10,000,001 elements", with_table(10'000'001), small},
        {"type section of 2^32-1 entries", huge_count(1), small},
        {"import section of 2^32-1 entries", huge_count(2), small},
        {"function section of 2^32-1 entries", huge_count(3), small},
        {"table section of 2^32-1 entries", huge_count(4), small},
        {"memory section of 2^32-1 entries", huge_count(5), small},
        {"global section of 2^32-1 entries", huge_count(6), small},
        {"export section of 2^32-1 entries", huge_count(7), small},
        {"element section of 2^32-1 segments", huge_count(9), small},
        {"code section of 2^32-1 bodies", huge_count(10), small},
        {"data section of 2^32-1 segments", huge_count(11), small},
        {"data count of 2^32-1", huge_count(12), small},
        {"data segment of 2^32-1 bytes", raw_section(11, [&] {
           Bytes c = {0x01};
           put(c, data_len);
           return c;
         }()), small},
        {"element segment of 2^32-1 functions", raw_section(9, [] {
           Bytes c = {0x01, 0x01, 0x00};  // one passive funcref segment
           put_uleb(c, 0xFFFFFFFFu);
           return c;
         }()), small},
        {"2^32-1 locals", huge_body(locals), small},
        {"2^32 locals in two groups", huge_body(two_groups), small},
        {"br_table of 2^32-1 labels", huge_body(br_table), small},
        {"name section with 2^32-1 function names", raw_section(0, [] {
           Bytes c;
           put_name(c, "name");
           Bytes sub;
           put_uleb(sub, 0xFFFFFFFFu);
           c.push_back(0x01);
           put_uleb(c, sub.size());
           put(c, sub);
           return c;
         }()), small},
    };
    for (const Refusal& c : cases) {
      PeakRss rss;
      const auto start = Clock::now();
      auto module = Module::compile(c.bytes);
      std::string outcome = module.ok() ? "compiled" : module.error().to_string();
      if (module.ok()) {
        auto instance = Linker().instantiate(module.value(), c.limits);
        outcome = instance.ok() ? "instantiated" : instance.error().to_string();
        // A memory within the limit may be made; it must not have reserved more.
        if (instance.ok()) {
          if (Memory* mem = (*instance)->memory()) {
            EXPECT_FALSE(mem->grow(c.limits.max_memory_pages).has_value()) << c.what;
          }
        }
      }
      const double ms = ms_since(start);
      EXPECT_LT(ms, 100.0) << c.what << ": " << outcome;
      EXPECT_LT(rss.growth_mib(), 16.0) << c.what << ": " << outcome;
      const bool refused = outcome != "compiled" && outcome != "instantiated";
      // Only the name section (a custom section, whose errors are not fatal) and a memory
      // within the limit may be accepted.
      if (!refused) {
        EXPECT_TRUE(std::string(c.what).find("name section") != std::string::npos ||
                    std::string(c.what).find("max 65,536") != std::string::npos)
            << c.what << " was accepted";
      }
      std::printf("%-70s %6.2f ms  %s\n", c.what, ms, outcome.c_str());
    }
  });
}

TEST(DeclaredSizes, GrowBeyondLimitsFailsFast) {
  on_small_stack([] {
    ModuleBuilder m;
    const uint32_t t = m.type({op::kI32}, {op::kI32});
    m.memory(1);
    m.table(op::kFuncRef, 1);
    Bytes grow_memory = op::local_get(0);
    put(grow_memory, {0x40, 0x00});  // memory.grow
    m.export_func("memory_grow", m.func(t, {}, grow_memory));
    Bytes grow_table = {0xD0, op::kFuncRef};
    put(grow_table, op::local_get(0));
    put(grow_table, {0xFC, 0x0F, 0x00});  // table.grow
    m.export_func("table_grow", m.func(t, {}, grow_table));
    auto module = compile_ok(m.build(), "grow module");
    ASSERT_TRUE(module);
    Limits limits;
    limits.max_memory_pages = 1024;
    limits.max_table_elements = 100'000;
    auto instance = Linker().instantiate(module, limits);
    ASSERT_TRUE(instance.ok());
    for (auto [fn, delta, expected] :
         {std::tuple{"memory_grow", 1024u, -1}, {"memory_grow", 65535u, -1},
          {"memory_grow", 0xFFFFFFFFu, -1}, {"memory_grow", 1023u, 1},
          {"table_grow", 100'000u, -1}, {"table_grow", 0xFFFFFFFFu, -1}, {"table_grow", 99'999u, 1}}) {
      PeakRss rss;
      const auto start = Clock::now();
      auto r = (*instance)->call<int32_t(int32_t)>(fn, static_cast<int32_t>(delta));
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      EXPECT_EQ(*r, expected) << fn << " by " << delta;
      EXPECT_LT(ms_since(start), 100.0) << fn << " by " << delta;
      if (expected == -1) { EXPECT_LT(rss.growth_mib(), 16.0) << fn << " by " << delta; }
    }
  });
}

}  // namespace
}  // namespace wasmbind::test
