// Linear memories are recycled through a process-wide pool of reservations (a server makes a
// memory per request). Nothing of one guest may reach the next: a recycled memory must start
// all zero, exactly at its minimum size (the previous guest's grown pages out of bounds
// again), and pages it grows into must be zero too. Both zeroing paths are covered (memset
// up to 1 MiB, MADV_DONTNEED beyond), and so are several threads recycling at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "module_builder.h"
#include "wasmbind/vm.h"

namespace wasmbind::test {
namespace {

constexpr uint32_t kMaxPages = 40;  // every module reserves the same size, so they share the pool

// Memory min `pages`, max kMaxPages; exports grow(delta) -> old, load8(addr) -> i32,
// store8(addr, v).
std::shared_ptr<const Module> module_with_min(uint32_t pages) {
  ModuleBuilder m;
  const uint32_t t11 = m.type({op::kI32}, {op::kI32});
  const uint32_t t20 = m.type({op::kI32, op::kI32}, {});
  m.memory(pages, kMaxPages);
  Bytes grow = op::local_get(0);
  put(grow, {0x40, 0x00});
  m.export_func("grow", m.func(t11, {}, grow));
  Bytes load = op::local_get(0);
  put(load, op::memarg({0x2D}, 0, 0));  // i32.load8_u
  m.export_func("load8", m.func(t11, {}, load));
  Bytes store = op::local_get(0);
  put(store, op::local_get(1));
  put(store, op::memarg({0x3A}, 0, 0));  // i32.store8
  m.export_func("store8", m.func(t20, {}, store));
  auto module = Module::compile(m.build());
  EXPECT_TRUE(module.ok()) << module.error().to_string();
  return module.ok() ? module.value() : nullptr;
}

bool all_zero(const uint8_t* p, uint64_t n) {
  return std::all_of(p, p + n, [](uint8_t b) { return b == 0; });
}

// One guest's life: checks it starts clean, then grows and dirties everything it can reach.
// Returns a description of the first problem, or "".
std::string one_guest(const std::shared_ptr<const Module>& module, uint32_t min_pages,
                      uint32_t grow_by) {
  auto instance = Linker().instantiate(module);
  if (!instance.ok()) return instance.error().to_string();
  Instance& inst = **instance;
  Memory& mem = *inst.memory();
  const uint64_t size = uint64_t{min_pages} * kPageSize;
  if (mem.size() != size) return "starts at " + std::to_string(mem.size()) + " bytes";
  if (!all_zero(mem.data(), size)) return "a recycled memory is not all zero";
  // The guest's view: the last byte reads 0, the first byte past the size traps.
  if (size > 0) {
    auto last = inst.call<int32_t(int32_t)>("load8", static_cast<int32_t>(size - 1));
    if (!last.ok() || *last != 0) return "the last byte does not read 0";
  }
  auto past = inst.call<int32_t(int32_t)>("load8", static_cast<int32_t>(size));
  if (past.ok()) return "a byte past the minimum size is readable";
  auto grown = inst.call<int32_t(int32_t)>("grow", static_cast<int32_t>(grow_by));
  if (!grown.ok() || *grown != static_cast<int32_t>(min_pages)) return "grow failed";
  const uint64_t new_size = size + uint64_t{grow_by} * kPageSize;
  if (mem.size() != new_size || !all_zero(mem.data() + size, new_size - size))
    return "grown pages are not all zero";
  // Dirty every reachable byte, through the host and through the guest.
  std::memset(mem.data(), 0xA5, new_size);
  if (new_size > 0 && !inst.call<void(int32_t, int32_t)>("store8", static_cast<int32_t>(new_size - 1), 0x5A).ok())
    return "store to the last byte failed";
  return "";
}

TEST(MemoryReuse, RecycledMemoriesStartZeroedAtTheirMinimum) {
  // min 1 page (zeroed by memset when small) and 17 pages (over 1 MiB: MADV_DONTNEED),
  // alternating so each takes over reservations the other grew and dirtied.
  const uint32_t mins[] = {1, 17, 0, 2};
  std::shared_ptr<const Module> modules[4];
  for (int i = 0; i < 4; ++i) {
    modules[i] = module_with_min(mins[i]);
    ASSERT_TRUE(modules[i]);
  }
  for (uint32_t round = 0; round < 120; ++round) {
    const int k = round % 4;
    const uint32_t grow_by = (round * 7) % (kMaxPages - mins[k] + 1);
    const std::string problem = one_guest(modules[k], mins[k], grow_by);
    ASSERT_EQ(problem, "") << "round " << round << " (min " << mins[k] << " pages, grow by "
                           << grow_by << ")";
  }
}

TEST(MemoryReuse, ThreadsRecyclingAtOnce) {
  auto small = module_with_min(1), large = module_with_min(17);
  ASSERT_TRUE(small && large);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (uint32_t round = 0; round < 50; ++round) {
        const bool use_large = (round + t) % 2;
        const uint32_t min = use_large ? 17 : 1;
        const std::string problem =
            one_guest(use_large ? large : small, min, (round * 5 + t) % (kMaxPages - min + 1));
        if (!problem.empty()) {
          ADD_FAILURE() << "thread " << t << " round " << round << ": " << problem;
          ++failures;
          return;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace wasmbind::test
