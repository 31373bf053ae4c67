// Cancellation: the HTTP layer cancels, the binding attaches the running instance's handle.
#include "wasmbind/binding.h"

namespace wasmbind::binding {

void Cancellation::cancel() {
  cancelled_.store(true, std::memory_order_release);
  std::lock_guard lock(mutex_);
  if (running_) running_->interrupt();
}

void Cancellation::attach(InterruptHandle handle) {
  std::lock_guard lock(mutex_);
  running_ = std::move(handle);
  // A cancel() that came before the attach found nothing to interrupt.
  if (cancelled()) running_->interrupt();
}

void Cancellation::detach() {
  std::lock_guard lock(mutex_);
  running_.reset();
}

}  // namespace wasmbind::binding
