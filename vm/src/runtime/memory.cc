// Memory, Table and Global: the shareable runtime objects.
//
// A memory reserves its whole maximum address range once (PROT_NONE) and makes pages
// accessible as it grows, so its base address never changes and the kernel supplies zero
// pages lazily.
//
// Reservations are recycled: a server instantiates a module per request, and mapping,
// faulting in and unmapping a fresh multi-GiB reservation each time costs more than running
// a small guest. A released reservation is zeroed (memset while small, so its pages stay
// resident and fault-free; MADV_DONTNEED when large) and kept in a small process-wide pool
// for the next memory of the same reserved size.
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>
#include <vector>

#include "wasmbind/runtime.h"

namespace wasmbind {
namespace {

class ReservationPool {
 public:
  struct Reservation {
    uint8_t* base = nullptr;
    uint64_t reserved = 0;    // bytes of address space
    uint64_t accessible = 0;  // bytes from base that are PROT_READ|PROT_WRITE, all zero
  };

  static ReservationPool& get() {
    // Never destroyed: memories may be released while static destructors run.
    static ReservationPool* pool = new ReservationPool();
    return *pool;
  }

  // A zeroed reservation of exactly `reserved` bytes, if one is pooled.
  std::optional<Reservation> take(uint64_t reserved) {
    std::lock_guard lock(mutex_);
    for (size_t i = free_.size(); i-- > 0;) {
      if (free_[i].reserved != reserved) continue;
      Reservation r = free_[i];
      free_[i] = free_.back();
      free_.pop_back();
      return r;
    }
    return std::nullopt;
  }

  // Zeroes the accessible part and keeps the reservation, or unmaps it when the pool is full.
  void give_back(Reservation r) {
    bool zeroed = true;
    if (r.accessible > kZeroByMemset) zeroed = madvise(r.base, r.accessible, MADV_DONTNEED) == 0;
    else if (r.accessible > 0) std::memset(r.base, 0, r.accessible);
    if (zeroed) {
      std::lock_guard lock(mutex_);
      if (free_.size() < kMaxPooled) {
        free_.push_back(r);
        return;
      }
    }
    munmap(r.base, r.reserved);
  }

 private:
  static constexpr size_t kMaxPooled = 64;
  static constexpr uint64_t kZeroByMemset = 1u << 20;  // 1 MiB
  std::mutex mutex_;
  std::vector<Reservation> free_;
};

}  // namespace

Result<std::shared_ptr<Memory>> Memory::create(const MemoryType& type, uint32_t max_pages_limit) {
  uint32_t limit = std::min(max_pages_limit, kMaxPages);
  if (type.limits.min > limit)
    return Error(ErrorKind::Limit, "memory of " + std::to_string(type.limits.min) +
                                       " pages exceeds the limit of " + std::to_string(limit) +
                                       " pages");
  std::shared_ptr<Memory> m(new Memory());
  m->type_ = type;
  m->max_pages_ = std::min(type.limits.max.value_or(kMaxPages), limit);
  m->reserved_ = std::max<uint64_t>(m->max_pages_, 1) * kPageSize;
  const uint64_t initial = uint64_t{type.limits.min} * kPageSize;
  if (auto r = ReservationPool::get().take(m->reserved_)) {
    m->base_ = r->base;
    // Pages past the initial size go back to PROT_NONE, as in a fresh reservation.
    if (r->accessible > initial &&
        mprotect(m->base_ + initial, r->accessible - initial, PROT_NONE) != 0)
      return Error(ErrorKind::Limit, "cannot protect memory");
    if (r->accessible < initial &&
        mprotect(m->base_ + r->accessible, initial - r->accessible, PROT_READ | PROT_WRITE) != 0)
      return Error(ErrorKind::Limit, "cannot commit memory");
  } else {
    void* p = mmap(nullptr, m->reserved_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) return Error(ErrorKind::Limit, "cannot reserve address space for a memory");
    m->base_ = static_cast<uint8_t*>(p);
    if (initial > 0 && mprotect(m->base_, initial, PROT_READ | PROT_WRITE) != 0)
      return Error(ErrorKind::Limit, "cannot commit memory");
  }
  m->size_ = initial;
  return m;
}

Memory::~Memory() {
  if (base_) ReservationPool::get().give_back({base_, reserved_, size_});
}

std::optional<uint32_t> Memory::grow(uint32_t delta_pages) {
  uint32_t old = pages();
  if (delta_pages == 0) return old;
  if (uint64_t{old} + delta_pages > max_pages_) return std::nullopt;
  uint64_t bytes = uint64_t{delta_pages} * kPageSize;
  if (mprotect(base_ + size_, bytes, PROT_READ | PROT_WRITE) != 0) return std::nullopt;
  size_ += bytes;
  return old;
}

bool Memory::read(uint64_t addr, std::span<uint8_t> out) const {
  if (addr > size_ || out.size() > size_ - addr) return false;
  if (!out.empty()) std::memcpy(out.data(), base_ + addr, out.size());
  return true;
}

bool Memory::write(uint64_t addr, std::span<const uint8_t> in) {
  if (addr > size_ || in.size() > size_ - addr) return false;
  if (!in.empty()) std::memcpy(base_ + addr, in.data(), in.size());
  return true;
}

Result<std::shared_ptr<Table>> Table::create(const TableType& type, uint32_t max_elements_limit,
                                             Value init) {
  if (type.limits.min > max_elements_limit)
    return Error(ErrorKind::Limit, "table of " + std::to_string(type.limits.min) +
                                       " elements exceeds the limit of " +
                                       std::to_string(max_elements_limit));
  auto t = std::make_shared<Table>();
  t->type_ = type;
  t->max_elements_ = std::min(type.limits.max.value_or(UINT32_MAX), max_elements_limit);
  t->elements_.assign(type.limits.min, reinterpret_cast<const void*>(static_cast<uintptr_t>(init.low64())));
  return t;
}

std::optional<uint32_t> Table::grow(uint32_t delta, const void* init) {
  uint32_t old = size();
  if (uint64_t{old} + delta > max_elements_) return std::nullopt;
  elements_.resize(old + delta, init);
  return old;
}

std::optional<Value> Table::get(uint32_t index) const {
  if (index >= size()) return std::nullopt;
  Value v = Value::null(type_.element);
  uint64_t raw = reinterpret_cast<uintptr_t>(elements_[index]);
  std::memcpy(v.bits.data(), &raw, 8);
  return v;
}

bool Table::set(uint32_t index, const Value& v) {
  if (index >= size() || v.type != type_.element) return false;
  elements_[index] = reinterpret_cast<const void*>(static_cast<uintptr_t>(v.low64()));
  return true;
}

bool Global::set(const Value& v) {
  if (!type_.is_mutable || v.type != type_.type) return false;
  value_ = v;
  return true;
}

}  // namespace wasmbind
