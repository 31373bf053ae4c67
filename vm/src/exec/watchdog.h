// Watchdog: one background thread that sets interrupt flags when their deadlines pass, so
// a timeout costs the running guest nothing but the flag check it already does at loop
// back-edges and calls.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

namespace wasmbind::detail {

class DeadlineGuard {
 public:
  // Sets `flag` to 1 at `deadline` unless the guard is destroyed first.
  DeadlineGuard(std::chrono::steady_clock::time_point deadline,
                std::shared_ptr<std::atomic<uint32_t>> flag);
  ~DeadlineGuard();
  DeadlineGuard(const DeadlineGuard&) = delete;
  DeadlineGuard& operator=(const DeadlineGuard&) = delete;

 private:
  uint64_t id_;
};

}  // namespace wasmbind::detail
