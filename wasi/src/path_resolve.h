// Guest path resolution beneath a directory fd, without ever joining strings into host
// paths. Fast path: the directory holding the final component is opened with
// openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS); when that is unavailable (ENOSYS, old
// kernels) or fails for any reason, the component walk below decides (and picks the errno),
// so both paths agree. Component walk: each component is opened with O_PATH|O_NOFOLLOW relative to the previous one, `..`
// pops a stack of open directory fds (and fails with NOTCAPABLE at the preopen), symlinks
// are expanded by hand (absolute targets are NOTCAPABLE, more than 40 expansions is LOOP).
// What comes back is the directory holding the final component and that component's name,
// for the *at() call of the operation.
#pragma once

#include <string>
#include <string_view>

#include "abi.h"
#include "fd_table.h"

namespace wasmbind::wasi {

struct ResolvedPath {
  UniqueFd owned_parent;  // set when the parent is not the starting directory itself
  int parent = -1;        // the directory fd for the *at() call
  std::string name;       // final component: a plain name, "." or ".." never escapes
  bool trailing_slash = false;

  // The final component for the syscall, with the guest's trailing slash kept so the
  // kernel applies the directory-only rules.
  std::string at_name() const { return trailing_slash ? name + "/" : name; }
};

constexpr int kMaxSymlinkExpansions = 40;

// What to do with a symlink as the last component.
enum class FinalSymlink {
  NoFollow,           // leave it: the operation acts on the link itself (unlink, rename, ...)
  Follow,             // expand it (lookupflags SYMLINK_FOLLOW)
  FollowIfTrailing,   // expand it only when the path ends with '/' (open/stat: the kernel
                      // would follow it there, so it must be expanded beneath the sandbox)
};

// Tests: turn the openat2 fast path off (or back on) to exercise the component walk alone.
void set_use_openat2(bool enabled);

// Resolves `path` beneath `dirfd`.
abi::Errno resolve_path(int dirfd, std::string_view path, FinalSymlink final_symlink,
                        ResolvedPath& out);

}  // namespace wasmbind::wasi
