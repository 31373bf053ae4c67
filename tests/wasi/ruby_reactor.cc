// CRuby 3.2 compiled to WASI (@ruby/3.2-wasm-wasi@2.10.1, dist/ruby+stdlib.wasm), driven
// through the embedding API the way the package's own JavaScript does (dist/cjs/vm.js):
// _initialize, ruby-init with ["ruby.wasm", "-EUTF-8", "-e_=0"] (canonical ABI: each string
// NUL-terminated, allocated with cabi_realloc, passed as a list of (ptr, len) pairs), then
// rb-eval-string-protect. The JS bridge imports (rb-js-abi-host.*) trap if called; the
// canonical ABI's resource functions are a small handle table, as the JS binding's slab is.
// Usage: ruby_reactor RUBY_WASM   (prints stdout and the timings; exit 0 on the exact output)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wasmbind/vm.h"
#include "wasmbind/wasi.h"

using namespace wasmbind;

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// Guest memory helpers: allocate with cabi_realloc(0, 0, align, size), then write.
struct Guest {
  Instance& instance;
  Result<uint32_t> alloc(uint32_t align, uint32_t size) {
    auto r = instance.call<int32_t(int32_t, int32_t, int32_t, int32_t)>("cabi_realloc", 0, 0, align, size);
    if (!r.ok()) return r.error();
    return static_cast<uint32_t>(*r);
  }
  bool write(uint32_t at, const void* data, size_t n) {
    return instance.memory()->write(at, {static_cast<const uint8_t*>(data), n});
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return std::fprintf(stderr, "usage: %s ruby+stdlib.wasm\n", argv[0]), 2;
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};

  auto t0 = std::chrono::steady_clock::now();
  auto module = Module::compile(bytes);
  if (!module.ok()) return std::fprintf(stderr, "%s\n", module.error().to_string().c_str()), 1;
  double compile_ms = ms_since(t0);

  Linker linker;
  wasi::define_imports(linker);
  std::vector<int32_t> handles;  // canonical_abi resources: handle -> guest value
  for (size_t i = 0; i < (*module)->imports().size(); ++i) {
    const ImportDesc& im = (*module)->imports()[i];
    if (im.kind != ExternKind::Func || im.module == "wasi_snapshot_preview1") continue;
    FuncType type = (*module)->function_type(static_cast<uint32_t>(i));
    std::string name = im.module + "." + im.name;
    HostCallback cb;
    if (im.module == "canonical_abi" && im.name.starts_with("resource_new_")) {
      cb = [&handles](Caller&, std::span<const Value> a, std::span<Value> r) {
        handles.push_back(a[0].as_i32());
        r[0] = Value::i32(static_cast<int32_t>(handles.size() - 1));
        return Result<void>();
      };
    } else if (im.module == "canonical_abi" && im.name.starts_with("resource_get_")) {
      cb = [&handles](Caller&, std::span<const Value> a, std::span<Value> r) {
        uint32_t h = static_cast<uint32_t>(a[0].as_i32());
        if (h >= handles.size()) return Result<void>(Error(ErrorKind::Host, "bad resource handle"));
        r[0] = Value::i32(handles[h]);
        return Result<void>();
      };
    } else if (im.module == "canonical_abi" && im.name.starts_with("resource_drop_")) {
      cb = [](Caller&, std::span<const Value>, std::span<Value>) { return Result<void>(); };
    } else {
      cb = [name](Caller&, std::span<const Value>, std::span<Value>) {
        return Result<void>(Error(ErrorKind::Host, "stub import called: " + name));
      };
    }
    linker.define(im.module, im.name, HostFunction{type, cb});
  }

  wasi::Config config;
  config.stdout_output = wasi::Output::buffer();
  config.stderr_output = wasi::Output::to_fd(2);
  auto context = wasi::Context::create(config);
  if (!context.ok()) return std::fprintf(stderr, "%s\n", context.error().to_string().c_str()), 1;

  auto t1 = std::chrono::steady_clock::now();
  auto instance = linker.instantiate(*module, Limits{}, context->get());
  if (!instance.ok()) return std::fprintf(stderr, "%s\n", instance.error().to_string().c_str()), 1;
  Instance& inst = **instance;
  Guest guest{inst};
  auto check = [](const auto& r, const char* what) {
    if (!r.ok()) std::fprintf(stderr, "%s: %s\n", what, r.error().to_string().c_str());
    return r.ok();
  };
  if (!check(inst.call("_initialize", {}), "_initialize")) return 1;

  // ruby-init(list<string>): a list of (ptr, len) pairs, each string with its NUL.
  std::vector<std::string> args = {"ruby.wasm", "-EUTF-8", "-e_=0"};
  auto list = guest.alloc(4, static_cast<uint32_t>(args.size() * 8));
  if (!check(list, "cabi_realloc")) return 1;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string s = args[i] + '\0';
    auto p = guest.alloc(1, static_cast<uint32_t>(s.size()));
    if (!check(p, "cabi_realloc")) return 1;
    uint32_t pair[2] = {*p, static_cast<uint32_t>(s.size())};
    if (!guest.write(*p, s.data(), s.size()) || !guest.write(*list + static_cast<uint32_t>(i) * 8, pair, 8))
      return std::fprintf(stderr, "guest memory write failed\n"), 1;
  }
  std::vector<Value> init_args{Value::i32(static_cast<int32_t>(*list)),
                               Value::i32(static_cast<int32_t>(args.size()))};
  if (!check(inst.call("ruby-init: func(args: list<string>) -> ()", init_args), "ruby-init")) return 1;
  double init_ms = ms_since(t1);

  auto t2 = std::chrono::steady_clock::now();
  std::string code = "puts [3,1,2].sort.inspect; puts RUBY_VERSION; $stdout.flush";
  auto p = guest.alloc(1, static_cast<uint32_t>(code.size()));
  if (!check(p, "cabi_realloc") || !guest.write(*p, code.data(), code.size())) return 1;
  std::vector<Value> eval_args{Value::i32(static_cast<int32_t>(*p)),
                               Value::i32(static_cast<int32_t>(code.size()))};
  auto ret = inst.call(
      "rb-eval-string-protect: func(str: string) -> tuple<handle<rb-abi-value>, s32>", eval_args);
  if (!check(ret, "rb-eval-string-protect")) return 1;
  int32_t state = -1;
  uint8_t tuple[8];
  if (!inst.memory()->read(static_cast<uint32_t>((*ret)[0].as_i32()), tuple)) return 1;
  std::memcpy(&state, tuple + 4, 4);
  double eval_ms = ms_since(t2);

  const std::string& out = (*context)->stdout_buffer();
  std::printf("stdout: %s", out.c_str());
  std::printf("state: %d\ncompile: %.1f ms, instantiate+_initialize+ruby-init: %.1f ms, eval: %.1f ms\n",
              state, compile_ms, init_ms, eval_ms);
  bool ok = out == "[1, 2, 3]\n3.2.4\n" && state == 0;
  std::printf("%s\n", ok ? "ok" : "MISMATCH (want \"[1, 2, 3]\\n3.2.4\\n\" and state 0)");
  return ok ? 0 : 1;
}
