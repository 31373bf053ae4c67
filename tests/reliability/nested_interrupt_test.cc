// A host function may call back into the instance that called it (the embedding API gives
// the nested call a fresh execution stack). An interrupt or deadline that arrives while the
// nested call runs stops it, and must still stop the outer call afterwards, even when the
// host function swallows the nested call's trap: otherwise a guest looping through such an
// import would outlive its deadline for good.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "module_builder.h"
#include "wasmbind/vm.h"

namespace wasmbind::test {
namespace {

using Clock = std::chrono::steady_clock;

// Imports host.reenter; exports outer (loops calling reenter forever), inner (an endless
// loop) and count10.
std::shared_ptr<const Module> reentrant_module() {
  ModuleBuilder m;
  const uint32_t t0 = m.type({}, {});
  const uint32_t reenter = m.import_func("host", "reenter", t0);
  Bytes outer = {0x03, 0x40};
  put(outer, op::call(reenter));
  put(outer, {0x0C, 0x00, 0x0B});  // br 0; end
  m.export_func("outer", m.func(t0, {}, outer));
  m.export_func("inner", m.func(t0, {}, {0x03, 0x40, 0x0C, 0x00, 0x0B}));
  // count10: a loop of ten iterations, which an interrupt left pending would stop.
  Bytes count = {0x03, 0x40};
  put(count, op::local_get(0));
  put(count, op::i32_const(1));
  put(count, {0x6A, 0x22, 0x00});  // i32.add; local.tee 0
  put(count, op::i32_const(10));
  put(count, {0x49, 0x0D, 0x00, 0x0B});  // i32.lt_u; br_if 0; end
  m.export_func("count10", m.func(t0, {{1, op::kI32}}, count));
  auto module = Module::compile(m.build());
  EXPECT_TRUE(module.ok()) << module.error().to_string();
  return module.ok() ? module.value() : nullptr;
}

struct Reentry {
  std::atomic<Instance*> instance{nullptr};
  std::atomic<int> nested_calls{0};
  std::atomic<int> nested_interrupted{0};
};

// The host side: the first few calls run `inner` (which only an interrupt ends) and swallow
// its trap; later calls return at once. A call after kGiveUp means the outer loop kept going
// long after it should have stopped: it traps with a marker the test looks for.
constexpr int kNested = 3, kGiveUp = 2'000'000;

Linker reentrant_linker(const std::shared_ptr<Reentry>& state) {
  Linker linker;
  auto calls = std::make_shared<std::atomic<int>>(0);
  linker.define("host", "reenter",
                HostFunction{FuncType{}, [state, calls](Caller&, std::span<const Value>,
                                                        std::span<Value>) -> Result<void> {
                  const int n = (*calls)++;
                  if (n >= kGiveUp) return Error(ErrorKind::Host, "deadline lost");
                  if (n >= kNested) return {};
                  ++state->nested_calls;
                  auto r = state->instance.load()->call("inner", {});
                  if (!r.ok() && r.error().trap == TrapKind::Interrupted) ++state->nested_interrupted;
                  return {};  // swallowed
                }});
  return linker;
}

TEST(NestedInterrupt, DeadlineDuringANestedCallStillStopsTheOuterCall) {
  auto module = reentrant_module();
  ASSERT_TRUE(module);
  auto state = std::make_shared<Reentry>();
  Limits limits;
  limits.timeout = std::chrono::milliseconds(20);
  auto instance = reentrant_linker(state).instantiate(module, limits);
  ASSERT_TRUE(instance.ok()) << instance.error().to_string();
  state->instance = instance->get();
  const auto start = Clock::now();
  auto r = (*instance)->call("outer", {});
  const auto elapsed = Clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::Interrupted) << r.error().to_string();
  EXPECT_GE(state->nested_interrupted.load(), 1);
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(NestedInterrupt, InterruptDuringANestedCallStillStopsTheOuterCall) {
  auto module = reentrant_module();
  ASSERT_TRUE(module);
  auto state = std::make_shared<Reentry>();
  auto instance = reentrant_linker(state).instantiate(module);
  ASSERT_TRUE(instance.ok()) << instance.error().to_string();
  state->instance = instance->get();
  InterruptHandle handle = (*instance)->interrupt_handle();
  std::atomic<bool> returned{false};
  std::atomic<int> extra_interrupts{0};
  std::thread stopper([&] {
    // Interrupt once, while the first nested call is running. Should the interrupt get lost,
    // keep interrupting after a second so the test ends (and fails) instead of hanging.
    while (state->nested_calls.load() == 0) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    handle.interrupt();
    for (int i = 0; i < 100 && !returned; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    while (!returned) {
      ++extra_interrupts;
      handle.interrupt();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  auto r = (*instance)->call("outer", {});
  returned = true;
  stopper.join();
  EXPECT_EQ(extra_interrupts.load(), 0) << "the first interrupt was lost";
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::Interrupted) << r.error().to_string();
  EXPECT_EQ(state->nested_interrupted.load(), 1);
  // The outer call consumed the interrupt: the instance runs normally again.
  auto again = (*instance)->call("count10", {});
  EXPECT_TRUE(again.ok()) << again.error().to_string();
}

}  // namespace
}  // namespace wasmbind::test
