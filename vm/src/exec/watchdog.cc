#include "exec/watchdog.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace wasmbind::detail {
namespace {

class Watchdog {
 public:
  static Watchdog& get() {
    // Never destroyed: guards may still be released while static destructors run.
    static Watchdog* instance = new Watchdog();
    return *instance;
  }

  uint64_t arm(std::chrono::steady_clock::time_point deadline,
               std::shared_ptr<std::atomic<uint32_t>> flag) {
    std::lock_guard lock(mutex_);
    uint64_t id = next_id_++;
    entries_.emplace(id, Entry{deadline, std::move(flag)});
    if (!thread_started_) {
      thread_started_ = true;
      std::thread([this] { loop(); }).detach();
    }
    wake_.notify_one();
    return id;
  }

  void disarm(uint64_t id) {
    std::lock_guard lock(mutex_);
    entries_.erase(id);
  }

 private:
  struct Entry {
    std::chrono::steady_clock::time_point deadline;
    std::shared_ptr<std::atomic<uint32_t>> flag;
  };

  void loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      auto now = std::chrono::steady_clock::now();
      auto next = std::chrono::steady_clock::time_point::max();
      for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.deadline <= now) {
          it->second.flag->store(1, std::memory_order_relaxed);
          it = entries_.erase(it);
        } else {
          next = std::min(next, it->second.deadline);
          ++it;
        }
      }
      if (next == std::chrono::steady_clock::time_point::max()) {
        wake_.wait(lock);
      } else {
        wake_.wait_until(lock, next);
      }
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<uint64_t, Entry> entries_;
  uint64_t next_id_ = 1;
  bool thread_started_ = false;
};

}  // namespace

DeadlineGuard::DeadlineGuard(std::chrono::steady_clock::time_point deadline,
                             std::shared_ptr<std::atomic<uint32_t>> flag)
    : id_(Watchdog::get().arm(deadline, std::move(flag))) {}

DeadlineGuard::~DeadlineGuard() { Watchdog::get().disarm(id_); }

}  // namespace wasmbind::detail
