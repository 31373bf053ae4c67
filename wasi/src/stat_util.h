// struct stat to the guest's filetype and filestat; fstflags to timespecs.
#pragma once

#include <sys/stat.h>

#include "abi.h"
#include "guest_memory.h"

namespace wasmbind::wasi {

inline abi::Filetype filetype_of(mode_t m) {
  if (S_ISREG(m)) return abi::kRegularFile;
  if (S_ISDIR(m)) return abi::kDirectory;
  if (S_ISLNK(m)) return abi::kSymbolicLink;
  if (S_ISCHR(m)) return abi::kCharacterDevice;
  if (S_ISBLK(m)) return abi::kBlockDevice;
  if (S_ISSOCK(m)) return abi::kSocketStream;
  return abi::kUnknown;
}

inline uint64_t ns_of(const timespec& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(t.tv_nsec);
}

// Writes a 64-byte filestat; false if `ptr` is out of range.
inline bool store_filestat(GuestMemory& mem, uint64_t ptr, const struct stat& st) {
  namespace f = abi::filestat;
  uint8_t* d = mem.span(ptr, f::kSizeof);
  if (d == nullptr) return false;
  for (size_t i = 0; i < f::kSizeof; ++i) d[i] = 0;
  mem.store64(ptr + f::kDev, static_cast<uint64_t>(st.st_dev));
  mem.store64(ptr + f::kIno, static_cast<uint64_t>(st.st_ino));
  mem.store8(ptr + f::kFiletype, filetype_of(st.st_mode));
  mem.store64(ptr + f::kNlink, static_cast<uint64_t>(st.st_nlink));
  mem.store64(ptr + f::kSize, static_cast<uint64_t>(st.st_size));
  mem.store64(ptr + f::kAtim, ns_of(st.st_atim));
  mem.store64(ptr + f::kMtim, ns_of(st.st_mtim));
  mem.store64(ptr + f::kCtim, ns_of(st.st_ctim));
  return true;
}

// fstflags + times to utimensat's two timespecs; INVAL for contradictory or unknown flags.
inline abi::Errno make_times(uint64_t atim, uint64_t mtim, uint32_t fst, timespec out[2]) {
  if (fst & ~uint32_t{abi::kFstAtim | abi::kFstAtimNow | abi::kFstMtim | abi::kFstMtimNow})
    return abi::kInval;
  if ((fst & abi::kFstAtim) && (fst & abi::kFstAtimNow)) return abi::kInval;
  if ((fst & abi::kFstMtim) && (fst & abi::kFstMtimNow)) return abi::kInval;
  auto one = [](uint64_t t, bool set, bool now, timespec& ts) {
    if (now) {
      ts.tv_sec = 0;
      ts.tv_nsec = UTIME_NOW;
    } else if (set) {
      ts.tv_sec = static_cast<time_t>(t / 1'000'000'000ull);
      ts.tv_nsec = static_cast<long>(t % 1'000'000'000ull);
    } else {
      ts.tv_sec = 0;
      ts.tv_nsec = UTIME_OMIT;
    }
  };
  one(atim, fst & abi::kFstAtim, fst & abi::kFstAtimNow, out[0]);
  one(mtim, fst & abi::kFstMtim, fst & abi::kFstMtimNow, out[1]);
  return abi::kSuccess;
}

}  // namespace wasmbind::wasi
