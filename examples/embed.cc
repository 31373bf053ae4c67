// Embedding wasmbind in a C++ program: load a module, give it a host function, call exports.
// Usage: embed hello.wasm
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include <wasmbind/vm.h>

int main(int argc, char** argv) {
  if (argc != 2) return std::fprintf(stderr, "usage: %s hello.wasm\n", argv[0]), 2;
  std::ifstream file(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(file), {}};

  auto module = wasmbind::Module::compile(bytes);  // decode + validate + translate, once
  if (!module.ok()) return std::fprintf(stderr, "%s\n", module.error().to_string().c_str()), 1;

  wasmbind::Linker linker;
  // env.log(ptr) prints the NUL-terminated string at `ptr` in the guest's memory.
  linker.define("env", "log", wasmbind::HostFunction{
      {{wasmbind::ValType::I32}, {}},
      [](wasmbind::Caller& caller, std::span<const wasmbind::Value> args, std::span<wasmbind::Value>) {
        std::string text;
        uint8_t c;
        for (uint32_t p = args[0].as_i32(); caller.memory()->read(p, {&c, 1}) && c; ++p) text += char(c);
        std::printf("guest says: %s\n", text.c_str());
        return wasmbind::Result<void>();
      }});

  auto instance = linker.instantiate(*module);  // cheap: do it per request if you like
  if (!instance.ok()) return std::fprintf(stderr, "%s\n", instance.error().to_string().c_str()), 1;
  auto sum = (*instance)->call<int32_t(int32_t, int32_t)>("add", 2, 40);
  auto fib = (*instance)->call<int32_t(int32_t)>("fib", 30);
  if (!sum.ok() || !fib.ok()) return 1;
  std::printf("add(2, 40) = %d, fib(30) = %d\n", *sum, *fib);
  return (*instance)->call<void()>("greet").ok() ? 0 : 1;
}
