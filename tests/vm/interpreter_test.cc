// The interpreter through the embedding API: host calls, traps with backtraces, the call
// depth limit, interruption by deadline and by another thread, and re-instantiation of the
// same Module afterwards.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "wasmbind/vm.h"

namespace wasmbind {
namespace {

std::vector<uint8_t> read_wasm(const char* name) {
  std::ifstream in(std::string(WASMBIND_TEST_WASM_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class InterpreterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = Module::compile(read_wasm("runaway.wasm"));
    ASSERT_TRUE(m.ok()) << m.error().to_string();
    module_ = *m;
    linker_.func("host", "add", [](int32_t a, int32_t b) { return a + b; });
    linker_.define("host", "fail",
                   HostFunction{FuncType{}, [](Caller&, std::span<const Value>, std::span<Value>) {
                                  return Result<void>(Error(ErrorKind::Host, "host says no"));
                                }});
  }
  std::unique_ptr<Instance> instantiate(Limits limits = {}) {
    auto inst = linker_.instantiate(module_, limits);
    EXPECT_TRUE(inst.ok()) << inst.error().to_string();
    return inst.ok() ? std::move(inst.value()) : nullptr;
  }

  std::shared_ptr<const Module> module_;
  Linker linker_;
};

TEST_F(InterpreterTest, HostFunctionsAreCalledWithTheirArguments) {
  auto inst = instantiate();
  auto r = inst->call<int32_t(int32_t, int32_t)>("call_host", 40, 2);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(*r, 42);
}

TEST_F(InterpreterTest, HostErrorsStopTheGuest) {
  auto inst = instantiate();
  auto r = inst->call("call_fail", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Host);
  EXPECT_EQ(r.error().message, "host says no");
}

TEST_F(InterpreterTest, TrapsCarryKindAndBacktrace) {
  auto inst = instantiate();
  auto r = inst->call("trap_deep", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().trap, TrapKind::Unreachable);
  EXPECT_EQ(r.error().message, "unreachable");
  // inner <- middle <- trap_deep: three frames, innermost first, named from the name
  // section that wat2wasm --debug-names writes.
  ASSERT_EQ(r.error().backtrace.size(), 3u) << r.error().to_string();
  EXPECT_EQ(r.error().backtrace[0], "inner");
  EXPECT_EQ(r.error().backtrace[1], "middle");
}

TEST_F(InterpreterTest, OutOfBoundsLoadTraps) {
  auto inst = instantiate();
  EXPECT_EQ(*inst->call<int32_t(int32_t)>("load", 0), 0x6D736177);  // "wasm", little-endian
  auto r = inst->call<int32_t(int32_t)>("load", 65533);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::MemoryOutOfBounds);
  uint8_t buf[8];
  ASSERT_TRUE(inst->memory()->read(0, buf));
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), 8), "wasmbind");
  EXPECT_FALSE(inst->memory()->read(65530, buf));
}

TEST_F(InterpreterTest, RunawayRecursionIsACleanTrap) {
  Limits limits;
  limits.max_call_depth = 5000;
  auto inst = instantiate(limits);
  auto r = inst->call<int32_t(int32_t)>("recurse", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
  EXPECT_EQ(r.error().message, "call stack exhausted");
  // The instance stays usable.
  EXPECT_EQ(*inst->call<int32_t(int32_t, int32_t)>("call_host", 1, 2), 3);
}

TEST_F(InterpreterTest, DeadlineStopsAnInfiniteLoop) {
  Limits limits;
  limits.timeout = std::chrono::milliseconds(50);
  auto inst = instantiate(limits);
  auto start = std::chrono::steady_clock::now();
  auto r = inst->call("spin", {});
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::Interrupted);
  EXPECT_GE(elapsed, std::chrono::milliseconds(45));
  EXPECT_LT(elapsed, std::chrono::seconds(5));  // generous: shared, noisy machines
  // The same Module instantiates and runs again.
  auto again = instantiate();
  auto count = again->call<int64_t(int64_t)>("count", 1000);
  ASSERT_TRUE(count.ok()) << count.error().to_string();
  EXPECT_EQ(*count, 1000);
}

TEST_F(InterpreterTest, InterruptFromAnotherThread) {
  auto inst = instantiate();
  InterruptHandle handle = inst->interrupt_handle();
  std::thread stopper([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    handle.interrupt();
  });
  auto r = inst->call("spin", {});
  stopper.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::Interrupted);
}

TEST_F(InterpreterTest, InterruptBeforeTheCallIsNotLostAndIsConsumed) {
  auto inst = instantiate();
  inst->interrupt();  // e.g. a request cancelled between instantiation and the call
  auto r = inst->call("spin", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::Interrupted);
  // The trap consumed the request: the next call runs normally.
  auto count = inst->call<int64_t(int64_t)>("count", 10);
  ASSERT_TRUE(count.ok()) << count.error().to_string();
  EXPECT_EQ(*count, 10);
}

TEST_F(InterpreterTest, ArgumentTypesAreChecked) {
  auto inst = instantiate();
  std::vector<Value> wrong{Value::i64(1), Value::i32(2)};
  auto r = inst->call("call_host", wrong);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Host);
  EXPECT_FALSE(inst->call("no_such_export", {}).ok());
}

TEST_F(InterpreterTest, MissingImportIsUnlinkable) {
  Linker empty;
  auto inst = empty.instantiate(module_);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(inst.error().message.find("host.add"), std::string::npos);
}

// Linker::link resolves the imports once; each instance of the LinkedModule is a fresh one
// (its own memory, data re-initialised) bound to what was resolved, whatever the linker
// defines afterwards.
TEST_F(InterpreterTest, ALinkedModuleInstantiatesManyTimesWithWhatItResolved) {
  auto linked = linker_.link(module_);
  ASSERT_TRUE(linked.ok()) << linked.error().to_string();
  EXPECT_EQ(&linked->module(), module_.get());
  linker_.func("host", "add", [](int32_t a, int32_t b) { return a - b; });
  for (int i = 0; i < 3; ++i) {
    auto inst = linked->instantiate();
    ASSERT_TRUE(inst.ok()) << inst.error().to_string();
    auto sum = (*inst)->call<int32_t(int32_t, int32_t)>("call_host", 40, 2);
    ASSERT_TRUE(sum.ok()) << sum.error().to_string();
    EXPECT_EQ(*sum, 42) << "instance " << i;
    Memory* memory = (*inst)->memory();
    ASSERT_NE(memory, nullptr);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(memory->data()), 8), "wasmbind") << i;
    memory->data()[0] = 'X';  // the next instance must not see this
  }
  auto relinked = instantiate();  // the linker's new definition
  auto difference = relinked->call<int32_t(int32_t, int32_t)>("call_host", 40, 2);
  ASSERT_TRUE(difference.ok());
  EXPECT_EQ(*difference, 38);
}

TEST_F(InterpreterTest, LinkRefusesWhatInstantiateWouldRefuse) {
  Linker empty;
  auto missing = empty.link(module_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Unlinkable);
  EXPECT_EQ(missing.error().message, empty.instantiate(module_).error().message);
  EXPECT_EQ(missing.error().message, "unknown import (host.add)");

  Linker mistyped;
  mistyped.func("host", "add", [](int64_t a, int32_t b) { return static_cast<int32_t>(a) + b; });
  mistyped.define("host", "fail", HostFunction{FuncType{}, [](Caller&, std::span<const Value>,
                                                              std::span<Value>) { return Result<void>(); }});
  auto wrong = mistyped.link(module_);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Unlinkable);
  EXPECT_EQ(wrong.error().message, "incompatible import type (host.add)");
}

}  // namespace
}  // namespace wasmbind

namespace wasmbind {
namespace {

// Linear memories recycle their reservations (a server instantiates per request): whatever
// an earlier memory wrote, grew or left behind, a new memory starts zeroed, at its minimum
// size, with nothing accessible past it.
TEST(MemoryReuse, ARecycledReservationIsZeroedAndSizedAfresh) {
  MemoryType type{SizeLimits{1, 8}};
  for (int round = 0; round < 3; ++round) {
    auto m = Memory::create(type, 65536);
    ASSERT_TRUE(m.ok()) << m.error().to_string();
    Memory& mem = **m;
    ASSERT_EQ(mem.pages(), 1u);
    std::vector<uint8_t> bytes(64);
    ASSERT_TRUE(mem.read(0, bytes));
    EXPECT_EQ(std::count(bytes.begin(), bytes.end(), 0), 64) << "round " << round;
    ASSERT_TRUE(mem.grow(3).has_value());
    ASSERT_TRUE(mem.read(3 * 65536 + 100, bytes));
    EXPECT_EQ(std::count(bytes.begin(), bytes.end(), 0), 64) << "round " << round;
    // Dirty every page, including the grown ones, for the next round.
    std::vector<uint8_t> ones(4 * 65536, 0xAB);
    ASSERT_TRUE(mem.write(0, ones));
    EXPECT_FALSE(mem.read(4 * 65536 - 8, std::span<uint8_t>(bytes.data(), 16)));
  }
}

}  // namespace
}  // namespace wasmbind
