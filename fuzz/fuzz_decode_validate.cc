// Fuzzes the decoder and validator: any byte string must yield a Module or an Error, never a
// crash, a sanitizer report or a hang. It also checks that validate() and Module::compile()
// agree, since both must reach the same verdict from the same bytes.
//
// With WASMBIND_FUZZ_SAVE_DIR=DIR set, every input is also written to DIR, for
// fuzz/validate_vs_wabt.py to compare the verdicts with wabt's wasm-validate.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "wasmbind/module.h"

namespace {

[[noreturn]] void disagree(const char* what, const std::string& detail) {
  std::fprintf(stderr, "validate() and Module::compile() disagree: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// Touches everything the public API exposes, so a compiled Module with inconsistent
// internals (e.g. an export index out of range) shows up under ASan.
void inspect(const wasmbind::Module& module) {
  size_t sink = 0;
  for (const auto& import : module.imports()) sink += import.module.size() + import.name.size();
  for (const auto& exp : module.exports()) sink += exp.name.size();
  for (uint32_t i = 0; i < module.function_count(); ++i) {
    const auto& type = module.function_type(i);
    sink += type.params.size() + type.results.size() + module.function_name(i).size();
  }
  // Keeps the loop from being optimized away.
  asm volatile("" : : "r"(sink));
}

void save_input(const uint8_t* data, size_t size) {
  static const char* dir = std::getenv("WASMBIND_FUZZ_SAVE_DIR");
  if (dir == nullptr) return;
  static uint64_t count = 0;
  const std::string path = std::string(dir) + "/" + std::to_string(count++) + ".wasm";
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    if (size != 0) std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  save_input(data, size);
  const std::span<const uint8_t> wasm(data, size);

  const auto verdict = wasmbind::validate(wasm);
  const auto module = wasmbind::Module::compile(wasm);
  if (module.ok()) {
    if (!verdict.ok()) disagree("compile accepted, validate rejected", verdict.error().to_string());
    inspect(*module.value());
  } else if (verdict.ok()) {
    // compile() may do more than validate() (translation to interpreter code, later), and
    // only that extra work may fail, with a limit error.
    if (module.error().kind != wasmbind::ErrorKind::Limit) {
      disagree("validate accepted, compile rejected", module.error().to_string());
    }
  } else if (verdict.error().to_string() != module.error().to_string()) {
    disagree("different errors", verdict.error().to_string() + "\n" + module.error().to_string());
  }

  // The optional proposals change decoding and typing rules; they must be just as robust.
  wasmbind::Features all;
  all.tail_call = all.extended_const = all.multi_memory = true;
  (void)wasmbind::validate(wasm, all);
  return 0;
}
