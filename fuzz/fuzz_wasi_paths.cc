// Fuzzes WASI path resolution against a real directory tree. Each input first builds a tree
// of directories, files and symlinks (relative, absolute, dangling, looping, pointing out of
// the sandbox) in a temporary directory, then drives the real wasi_snapshot_preview1 path
// functions (path_open with random lookup flags, oflags, rights and fdflags, mkdir, unlink,
// rmdir, rename, symlink, link, stat, readlink, utimes, close) with random paths beneath a
// preopen of one subdirectory. It aborts when
//   - an fd path_open returned refers to a host object outside the preopen (checked by
//     device and inode: a directory must reach the preopen by walking `..`, anything else
//     must be among the objects found beneath the preopen),
//   - anything outside the preopen changed (a stat snapshot of every object outside it in
//     the temporary tree, and of `/`, taken before and after the input's operations),
//   - resolve_path, called directly on the same paths, resolves to a parent outside the
//     preopen or gives a different answer with and without its openat2 fast path.
//
// Layout: <tmp>/outside/...   fixed; absolute symlinks point here
//         <tmp>/box/pre/...   the preopen (guest fd 3), rebuilt for every input
//         <tmp>/box/sib/...   a sibling reachable by `..` from the preopen
#include <dirent.h>
#include <fcntl.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "context_impl.h"
#include "path_resolve.h"
#include "wasmbind/vm.h"
#include "wasmbind/wasi.h"

namespace {

namespace fs = std::filesystem;
using namespace wasmbind;

[[noreturn]] void violation(const std::string& what) {
  std::fprintf(stderr, "WASI sandbox violation: %s\n", what.c_str());
  std::abort();
}

// ---- the guest: a module that imports the WASI path functions and exports them ---------

struct Import {
  const char* name;
  std::vector<uint8_t> params;  // value type bytes; every function returns an i32 errno
};

constexpr uint8_t I32 = 0x7F, I64 = 0x7E;

const std::vector<Import>& imports() {
  static const std::vector<Import> list = {
      {"path_open", {I32, I32, I32, I32, I32, I64, I64, I32, I32}},
      {"path_create_directory", {I32, I32, I32}},
      {"path_unlink_file", {I32, I32, I32}},
      {"path_remove_directory", {I32, I32, I32}},
      {"path_rename", {I32, I32, I32, I32, I32, I32}},
      {"path_symlink", {I32, I32, I32, I32, I32}},
      {"path_link", {I32, I32, I32, I32, I32, I32, I32}},
      {"path_filestat_get", {I32, I32, I32, I32, I32}},
      {"path_readlink", {I32, I32, I32, I32, I32, I32}},
      {"path_filestat_set_times", {I32, I32, I32, I32, I64, I64, I32}},
      {"fd_close", {I32}},
  };
  return list;
}

void put_uleb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}
void put_name(std::vector<uint8_t>& out, std::string_view s) {
  put_uleb(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}
void put_section(std::vector<uint8_t>& out, uint8_t id, const std::vector<uint8_t>& body) {
  out.push_back(id);
  put_uleb(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
}

// Type i = import i's signature; a one-page memory; every import exported under its name.
std::vector<uint8_t> guest_module() {
  const auto& list = imports();
  std::vector<uint8_t> types, imps, memory, exports;
  put_uleb(types, list.size());
  put_uleb(imps, list.size());
  put_uleb(exports, list.size() + 1);
  for (size_t i = 0; i < list.size(); ++i) {
    types.push_back(0x60);
    put_uleb(types, list[i].params.size());
    types.insert(types.end(), list[i].params.begin(), list[i].params.end());
    types.insert(types.end(), {1, I32});
    put_name(imps, "wasi_snapshot_preview1");
    put_name(imps, list[i].name);
    imps.push_back(0x00);  // function
    put_uleb(imps, i);
    put_name(exports, list[i].name);
    exports.push_back(0x00);
    put_uleb(exports, i);
  }
  memory = {1, 0x00, 1};  // one memory, min 1 page, no max
  put_name(exports, "memory");
  exports.insert(exports.end(), {0x02, 0x00});
  std::vector<uint8_t> out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  put_section(out, 1, types);
  put_section(out, 2, imps);
  put_section(out, 5, memory);
  put_section(out, 7, exports);
  return out;
}

// Guest memory layout of one call's arguments.
constexpr uint32_t kFdOut = 64, kPath1 = 1024, kPath2 = 8192, kBuf = 16384, kBufUsed = 80;
constexpr uint32_t kMaxPath = 4096;
constexpr uint32_t kPreopenFd = 3;

// ---- the tree ---------------------------------------------------------------------------

struct Dirs {
  std::string root, outside, box, pre, sib;
};

const Dirs& dirs() {
  // Never destroyed: the exit handler below still needs it after static destructors ran.
  static const Dirs& d = *[] {
    const char* shm = "/dev/shm";
    std::string base = access(shm, W_OK) == 0 ? shm : fs::temp_directory_path().string();
    std::string tmpl = base + "/wasmbind-fuzz-paths-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) violation("cannot create the temporary directory");
    auto* made = new Dirs();
    Dirs& r = *made;
    r.root = tmpl;
    r.outside = r.root + "/outside";
    r.box = r.root + "/box";
    r.pre = r.box + "/pre";
    r.sib = r.box + "/sib";
    fs::create_directories(r.outside + "/dir");
    FILE* f = std::fopen((r.outside + "/secret").c_str(), "w");
    if (f) std::fputs("secret", f), std::fclose(f);
    f = std::fopen((r.outside + "/dir/inner").c_str(), "w");
    if (f) std::fputs("inner", f), std::fclose(f);
    fs::create_symlink(r.pre, r.outside + "/back_in");
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(dirs().root, ec);
    });
    return made;
  }();
  return d;
}

const char* const kNames[] = {"a", "b", "c", "d", "e", "x"};
const char* const kComponents[] = {"..", ".",   "a",   "b",      "c",      "d",     "e", "x", "",
                                   "pre", "sib", "box", "outside", "secret", "inner", "dir", "f"};

std::string pick_component(FuzzedDataProvider& in) {
  return kComponents[in.ConsumeIntegralInRange<size_t>(0, std::size(kComponents) - 1)];
}

// A path from the component alphabet with an optional trailing slash, or now and then raw
// bytes. Guest paths are sometimes absolute (`/...`, refused by WASI). Symlink targets that
// are absolute start at the temporary root, or are `/` itself (for reads); they and relative
// targets may still climb out with `..`, which is the escape the resolver must refuse. The
// harness itself never writes through a symlink (see write_new_file).
std::string make_path(FuzzedDataProvider& in, bool symlink_target) {
  const uint8_t mode = in.ConsumeIntegral<uint8_t>();
  if (mode < 20) {
    std::string raw = in.ConsumeRandomLengthString(48);
    if (symlink_target) {
      std::erase(raw, '\0');
      if (!raw.empty() && raw.front() == '/') raw = dirs().root + raw;
    }
    return raw;
  }
  std::string p;
  if (symlink_target) {
    if (mode % 16 == 1) return "/";
    if (mode % 4 == 0) p = dirs().root + "/";
  } else if (mode % 16 == 0) {
    p = "/";
  }
  const size_t n = in.ConsumeIntegralInRange<size_t>(0, 7);
  for (size_t i = 0; i < n; ++i) {
    if (i) p += '/';
    p += pick_component(in);
  }
  if (in.ConsumeBool()) p += '/';
  return p;
}

// Creates a file that does not exist yet. O_EXCL refuses a symlink at `path` wherever it
// points: following one, as O_TRUNC would, once let the tree builder write files into the
// host's `/` through a target such as `../../../../../x`.
void write_new_file(const std::string& path, const char* text) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return;
  [[maybe_unused]] ssize_t n = write(fd, text, std::strlen(text));
  close(fd);
}

// Rebuilds box/ (pre/ and sib/) and adds the input's entries.
void build_tree(FuzzedDataProvider& in) {
  const Dirs& d = dirs();
  std::error_code ec;
  fs::remove_all(d.box, ec);
  fs::create_directories(d.pre, ec);
  fs::create_directories(d.sib + "/d", ec);
  write_new_file(d.sib + "/f", "sibling");
  std::vector<std::string> parents = {d.pre, d.pre, d.pre, d.sib};
  const size_t n = in.ConsumeIntegralInRange<size_t>(0, 14);
  for (size_t i = 0; i < n; ++i) {
    const std::string& parent = parents[in.ConsumeIntegralInRange<size_t>(0, parents.size() - 1)];
    std::string path = parent + "/" + kNames[in.ConsumeIntegralInRange<size_t>(0, std::size(kNames) - 1)];
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0:
        if (mkdir(path.c_str(), 0755) == 0) parents.push_back(path);
        break;
      case 1:
        write_new_file(path, "data");
        break;
      default:
        [[maybe_unused]] int r = symlink(make_path(in, true).c_str(), path.c_str());
        break;
    }
  }
}

// ---- snapshots --------------------------------------------------------------------------

struct Node {
  std::string path;
  mode_t mode;
  ino_t ino;
  nlink_t nlink;
  off_t size;
  int64_t mtime_ns, ctime_ns;
  std::string target;
  bool operator==(const Node&) const = default;
};
using Snapshot = std::vector<Node>;  // in traversal order (sorted names), so equal trees compare equal

int64_t ns(const timespec& t) { return int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec; }

Node node_of(const std::string& path, const struct stat& st) {
  return Node{path, st.st_mode, st.st_ino, st.st_nlink, S_ISDIR(st.st_mode) ? 0 : st.st_size,
              ns(st.st_mtim), ns(st.st_ctim), {}};
}

// Every object beneath `dir` (not following symlinks). For the preopen (`skip`) only its
// identity is recorded: what happens beneath it is the guest's business.
void snapshot(const std::string& dir, Snapshot& out, const std::string& skip) {
  DIR* dp = opendir(dir.c_str());
  if (dp == nullptr) return;
  std::vector<std::string> names;
  while (dirent* e = readdir(dp))
    if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, "..")) names.emplace_back(e->d_name);
  closedir(dp);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    std::string path = dir + "/" + name;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;
    if (path == skip) {
      out.push_back(Node{path, st.st_mode, st.st_ino, 0, 0, 0, 0, {}});
      continue;
    }
    out.push_back(node_of(path, st));
    if (S_ISLNK(st.st_mode)) {
      char buf[4096];
      ssize_t len = readlink(path.c_str(), buf, sizeof buf);
      if (len > 0) out.back().target.assign(buf, static_cast<size_t>(len));
    }
    if (S_ISDIR(st.st_mode)) snapshot(path, out, skip);
  }
}

// Everything outside the preopen that a resolver bug could reach: the temporary tree
// around it and the host's root directory (whose times change when an entry is added).
// `/`, the temporary root and everything beneath it but `skip`'s contents.
Snapshot tree_around(const std::string& skip) {
  Snapshot s;
  const Dirs& d = dirs();
  for (const std::string& dir : {std::string("/"), d.root}) {
    struct stat st;
    if (lstat(dir.c_str(), &st) == 0) s.push_back(node_of(dir, st));
  }
  snapshot(d.root, s, skip);
  return s;
}

Snapshot outside_snapshot() { return tree_around(dirs().pre); }

// What the tree builder may not touch: `/`, the temporary root's two entries and all of
// outside/. Taken once, before the first input, and checked after every build_tree, so that
// a harness that wrote outside its box is reported, not mistaken for a clean run.
Snapshot fixed_part() {
  const Dirs& d = dirs();
  Snapshot s = tree_around(d.box);
  // box/ is rebuilt for every input, which also changes the root's times and link count.
  std::erase_if(s, [&](const Node& n) { return n.path == d.box; });
  for (Node& n : s)
    if (n.path == d.root) n = Node{n.path, n.mode, n.ino, 0, 0, 0, 0, {}};
  return s;
}

void check_tree_builder(const Snapshot& expected) {
  const Snapshot now = fixed_part();
  if (now == expected) return;
  std::string what = "added or removed an entry outside box/";
  for (size_t i = 0; i < std::min(now.size(), expected.size()); ++i)
    if (!(now[i] == expected[i])) {
      what = "changed " + now[i].path;
      break;
    }
  // Not WASI's fault: the harness itself broke its own sandbox.
  std::fprintf(stderr, "fuzz harness fault: the tree builder %s\n", what.c_str());
  std::abort();
}

void compare(const Snapshot& before, const Snapshot& after) {
  for (size_t i = 0; i < std::max(before.size(), after.size()); ++i) {
    if (i < before.size() && i < after.size() && before[i] == after[i]) continue;
    const std::string& path = i < before.size() ? before[i].path : after[i].path;
    violation("outside the preopen, " + path + " changed, appeared or disappeared");
  }
}

// ---- containment ------------------------------------------------------------------------

using Identity = std::pair<dev_t, ino_t>;

Identity identity_of(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) violation("fstat on an fd WASI handed out failed");
  return {st.st_dev, st.st_ino};
}

Identity preopen_identity() {
  struct stat st;
  if (stat(dirs().pre.c_str(), &st) != 0) violation("the preopen directory is gone");
  return {st.st_dev, st.st_ino};
}

// True when directory `fd` is the preopen or beneath it: walking `..` reaches the preopen
// before the host's root.
bool directory_inside(int fd) {
  // A directory removed since it was opened has no `..` any more; nothing can be created in
  // it, and removing one outside would show in the outside snapshot.
  struct stat st;
  if (fstat(fd, &st) == 0 && st.st_nlink == 0) return true;
  const Identity pre = preopen_identity();
  int cur = dup(fd);
  bool inside = false;
  for (int depth = 0; cur >= 0 && depth < 256; ++depth) {
    Identity id = identity_of(cur);
    if (id == pre) {
      inside = true;
      break;
    }
    int up = openat(cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
    close(cur);
    cur = up;
    if (cur >= 0 && identity_of(cur) == id) break;  // the root: `..` is itself
  }
  if (cur >= 0) close(cur);
  return inside;
}

void collect_identities(const std::string& dir, std::set<Identity>& out) {
  DIR* dp = opendir(dir.c_str());
  if (dp == nullptr) return;
  std::vector<std::string> names;
  while (dirent* e = readdir(dp))
    if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, "..")) names.emplace_back(e->d_name);
  closedir(dp);
  for (const std::string& name : names) {
    std::string path = dir + "/" + name;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;
    out.insert({st.st_dev, st.st_ino});
    if (S_ISDIR(st.st_mode)) collect_identities(path, out);
  }
}

// The host object behind `fd` (from path_open) lies beneath the preopen.
void check_contained(int fd, const std::string& guest_path) {
  struct stat st;
  if (fstat(fd, &st) != 0) violation("fstat of an opened fd failed");
  if (S_ISDIR(st.st_mode)) {
    if (!directory_inside(fd)) violation("path_open(\"" + guest_path + "\") opened a directory outside");
    return;
  }
  std::set<Identity> inside;
  collect_identities(dirs().pre, inside);
  if (!inside.count({st.st_dev, st.st_ino}))
    violation("path_open(\"" + guest_path + "\") opened a file outside");
}

// resolve_path on `path` beneath `dirfd`: its parent is inside, its name a single component,
// and the openat2 fast path agrees with the component walk.
void check_resolver(int dirfd, std::string path, wasi::FinalSymlink mode) {
  std::erase(path, '\0');  // guest paths with NUL never reach the resolver (EINVAL)
  wasi::ResolvedPath fast, walk;
  wasi::set_use_openat2(true);
  const auto e1 = wasi::resolve_path(dirfd, path, mode, fast);
  wasi::set_use_openat2(false);
  const auto e2 = wasi::resolve_path(dirfd, path, mode, walk);
  wasi::set_use_openat2(true);
  if (e1 != e2)
    violation("resolve_path(\"" + path + "\"): errno " + std::to_string(e1) + " with openat2, " +
              std::to_string(e2) + " without");
  if (e1 != wasi::abi::kSuccess) return;
  for (const auto* r : {&fast, &walk}) {
    if (r->name.find('/') != std::string::npos || r->name == ".." || r->name.empty())
      violation("resolve_path(\"" + path + "\") gave the final name \"" + r->name + "\"");
    if (!directory_inside(r->parent))
      violation("resolve_path(\"" + path + "\") gave a parent outside the preopen");
  }
  if (identity_of(fast.parent) != identity_of(walk.parent) || fast.name != walk.name ||
      fast.trailing_slash != walk.trailing_slash)
    violation("resolve_path(\"" + path + "\"): openat2 and the component walk disagree (" +
              fast.name + " vs " + walk.name + ")");
}

// ---- the guest calls --------------------------------------------------------------------

struct Session {
  std::unique_ptr<wasi::Context> context;
  std::unique_ptr<Instance> instance;
  std::vector<uint32_t> dir_fds = {kPreopenFd};

  int32_t call(const char* name, std::initializer_list<Value> args) {
    auto r = instance->call(name, std::span<const Value>(args.begin(), args.size()));
    if (!r.ok()) violation(std::string(name) + " failed: " + r.error().to_string());
    return r->front().as_i32();
  }
  // Writes `path` at `at`; returns its (possibly fuzzed) pointer and length.
  std::pair<uint32_t, uint32_t> place(FuzzedDataProvider& in, uint32_t at, const std::string& path) {
    const uint32_t len = static_cast<uint32_t>(std::min<size_t>(path.size(), kMaxPath));
    instance->memory()->write(at, std::span<const uint8_t>(
                                      reinterpret_cast<const uint8_t*>(path.data()), len));
    switch (in.ConsumeIntegralInRange<int>(0, 31)) {
      case 0: return {65536 - len / 2, len};        // runs off the end of memory: EFAULT
      case 1: return {at, 0xFFFFFFFFu};             // length past 2^32 - at
      case 2: return {0xFFFFFFFFu, len};
      default: return {at, len};
    }
  }
  uint32_t pick_dir(FuzzedDataProvider& in) {
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) return in.ConsumeIntegralInRange<uint32_t>(0, 12);
    return dir_fds[in.ConsumeIntegralInRange<size_t>(0, dir_fds.size() - 1)];
  }
  int host_fd(uint32_t guest_fd) {
    wasi::FdEntry* e = context->impl().fds.get(guest_fd);
    return e && e->kind == wasi::FdKind::Dir ? e->host.get() : -1;
  }
};

Value i32(uint32_t v) { return Value::i32(static_cast<int32_t>(v)); }
Value i64(uint64_t v) { return Value::i64(static_cast<int64_t>(v)); }

void run_op(Session& s, FuzzedDataProvider& in) {
  const int op = in.ConsumeIntegralInRange<int>(0, 10);
  const uint32_t dir = s.pick_dir(in);
  const uint32_t lookup = in.ConsumeIntegralInRange<uint32_t>(0, 2);  // 2: an unknown flag
  const std::string path = make_path(in, false);
  if (int host = s.host_fd(dir); host >= 0)
    for (auto mode : {wasi::FinalSymlink::NoFollow, wasi::FinalSymlink::Follow,
                      wasi::FinalSymlink::FollowIfTrailing})
      check_resolver(host, path, mode);
  auto [p1, l1] = s.place(in, kPath1, path);
  switch (op) {
    case 0: {
      const uint32_t oflags = in.ConsumeIntegralInRange<uint32_t>(0, 31);
      const uint64_t base = in.ConsumeBool() ? ~uint64_t{0} : in.ConsumeIntegral<uint64_t>();
      const uint64_t inheriting = in.ConsumeBool() ? ~uint64_t{0} : in.ConsumeIntegral<uint64_t>();
      const uint32_t fdflags = in.ConsumeIntegralInRange<uint32_t>(0, 31);
      if (s.call("path_open", {i32(dir), i32(lookup), i32(p1), i32(l1), i32(oflags), i64(base),
                               i64(inheriting), i32(fdflags), i32(kFdOut)}) != 0)
        return;
      uint8_t raw[4];
      s.instance->memory()->read(kFdOut, raw);
      uint32_t fd;
      std::memcpy(&fd, raw, 4);
      wasi::FdEntry* e = s.context->impl().fds.get(fd);
      if (e == nullptr) violation("path_open succeeded without an fd");
      check_contained(e->host.get(), path);
      if (e->kind == wasi::FdKind::Dir) s.dir_fds.push_back(fd);
      return;
    }
    case 1: s.call("path_create_directory", {i32(dir), i32(p1), i32(l1)}); return;
    case 2: s.call("path_unlink_file", {i32(dir), i32(p1), i32(l1)}); return;
    case 3: s.call("path_remove_directory", {i32(dir), i32(p1), i32(l1)}); return;
    case 4:
    case 6: {
      const uint32_t dir2 = s.pick_dir(in);
      const std::string path2 = make_path(in, false);
      if (int host = s.host_fd(dir2); host >= 0) check_resolver(host, path2, wasi::FinalSymlink::NoFollow);
      auto [p2, l2] = s.place(in, kPath2, path2);
      if (op == 4)
        s.call("path_rename", {i32(dir), i32(p1), i32(l1), i32(dir2), i32(p2), i32(l2)});
      else
        s.call("path_link", {i32(dir), i32(lookup), i32(p1), i32(l1), i32(dir2), i32(p2), i32(l2)});
      return;
    }
    case 5: {
      const std::string target = make_path(in, false);
      auto [p2, l2] = s.place(in, kPath2, target);
      s.call("path_symlink", {i32(p2), i32(l2), i32(dir), i32(p1), i32(l1)});
      return;
    }
    case 7: s.call("path_filestat_get", {i32(dir), i32(lookup), i32(p1), i32(l1), i32(kBuf)}); return;
    case 8:
      s.call("path_readlink", {i32(dir), i32(p1), i32(l1), i32(kBuf),
                               i32(in.ConsumeIntegralInRange<uint32_t>(0, 5000)), i32(kBufUsed)});
      return;
    case 9:
      s.call("path_filestat_set_times", {i32(dir), i32(lookup), i32(p1), i32(l1), i64(1), i64(2),
                                         i32(in.ConsumeIntegralInRange<uint32_t>(0, 15))});
      return;
    default: {
      const uint32_t fd = s.pick_dir(in);
      if (fd == kPreopenFd) return;  // keep the preopen for the following operations
      if (s.call("fd_close", {i32(fd)}) == 0) std::erase(s.dir_fds, fd);
      return;
    }
  }
}

struct Guest {
  std::shared_ptr<const Module> module;
  Linker linker;
};

const Guest& guest() {
  static const Guest* g = [] {
    auto* out = new Guest();
    auto m = Module::compile(guest_module());
    if (!m.ok()) violation("guest module: " + m.error().to_string());
    out->module = m.value();
    wasi::define_imports(out->linker);
    return out;
  }();
  return *g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const Dirs& d = dirs();
  static const Snapshot fixed = fixed_part();
  build_tree(in);
  check_tree_builder(fixed);
  const Snapshot before = outside_snapshot();

  {
    Session s;
    wasi::Config config;
    config.preopens.push_back({d.pre, in.ConsumeBool() ? "." : "/sandbox", in.ConsumeIntegralInRange<int>(0, 7) == 0});
    auto context = wasi::Context::create(config);
    if (!context.ok()) violation("Context::create: " + context.error().to_string());
    s.context = std::move(context.value());
    auto instance = guest().linker.instantiate(guest().module, Limits{}, s.context.get());
    if (!instance.ok()) violation("instantiate: " + instance.error().to_string());
    s.instance = std::move(instance.value());
    const size_t ops = in.ConsumeIntegralInRange<size_t>(1, 8);
    for (size_t i = 0; i < ops && in.remaining_bytes() > 0; ++i) run_op(s, in);
  }

  compare(before, outside_snapshot());
  return 0;
}
