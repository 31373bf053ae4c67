// The worker pool that runs guests (http/src/worker_pool.h): every task runs, join waits for
// them, tasks may be move-only, and a task never waits for a busy worker while another
// worker could run it (the pool skips waking sleepers while a worker is busy, so this is
// the property that could break).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

#include "worker_pool.h"

namespace wasmbind::http {
namespace {

using namespace std::chrono_literals;

TEST(WorkerPool, RunsEveryTaskAndJoinWaitsForThem) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(2);
    for (int i = 0; i < 10'000; ++i) pool.submit([&ran] { ran.fetch_add(1, std::memory_order_relaxed); });
    pool.join();
    EXPECT_EQ(ran.load(), 10'000);
    pool.join();  // a second join (and the destructor's) is harmless
  }
  EXPECT_EQ(ran.load(), 10'000);
}

TEST(WorkerPool, TakesMoveOnlyTasks) {
  std::promise<int> result;
  auto value = std::make_unique<int>(42);
  WorkerPool pool(1);
  pool.submit([v = std::move(value), &result] { result.set_value(*v); });
  EXPECT_EQ(result.get_future().get(), 42);
}

TEST(WorkerPool, OneWorkerRunsTasksInOrder) {
  std::vector<int> order;
  std::mutex mutex;
  WorkerPool pool(1);
  for (int i = 0; i < 100; ++i)
    pool.submit([i, &order, &mutex] {
      std::lock_guard lock(mutex);
      order.push_back(i);
    });
  pool.join();
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
}

// A long task holds one worker until the task submitted after it has run: that can only
// happen on the other worker. Repeated, so both the "other worker asleep" and "other worker
// polling" states are met.
TEST(WorkerPool, TaskBehindABusyWorkerRunsOnAnIdleOne) {
  WorkerPool pool(2);
  for (int round = 0; round < 200; ++round) {
    std::promise<void> second_ran;
    std::future<void> second = second_ran.get_future();
    std::promise<bool> first_saw_second;
    pool.submit([&second, &first_saw_second] {
      first_saw_second.set_value(second.wait_for(10s) == std::future_status::ready);
    });
    pool.submit([&second_ran] { second_ran.set_value(); });
    ASSERT_TRUE(first_saw_second.get_future().get()) << "round " << round;
  }
}

// While one worker is busy for good, many short tasks still flow through the other.
TEST(WorkerPool, ShortTasksFlowPastALongOne) {
  WorkerPool pool(2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  pool.submit([released] { released.wait(); });
  std::atomic<int> ran{0};
  std::promise<void> all_ran;
  constexpr int kTasks = 1'000;
  for (int i = 0; i < kTasks; ++i)
    pool.submit([&] {
      if (ran.fetch_add(1) + 1 == kTasks) all_ran.set_value();
    });
  const bool done = all_ran.get_future().wait_for(30s) == std::future_status::ready;
  release.set_value();
  EXPECT_TRUE(done) << ran.load() << " of " << kTasks << " ran";
}

// A task may stop its own pool (a guest-driven shutdown would): join, called on a worker,
// waits for the other workers and leaves its own thread to the next join (here the
// destructor's), which must not be on that thread. Tasks queued before it still run.
TEST(WorkerPool, ATaskMayStopItsOwnPool) {
  for (unsigned workers : {1u, 2u}) {
    std::atomic<int> ran{0};
    {
      WorkerPool pool(workers);
      std::promise<void> joined;
      for (int i = 0; i < 100; ++i) pool.submit([&ran] { ran.fetch_add(1); });
      pool.submit([&pool, &joined] {
        pool.join();
        joined.set_value();
      });
      for (int i = 0; i < 100; ++i) pool.submit([&ran] { ran.fetch_add(1); });
      ASSERT_EQ(joined.get_future().wait_for(10s), std::future_status::ready) << workers;
    }
    EXPECT_EQ(ran.load(), 200) << workers;
  }
}

}  // namespace
}  // namespace wasmbind::http
