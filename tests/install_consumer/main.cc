// Builds a module by hand (an exported `add`), runs it through the installed library.
#include <cstdio>
#include <vector>

#include <wasmbind/vm.h>

int main() {
  const std::vector<uint8_t> wasm = {
      0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,              // header
      0x01, 0x07, 0x01, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F,        // type (i32 i32) -> i32
      0x03, 0x02, 0x01, 0x00,                                      // one function of type 0
      0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00,           // export "add"
      0x0A, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B};  // local.get 0 1, add
  auto module = wasmbind::Module::compile(wasm);
  if (!module.ok()) return std::printf("%s\n", module.error().to_string().c_str()), 1;
  auto instance = wasmbind::Linker().instantiate(*module);
  if (!instance.ok()) return std::printf("%s\n", instance.error().to_string().c_str()), 1;
  auto sum = (*instance)->call<int32_t(int32_t, int32_t)>("add", 40, 2);
  if (!sum.ok() || *sum != 42) return std::printf("wrong result\n"), 1;
  std::printf("add(40, 2) = %d\n", *sum);
  return 0;
}
