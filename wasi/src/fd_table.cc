#include "fd_table.h"

#include <unistd.h>

namespace wasmbind::wasi {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) reset(o.release());
  return *this;
}

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

uint32_t FdTable::insert(FdEntry entry) {
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i]) {
      slots_[i] = std::move(entry);
      return static_cast<uint32_t>(i);
    }
  }
  slots_.push_back(std::move(entry));
  return static_cast<uint32_t>(slots_.size() - 1);
}

void FdTable::insert_at(uint32_t fd, FdEntry entry) {
  if (fd >= slots_.size()) slots_.resize(size_t{fd} + 1);
  slots_[fd] = std::move(entry);
}

FdEntry* FdTable::get(uint32_t fd) {
  if (fd >= slots_.size() || !slots_[fd]) return nullptr;
  return &*slots_[fd];
}

bool FdTable::close(uint32_t fd) {
  if (fd >= slots_.size() || !slots_[fd]) return false;
  slots_[fd].reset();
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return true;
}

bool FdTable::renumber(uint32_t from, uint32_t to) {
  if (get(from) == nullptr || get(to) == nullptr) return false;
  if (from == to) return true;
  slots_[to] = std::move(slots_[from]);
  slots_[from].reset();
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return true;
}

}  // namespace wasmbind::wasi
