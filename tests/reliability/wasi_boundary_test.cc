// WASI pointer arguments at the end of a 4 GiB memory: every buffer, struct and string whose
// end is exactly 2^32 works, one byte further is ERRNO_FAULT, and nothing beyond the memory
// is touched (the ASan build checks). Also the list limits that keep one call from making
// the host allocate more than the guest has: at most 1,024 iovecs (EINVAL beyond, as Linux's
// writev), and at most 16 MiB passed to stdout per fd_write however the buffers overlap.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "module_builder.h"
#include "wasmbind/vm.h"
#include "wasmbind/wasi.h"

namespace wasmbind::test {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t k4G = uint64_t{1} << 32;
constexpr int32_t kSuccess = 0, kFault = 21, kInval = 28;

struct Import {
  const char* name;
  Bytes params;
};

const std::vector<Import>& wasi_imports() {
  using namespace op;
  static const std::vector<Import> list = {
      {"fd_write", {kI32, kI32, kI32, kI32}},
      {"fd_read", {kI32, kI32, kI32, kI32}},
      {"random_get", {kI32, kI32}},
      {"clock_time_get", {kI32, kI64, kI32}},
      {"args_sizes_get", {kI32, kI32}},
      {"args_get", {kI32, kI32}},
      {"environ_sizes_get", {kI32, kI32}},
      {"environ_get", {kI32, kI32}},
      {"fd_prestat_get", {kI32, kI32}},
      {"fd_prestat_dir_name", {kI32, kI32, kI32}},
      {"path_open", {kI32, kI32, kI32, kI32, kI32, kI64, kI64, kI32, kI32}},
      {"path_filestat_get", {kI32, kI32, kI32, kI32, kI32}},
      {"fd_filestat_get", {kI32, kI32}},
      {"fd_fdstat_get", {kI32, kI32}},
      {"poll_oneoff", {kI32, kI32, kI32, kI32}},
  };
  return list;
}

class WasiBoundary : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wasmbind-wasi-boundary-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::ofstream(dir_ / "f") << "file";

    ModuleBuilder m;
    for (const Import& im : wasi_imports())
      m.export_func(im.name, m.import_func("wasi_snapshot_preview1", im.name, m.type(im.params, {op::kI32})));
    m.memory(65536, 65536);
    m.export_("memory", 0x02, 0);
    auto module = Module::compile(m.build());
    ASSERT_TRUE(module.ok()) << module.error().to_string();

    wasi::Config config;
    config.args = {"prog", "arg"};        // argv blob: 9 bytes
    config.env = {"A=1"};                 // environ blob: 4 bytes
    config.stdin_input = wasi::Input::from_bytes("hello");
    config.stdout_output = wasi::Output::buffer();
    config.preopens.push_back({dir_.string(), "/sandbox", false});  // fd 3, name 8 bytes
    auto context = wasi::Context::create(config);
    ASSERT_TRUE(context.ok()) << context.error().to_string();
    context_ = std::move(context.value());
    Linker linker;
    wasi::define_imports(linker);
    auto instance = linker.instantiate(module.value(), Limits{}, context_.get());
    ASSERT_TRUE(instance.ok()) << instance.error().to_string();
    instance_ = std::move(instance.value());
  }
  void TearDown() override {
    instance_.reset();
    context_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  uint8_t* mem() { return instance_->memory()->data(); }
  void store32(uint64_t at, uint32_t v) { std::memcpy(mem() + at, &v, 4); }
  void store64(uint64_t at, uint64_t v) { std::memcpy(mem() + at, &v, 8); }
  uint32_t load32(uint64_t at) {
    uint32_t v;
    std::memcpy(&v, mem() + at, 4);
    return v;
  }
  void iov(uint64_t at, uint32_t buf, uint32_t len) {
    store32(at, buf);
    store32(at + 4, len);
  }

  // Calls `name` with i32 arguments (given as uint64_t) except where the import takes an i64.
  int32_t call(const char* name, std::initializer_list<uint64_t> args) {
    const Import* im = nullptr;
    for (const Import& i : wasi_imports())
      if (std::string(i.name) == name) im = &i;
    EXPECT_NE(im, nullptr) << name;
    std::vector<Value> values;
    size_t k = 0;
    for (uint64_t a : args) {
      values.push_back(im->params[k++] == op::kI64 ? Value::i64(static_cast<int64_t>(a))
                                                   : Value::i32(static_cast<int32_t>(static_cast<uint32_t>(a))));
    }
    auto r = instance_->call(name, values);
    EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().to_string());
    return r.ok() ? r->front().as_i32() : -1;
  }

  fs::path dir_;
  std::unique_ptr<wasi::Context> context_;
  std::unique_ptr<Instance> instance_;
};

TEST_F(WasiBoundary, BuffersEndingAtTheLastByte) {
  EXPECT_EQ(call("random_get", {k4G - 16, 16}), kSuccess);
  EXPECT_EQ(call("random_get", {k4G - 16, 17}), kFault);
  EXPECT_EQ(call("random_get", {k4G - 1, 1}), kSuccess);
  EXPECT_EQ(call("random_get", {k4G - 1, 2}), kFault);
  EXPECT_EQ(call("random_get", {0xFFFFFFFF, 0xFFFFFFFF}), kFault);
  EXPECT_EQ(call("random_get", {2, 0xFFFFFFFF}), kFault);  // (1, 2^32-1) would fill 4 GiB

  EXPECT_EQ(call("clock_time_get", {1, 0, k4G - 8}), kSuccess);
  EXPECT_EQ(call("clock_time_get", {1, 0, k4G - 7}), kFault);
  EXPECT_EQ(call("clock_time_get", {1, 0, 0xFFFFFFFF}), kFault);

  EXPECT_EQ(call("args_sizes_get", {k4G - 8, k4G - 4}), kSuccess);
  EXPECT_EQ(load32(k4G - 8), 2u);
  EXPECT_EQ(load32(k4G - 4), 9u);
  EXPECT_EQ(call("args_sizes_get", {k4G - 3, 0}), kFault);
  EXPECT_EQ(call("args_sizes_get", {0, k4G - 3}), kFault);
  EXPECT_EQ(call("args_get", {k4G - 8, k4G - 100}), kSuccess);  // two pointers end at 2^32
  EXPECT_EQ(call("args_get", {k4G - 7, k4G - 100}), kFault);
  EXPECT_EQ(call("args_get", {0, k4G - 9}), kSuccess);  // "prog\0arg\0" ends at 2^32
  EXPECT_EQ(std::memcmp(mem() + k4G - 9, "prog\0arg", 9), 0);
  EXPECT_EQ(call("args_get", {0, k4G - 8}), kFault);
  EXPECT_EQ(call("environ_get", {k4G - 4, k4G - 8}), kSuccess);
  EXPECT_EQ(call("environ_get", {k4G - 3, 0}), kFault);
  EXPECT_EQ(call("environ_get", {0, k4G - 3}), kFault);
  EXPECT_EQ(call("environ_sizes_get", {k4G - 4, k4G - 3}), kFault);

  EXPECT_EQ(call("fd_prestat_get", {3, k4G - 8}), kSuccess);
  EXPECT_EQ(call("fd_prestat_get", {3, k4G - 7}), kFault);
  EXPECT_EQ(call("fd_prestat_dir_name", {3, k4G - 8, 8}), kSuccess);
  EXPECT_EQ(std::memcmp(mem() + k4G - 8, "/sandbox", 8), 0);
  EXPECT_EQ(call("fd_prestat_dir_name", {3, k4G - 7, 8}), kFault);
  EXPECT_EQ(call("fd_filestat_get", {3, k4G - 64}), kSuccess);
  EXPECT_EQ(call("fd_filestat_get", {3, k4G - 63}), kFault);
  EXPECT_EQ(call("fd_fdstat_get", {1, k4G - 24}), kSuccess);
  EXPECT_EQ(call("fd_fdstat_get", {1, k4G - 23}), kFault);
}

TEST_F(WasiBoundary, PathStrings) {
  // The path "f" is the last byte of memory; the fd and stat land just below it.
  mem()[k4G - 1] = 'f';
  const uint64_t all = ~uint64_t{0};
  EXPECT_EQ(call("path_open", {3, 0, k4G - 1, 1, 0, all, all, 0, k4G - 5}), kSuccess);
  EXPECT_GE(load32(k4G - 5), 4u);  // the new fd
  EXPECT_EQ(call("path_open", {3, 0, k4G - 1, 2, 0, all, all, 0, 0}), kFault);
  EXPECT_EQ(call("path_open", {3, 0, k4G - 1, 1, 0, all, all, 0, k4G - 3}), kFault);
  EXPECT_EQ(call("path_open", {3, 0, 0xFFFFFFFF, 0xFFFFFFFF, 0, all, all, 0, 0}), kFault);
  EXPECT_EQ(call("path_filestat_get", {3, 0, k4G - 1, 1, k4G - 128}), kSuccess);
  EXPECT_EQ(call("path_filestat_get", {3, 0, k4G - 1, 1, k4G - 64}), kSuccess);  // overwrites "f"
  mem()[k4G - 1] = 'f';
  EXPECT_EQ(call("path_filestat_get", {3, 0, k4G - 1, 1, k4G - 63}), kFault);
  EXPECT_EQ(call("path_filestat_get", {3, 0, k4G - 1, 2, 0}), kFault);
}

TEST_F(WasiBoundary, IovecsAndEvents) {
  // fd_write: the iovec list, each buffer and nwritten may end at 2^32, not beyond.
  std::memcpy(mem() + k4G - 24, "0123456789abcdef", 16);
  iov(k4G - 8, static_cast<uint32_t>(k4G - 24), 16);
  EXPECT_EQ(call("fd_write", {1, k4G - 8, 1, 0x100}), kSuccess);
  EXPECT_EQ(load32(0x100), 16u);
  EXPECT_EQ(context_->stdout_buffer(), "0123456789abcdef");
  EXPECT_EQ(call("fd_write", {1, k4G - 7, 1, 0x100}), kFault);
  iov(0x200, static_cast<uint32_t>(k4G - 16), 16);
  EXPECT_EQ(call("fd_write", {1, 0x200, 1, k4G - 4}), kSuccess);
  EXPECT_EQ(call("fd_write", {1, 0x200, 1, k4G - 3}), kFault);
  iov(0x200, static_cast<uint32_t>(k4G - 15), 16);
  EXPECT_EQ(call("fd_write", {1, 0x200, 1, 0x100}), kFault);
  iov(0x200, 0xFFFFFFFF, 0xFFFFFFFF);
  EXPECT_EQ(call("fd_write", {1, 0x200, 1, 0x100}), kFault);

  // fd_read from stdin ("hello") into the last five bytes.
  iov(k4G - 8, static_cast<uint32_t>(k4G - 4), 5);
  EXPECT_EQ(call("fd_read", {0, k4G - 8, 1, 0x100}), kFault);
  iov(k4G - 8, static_cast<uint32_t>(k4G - 5), 5);
  EXPECT_EQ(call("fd_read", {0, k4G - 8, 1, 0x100}), kSuccess);
  EXPECT_EQ(std::memcmp(mem() + k4G - 5, "hello", 5), 0);

  // poll_oneoff: one clock subscription (48 bytes) and one event (32 bytes) at the end.
  auto subscribe = [&](uint64_t at) {
    std::memset(mem() + at, 0, 48);
    store64(at, 0x1234);            // userdata
    mem()[at + 8] = 0;              // clock
    store32(at + 16, 1);            // monotonic
    store64(at + 24, 1000);         // 1 us
  };
  subscribe(k4G - 48);
  EXPECT_EQ(call("poll_oneoff", {k4G - 48, k4G - 96, 1, k4G - 100}), kSuccess);
  EXPECT_EQ(load32(k4G - 100), 1u);
  EXPECT_EQ(call("poll_oneoff", {k4G - 47, k4G - 96, 1, k4G - 100}), kFault);
  EXPECT_EQ(call("poll_oneoff", {k4G - 48, k4G - 31, 1, k4G - 100}), kFault);
  EXPECT_EQ(call("poll_oneoff", {k4G - 48, k4G - 96, 1, k4G - 3}), kFault);
  EXPECT_EQ(call("poll_oneoff", {0, 0, 0xFFFFFFFF, 0x100}), kFault);
}

TEST_F(WasiBoundary, OneCallCannotAmplifyHostMemory) {
  // 2^29 iovecs fill the whole 4 GiB memory (in bounds); more than 1,024 are refused before
  // anything is read, instead of a list of 2^29 entries on the host.
  EXPECT_EQ(call("fd_write", {1, 0, 1u << 29, 0x100}), kInval);
  EXPECT_EQ(call("fd_read", {0, 0, 1025, 0x100}), kInval);
  EXPECT_EQ(call("fd_write", {1, 0x1000, 1024, 0x100}), kSuccess);  // 1,024 empty iovecs

  // 1,024 overlapping buffers of 1 GiB each would be 1 TiB on stdout: one call passes 16 MiB.
  for (uint32_t i = 0; i < 1024; ++i) iov(0x2000 + 8 * i, 0, 1u << 30);
  EXPECT_EQ(call("fd_write", {1, 0x2000, 1024, 0x100}), kSuccess);
  EXPECT_EQ(load32(0x100), 16u << 20);
  EXPECT_EQ(context_->stdout_buffer().size(), size_t{16} << 20);
}

}  // namespace
}  // namespace wasmbind::test
