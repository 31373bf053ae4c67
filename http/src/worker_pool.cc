#include "worker_pool.h"

#include <algorithm>

namespace wasmbind::http {

WorkerPool::WorkerPool(unsigned threads) {
  const unsigned n = threads == 0 ? 1 : threads;
  threads_.reserve(n);
  for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this] { work(); });
}

void WorkerPool::enqueue(std::unique_ptr<AnyTask> task) {
  std::lock_guard lock(mutex_);
  queue_.push_back(std::move(task));
  wake_if_needed();
}

void WorkerPool::wake_if_needed() {
  if (woken_ >= queue_.size()) return;  // enough workers are already on their way
  // A busy worker takes the next task when it is done, and a polling one looks within
  // kPollInterval: waking somebody now would cost more than it saves.
  if (busy_ > 0 && !polling_.empty()) return;
  std::vector<Sleeper*>& list = !polling_.empty() ? polling_ : idle_;
  if (list.empty()) return;  // every worker is busy: the task queues
  Sleeper* sleeper = list.back();
  list.pop_back();
  sleeper->notified = true;
  ++woken_;
  sleeper->cv.notify_one();
}

void WorkerPool::work() {
  Sleeper me;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!queue_.empty()) {
      std::unique_ptr<AnyTask> task = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      wake_if_needed();  // more tasks than workers on their way, and a sleeper to take one
      lock.unlock();
      task->run();
      task.reset();  // the task's captures die outside the lock
      lock.lock();
      --busy_;
      continue;
    }
    if (stopping_) return;
    const bool poll = busy_ > 0;
    std::vector<Sleeper*>& list = poll ? polling_ : idle_;
    list.push_back(&me);
    me.notified = false;
    const auto awake = [&] { return me.notified || stopping_; };
    if (poll) {
      me.cv.wait_for(lock, kPollInterval, awake);
    } else {
      me.cv.wait(lock, awake);
    }
    if (me.notified) {
      --woken_;  // the waker took me off the list
    } else {
      list.erase(std::find(list.begin(), list.end(), &me));
    }
  }
}

void WorkerPool::join() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (Sleeper* sleeper : idle_) sleeper->cv.notify_one();
    for (Sleeper* sleeper : polling_) sleeper->cv.notify_one();
  }
  // Called by a task, join cannot wait for its own thread: that thread stays in threads_
  // (destroying it joinable would std::terminate) for the next join to wait for.
  std::vector<std::thread> caller;
  for (std::thread& t : threads_) {
    if (t.get_id() == std::this_thread::get_id()) {
      caller.push_back(std::move(t));
    } else if (t.joinable()) {
      t.join();
    }
  }
  threads_ = std::move(caller);
}

}  // namespace wasmbind::http
