// The threads that run guests. OutputBinding::invoke blocks for as long as the guest runs,
// so it never runs on an I/O thread: sessions hand it here and get the result posted back.
//
// Why not boost::asio::thread_pool: it wakes an idle thread for every task. Waking a
// sleeping thread (a futex call, then a context switch) costs about as much as running a
// small guest, and with one idle worker per core it happened on nearly every request (on 2
// cores, the echo binding served ~45% more requests/s with one worker than with two). Here a
// task posted while some worker is busy and another is polling wakes nobody: the busy one
// takes it when it is done, or the poller within kPollInterval, whichever comes first. Idle
// workers poll only while some worker is busy, which bounds how long a task can wait behind a
// long-running guest; with every worker idle they sleep until a task wakes one at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace wasmbind::http {

class WorkerPool {
 public:
  static constexpr std::chrono::microseconds kPollInterval{500};

  explicit WorkerPool(unsigned threads);
  ~WorkerPool() { join(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `task` on a worker thread; tasks queue while every worker is busy.
  template <class Task>
  void submit(Task&& task) {
    enqueue(std::make_unique<TaskOf<std::decay_t<Task>>>(std::forward<Task>(task)));
  }

  // Waits for the queued and running tasks to finish, then stops the threads. Idempotent;
  // not to be called from two threads at once. A task may call it to stop its own pool: it
  // then returns once the other workers have stopped, and the task's thread is left to a
  // later join (the destructor's), so the pool must not be destroyed by its own task.
  void join();

 private:
  struct AnyTask {
    virtual ~AnyTask() = default;
    virtual void run() = 0;
  };
  // Tasks may be move-only (they carry the request), so no std::function.
  template <class F>
  struct TaskOf final : AnyTask {
    explicit TaskOf(F&& f) : f(std::move(f)) {}
    explicit TaskOf(const F& f) : f(f) {}
    void run() override { f(); }
    F f;
  };

  // A worker with nothing to do waits on its own condition variable, so that whoever wakes
  // it knows exactly who is on the way (a shared condition variable cannot tell a lost
  // notification from a delivered one).
  struct Sleeper {
    std::condition_variable cv;
    bool notified = false;  // taken off its list by a waker; set under mutex_
  };

  void enqueue(std::unique_ptr<AnyTask> task);
  void wake_if_needed();  // mutex_ held
  void work();

  std::mutex mutex_;
  std::deque<std::unique_ptr<AnyTask>> queue_;
  std::vector<std::thread> threads_;
  std::vector<Sleeper*> idle_;     // asleep until woken (no worker was busy when they slept)
  std::vector<Sleeper*> polling_;  // asleep kPollInterval at a time (some worker was busy)
  size_t woken_ = 0;               // woken, not yet awake: each will take a task
  unsigned busy_ = 0;
  bool stopping_ = false;
};

}  // namespace wasmbind::http
