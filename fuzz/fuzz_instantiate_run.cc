// Fuzzes instantiation and execution: any input that compiles is instantiated under tight
// limits (64 MiB per memory, bounded call depth and stack, a 10 ms deadline per call) against
// host stand-ins for every import, and every exported function is called with zero
// arguments. Each step must end in a value, a trap or a limit error: never a crash, a
// sanitizer report, a leak, a hang past the deadline or an error kind that cannot arise
// there (a decoding or validation error after compile succeeded).
//
// Imports: wasi_snapshot_preview1 functions get the real WASI implementation (deterministic
// clocks and randomness, no preopens, output discarded), so fuzzed pointer arguments reach
// its guest-memory checks; everything else gets a stub of the import's exact type: functions
// return zeros (every fourth one traps instead), memories, tables and globals are fresh.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "wasmbind/vm.h"
#include "wasmbind/wasi.h"

namespace {

using namespace wasmbind;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kMaxPages = 1024;  // 64 MiB per memory
constexpr size_t kMaxCalls = 32;      // exported functions called per input
// Calls stop once an input has run this long (each call is also cut at 10 ms), so one input
// stays far below libFuzzer's 1 s timeout even under the sanitizers.
constexpr auto kInputBudget = std::chrono::milliseconds(150);

Limits fuzz_limits() {
  Limits limits;
  limits.max_memory_pages = kMaxPages;
  limits.max_table_elements = 1u << 16;
  limits.max_call_depth = 500;
  limits.max_stack_bytes = 1u << 20;
  limits.timeout = std::chrono::milliseconds(10);
  return limits;
}

// WASMBIND_FUZZ_VERBOSE=1 prints what each step ended in (for reproducing a finding).
bool verbose() {
  static const bool on = std::getenv("WASMBIND_FUZZ_VERBOSE") != nullptr;
  return on;
}

[[noreturn]] void fail(const char* step, const Error& error) {
  std::fprintf(stderr, "unexpected error kind while %s: %s\n", step, error.to_string().c_str());
  std::abort();
}

// Kinds an instantiation may legitimately end in. Unlinkable stays possible with stubs: a
// module may import one name twice with different types, and the WASI attempt may mismatch.
void check_instantiate_error(const Error& e) {
  switch (e.kind) {
    case ErrorKind::Unlinkable:
    case ErrorKind::Uninstantiable:
    case ErrorKind::Trap:
    case ErrorKind::Exhaustion:
    case ErrorKind::Limit:
    case ErrorKind::Host:
    case ErrorKind::Exit:
      return;
    case ErrorKind::Malformed:
    case ErrorKind::Invalid:
      break;
  }
  fail("instantiating", e);
}

void check_call_error(const Error& e) {
  switch (e.kind) {
    case ErrorKind::Trap:
    case ErrorKind::Exhaustion:
    case ErrorKind::Limit:
    case ErrorKind::Host:  // a trapping stub, or a multi-memory access the interpreter refuses
    case ErrorKind::Exit:  // WASI proc_exit
      return;
    default:
      fail("calling an export", e);
  }
}

// The WASI functions, defined once; each input copies this linker and adds its stubs.
const Linker& wasi_linker() {
  static const Linker* linker = [] {
    auto* l = new Linker();
    wasi::define_imports(*l);
    return l;
  }();
  return *linker;
}

// Defines a stand-in for `im` in `linker`; `func_type` is its type when it is a function.
// False when the import cannot be provided within the limits (a memory or table whose
// minimum exceeds them).
bool define_stub(Linker& linker, const ImportDesc& im, const FuncType* func_type, size_t index) {
  Extern e;
  e.kind = im.kind;
  switch (im.kind) {
    case ExternKind::Func: {
      const bool traps = index % 4 == 3;
      linker.define(im.module, im.name,
                    HostFunction{*func_type, [traps](Caller&, std::span<const Value>,
                                               std::span<Value>) -> Result<void> {
                      // Results arrive zeroed (null references), which is the stub's answer.
                      if (traps) return Error(ErrorKind::Host, "stub import traps");
                      return {};
                    }});
      return true;
    }
    case ExternKind::Memory: {
      auto memory = Memory::create(im.memory, kMaxPages);
      if (!memory.ok()) return false;
      e.memory = memory.value();
      break;
    }
    case ExternKind::Table: {
      auto table = Table::create(im.table, fuzz_limits().max_table_elements, Value::null(im.table.element));
      if (!table.ok()) return false;
      e.table = table.value();
      break;
    }
    case ExternKind::Global:
      e.global = std::make_shared<Global>(im.global, Value::null(im.global.type));
      break;
  }
  linker.define(im.module, im.name, std::move(e));
  return true;
}

Result<std::unique_ptr<Instance>> instantiate(const std::shared_ptr<const Module>& module,
                                              bool real_wasi, wasi::Context& context) {
  Linker linker = real_wasi ? wasi_linker() : Linker();
  const auto imports = module->imports();
  uint32_t function_index = 0;  // imported functions come first in the function index space
  for (size_t i = 0; i < imports.size(); ++i) {
    const FuncType* type = nullptr;
    if (imports[i].kind == ExternKind::Func) type = &module->function_type(function_index++);
    if (real_wasi && imports[i].module == "wasi_snapshot_preview1") continue;
    if (!define_stub(linker, imports[i], type, i))
      return Error(ErrorKind::Limit, "import exceeds the fuzzing limits");
  }
  return linker.instantiate(module, fuzz_limits(), &context);
}

void call_exports(Instance& instance, Clock::time_point start) {
  const Module& module = instance.module();
  size_t calls = 0;
  for (const ExportDesc& ex : module.exports()) {
    if (ex.kind != ExternKind::Func) continue;
    if (calls++ == kMaxCalls || Clock::now() - start > kInputBudget) return;
    const FuncType& type = module.function_type(ex.index);
    std::vector<Value> args;
    for (ValType t : type.params) args.push_back(Value::null(t));
    auto out = instance.call(ex.name, args);
    if (verbose())
      std::fprintf(stderr, "call %s: %s\n", ex.name.c_str(),
                   out.ok() ? "returned" : out.error().to_string().c_str());
    if (!out.ok()) {
      check_call_error(out.error());
      continue;
    }
    if (out->size() != type.results.size()) std::abort();
    for (size_t i = 0; i < out->size(); ++i)
      if ((*out)[i].type != type.results[i]) std::abort();
  }
  // The memory the guest left behind is readable end to end (ASan checks the mapping).
  if (Memory* memory = instance.memory(); memory != nullptr && memory->size() != 0) {
    uint8_t edge[2];
    if (!memory->read(memory->size() - 2, edge) || memory->read(memory->size() - 1, edge))
      std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Features features;
  features.tail_call = features.extended_const = features.multi_memory = true;
  auto module = Module::compile(std::span<const uint8_t>(data, size), features);
  if (!module.ok()) return 0;  // rejection is fuzz_decode_validate's subject

  wasi::Config config;
  config.args = {"fuzz"};
  config.deterministic = true;
  auto context = wasi::Context::create(config);
  if (!context.ok()) std::abort();

  const auto start = Clock::now();
  auto instance = instantiate(module.value(), true, **context);
  if (!instance.ok() && instance.error().kind == ErrorKind::Unlinkable)
    instance = instantiate(module.value(), false, **context);  // WASI types did not match
  if (verbose())
    std::fprintf(stderr, "instantiate: %s\n",
                 instance.ok() ? "ok" : instance.error().to_string().c_str());
  if (!instance.ok()) {
    check_instantiate_error(instance.error());
    return 0;
  }
  call_exports(**instance, start);
  return 0;
}
