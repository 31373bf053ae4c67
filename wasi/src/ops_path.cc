// path_* functions. Every path resolves beneath its directory fd (path_resolve.h); the
// operation then acts on the final component with the matching *at() call.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "host.h"
#include "path_resolve.h"
#include "stat_util.h"

namespace wasmbind::wasi {
namespace {

FinalSymlink follow(uint32_t lookupflags) {
  return (lookupflags & abi::kLookupSymlinkFollow) ? FinalSymlink::Follow
                                                   : FinalSymlink::FollowIfTrailing;
}

// Reads the guest path and resolves it beneath directory `fd`, which must have `rights`.
abi::Errno resolve(Call& c, uint32_t fd, uint64_t rights, uint32_t path_ptr, uint32_t path_len,
                   FinalSymlink final_symlink, ResolvedPath& out,
                   FdEntry** dir_out = nullptr) {
  FdEntry* dir = c.ctx.fds.get(fd);
  if (dir == nullptr) return abi::kBadf;
  std::string path;
  if (abi::Errno e = c.mem.read_string(path_ptr, path_len, path); e != abi::kSuccess) return e;
  if (dir->kind != FdKind::Dir) return abi::kNotDir;
  if (!dir->has(rights)) return abi::kNotCapable;
  if (dir_out != nullptr) *dir_out = dir;
  return resolve_path(dir->host.get(), path, final_symlink, out);
}

int32_t path_create_directory(Call& c, uint32_t fd, uint32_t path, uint32_t len) {
  ResolvedPath r;
  if (abi::Errno e = resolve(c, fd, abi::rights::kPathCreateDirectory, path, len, FinalSymlink::NoFollow, r))
    return err(e);
  return mkdirat(r.parent, r.at_name().c_str(), 0777) == 0 ? err(abi::kSuccess) : err(last_errno());
}

int32_t path_filestat_get(Call& c, uint32_t fd, uint32_t flags, uint32_t path, uint32_t len,
                          uint32_t buf) {
  ResolvedPath r;
  if (abi::Errno e = resolve(c, fd, abi::rights::kPathFilestatGet, path, len,
                             follow(flags), r))
    return err(e);
  if (!c.mem.valid(buf, abi::filestat::kSizeof)) return err(abi::kFault);
  struct stat st;
  if (fstatat(r.parent, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return err(last_errno());
  // A trailing slash needs a directory; the name was never handed to the kernel with the
  // slash, which would make it follow a symlink swapped in since resolution.
  if (r.trailing_slash && !S_ISDIR(st.st_mode)) return err(abi::kNotDir);
  store_filestat(c.mem, buf, st);
  return err(abi::kSuccess);
}

int32_t path_filestat_set_times(Call& c, uint32_t fd, uint32_t flags, uint32_t path, uint32_t len,
                                uint64_t atim, uint64_t mtim, uint32_t fst) {
  timespec ts[2];
  if (abi::Errno m = make_times(atim, mtim, fst, ts); m != abi::kSuccess) return err(m);
  ResolvedPath r;
  if (abi::Errno e = resolve(c, fd, abi::rights::kPathFilestatSetTimes, path, len,
                             follow(flags), r))
    return err(e);
  if (r.trailing_slash) {
    struct stat st;
    if (fstatat(r.parent, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return err(last_errno());
    if (!S_ISDIR(st.st_mode)) return err(abi::kNotDir);
  }
  return utimensat(r.parent, r.name.c_str(), ts, AT_SYMLINK_NOFOLLOW) == 0
             ? err(abi::kSuccess)
             : err(last_errno());
}

int32_t path_link(Call& c, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                  uint32_t old_len, uint32_t new_fd, uint32_t new_path, uint32_t new_len) {
  ResolvedPath from, to;
  if (abi::Errno e = resolve(c, old_fd, abi::rights::kPathLinkSource, old_path, old_len,
                             follow(old_flags), from))
    return err(e);
  if (abi::Errno e = resolve(c, new_fd, abi::rights::kPathLinkTarget, new_path, new_len, FinalSymlink::NoFollow, to))
    return err(e);
  return linkat(from.parent, from.at_name().c_str(), to.parent, to.at_name().c_str(), 0) == 0
             ? err(abi::kSuccess)
             : err(last_errno());
}

int32_t path_open(Call& c, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t len,
                  uint32_t oflags, uint64_t base, uint64_t inheriting, uint32_t fdflags,
                  uint32_t fd_ptr) {
  namespace rt = abi::rights;
  uint64_t need = rt::kPathOpen;
  if (oflags & abi::kOflagCreat) need |= rt::kPathCreateFile;
  if (oflags & abi::kOflagTrunc) need |= rt::kPathFilestatSetSize;
  if (oflags & ~uint32_t{abi::kOflagCreat | abi::kOflagDirectory | abi::kOflagExcl |
                         abi::kOflagTrunc})
    return err(abi::kInval);
  FdEntry* dir = nullptr;
  ResolvedPath r;
  if (abi::Errno e = resolve(c, fd, need, path, len, follow(dirflags), r, &dir))
    return err(e);
  if (!c.mem.valid(fd_ptr, 4)) return err(abi::kFault);

  bool want_read = base & (rt::kFdRead | rt::kFdReaddir);
  bool want_write = base & (rt::kFdWrite | rt::kFdAllocate | rt::kFdFilestatSetSize);
  if (dir->read_only && (want_write || (oflags & (abi::kOflagCreat | abi::kOflagTrunc))))
    return err(abi::kNotCapable);
  int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  flags |= want_write ? (want_read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (oflags & abi::kOflagCreat) flags |= O_CREAT;
  if (oflags & abi::kOflagExcl) flags |= O_EXCL;
  if (oflags & abi::kOflagTrunc) flags |= O_TRUNC;
  if (oflags & abi::kOflagDirectory) flags |= O_DIRECTORY;
  if (fdflags & abi::kFdflagAppend) flags |= O_APPEND;
  if (fdflags & abi::kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & abi::kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & (abi::kFdflagSync | abi::kFdflagRsync)) flags |= O_SYNC;

  // With a trailing slash the kernel would follow a symlink at the final name even with
  // O_NOFOLLOW; the resolver already expanded it, so ask for a directory by the bare name
  // instead (O_CREAT keeps the slash: the kernel then fails with EISDIR, creating nothing).
  std::string name = r.name;
  if (r.trailing_slash) {
    if (oflags & abi::kOflagCreat) name += '/';
    else flags |= O_DIRECTORY;
  }
  int host = openat(r.parent, name.c_str(), flags, 0666);
  if (host < 0 && errno == EACCES && !want_read && !want_write &&
      !(oflags & (abi::kOflagCreat | abi::kOflagTrunc)))
    host = openat(r.parent, name.c_str(), O_PATH | (flags & (O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)));
  if (host < 0) return err(last_errno());
  UniqueFd owned(host);
  struct stat st;
  if (fstat(host, &st) != 0) return err(last_errno());

  FdEntry e;
  e.filetype = filetype_of(st.st_mode);
  e.kind = S_ISDIR(st.st_mode) ? FdKind::Dir : FdKind::File;
  e.host = std::move(owned);
  e.read_only = dir->read_only;
  uint64_t allowed = dir->rights_inheriting;
  e.rights_base = base & allowed & (e.kind == FdKind::Dir ? rt::kDir : rt::kAll);
  e.rights_inheriting = inheriting & allowed;
  e.fdflags = static_cast<uint16_t>(fdflags & (abi::kFdflagAppend | abi::kFdflagNonblock |
                                               abi::kFdflagDsync | abi::kFdflagSync |
                                               abi::kFdflagRsync));
  uint32_t guest_fd = c.ctx.fds.insert(std::move(e));
  c.mem.store32(fd_ptr, guest_fd);
  return err(abi::kSuccess);
}

int32_t path_readlink(Call& c, uint32_t fd, uint32_t path, uint32_t len, uint32_t buf,
                      uint32_t buf_len, uint32_t bufused_ptr) {
  ResolvedPath r;
  if (abi::Errno e = resolve(c, fd, abi::rights::kPathReadlink, path, len,
                             FinalSymlink::FollowIfTrailing, r)) return err(e);
  uint8_t* out = c.mem.span(buf, buf_len);
  if ((out == nullptr && buf_len != 0) || !c.mem.valid(bufused_ptr, 4)) return err(abi::kFault);
  if (r.trailing_slash) {  // never hand the kernel "link/": it would follow the link
    struct stat st;
    if (fstatat(r.parent, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return err(last_errno());
    return err(S_ISDIR(st.st_mode) ? abi::kInval : abi::kNotDir);
  }
  std::string target(4096, '\0');
  ssize_t n = readlinkat(r.parent, r.name.c_str(), target.data(), target.size());
  if (n < 0) return err(last_errno());
  uint32_t copy = static_cast<uint32_t>(std::min<uint64_t>(static_cast<uint64_t>(n), buf_len));
  if (copy > 0) c.mem.write_bytes(buf, std::string_view(target.data(), copy));
  c.mem.store32(bufused_ptr, copy);
  return err(abi::kSuccess);
}

int32_t path_remove_directory(Call& c, uint32_t fd, uint32_t path, uint32_t len) {
  ResolvedPath r;
  if (abi::Errno e = resolve(c, fd, abi::rights::kPathRemoveDirectory, path, len, FinalSymlink::NoFollow, r))
    return err(e);
  return unlinkat(r.parent, r.at_name().c_str(), AT_REMOVEDIR) == 0 ? err(abi::kSuccess)
                                                                    : err(last_errno());
}

int32_t path_rename(Call& c, uint32_t fd, uint32_t old_path, uint32_t old_len, uint32_t new_fd,
                    uint32_t new_path, uint32_t new_len) {
  ResolvedPath from, to;
  if (abi::Errno e = resolve(c, fd, abi::rights::kPathRenameSource, old_path, old_len, FinalSymlink::NoFollow, from))
    return err(e);
  if (abi::Errno e = resolve(c, new_fd, abi::rights::kPathRenameTarget, new_path, new_len, FinalSymlink::NoFollow, to))
    return err(e);
  return renameat(from.parent, from.at_name().c_str(), to.parent, to.at_name().c_str()) == 0
             ? err(abi::kSuccess)
             : err(last_errno());
}

int32_t path_symlink(Call& c, uint32_t old_path, uint32_t old_len, uint32_t fd, uint32_t new_path,
                     uint32_t new_len) {
  std::string target;
  if (abi::Errno e = c.mem.read_string(old_path, old_len, target)) return err(e);
  ResolvedPath r;
  if (abi::Errno e = resolve(c, fd, abi::rights::kPathSymlink, new_path, new_len, FinalSymlink::NoFollow, r))
    return err(e);
  if (!target.empty() && target.front() == '/') return err(abi::kNotCapable);
  return symlinkat(target.c_str(), r.parent, r.at_name().c_str()) == 0 ? err(abi::kSuccess)
                                                                      : err(last_errno());
}

int32_t path_unlink_file(Call& c, uint32_t fd, uint32_t path, uint32_t len) {
  ResolvedPath r;
  if (abi::Errno e = resolve(c, fd, abi::rights::kPathUnlinkFile, path, len, FinalSymlink::NoFollow, r))
    return err(e);
  return unlinkat(r.parent, r.at_name().c_str(), 0) == 0 ? err(abi::kSuccess) : err(last_errno());
}

}  // namespace

void define_path_ops(Linker& l) {
  define_op(l, "path_create_directory", &path_create_directory);
  define_op(l, "path_filestat_get", &path_filestat_get);
  define_op(l, "path_filestat_set_times", &path_filestat_set_times);
  define_op(l, "path_link", &path_link);
  define_op(l, "path_open", &path_open);
  define_op(l, "path_readlink", &path_readlink);
  define_op(l, "path_remove_directory", &path_remove_directory);
  define_op(l, "path_rename", &path_rename);
  define_op(l, "path_symlink", &path_symlink);
  define_op(l, "path_unlink_file", &path_unlink_file);
}

}  // namespace wasmbind::wasi
