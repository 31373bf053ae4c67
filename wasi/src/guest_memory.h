// Bounds-checked access to the calling instance's linear memory. Every guest pointer and
// length is checked in 64-bit arithmetic; a range outside memory is ERRNO_FAULT.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "abi.h"
#include "wasmbind/vm.h"

namespace wasmbind::wasi {

class GuestMemory {
 public:
  explicit GuestMemory(Memory* m) : mem_(m) {}

  // True if [ptr, ptr+len) lies inside memory (len 0 anywhere up to the end is fine).
  bool valid(uint64_t ptr, uint64_t len) const {
    if (mem_ == nullptr) return len == 0 && ptr == 0;
    uint64_t size = mem_->size();
    return ptr <= size && len <= size - ptr;
  }
  // A pointer to checked bytes, or nullptr if out of range.
  uint8_t* span(uint64_t ptr, uint64_t len) {
    if (!valid(ptr, len)) return nullptr;
    if (mem_ == nullptr) return nullptr;
    return mem_->data() + ptr;
  }

  bool store8(uint64_t p, uint8_t v) { return store_le(p, v); }
  bool store16(uint64_t p, uint16_t v) { return store_le(p, v); }
  bool store32(uint64_t p, uint32_t v) { return store_le(p, v); }
  bool store64(uint64_t p, uint64_t v) { return store_le(p, v); }
  bool load8(uint64_t p, uint8_t& v) { return load_le(p, v); }
  bool load16(uint64_t p, uint16_t& v) { return load_le(p, v); }
  bool load32(uint64_t p, uint32_t& v) { return load_le(p, v); }
  bool load64(uint64_t p, uint64_t& v) { return load_le(p, v); }

  bool write_bytes(uint64_t p, std::string_view s) {
    uint8_t* d = span(p, s.size());
    if (d == nullptr) return false;
    if (!s.empty()) std::memcpy(d, s.data(), s.size());
    return true;
  }

  // A guest string (path): ERRNO_FAULT if out of range, ERRNO_INVAL if it holds a NUL.
  abi::Errno read_string(uint64_t p, uint64_t len, std::string& out) {
    uint8_t* d = span(p, len);
    if (d == nullptr) return abi::kFault;
    out.assign(reinterpret_cast<const char*>(d), static_cast<size_t>(len));
    if (out.find('\0') != std::string::npos) return abi::kInval;
    return abi::kSuccess;
  }

  struct Iov {
    uint8_t* data;
    uint32_t len;
  };
  // Linux's IOV_MAX: readv/writev refuse longer lists with EINVAL, and so does WASI here.
  // Without a cap, a guest with a large memory could have the host allocate twice its memory
  // size for the list (and more for its copies) in one call.
  static constexpr uint32_t kMaxIovs = 1024;
  // Reads an iovec/ciovec array, checking every buffer.
  abi::Errno read_iovs(uint64_t iovs, uint32_t count, std::vector<Iov>& out) {
    if (!valid(iovs, uint64_t{count} * abi::iovec::kSizeof)) return abi::kFault;
    if (count > kMaxIovs) return abi::kInval;
    out.clear();
    out.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      uint32_t buf = 0, len = 0;
      load32(iovs + uint64_t{i} * abi::iovec::kSizeof + abi::iovec::kBuf, buf);
      load32(iovs + uint64_t{i} * abi::iovec::kSizeof + abi::iovec::kLen, len);
      uint8_t* d = span(buf, len);
      if (d == nullptr && len != 0) return abi::kFault;
      if (len != 0) out.push_back({d, len});
    }
    return abi::kSuccess;
  }

 private:
  template <class T>
  bool store_le(uint64_t p, T v) {
    uint8_t* d = span(p, sizeof(T));
    if (d == nullptr) return false;
    for (size_t i = 0; i < sizeof(T); ++i) d[i] = static_cast<uint8_t>(v >> (8 * i));
    return true;
  }
  template <class T>
  bool load_le(uint64_t p, T& v) {
    uint8_t* d = span(p, sizeof(T));
    if (d == nullptr) return false;
    T r = 0;
    for (size_t i = 0; i < sizeof(T); ++i) r = static_cast<T>(r | (static_cast<T>(d[i]) << (8 * i)));
    v = r;
    return true;
  }

  Memory* mem_;
};

}  // namespace wasmbind::wasi
