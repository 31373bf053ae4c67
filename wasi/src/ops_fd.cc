// fd_* functions: reading, writing, seeking, stat, flags, rights, renumber, close
// (fd_readdir is in ops_readdir.cc).
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include "host.h"
#include "stat_util.h"

namespace wasmbind::wasi {
namespace {

bool is_stdio(const FdEntry& e) { return e.kind != FdKind::File && e.kind != FdKind::Dir; }

// The entry for `fd` if it exists and has `rights`; `e` gets BADF or NOTCAPABLE otherwise.
FdEntry* lookup(Call& c, uint32_t fd, uint64_t rights, abi::Errno& e) {
  FdEntry* entry = c.ctx.fds.get(fd);
  if (entry == nullptr) {
    e = abi::kBadf;
    return nullptr;
  }
  if (!entry->has(rights)) {
    e = abi::kNotCapable;
    return nullptr;
  }
  e = abi::kSuccess;
  return entry;
}

// A regular-file-like entry (File kind); directories are BADF, stdio is SPIPE/BADF per op.
FdEntry* lookup_file(Call& c, uint32_t fd, uint64_t rights, abi::Errno& e,
                     abi::Errno stdio_errno = abi::kBadf) {
  FdEntry* entry = c.ctx.fds.get(fd);
  if (entry == nullptr) {
    e = abi::kBadf;
    return nullptr;
  }
  if (entry->kind == FdKind::Dir) {
    e = abi::kBadf;
    return nullptr;
  }
  if (is_stdio(*entry)) {
    e = stdio_errno;
    return nullptr;
  }
  if (!entry->has(rights)) {
    e = abi::kNotCapable;
    return nullptr;
  }
  e = abi::kSuccess;
  return entry;
}

std::vector<iovec> host_iovs(const std::vector<GuestMemory::Iov>& iovs) {
  std::vector<iovec> out;
  for (const auto& v : iovs) {
    if (out.size() == IOV_MAX) break;
    out.push_back({v.data, v.len});
  }
  return out;
}

int32_t fd_advise(Call& c, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  abi::Errno e;
  FdEntry* f = lookup_file(c, fd, abi::rights::kFdAdvise, e);
  if (f == nullptr) return err(e);
  static constexpr int kAdvice[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  if (advice > 5) return err(abi::kInval);
  if (static_cast<int64_t>(offset) < 0 || static_cast<int64_t>(len) < 0) return err(abi::kInval);
  int r = posix_fadvise(f->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len),
                        kAdvice[advice]);
  return err(from_host_errno(r));
}

int32_t fd_allocate(Call& c, uint32_t fd, uint64_t offset, uint64_t len) {
  abi::Errno e;
  FdEntry* f = lookup_file(c, fd, abi::rights::kFdAllocate, e);
  if (f == nullptr) return err(e);
  if (static_cast<int64_t>(offset) < 0 || static_cast<int64_t>(len) <= 0 ||
      offset > static_cast<uint64_t>(INT64_MAX) - len)
    return err(abi::kInval);
  int r = posix_fallocate(f->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len));
  if (r == EOPNOTSUPP || r == ENOSYS) {
    struct stat st;
    if (fstat(f->host.get(), &st) != 0) return err(last_errno());
    uint64_t end = offset + len;
    if (static_cast<uint64_t>(st.st_size) < end &&
        ftruncate(f->host.get(), static_cast<off_t>(end)) != 0)
      return err(last_errno());
    return err(abi::kSuccess);
  }
  return err(from_host_errno(r));
}

int32_t fd_close(Call& c, uint32_t fd) {
  return c.ctx.fds.close(fd) ? err(abi::kSuccess) : err(abi::kBadf);
}

int32_t sync_common(Call& c, uint32_t fd, uint64_t right, bool data_only) {
  abi::Errno e;
  FdEntry* f = lookup(c, fd, 0, e);
  if (f == nullptr) return err(e);
  if (is_stdio(*f)) return err(abi::kInval);
  if (!f->has(right)) return err(abi::kNotCapable);
  int host = f->host.get();
  UniqueFd tmp;
  if (f->kind == FdKind::Dir) {  // preopens are O_PATH, which fsync refuses
    tmp.reset(openat(host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!tmp) return err(last_errno());
    host = tmp.get();
  }
  int r = data_only ? fdatasync(host) : fsync(host);
  return r == 0 ? err(abi::kSuccess) : err(last_errno());
}
int32_t fd_datasync(Call& c, uint32_t fd) { return sync_common(c, fd, abi::rights::kFdDatasync, true); }
int32_t fd_sync(Call& c, uint32_t fd) { return sync_common(c, fd, abi::rights::kFdSync, false); }

int32_t fd_fdstat_get(Call& c, uint32_t fd, uint32_t ptr) {
  FdEntry* f = c.ctx.fds.get(fd);
  if (f == nullptr) return err(abi::kBadf);
  namespace s = abi::fdstat;
  uint8_t* d = c.mem.span(ptr, s::kSizeof);
  if (d == nullptr) return err(abi::kFault);
  for (size_t i = 0; i < s::kSizeof; ++i) d[i] = 0;
  c.mem.store8(ptr + s::kFiletype, f->filetype);
  c.mem.store16(ptr + s::kFlags, f->fdflags);
  c.mem.store64(ptr + s::kRightsBase, f->rights_base);
  c.mem.store64(ptr + s::kRightsInheriting, f->rights_inheriting);
  return err(abi::kSuccess);
}

int32_t fd_fdstat_set_flags(Call& c, uint32_t fd, uint32_t flags) {
  abi::Errno e;
  FdEntry* f = lookup(c, fd, 0, e);
  if (f == nullptr) return err(e);
  if (!f->has(abi::rights::kFdFdstatSetFlags)) return err(abi::kNotCapable);
  constexpr uint32_t kKnown = abi::kFdflagAppend | abi::kFdflagDsync | abi::kFdflagNonblock |
                              abi::kFdflagRsync | abi::kFdflagSync;
  if (flags & ~kKnown) return err(abi::kInval);
  // Only APPEND and NONBLOCK can change after opening (as in wasmtime).
  if ((flags & (abi::kFdflagDsync | abi::kFdflagRsync | abi::kFdflagSync)) !=
      (f->fdflags & (abi::kFdflagDsync | abi::kFdflagRsync | abi::kFdflagSync)))
    return err(abi::kNotSup);
  if (f->kind == FdKind::File) {
    int fl = fcntl(f->host.get(), F_GETFL);
    if (fl < 0) return err(last_errno());
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (flags & abi::kFdflagAppend) fl |= O_APPEND;
    if (flags & abi::kFdflagNonblock) fl |= O_NONBLOCK;
    if (fcntl(f->host.get(), F_SETFL, fl) != 0) return err(last_errno());
  } else if (f->kind == FdKind::Dir && (flags & abi::kFdflagAppend)) {
    return err(abi::kBadf);
  }
  f->fdflags = static_cast<uint16_t>(flags);
  return err(abi::kSuccess);
}

int32_t fd_fdstat_set_rights(Call& c, uint32_t fd, uint64_t base, uint64_t inheriting) {
  FdEntry* f = c.ctx.fds.get(fd);
  if (f == nullptr) return err(abi::kBadf);
  if ((base & ~f->rights_base) != 0 || (inheriting & ~f->rights_inheriting) != 0)
    return err(abi::kNotCapable);
  f->rights_base = base;
  f->rights_inheriting = inheriting;
  return err(abi::kSuccess);
}

int32_t fd_filestat_get(Call& c, uint32_t fd, uint32_t ptr) {
  abi::Errno e;
  FdEntry* f = lookup(c, fd, 0, e);
  if (f == nullptr) return err(e);
  if (!f->has(abi::rights::kFdFilestatGet)) return err(abi::kNotCapable);
  if (!c.mem.valid(ptr, abi::filestat::kSizeof)) return err(abi::kFault);
  struct stat st {};
  if (is_stdio(*f)) {
    int host = -1;
    if (f->kind == FdKind::Stdin && c.ctx.config.stdin_input.kind == Input::Kind::HostFd)
      host = c.ctx.config.stdin_input.fd;
    if (f->kind == FdKind::Stdout && c.ctx.config.stdout_output.kind == Output::Kind::HostFd)
      host = c.ctx.config.stdout_output.fd;
    if (f->kind == FdKind::Stderr && c.ctx.config.stderr_output.kind == Output::Kind::HostFd)
      host = c.ctx.config.stderr_output.fd;
    if (host < 0 || fstat(host, &st) != 0) {
      st = {};
      st.st_mode = f->filetype == abi::kCharacterDevice ? S_IFCHR : 0;
    }
  } else if (fstat(f->host.get(), &st) != 0) {
    return err(last_errno());
  }
  store_filestat(c.mem, ptr, st);
  return err(abi::kSuccess);
}

int32_t fd_filestat_set_size(Call& c, uint32_t fd, uint64_t size) {
  abi::Errno e;
  FdEntry* f = lookup_file(c, fd, abi::rights::kFdFilestatSetSize, e, abi::kInval);
  if (f == nullptr) return err(e);
  if (static_cast<int64_t>(size) < 0) return err(abi::kInval);
  return ftruncate(f->host.get(), static_cast<off_t>(size)) == 0 ? err(abi::kSuccess)
                                                                 : err(last_errno());
}

int32_t fd_filestat_set_times(Call& c, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst) {
  abi::Errno e;
  FdEntry* f = lookup(c, fd, 0, e);
  if (f == nullptr) return err(e);
  if (is_stdio(*f)) return err(abi::kBadf);
  if (!f->has(abi::rights::kFdFilestatSetTimes)) return err(abi::kNotCapable);
  timespec ts[2];
  if (abi::Errno m = make_times(atim, mtim, fst, ts); m != abi::kSuccess) return err(m);
  if (futimens(f->host.get(), ts) == 0) return err(abi::kSuccess);
  if (errno != EBADF || f->kind != FdKind::Dir) return err(last_errno());
  // An O_PATH directory: utimensat through the fd's own /proc entry.
  std::string proc = "/proc/self/fd/" + std::to_string(f->host.get());
  return utimensat(AT_FDCWD, proc.c_str(), ts, 0) == 0 ? err(abi::kSuccess) : err(last_errno());
}

int32_t fd_prestat_get(Call& c, uint32_t fd, uint32_t ptr) {
  FdEntry* f = c.ctx.fds.get(fd);
  if (f == nullptr || !f->preopen_name) return err(abi::kBadf);
  if (!c.mem.valid(ptr, abi::prestat::kSizeof)) return err(abi::kFault);
  c.mem.store32(ptr, 0);
  c.mem.store8(ptr + abi::prestat::kTag, abi::kPreopenTypeDir);
  c.mem.store32(ptr + abi::prestat::kNameLen, static_cast<uint32_t>(f->preopen_name->size()));
  return err(abi::kSuccess);
}

int32_t fd_prestat_dir_name(Call& c, uint32_t fd, uint32_t path, uint32_t len) {
  FdEntry* f = c.ctx.fds.get(fd);
  if (f == nullptr || !f->preopen_name) return err(abi::kBadf);
  const std::string& name = *f->preopen_name;
  if (len < name.size()) return err(abi::kNameTooLong);
  if (!c.mem.write_bytes(path, name)) return err(abi::kFault);
  return err(abi::kSuccess);
}

// Shared by fd_read and fd_pread (offset < 0: current position).
int32_t read_common(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, int64_t offset,
                    uint32_t nread_ptr) {
  FdEntry* f = c.ctx.fds.get(fd);
  if (f == nullptr) return err(abi::kBadf);
  uint64_t need = abi::rights::kFdRead | (offset >= 0 ? abi::rights::kFdSeek : 0);
  if (f->kind == FdKind::Stdout || f->kind == FdKind::Stderr) return err(abi::kBadf);
  if (f->kind == FdKind::Dir) return err(abi::kBadf);
  if (f->kind == FdKind::Stdin && offset >= 0) return err(abi::kSpipe);
  if (!f->has(need)) return err(abi::kNotCapable);
  std::vector<GuestMemory::Iov> v;
  if (abi::Errno e = c.mem.read_iovs(iovs, iovs_len, v); e != abi::kSuccess) return err(e);
  if (!c.mem.valid(nread_ptr, 4)) return err(abi::kFault);
  uint64_t total = 0;
  if (f->kind == FdKind::Stdin) {
    for (const auto& iov : v) {
      uint64_t n = 0;
      if (abi::Errno e = c.ctx.read_stdin(iov.data, iov.len, n); e != abi::kSuccess) {
        if (total > 0) break;
        return err(e);
      }
      total += n;
      if (n < iov.len) break;
    }
  } else {
    std::vector<iovec> h = host_iovs(v);
    ssize_t n;
    do {
      n = offset >= 0 ? preadv(f->host.get(), h.data(), static_cast<int>(h.size()), offset)
                      : readv(f->host.get(), h.data(), static_cast<int>(h.size()));
    } while (n < 0 && errno == EINTR);
    if (n < 0) return err(last_errno());
    total = static_cast<uint64_t>(n);
  }
  c.mem.store32(nread_ptr, static_cast<uint32_t>(total));
  return err(abi::kSuccess);
}

int32_t write_common(Call& c, uint32_t fd, uint32_t iovs, uint32_t iovs_len, int64_t offset,
                     uint32_t nwritten_ptr) {
  FdEntry* f = c.ctx.fds.get(fd);
  if (f == nullptr) return err(abi::kBadf);
  uint64_t need = abi::rights::kFdWrite | (offset >= 0 ? abi::rights::kFdSeek : 0);
  if (f->kind == FdKind::Stdin || f->kind == FdKind::Dir) return err(abi::kBadf);
  if ((f->kind == FdKind::Stdout || f->kind == FdKind::Stderr) && offset >= 0)
    return err(abi::kSpipe);
  if (!f->has(need)) return err(abi::kNotCapable);
  std::vector<GuestMemory::Iov> v;
  if (abi::Errno e = c.mem.read_iovs(iovs, iovs_len, v); e != abi::kSuccess) return err(e);
  if (!c.mem.valid(nwritten_ptr, 4)) return err(abi::kFault);
  uint64_t total = 0;
  if (f->kind == FdKind::Stdout || f->kind == FdKind::Stderr) {
    // Buffers may overlap, so their lengths can add up to 1,024 times the guest's memory:
    // one call passes on at most kMaxStdioWrite bytes, a short write that callers loop on.
    constexpr size_t kMaxStdioWrite = size_t{16} << 20;
    std::string joined;
    for (const auto& iov : v) {
      const size_t take = std::min<size_t>(iov.len, kMaxStdioWrite - joined.size());
      joined.append(reinterpret_cast<const char*>(iov.data), take);
      if (joined.size() == kMaxStdioWrite) break;
    }
    if (abi::Errno e = c.ctx.write_stdio(f->kind, joined, total); e != abi::kSuccess)
      return err(e);
  } else {
    std::vector<iovec> h = host_iovs(v);
    ssize_t n;
    do {
      n = offset >= 0 ? pwritev(f->host.get(), h.data(), static_cast<int>(h.size()), offset)
                      : writev(f->host.get(), h.data(), static_cast<int>(h.size()));
    } while (n < 0 && errno == EINTR);
    if (n < 0) return err(last_errno());
    total = static_cast<uint64_t>(n);
  }
  c.mem.store32(nwritten_ptr, static_cast<uint32_t>(total));
  return err(abi::kSuccess);
}

int32_t fd_read(Call& c, uint32_t fd, uint32_t iovs, uint32_t n, uint32_t nread) {
  return read_common(c, fd, iovs, n, -1, nread);
}
int32_t fd_pread(Call& c, uint32_t fd, uint32_t iovs, uint32_t n, uint64_t off, uint32_t nread) {
  if (static_cast<int64_t>(off) < 0) return err(abi::kInval);
  return read_common(c, fd, iovs, n, static_cast<int64_t>(off), nread);
}
int32_t fd_write(Call& c, uint32_t fd, uint32_t iovs, uint32_t n, uint32_t nwritten) {
  return write_common(c, fd, iovs, n, -1, nwritten);
}
int32_t fd_pwrite(Call& c, uint32_t fd, uint32_t iovs, uint32_t n, uint64_t off,
                  uint32_t nwritten) {
  if (static_cast<int64_t>(off) < 0) return err(abi::kInval);
  return write_common(c, fd, iovs, n, static_cast<int64_t>(off), nwritten);
}

int32_t fd_renumber(Call& c, uint32_t from, uint32_t to) {
  return c.ctx.fds.renumber(from, to) ? err(abi::kSuccess) : err(abi::kBadf);
}

int32_t fd_seek(Call& c, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoff_ptr) {
  FdEntry* f = c.ctx.fds.get(fd);
  if (f == nullptr) return err(abi::kBadf);
  if (is_stdio(*f)) return err(abi::kSpipe);
  if (f->kind == FdKind::Dir) return err(abi::kBadf);
  uint64_t need = (offset == 0 && whence == abi::kWhenceCur) ? abi::rights::kFdTell
                                                               : abi::rights::kFdSeek;
  if (!f->has(need)) return err(abi::kNotCapable);
  int w;
  switch (whence) {
    case abi::kWhenceSet: w = SEEK_SET; break;
    case abi::kWhenceCur: w = SEEK_CUR; break;
    case abi::kWhenceEnd: w = SEEK_END; break;
    default: return err(abi::kInval);
  }
  if (!c.mem.valid(newoff_ptr, 8)) return err(abi::kFault);
  off_t r = lseek(f->host.get(), static_cast<off_t>(offset), w);
  if (r < 0) return err(last_errno());
  c.mem.store64(newoff_ptr, static_cast<uint64_t>(r));
  return err(abi::kSuccess);
}

int32_t fd_tell(Call& c, uint32_t fd, uint32_t ptr) {
  FdEntry* f = c.ctx.fds.get(fd);
  if (f == nullptr) return err(abi::kBadf);
  if (is_stdio(*f)) return err(abi::kSpipe);
  if (f->kind == FdKind::Dir) return err(abi::kBadf);
  if (!f->has(abi::rights::kFdTell)) return err(abi::kNotCapable);
  if (!c.mem.valid(ptr, 8)) return err(abi::kFault);
  off_t r = lseek(f->host.get(), 0, SEEK_CUR);
  if (r < 0) return err(last_errno());
  c.mem.store64(ptr, static_cast<uint64_t>(r));
  return err(abi::kSuccess);
}

}  // namespace

void define_fd_ops(Linker& l) {
  define_op(l, "fd_advise", &fd_advise);
  define_op(l, "fd_allocate", &fd_allocate);
  define_op(l, "fd_close", &fd_close);
  define_op(l, "fd_datasync", &fd_datasync);
  define_op(l, "fd_fdstat_get", &fd_fdstat_get);
  define_op(l, "fd_fdstat_set_flags", &fd_fdstat_set_flags);
  define_op(l, "fd_fdstat_set_rights", &fd_fdstat_set_rights);
  define_op(l, "fd_filestat_get", &fd_filestat_get);
  define_op(l, "fd_filestat_set_size", &fd_filestat_set_size);
  define_op(l, "fd_filestat_set_times", &fd_filestat_set_times);
  define_op(l, "fd_pread", &fd_pread);
  define_op(l, "fd_prestat_get", &fd_prestat_get);
  define_op(l, "fd_prestat_dir_name", &fd_prestat_dir_name);
  define_op(l, "fd_pwrite", &fd_pwrite);
  define_op(l, "fd_read", &fd_read);
  define_op(l, "fd_renumber", &fd_renumber);
  define_op(l, "fd_seek", &fd_seek);
  define_op(l, "fd_sync", &fd_sync);
  define_op(l, "fd_tell", &fd_tell);
  define_op(l, "fd_write", &fd_write);
}

}  // namespace wasmbind::wasi
