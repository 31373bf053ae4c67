// WASI sandbox tests: guest paths that try to leave their preopen (`..`, absolute paths,
// symlinks pointing out, symlink loops) fail with the right errno and touch nothing outside;
// out-of-range guest pointers are ERRNO_FAULT, never a host crash.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "path_resolve.h"  // wasi/src
#include "wasmbind/wasi.h"

namespace wasmbind::wasi {
namespace {

namespace fs = std::filesystem;

constexpr int32_t kFault = 21, kLoop = 32, kNoEnt = 44, kNotCapable = 76, kSuccess = 0,
                  kInval = 28;

// <tmp>/root (the preopen) and <tmp>/outside (must never be touched).
class SandboxTree : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wasmbind_wasi_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    root_ = base_ / "root";
    outside_ = base_ / "outside";
    fs::create_directories(root_ / "sub" / "deeper");
    fs::create_directories(outside_);
    std::ofstream(root_ / "file") << "inside";
    std::ofstream(outside_ / "secret") << "secret";
    fs::create_symlink("../outside", root_ / "link_out");
    fs::create_symlink("/etc", root_ / "abs_link");
    fs::create_symlink("loop2", root_ / "loop1");
    fs::create_symlink("loop1", root_ / "loop2");
    fs::create_symlink("../file", root_ / "sub" / "to_file");
    fs::create_symlink("../../..", root_ / "sub" / "deeper" / "up3");
    root_fd_ = open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(root_fd_, 0);
  }
  void TearDown() override {
    if (root_fd_ >= 0) close(root_fd_);
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  // The outside dir still holds exactly `secret`, unchanged.
  void expect_outside_untouched() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(outside_)) names.push_back(e.path().filename());
    EXPECT_EQ(names, std::vector<std::string>{"secret"});
    std::ifstream in(outside_ / "secret");
    std::string s;
    in >> s;
    EXPECT_EQ(s, "secret");
  }

  fs::path base_, root_, outside_;
  int root_fd_ = -1;
};

int resolve(int fd, const char* path, FinalSymlink f, ResolvedPath* out = nullptr) {
  ResolvedPath r;
  int e = resolve_path(fd, path, f, r);
  if (out != nullptr) *out = std::move(r);
  return e;
}

TEST_F(SandboxTree, ResolveRejectsEscapes) {
  for (bool fast : {true, false}) {  // openat2 fast path, then the component walk
    SCOPED_TRACE(fast ? "openat2" : "walk");
    set_use_openat2(fast);
    EXPECT_EQ(resolve(root_fd_, "../outside/secret", FinalSymlink::Follow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "..", FinalSymlink::Follow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "sub/../../outside", FinalSymlink::Follow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "/etc/passwd", FinalSymlink::Follow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "/", FinalSymlink::Follow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "link_out/secret", FinalSymlink::NoFollow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "link_out", FinalSymlink::Follow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "abs_link/passwd", FinalSymlink::NoFollow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "abs_link", FinalSymlink::Follow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "abs_link/", FinalSymlink::FollowIfTrailing), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "sub/deeper/up3/outside", FinalSymlink::NoFollow), kNotCapable);
    EXPECT_EQ(resolve(root_fd_, "", FinalSymlink::NoFollow), kNoEnt);
  }
  set_use_openat2(true);
}

TEST_F(SandboxTree, ResolveSymlinkLoop) {
  for (bool fast : {true, false}) {  // openat2 fast path, then the component walk
    SCOPED_TRACE(fast ? "openat2" : "walk");
    set_use_openat2(fast);
    EXPECT_EQ(resolve(root_fd_, "loop1", FinalSymlink::Follow), kLoop);
    EXPECT_EQ(resolve(root_fd_, "loop1/x", FinalSymlink::NoFollow), kLoop);
  }
  set_use_openat2(true);
}

TEST_F(SandboxTree, ResolveInsideWorks) {
  for (bool fast : {true, false}) {  // openat2 fast path, then the component walk
    SCOPED_TRACE(fast ? "openat2" : "walk");
    set_use_openat2(fast);
    ResolvedPath r;
    ASSERT_EQ(resolve(root_fd_, "sub/to_file", FinalSymlink::Follow, &r), kSuccess);
    EXPECT_EQ(r.name, "file");
    EXPECT_EQ(r.parent, root_fd_);
    ASSERT_EQ(resolve(root_fd_, "sub/to_file", FinalSymlink::NoFollow, &r), kSuccess);
    EXPECT_EQ(r.name, "to_file");
    EXPECT_NE(r.parent, root_fd_);
    ASSERT_EQ(resolve(root_fd_, "sub/deeper/../..", FinalSymlink::NoFollow, &r), kSuccess);
    EXPECT_EQ(r.name, ".");
    EXPECT_EQ(r.parent, root_fd_);
    ASSERT_EQ(resolve(root_fd_, "sub//deeper/", FinalSymlink::NoFollow, &r), kSuccess);
    EXPECT_EQ(r.name, "deeper");
    EXPECT_TRUE(r.trailing_slash);
    EXPECT_EQ(resolve(root_fd_, "missing/x", FinalSymlink::NoFollow), kNoEnt);
  }
  set_use_openat2(true);
}

// A module importing some wasi functions, with an exported wrapper `w_<name>` for each
// (the host functions see the wrapper's instance memory) and a one-page exported memory.
using Bytes = std::vector<uint8_t>;
struct Import {
  std::string name;
  Bytes params;  // 0x7f i32, 0x7e i64
};
void put_uleb(Bytes& b, uint64_t v) {
  do {
    uint8_t x = v & 0x7f;
    v >>= 7;
    b.push_back(v ? (x | 0x80) : x);
  } while (v);
}
void put_name(Bytes& b, const std::string& s) {
  put_uleb(b, s.size());
  b.insert(b.end(), s.begin(), s.end());
}
void put_section(Bytes& m, uint8_t id, const Bytes& c) {
  m.push_back(id);
  put_uleb(m, c.size());
  m.insert(m.end(), c.begin(), c.end());
}
Bytes build_module(const std::vector<Import>& imports) {
  size_t n = imports.size();
  Bytes m{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  Bytes types, imps, funcs, mem, exps, code;
  put_uleb(types, n);
  for (const auto& i : imports) {
    types.push_back(0x60);
    put_uleb(types, i.params.size());
    types.insert(types.end(), i.params.begin(), i.params.end());
    types.push_back(0x01);
    types.push_back(0x7f);
  }
  put_uleb(imps, n);
  for (size_t k = 0; k < n; ++k) {
    put_name(imps, "wasi_snapshot_preview1");
    put_name(imps, imports[k].name);
    imps.push_back(0x00);
    put_uleb(imps, k);
  }
  put_uleb(funcs, n);
  for (size_t k = 0; k < n; ++k) put_uleb(funcs, k);
  mem = {0x01, 0x00, 0x01};
  put_uleb(exps, n + 1);
  put_name(exps, "memory");
  exps.push_back(0x02);
  exps.push_back(0x00);
  for (size_t k = 0; k < n; ++k) {
    put_name(exps, "w_" + imports[k].name);
    exps.push_back(0x00);
    put_uleb(exps, n + k);
  }
  put_uleb(code, n);
  for (size_t k = 0; k < n; ++k) {
    Bytes body{0x00};  // no locals
    for (size_t p = 0; p < imports[k].params.size(); ++p) {
      body.push_back(0x20);
      put_uleb(body, p);
    }
    body.push_back(0x10);
    put_uleb(body, k);
    body.push_back(0x0b);
    put_uleb(code, body.size());
    code.insert(code.end(), body.begin(), body.end());
  }
  put_section(m, 1, types);
  put_section(m, 2, imps);
  put_section(m, 3, funcs);
  put_section(m, 5, mem);
  put_section(m, 7, exps);
  put_section(m, 10, code);
  return m;
}

constexpr uint8_t I32 = 0x7f, I64 = 0x7e;

class GuestCalls : public SandboxTree {
 protected:
  void SetUp() override {
    SandboxTree::SetUp();
    std::vector<Import> imports = {
        {"fd_write", {I32, I32, I32, I32}},
        {"fd_read", {I32, I32, I32, I32}},
        {"args_sizes_get", {I32, I32}},
        {"args_get", {I32, I32}},
        {"random_get", {I32, I32}},
        {"clock_time_get", {I32, I64, I32}},
        {"clock_res_get", {I32, I32}},
        {"path_open", {I32, I32, I32, I32, I32, I64, I64, I32, I32}},
        {"path_create_directory", {I32, I32, I32}},
        {"path_unlink_file", {I32, I32, I32}},
        {"path_rename", {I32, I32, I32, I32, I32, I32}},
        {"path_symlink", {I32, I32, I32, I32, I32}},
        {"path_filestat_get", {I32, I32, I32, I32, I32}},
        {"fd_prestat_dir_name", {I32, I32, I32}},
        {"poll_oneoff", {I32, I32, I32, I32}},
        {"fd_readdir", {I32, I32, I32, I64, I32}},
    };
    Bytes wasm = build_module(imports);
    auto module = Module::compile(wasm);
    ASSERT_TRUE(module.ok()) << module.error().to_string();
    define_imports(linker_);
    Config config;
    config.args = {"prog", "arg1"};
    config.stdout_output = Output::buffer();
    config.preopens.push_back({root_.string(), "/", false});
    configure(config);
    auto ctx = Context::create(std::move(config));
    ASSERT_TRUE(ctx.ok()) << ctx.error().to_string();
    context_ = std::move(*ctx);
    auto inst = linker_.instantiate(*module, {}, context_.get());
    ASSERT_TRUE(inst.ok()) << inst.error().to_string();
    instance_ = std::move(*inst);
  }

  int32_t call(const char* name, std::vector<Value> args) {
    auto r = instance_->call(std::string("w_") + name, args);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    if (!r.ok() || r->size() != 1) return -1;
    return r->front().as_i32();
  }
  // Puts `s` into guest memory at `addr`; returns its length.
  int32_t put(uint32_t addr, const std::string& s) {
    std::memcpy(instance_->memory()->data() + addr, s.data(), s.size());
    return static_cast<int32_t>(s.size());
  }
  int32_t path_op(const char* name, const std::string& path) {
    int32_t len = put(1024, path);
    return call(name, {Value::i32(3), Value::i32(1024), Value::i32(len)});
  }
  int32_t open_path(const std::string& path, int32_t oflags, int32_t lookup) {
    int32_t len = put(1024, path);
    return call("path_open", {Value::i32(3), Value::i32(lookup), Value::i32(1024),
                              Value::i32(len), Value::i32(oflags), Value::i64(0x1fffffff),
                              Value::i64(0x1fffffff), Value::i32(0), Value::i32(512)});
  }

  void check_escapes();
  virtual void configure(Config&) {}
  uint64_t load64(uint32_t addr) {
    uint64_t v = 0;
    std::memcpy(&v, instance_->memory()->data() + addr, 8);
    return v;
  }

  Linker linker_;
  std::unique_ptr<Context> context_;
  std::unique_ptr<Instance> instance_;
};

constexpr int32_t kPageEnd = 65536;

void GuestCalls::check_escapes() {
  EXPECT_EQ(open_path("../outside/secret", 0, 1), kNotCapable);
  EXPECT_EQ(open_path("/etc/passwd", 0, 1), kNotCapable);
  EXPECT_EQ(open_path("link_out/secret", 0, 1), kNotCapable);
  EXPECT_EQ(open_path("link_out/new", 1 /*creat*/, 1), kNotCapable);
  EXPECT_EQ(open_path("abs_link/passwd", 0, 0), kNotCapable);
  EXPECT_EQ(open_path("loop1", 0, 1), kLoop);
  EXPECT_EQ(open_path("loop1", 0, 0), kLoop);  // O_NOFOLLOW on a symlink
  EXPECT_EQ(path_op("path_create_directory", "../outside/newdir"), kNotCapable);
  EXPECT_EQ(path_op("path_create_directory", "link_out/newdir"), kNotCapable);
  EXPECT_EQ(path_op("path_unlink_file", "link_out/secret"), kNotCapable);
  EXPECT_EQ(path_op("path_unlink_file", "sub/deeper/up3/outside/secret"), kNotCapable);
  // rename "file" to "../outside/stolen"
  int32_t a = put(1024, "file"), b = put(2048, "../outside/stolen");
  EXPECT_EQ(call("path_rename", {Value::i32(3), Value::i32(1024), Value::i32(a), Value::i32(3),
                                 Value::i32(2048), Value::i32(b)}),
            kNotCapable);
  // A symlink with an absolute target is refused; one with a relative target that points
  // out can be created but not followed.
  a = put(1024, "/etc/passwd");
  b = put(2048, "evil");
  EXPECT_EQ(call("path_symlink", {Value::i32(1024), Value::i32(a), Value::i32(3),
                                  Value::i32(2048), Value::i32(b)}),
            kNotCapable);
  a = put(1024, "../outside/secret");
  EXPECT_EQ(call("path_symlink", {Value::i32(1024), Value::i32(a), Value::i32(3),
                                  Value::i32(2048), Value::i32(b)}),
            kSuccess);
  EXPECT_EQ(open_path("evil", 8 /*trunc*/, 1), kNotCapable);
  EXPECT_EQ(path_op("path_unlink_file", "evil"), kSuccess);  // removes the link itself
  // A path with a NUL byte.
  EXPECT_EQ(path_op("path_create_directory", std::string("sub\0x", 5)), kInval);
  expect_outside_untouched();
  EXPECT_TRUE(fs::exists(root_ / "file"));
}

TEST_F(GuestCalls, PathOpsCannotEscape) { check_escapes(); }

TEST_F(GuestCalls, PathOpsCannotEscapeWithoutOpenat2) {
  set_use_openat2(false);
  check_escapes();
  set_use_openat2(true);
}

TEST_F(GuestCalls, InsideWorks) {
  EXPECT_EQ(path_op("path_create_directory", "sub/newdir"), kSuccess);
  EXPECT_TRUE(fs::is_directory(root_ / "sub" / "newdir"));
  EXPECT_EQ(open_path("sub/to_file", 0, 1), kSuccess);
  uint32_t fd = 0;
  std::memcpy(&fd, instance_->memory()->data() + 512, 4);
  EXPECT_EQ(fd, 4u);
}

TEST_F(GuestCalls, OutOfRangePointersAreFault) {
  // iovec array past the end of memory.
  EXPECT_EQ(call("fd_write", {Value::i32(1), Value::i32(kPageEnd - 4), Value::i32(1),
                              Value::i32(0)}),
            kFault);
  // An iovec whose buffer runs past the end (buf + len overflows 32 bits).
  uint8_t* mem = instance_->memory()->data();
  uint32_t iov[2] = {0xfffffff0u, 0x20};
  std::memcpy(mem + 64, iov, 8);
  EXPECT_EQ(call("fd_write", {Value::i32(1), Value::i32(64), Value::i32(1), Value::i32(0)}),
            kFault);
  // A huge iovec count (count * 8 overflows 32 bits).
  EXPECT_EQ(call("fd_write", {Value::i32(1), Value::i32(64), Value::i32(0x20000001),
                              Value::i32(0)}),
            kFault);
  // nwritten pointer out of range: nothing is written.
  iov[0] = 128;
  iov[1] = 4;
  std::memcpy(mem + 64, iov, 8);
  EXPECT_EQ(call("fd_write", {Value::i32(1), Value::i32(64), Value::i32(1), Value::i32(-1)}),
            kFault);
  EXPECT_EQ(context_->stdout_buffer(), "");
  EXPECT_EQ(call("fd_read", {Value::i32(0), Value::i32(kPageEnd), Value::i32(1), Value::i32(0)}),
            kFault);
  EXPECT_EQ(call("args_sizes_get", {Value::i32(kPageEnd - 2), Value::i32(0)}), kFault);
  EXPECT_EQ(call("args_get", {Value::i32(0), Value::i32(kPageEnd - 3)}), kFault);
  EXPECT_EQ(call("random_get", {Value::i32(kPageEnd - 8), Value::i32(9)}), kFault);
  EXPECT_EQ(call("random_get", {Value::i32(-1), Value::i32(-1)}), kFault);
  EXPECT_EQ(call("clock_time_get", {Value::i32(0), Value::i64(0), Value::i32(kPageEnd - 7)}),
            kFault);
  EXPECT_EQ(call("path_create_directory", {Value::i32(3), Value::i32(kPageEnd - 2),
                                           Value::i32(3)}),
            kFault);
  EXPECT_EQ(call("path_filestat_get", {Value::i32(3), Value::i32(0), Value::i32(1024),
                                       Value::i32(put(1024, "file")), Value::i32(kPageEnd - 63)}),
            kFault);
  EXPECT_EQ(call("fd_prestat_dir_name", {Value::i32(3), Value::i32(kPageEnd), Value::i32(1)}),
            kFault);
  EXPECT_EQ(call("poll_oneoff", {Value::i32(0), Value::i32(kPageEnd - 32), Value::i32(2),
                                 Value::i32(0)}),
            kFault);
  EXPECT_EQ(open_path("file", 0, 0), kSuccess);  // still usable afterwards
  // In range still works.
  EXPECT_EQ(call("fd_write", {Value::i32(1), Value::i32(64), Value::i32(1), Value::i32(200)}),
            kSuccess);
}

// fd_readdir with a buffer that holds only a few records: resuming from the last complete
// record's d_next cookie lists every entry exactly once.
TEST_F(GuestCalls, ReaddirSmallBufferResumes) {
  for (int i = 0; i < 20; ++i) std::ofstream(root_ / "sub" / ("f" + std::to_string(i)));
  int32_t len = put(1024, "sub");
  ASSERT_EQ(call("path_open", {Value::i32(3), Value::i32(0), Value::i32(1024), Value::i32(len),
                               Value::i32(2 /*directory*/), Value::i64(1 << 14 /*readdir*/),
                               Value::i64(0), Value::i32(0), Value::i32(512)}),
            kSuccess);
  uint32_t dirfd = 0;
  std::memcpy(&dirfd, instance_->memory()->data() + 512, 4);
  std::vector<std::string> names;
  uint64_t cookie = 0;
  constexpr uint32_t kBuf = 4096, kBufLen = 80;
  for (int rounds = 0; rounds < 100; ++rounds) {
    ASSERT_EQ(call("fd_readdir", {Value::i32(static_cast<int32_t>(dirfd)), Value::i32(kBuf),
                                  Value::i32(kBufLen), Value::i64(static_cast<int64_t>(cookie)),
                                  Value::i32(600)}),
              kSuccess);
    uint32_t used = 0;
    std::memcpy(&used, instance_->memory()->data() + 600, 4);
    const uint8_t* p = instance_->memory()->data() + kBuf;
    uint32_t off = 0;
    while (off + 24 <= used) {
      uint32_t namlen = 0;
      std::memcpy(&namlen, p + off + 16, 4);
      if (off + 24 + namlen > used) break;  // cut off: resume from `cookie`
      std::memcpy(&cookie, p + off, 8);
      names.emplace_back(reinterpret_cast<const char*>(p + off + 24), namlen);
      off += 24 + namlen;
    }
    if (used < kBufLen) break;
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> expected = {".", "..", "deeper", "to_file"};
  for (int i = 0; i < 20; ++i) expected.push_back("f" + std::to_string(i));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(names, expected);
}

class Deterministic : public GuestCalls {
 protected:
  void configure(Config& c) override {
    c.deterministic = true;
    c.random_seed = 42;
    c.stdout_output = Output::buffer(3);
  }
};

TEST_F(Deterministic, ClocksRandomAndBufferLimit) {
  ASSERT_EQ(call("clock_time_get", {Value::i32(1), Value::i64(0), Value::i32(100)}), kSuccess);
  ASSERT_EQ(call("clock_time_get", {Value::i32(1), Value::i64(0), Value::i32(108)}), kSuccess);
  EXPECT_EQ(load64(108) - load64(100), 1'000'000u);
  ASSERT_EQ(call("random_get", {Value::i32(200), Value::i32(16)}), kSuccess);
  uint64_t r1 = load64(200), r2 = load64(208);
  EXPECT_NE(r1, 0u);
  EXPECT_NE(r1, r2);
  ASSERT_EQ(call("random_get", {Value::i32(200), Value::i32(8)}), kSuccess);
  EXPECT_NE(load64(200), r1);  // the generator moves on

  uint32_t iov[2] = {128, 5};
  std::memcpy(instance_->memory()->data() + 64, iov, 8);
  put(128, "hello");
  ASSERT_EQ(call("fd_write", {Value::i32(1), Value::i32(64), Value::i32(1), Value::i32(300)}),
            kSuccess);
  EXPECT_EQ(context_->stdout_buffer(), "hel");
  EXPECT_TRUE(context_->output_truncated());
}

// Dapr's strictSandbox clocks exactly: monotonic reads 0, 1 ms, 2 ms...; realtime starts at
// the host's whole second and advances 1 ms per read; CPU-time clocks are not offered; a sleep
// returns at once.
TEST_F(Deterministic, ClocksFollowDaprStrictSandbox) {
  for (uint64_t i = 0; i < 3; ++i) {
    ASSERT_EQ(call("clock_time_get", {Value::i32(1), Value::i64(0), Value::i32(100)}), kSuccess);
    EXPECT_EQ(load64(100), i * 1'000'000u);
  }
  uint64_t host_now = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(
          std::chrono::system_clock::now().time_since_epoch()).count());
  ASSERT_EQ(call("clock_time_get", {Value::i32(0), Value::i64(0), Value::i32(100)}), kSuccess);
  ASSERT_EQ(call("clock_time_get", {Value::i32(0), Value::i64(0), Value::i32(108)}), kSuccess);
  EXPECT_EQ(load64(100) % 1'000'000'000u, 1'000'000u);
  EXPECT_EQ(load64(108) - load64(100), 1'000'000u);
  EXPECT_LE(load64(100), host_now + 1'000'000u);
  EXPECT_GT(load64(100) + 3'000'000'000u, host_now);
  ASSERT_EQ(call("clock_res_get", {Value::i32(0), Value::i32(116)}), kSuccess);
  EXPECT_EQ(load64(116), 1'000'000u);
  ASSERT_EQ(call("clock_res_get", {Value::i32(1), Value::i32(116)}), kSuccess);
  EXPECT_EQ(load64(116), 1u);
  EXPECT_EQ(call("clock_time_get", {Value::i32(2), Value::i64(0), Value::i32(100)}), kInval);

  // poll_oneoff with one relative monotonic clock subscription of 10 s returns at once.
  std::vector<uint8_t> sub(48, 0);
  uint64_t timeout = 10'000'000'000ull;
  sub[8] = 0;                                  // tag: clock
  sub[16] = 1;                                 // clock id: monotonic
  std::memcpy(sub.data() + 24, &timeout, 8);   // timeout
  std::memcpy(instance_->memory()->data() + 2048, sub.data(), sub.size());
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(call("poll_oneoff", {Value::i32(2048), Value::i32(2304), Value::i32(1), Value::i32(2400)}),
            kSuccess);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// A guest sleeping in poll_oneoff is stopped by an interrupt from another thread.
TEST_F(GuestCalls, SleepIsInterruptible) {
  std::vector<uint8_t> sub(48, 0);
  uint64_t timeout = 60'000'000'000ull;  // 60 s
  sub[16] = 1;
  std::memcpy(sub.data() + 24, &timeout, 8);
  std::memcpy(instance_->memory()->data() + 2048, sub.data(), sub.size());
  InterruptHandle handle = instance_->interrupt_handle();
  std::thread stopper([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    handle.interrupt();
  });
  auto start = std::chrono::steady_clock::now();
  std::vector<Value> args{Value::i32(2048), Value::i32(2304), Value::i32(1), Value::i32(2400)};
  auto r = instance_->call("w_poll_oneoff", args);
  auto elapsed = std::chrono::steady_clock::now() - start;
  stopper.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::Interrupted);
  EXPECT_LT(elapsed, std::chrono::seconds(5));  // generous: shared, noisy machines
}

// A read-only preopen: every mutation is NOTCAPABLE (its rights are withheld), reads work.
class ReadOnly : public GuestCalls {
 protected:
  void configure(Config& c) override { c.preopens.back().read_only = true; }
};

TEST_F(ReadOnly, MutationsAreNotCapable) {
  EXPECT_EQ(path_op("path_create_directory", "newdir"), kNotCapable);
  EXPECT_EQ(path_op("path_unlink_file", "file"), kNotCapable);
  EXPECT_EQ(open_path("newfile", 1 /*creat*/, 0), kNotCapable);
  EXPECT_EQ(open_path("file", 8 /*trunc*/, 0), kNotCapable);
  EXPECT_EQ(open_path("file", 0, 0), kNotCapable);  // rights 0x1fffffff include FD_WRITE
  int32_t len = put(1024, "file");
  EXPECT_EQ(call("path_open", {Value::i32(3), Value::i32(0), Value::i32(1024), Value::i32(len),
                               Value::i32(0), Value::i64(2 /*FD_READ*/), Value::i64(0),
                               Value::i32(0), Value::i32(512)}),
            kSuccess);
  EXPECT_FALSE(fs::exists(root_ / "newdir"));
  EXPECT_TRUE(fs::exists(root_ / "file"));
}

}  // namespace
}  // namespace wasmbind::wasi
