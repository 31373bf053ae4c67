#include "path_resolve.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <deque>
#include <vector>

#include "wasi_errno.h"

namespace wasmbind::wasi {
namespace {

// Splits `path` into components (empty ones dropped) and pushes them, in order, to the front
// of `pending`. Returns whether `path` ends with '/'.
bool push_front_components(std::string_view path, std::deque<std::string>& pending) {
  std::vector<std::string> comps;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) comps.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  for (auto it = comps.rbegin(); it != comps.rend(); ++it) pending.push_front(std::move(*it));
  return !path.empty() && path.back() == '/';
}

// If `name` in `dir` is a symlink, reads its target. Returns 1 if it is a symlink, 0 if not,
// or -errno.
int read_symlink(int dir, const std::string& name, std::string& target) {
  struct stat st;
  if (fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return -errno;
  if (!S_ISLNK(st.st_mode)) return 0;
  std::string buf(st.st_size > 0 ? static_cast<size_t>(st.st_size) + 1 : 256, '\0');
  for (;;) {
    ssize_t n = readlinkat(dir, name.c_str(), buf.data(), buf.size());
    if (n < 0) return -errno;
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(static_cast<size_t>(n));
      break;
    }
    if (buf.size() > (1u << 20)) return -ENAMETOOLONG;
    buf.resize(buf.size() * 2);
  }
  target = std::move(buf);
  return 1;
}

std::atomic<bool> g_use_openat2{true};

// The openat2 fast path: opens the directory part of `path` beneath `dirfd` and takes the
// last component as the name. Returns false (and leaves `out` alone) whenever the component
// walk has to decide: no openat2, any failure, a final "." or "..", or a final symlink that
// must be expanded.
bool resolve_fast(int dirfd, std::string_view path, FinalSymlink final_symlink,
                  ResolvedPath& out) {
#ifdef SYS_openat2
  if (!g_use_openat2.load(std::memory_order_relaxed)) return false;
  bool trailing = false;
  while (path.size() > 1 && path.back() == '/') {
    path.remove_suffix(1);
    trailing = true;
  }
  if (path.empty() || path.front() == '/') return false;
  size_t slash = path.rfind('/');
  std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (last.empty() || last == "." || last == "..") return false;
  UniqueFd parent;
  if (slash != std::string_view::npos) {
    std::string dir(path.substr(0, slash + 1));
    open_how how{};
    how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = syscall(SYS_openat2, dirfd, dir.c_str(), &how, sizeof how);
    if (fd < 0) {
      if (errno == ENOSYS) g_use_openat2.store(false, std::memory_order_relaxed);
      return false;
    }
    parent.reset(static_cast<int>(fd));
  }
  int pfd = parent ? parent.get() : dirfd;
  std::string name(last);
  if (final_symlink == FinalSymlink::Follow ||
      (final_symlink == FinalSymlink::FollowIfTrailing && trailing)) {
    struct stat st;
    if (fstatat(pfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
      return false;
  }
  out.name = std::move(name);
  out.trailing_slash = trailing;
  out.parent = pfd;
  out.owned_parent = std::move(parent);
  return true;
#else
  (void)dirfd, (void)path, (void)final_symlink, (void)out;
  return false;
#endif
}

}  // namespace

void set_use_openat2(bool enabled) { g_use_openat2.store(enabled); }

abi::Errno resolve_path(int dirfd, std::string_view path, FinalSymlink final_symlink,
                        ResolvedPath& out) {
  if (path.empty()) return abi::kNoEnt;
  if (path.front() == '/') return abi::kNotCapable;
  if (resolve_fast(dirfd, path, final_symlink, out)) return abi::kSuccess;
  std::deque<std::string> pending;
  bool trailing = push_front_components(path, pending);
  std::vector<UniqueFd> stack;  // directories opened below dirfd
  auto cur = [&] { return stack.empty() ? dirfd : stack.back().get(); };
  int expansions = 0;
  std::string final_name = ".";

  while (!pending.empty()) {
    std::string comp = std::move(pending.front());
    pending.pop_front();
    bool last = pending.empty();
    if (comp == ".") {
      if (last) final_name = ".";
      continue;
    }
    if (comp == "..") {
      if (stack.empty()) return abi::kNotCapable;
      stack.pop_back();
      if (last) final_name = ".";
      continue;
    }
    if (last) {
      if (final_symlink == FinalSymlink::Follow ||
          (final_symlink == FinalSymlink::FollowIfTrailing && trailing)) {
        std::string target;
        int r = read_symlink(cur(), comp, target);
        if (r == 1) {
          if (++expansions > kMaxSymlinkExpansions) return abi::kLoop;
          if (target.empty()) return abi::kNoEnt;
          if (target.front() == '/') return abi::kNotCapable;
          bool t = push_front_components(target, pending);
          trailing = trailing || t;
          if (pending.empty()) final_name = ".";
          continue;
        }
        if (r < 0 && r != -ENOENT) return from_host_errno(-r);
      }
      final_name = std::move(comp);
      continue;
    }
    int fd = openat(cur(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
      stack.emplace_back(fd);
      continue;
    }
    int err = errno;
    if (err == ELOOP || err == ENOTDIR) {
      std::string target;
      int r = read_symlink(cur(), comp, target);
      if (r == 1) {
        if (++expansions > kMaxSymlinkExpansions) return abi::kLoop;
        if (target.empty()) return abi::kNoEnt;
        if (target.front() == '/') return abi::kNotCapable;
        push_front_components(target, pending);
        continue;
      }
    }
    return from_host_errno(err);
  }

  out.name = std::move(final_name);
  out.trailing_slash = trailing && out.name != "." ;
  if (stack.empty()) {
    out.owned_parent.reset();
    out.parent = dirfd;
  } else {
    out.owned_parent = std::move(stack.back());
    out.parent = out.owned_parent.get();
  }
  return abi::kSuccess;
}

}  // namespace wasmbind::wasi
