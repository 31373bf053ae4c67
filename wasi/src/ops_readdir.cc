// fd_readdir: directory entries ("." and ".." included) as dirent records.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string>

#include "host.h"
#include "stat_util.h"

namespace wasmbind::wasi {
namespace {

abi::Filetype dirent_type(int dirfd, const struct dirent* d) {
  switch (d->d_type) {
    case DT_REG: return abi::kRegularFile;
    case DT_DIR: return abi::kDirectory;
    case DT_LNK: return abi::kSymbolicLink;
    case DT_CHR: return abi::kCharacterDevice;
    case DT_BLK: return abi::kBlockDevice;
    case DT_SOCK: return abi::kSocketStream;
    default: {
      struct stat st;
      if (fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) return filetype_of(st.st_mode);
      return abi::kUnknown;
    }
  }
}

// Cookies are the directory stream positions (telldir/d_off), so a listing resumes where
// it stopped even when entries come and go in between; 0 is the start.
int32_t fd_readdir(Call& c, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                   uint32_t bufused_ptr) {
  FdEntry* f = c.ctx.fds.get(fd);
  if (f == nullptr) return err(abi::kBadf);
  if (f->kind != FdKind::Dir) return err(abi::kNotDir);
  if (!f->has(abi::rights::kFdReaddir)) return err(abi::kNotCapable);
  if (!c.mem.valid(buf, buf_len) || !c.mem.valid(bufused_ptr, 4)) return err(abi::kFault);
  if (cookie > static_cast<uint64_t>(INT64_MAX)) return err(abi::kInval);

  int dfd = openat(f->host.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return err(last_errno());
  DIR* dir = fdopendir(dfd);
  if (dir == nullptr) {
    abi::Errno e = last_errno();
    close(dfd);
    return err(e);
  }
  if (cookie != 0) seekdir(dir, static_cast<long>(cookie));
  uint64_t used = 0;
  errno = 0;
  while (used < buf_len) {
    struct dirent* d = readdir(dir);
    if (d == nullptr) break;
    std::string_view name(d->d_name);
    uint8_t header[abi::dirent::kSizeof] = {};
    auto put = [&](size_t off, uint64_t v, size_t n) {
      for (size_t k = 0; k < n; ++k) header[off + k] = static_cast<uint8_t>(v >> (8 * k));
    };
    put(abi::dirent::kNext, static_cast<uint64_t>(d->d_off), 8);
    put(abi::dirent::kIno, static_cast<uint64_t>(d->d_ino), 8);
    put(abi::dirent::kNamlen, name.size(), 4);
    put(abi::dirent::kType, dirent_type(dfd, d), 1);
    std::string rec(reinterpret_cast<const char*>(header), sizeof header);
    rec += name;
    uint64_t n = std::min<uint64_t>(rec.size(), buf_len - used);
    c.mem.write_bytes(buf + used, std::string_view(rec).substr(0, static_cast<size_t>(n)));
    used += n;
    errno = 0;
  }
  abi::Errno e = errno != 0 ? last_errno() : abi::kSuccess;
  closedir(dir);
  if (e != abi::kSuccess) return err(e);
  c.mem.store32(bufused_ptr, static_cast<uint32_t>(used));
  return err(abi::kSuccess);
}

}  // namespace

void define_readdir(Linker& l) { define_op(l, "fd_readdir", &fd_readdir); }

}  // namespace wasmbind::wasi
