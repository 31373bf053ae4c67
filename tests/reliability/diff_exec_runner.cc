// Runs modules made by binaryen's `wasm-opt -ttf` the way binaryen's --fuzz-exec does, and
// prints what happened in a typed, exact form for tests/reliability/diff_exec.py to compare
// with binaryen's own interpreter:
//   - the imports "fuzzing-support"."log-*" print their arguments (an i64 as its low and
//     high 32-bit halves, as binaryen logs it);
//   - every exported function, in export order, is called with zero arguments on the same
//     instance, after calling "hangLimitInitializer" if the module exports it;
//   - a call's results or trap are printed; execution goes on with the next export.
//
// Usage: diff_exec_runner FILE.wasm...    Output per file:
//   module FILE
//   compile-error MESSAGE | instantiate-error MESSAGE
//   call NAME
//   log i32 -5 | log i64 LOW HIGH | log f32 0xBITS | log f64 0xBITS | log v128 0xL0 0xL1 0xL2 0xL3
//   result NAME VALUE...    (i32:-5 i64:-5 f32:0xBITS f64:0xBITS v128:0xL0:0xL1:0xL2:0xL3
//                            funcref:null|nonnull externref:null|nonnull)
//   trap NAME MESSAGE       (any error: a trap, stack exhaustion, a limit)
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wasmbind/vm.h"

namespace {

using namespace wasmbind;

std::string format(const Value& v, char lane_separator) {
  char buf[96];
  switch (v.type) {
    case ValType::I32: std::snprintf(buf, sizeof buf, "%" PRId32, v.as_i32()); break;
    case ValType::I64: std::snprintf(buf, sizeof buf, "%" PRId64, v.as_i64()); break;
    case ValType::F32: std::snprintf(buf, sizeof buf, "0x%08" PRIx32, v.f32_bits()); break;
    case ValType::F64: std::snprintf(buf, sizeof buf, "0x%016" PRIx64, v.f64_bits()); break;
    case ValType::V128: {
      uint32_t lanes[4];
      std::memcpy(lanes, v.bits.data(), 16);
      std::snprintf(buf, sizeof buf, "0x%08" PRIx32 "%c0x%08" PRIx32 "%c0x%08" PRIx32 "%c0x%08" PRIx32,
                    lanes[0], lane_separator, lanes[1], lane_separator, lanes[2], lane_separator,
                    lanes[3]);
      break;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return v.is_null() ? "null" : "nonnull";
  }
  return buf;
}

void define_logging(Linker& linker) {
  for (ValType t : {ValType::I32, ValType::I64, ValType::F32, ValType::F64, ValType::V128}) {
    const std::string name = "log-" + std::string(to_string(t));
    linker.define("fuzzing-support", name,
                  HostFunction{FuncType{{t}, {}},
                               [t](Caller&, std::span<const Value> args, std::span<Value>) -> Result<void> {
                                 if (t == ValType::I64) {
                                   const uint64_t v = static_cast<uint64_t>(args[0].as_i64());
                                   std::printf("log i64 %" PRId32 " %" PRId32 "\n",
                                               static_cast<int32_t>(v), static_cast<int32_t>(v >> 32));
                                 } else {
                                   std::printf("log %s %s\n", std::string(to_string(t)).c_str(),
                                               format(args[0], ' ').c_str());
                                 }
                                 return {};
                               }});
  }
}

void run_file(const Linker& linker, const std::string& path) {
  std::printf("module %s\n", path.c_str());
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Features features;
  features.tail_call = features.extended_const = true;
  auto module = Module::compile(bytes, features);
  if (!module.ok()) {
    std::printf("compile-error %s\n", module.error().to_string().c_str());
    return;
  }
  Limits limits;
  // Binaryen's hang limit bounds every loop and recursion; this only guards the runner.
  limits.timeout = std::chrono::seconds(10);
  auto instance = linker.instantiate(module.value(), limits);
  if (!instance.ok()) {
    std::printf("instantiate-error %s\n", instance.error().to_string().c_str());
    return;
  }
  Instance& inst = **instance;
  const bool has_hang_limit = inst.get_export("hangLimitInitializer").has_value();
  for (const ExportDesc& ex : module.value()->exports()) {
    if (ex.kind != ExternKind::Func) continue;
    std::printf("call %s\n", ex.name.c_str());
    std::fflush(stdout);
    if (has_hang_limit) (void)inst.call("hangLimitInitializer", {});
    const FuncType& type = module.value()->function_type(ex.index);
    std::vector<Value> args;
    for (ValType t : type.params) args.push_back(Value::null(t));
    auto out = inst.call(ex.name, args);
    if (!out.ok()) {
      std::printf("trap %s %s\n", ex.name.c_str(), out.error().to_string().c_str());
      continue;
    }
    if (out->empty()) continue;
    std::printf("result %s", ex.name.c_str());
    for (const Value& v : *out)
      std::printf(" %s:%s", std::string(to_string(v.type)).c_str(), format(v, ':').c_str());
    std::printf("\n");
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: diff_exec_runner FILE.wasm...\n");
    return 2;
  }
  Linker linker;
  define_logging(linker);
  for (int i = 1; i < argc; ++i) run_file(linker, argv[i]);
  return 0;
}
