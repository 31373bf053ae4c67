// Runs N loop iterations (default 10^8) and 10^6 calls; CTest runs this binary under
// `ulimit -s 1024`, so a handler chain that grew the native stack (a lost tail call) would
// crash it.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "wasmbind/vm.h"

int main(int argc, char** argv) {
  std::ifstream in(std::string(WASMBIND_TEST_WASM_DIR) + "/runaway.wasm", std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
  auto module = wasmbind::Module::compile(bytes);
  if (!module.ok()) return std::printf("%s\n", module.error().to_string().c_str()), 1;
  wasmbind::Linker linker;
  linker.func("host", "add", [](int32_t a, int32_t b) { return a + b; });
  linker.func("host", "fail", [] {});
  auto inst = linker.instantiate(*module);
  if (!inst.ok()) return std::printf("%s\n", inst.error().to_string().c_str()), 1;
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : 100'000'000;
  auto r = (*inst)->call<int64_t(int64_t)>("count", n);
  if (!r.ok() || *r != n) return std::printf("count failed\n"), 1;
  for (int i = 0; i < 1'000'000; ++i) {
    auto s = (*inst)->call<int32_t(int32_t, int32_t)>("call_host", i, 1);
    if (!s.ok() || *s != i + 1) return std::printf("call_host failed\n"), 1;
  }
  std::printf("ok: %lld iterations under a small native stack\n", static_cast<long long>(n));
  return 0;
}
