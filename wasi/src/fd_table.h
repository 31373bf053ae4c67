// The guest's file descriptor table: stdio at 0..2, preopened directories from 3, and
// whatever path_open returns, always at the lowest free number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "abi.h"

namespace wasmbind::wasi {

// An owned host fd, closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }
  int get() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }
  void reset(int fd = -1);
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

enum class FdKind : uint8_t { Stdin, Stdout, Stderr, File, Dir };

struct FdEntry {
  FdKind kind = FdKind::File;
  UniqueFd host;            // File and Dir (Dir: O_PATH for preopens, O_RDONLY otherwise)
  abi::Filetype filetype = abi::kUnknown;
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  uint16_t fdflags = 0;
  bool read_only = false;   // beneath a read-only preopen
  std::optional<std::string> preopen_name;  // set for preopened directories

  bool has(uint64_t r) const { return (rights_base & r) == r; }
};

class FdTable {
 public:
  // Inserts at the lowest free number.
  uint32_t insert(FdEntry entry);
  void insert_at(uint32_t fd, FdEntry entry);
  FdEntry* get(uint32_t fd);
  bool close(uint32_t fd);
  // Moves `from` onto `to` (closing what was at `to`); both must be open.
  bool renumber(uint32_t from, uint32_t to);
  size_t size() const { return slots_.size(); }

 private:
  std::vector<std::optional<FdEntry>> slots_;
};

}  // namespace wasmbind::wasi
