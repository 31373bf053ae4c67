// wasmbind-micro-bench: Google Benchmark micro benchmarks of the embedding API.
//
//   BM_InstantiateCallDestroy/...  instantiate a small module, call one export, destroy it
//   BM_WasmCall/...                call a tiny export from C++ (by name, typed / by handle)
//   BM_HostCall                    a Wasm loop calling an imported C++ function N times
//   BM_WasmToWasmCall              the same loop calling a Wasm function
//   BM_LoopWithoutCall             the same loop with the call replaced by an add (baseline)
//   BM_Validate/<module>           wasmbind::validate (decode + validate)
//   BM_Compile/<module>            Module::compile (decode + validate + translate)
//
// The compile benchmarks run over the compute kernels' .wasm files and any large modules given:
//   wasmbind-micro-bench [--kernels-dir=DIR] [--large=A.wasm:B.wasm] [--benchmark_...]
// or through $WASMBIND_BENCH_KERNELS and $WASMBIND_LARGE_WASM (colon-separated). The kernels
// directory defaults to where the bench-kernels target builds them; large modules have no
// default (bench/fetch_large_modules.sh downloads two). A missing path is reported and skipped.
//
// The small modules are assembled here from bytes (their text form is in the comments), so
// the benchmark needs no files of its own.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wasmbind/vm.h"

#ifndef WASMBIND_BENCH_KERNEL_DIR
#define WASMBIND_BENCH_KERNEL_DIR ""
#endif

namespace {

using wasmbind::Linker;
using wasmbind::Module;
using Bytes = std::vector<uint8_t>;

// ---------------------------------------------------------------- a tiny module encoder

void leb(Bytes& out, uint32_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

void name(Bytes& out, std::string_view s) {
  leb(out, static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

void section(Bytes& module, uint8_t id, const Bytes& body) {
  module.push_back(id);
  leb(module, static_cast<uint32_t>(body.size()));
  module.insert(module.end(), body.begin(), body.end());
}

Bytes header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

// Function bodies: each is (locals..., code...) without the size prefix.
Bytes code_section(const std::vector<Bytes>& bodies) {
  Bytes s;
  leb(s, static_cast<uint32_t>(bodies.size()));
  for (const Bytes& b : bodies) {
    leb(s, static_cast<uint32_t>(b.size()));
    s.insert(s.end(), b.begin(), b.end());
  }
  return s;
}

constexpr uint8_t kI32 = 0x7f;

// (module
//   (memory 1)                       ;; or (memory 1 1) with max_one_page
//   (data (i32.const 16) "...64 bytes...")
//   (func (export "load") (result i32)
//     (i32.add (i32.load offset=16 (i32.const 0)) (i32.load offset=76 (i32.const 0)))))
Bytes instantiate_module(bool max_one_page) {
  Bytes m = header();
  section(m, 1, {1, 0x60, 0, 1, kI32});                                        // type () -> i32
  section(m, 3, {1, 0});                                                       // func 0: type 0
  section(m, 5, max_one_page ? Bytes{1, 0x01, 1, 1} : Bytes{1, 0x00, 1});      // memory
  Bytes exports{1};
  name(exports, "load");
  exports.insert(exports.end(), {0x00, 0});                                    // func 0
  section(m, 7, exports);
  section(m, 10, code_section({{0,                                             // no locals
                                 0x41, 0, 0x28, 2, 16,                         // i32.load offset=16
                                 0x41, 0, 0x28, 2, 76,                         // i32.load offset=76
                                 0x6a, 0x0b}}));                               // i32.add end
  Bytes data{1, 0x00, 0x41, 16, 0x0b, 64};                                     // active, mem 0
  for (int i = 0; i < 64; i++) data.push_back(static_cast<uint8_t>(i * 7 + 1));
  section(m, 11, data);
  return m;
}

// (module
//   (import "env" "inc" (func $inc (param i32) (result i32)))          ;; func 0
//   (func $inc_wasm (export "inc_wasm") (param i32) (result i32)       ;; func 1
//     (i32.add (local.get 0) (i32.const 1)))
//   (func (export "host_loop") (param $n i32) (result i32)             ;; func 2
//     (local $acc i32)
//     (block (loop
//       (br_if 1 (i32.eqz (local.get $n)))
//       (local.set $acc (call $inc (local.get $acc)))
//       (local.set $n (i32.sub (local.get $n) (i32.const 1)))
//       (br 0)))
//     (local.get $acc))
//   (func (export "wasm_loop") ...)                                    ;; func 3: calls $inc_wasm
//   (func (export "no_call_loop") ...))  ;; func 4: (i32.add (local.get $acc) (i32.const 1))
Bytes call_module() {
  Bytes m = header();
  section(m, 1, {1, 0x60, 1, kI32, 1, kI32});                                 // type 0: i32 -> i32
  Bytes imports{1};
  name(imports, "env");
  name(imports, "inc");
  imports.insert(imports.end(), {0x00, 0});
  section(m, 2, imports);
  section(m, 3, {4, 0, 0, 0, 0});
  Bytes exports{4};
  const char* names[] = {"inc_wasm", "host_loop", "wasm_loop", "no_call_loop"};
  for (uint8_t i = 0; i < 4; i++) {
    name(exports, names[i]);
    exports.insert(exports.end(), {0x00, static_cast<uint8_t>(i + 1)});
  }
  section(m, 7, exports);
  // `step` turns $acc (on the stack) into the next $acc.
  auto loop = [](Bytes step) {
    Bytes body{1, 1, kI32,                     // (local $acc i32)
               0x02, 0x40, 0x03, 0x40,         // block loop
               0x20, 0, 0x45, 0x0d, 1,         // local.get $n, i32.eqz, br_if 1
               0x20, 1};                       // local.get $acc
    body.insert(body.end(), step.begin(), step.end());
    body.insert(body.end(), {0x21, 1,                     // local.set $acc
                             0x20, 0, 0x41, 1, 0x6b, 0x21, 0,  // local.set $n (i32.sub $n 1)
                             0x0c, 0, 0x0b, 0x0b,        // br 0, end loop, end block
                             0x20, 1, 0x0b});            // local.get $acc, end
    return body;
  };
  section(m, 10, code_section({{0, 0x20, 0, 0x41, 1, 0x6a, 0x0b},
                               loop({0x10, 0}),            // call $inc (host)
                               loop({0x10, 1}),            // call $inc_wasm
                               loop({0x41, 1, 0x6a})}));   // i32.const 1, i32.add
  return m;
}

std::shared_ptr<const Module> compile_or_die(const Bytes& bytes) {
  auto m = Module::compile(bytes);
  if (!m.ok()) {
    std::fprintf(stderr, "micro-bench: built-in module does not compile: %s\n",
                 m.error().to_string().c_str());
    std::exit(2);
  }
  return std::move(m).value();
}

// ------------------------------------------------------------------- instantiate + call

// Per iteration: instantiate (memory reservation, data segment copy), call "load", destroy.
void BM_InstantiateCallDestroy(benchmark::State& state, bool max_one_page) {
  auto module = compile_or_die(instantiate_module(max_one_page));
  Linker linker;
  for (auto _ : state) {
    auto instance = linker.instantiate(module);
    if (!instance.ok()) {
      state.SkipWithError(instance.error().to_string().c_str());
      break;
    }
    auto r = (*instance)->call<int32_t()>("load");
    if (!r.ok()) {
      state.SkipWithError(r.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(*r);
  }  // the instance is destroyed here, inside the timed loop
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_InstantiateCallDestroy, memory_no_max, false);
BENCHMARK_CAPTURE(BM_InstantiateCallDestroy, memory_max_1_page, true);

std::unique_ptr<wasmbind::Instance> call_instance(std::shared_ptr<const Module> module) {
  Linker linker;
  linker.func("env", "inc", [](int32_t x) { return x + 1; });
  auto instance = linker.instantiate(std::move(module));
  if (!instance.ok()) {
    std::fprintf(stderr, "micro-bench: %s\n", instance.error().to_string().c_str());
    std::exit(2);
  }
  return std::move(instance).value();
}

// One call of a tiny export from C++, through the typed by-name API.
void BM_WasmCall_typed_by_name(benchmark::State& state) {
  auto instance = call_instance(compile_or_die(call_module()));
  int32_t x = 0;
  for (auto _ : state) {
    auto r = instance->call<int32_t(int32_t)>("inc_wasm", x);
    if (!r.ok()) {
      state.SkipWithError(r.error().to_string().c_str());
      break;
    }
    x = *r;
  }
  benchmark::DoNotOptimize(x);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WasmCall_typed_by_name)->Name("BM_WasmCall/typed_by_name");

// The same through a FunctionInstance resolved once and untyped Values.
void BM_WasmCall_by_handle(benchmark::State& state) {
  auto instance = call_instance(compile_or_die(call_module()));
  auto exported = instance->get_export("inc_wasm");
  const wasmbind::FunctionInstance* f = exported->func.function;
  wasmbind::Value arg = wasmbind::Value::i32(0);
  for (auto _ : state) {
    auto r = instance->call(f, std::span<const wasmbind::Value>(&arg, 1));
    if (!r.ok()) {
      state.SkipWithError(r.error().to_string().c_str());
      break;
    }
    arg = r->front();
  }
  benchmark::DoNotOptimize(arg);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WasmCall_by_handle)->Name("BM_WasmCall/by_handle");

// One export call runs a loop of `calls` calls; reports the cost per inner call.
void loop_calls(benchmark::State& state, const char* export_name) {
  auto instance = call_instance(compile_or_die(call_module()));
  const int32_t calls = static_cast<int32_t>(state.range(0));
  for (auto _ : state) {
    auto r = instance->call<int32_t(int32_t)>(export_name, calls);
    if (!r.ok() || *r != calls) {
      state.SkipWithError(r.ok() ? "wrong result" : r.error().to_string().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * calls);
  // ns per inner call: the inverse of (calls per ns).
  state.counters["ns/call"] = benchmark::Counter(
      1e-9 * static_cast<double>(calls),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
void BM_HostCall(benchmark::State& state) { loop_calls(state, "host_loop"); }
void BM_WasmToWasmCall(benchmark::State& state) { loop_calls(state, "wasm_loop"); }
void BM_LoopWithoutCall(benchmark::State& state) { loop_calls(state, "no_call_loop"); }
BENCHMARK(BM_HostCall)->Arg(10000);
BENCHMARK(BM_WasmToWasmCall)->Arg(10000);
BENCHMARK(BM_LoopWithoutCall)->Arg(10000);  // the loop's own cost, to subtract

// ------------------------------------------------------------------- validate, compile

double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Size of the code section (function bodies), 0 if absent or the binary is malformed.
size_t code_section_size(const Bytes& m) {
  size_t pos = 8;
  auto read_leb = [&](uint64_t& v) {
    v = 0;
    for (int shift = 0; pos < m.size() && shift < 35; shift += 7) {
      uint8_t b = m[pos++];
      v |= uint64_t{b & 0x7fu} << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  };
  while (pos < m.size()) {
    uint8_t id = m[pos++];
    uint64_t size;
    if (!read_leb(size) || size > m.size() - pos) return 0;
    if (id == 10) return size;
    pos += size;
  }
  return 0;
}

// The reported time is the thread CPU time of validate/compile alone (manual timing):
// freeing the compiled Module stays outside it, and on a shared machine CPU time does not
// include waiting for a core. Wall time is reported too, as the wall_ms counter.
void compile_bench(benchmark::State& state, const std::shared_ptr<Bytes>& bytes, bool full) {
  double wall_total = 0;
  for (auto _ : state) {
    std::shared_ptr<const Module> module;
    auto wall0 = std::chrono::steady_clock::now();
    double cpu0 = thread_cpu_seconds();
    if (full) {
      auto m = Module::compile(*bytes);
      double cpu = thread_cpu_seconds() - cpu0;
      wall_total += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
      if (!m.ok()) {
        state.SkipWithError(m.error().to_string().c_str());
        break;
      }
      state.SetIterationTime(cpu);
      module = std::move(m).value();
    } else {
      auto r = wasmbind::validate(*bytes);
      double cpu = thread_cpu_seconds() - cpu0;
      wall_total += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
      if (!r.ok()) {
        state.SkipWithError(r.error().to_string().c_str());
        break;
      }
      state.SetIterationTime(cpu);
    }
  }  // the Module is freed here, outside the measured time
  const double mb = static_cast<double>(bytes->size()) / 1e6;
  using benchmark::Counter;
  state.counters["MB"] = mb;
  state.counters["code_MB"] = static_cast<double>(code_section_size(*bytes)) / 1e6;
  state.counters["MB/s"] = Counter(mb, Counter::kIsIterationInvariantRate);
  // ms per MB: the inverse of (MB per ms).
  state.counters["ms/MB"] =
      Counter(mb / 1e3, Counter::kIsIterationInvariantRate | Counter::kInvert);
  if (state.iterations() > 0)
    state.counters["wall_ms"] = 1e3 * wall_total / static_cast<double>(state.iterations());
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    if (end > start) parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::shared_ptr<Bytes> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  return std::make_shared<Bytes>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void register_compile(const std::string& path, const std::string& label) {
  auto bytes = read_file(path);
  if (!bytes) {
    std::fprintf(stderr, "micro-bench: cannot read %s, skipped\n", path.c_str());
    return;
  }
  benchmark::RegisterBenchmark(("BM_Validate/" + label).c_str(),
                               [bytes](benchmark::State& s) { compile_bench(s, bytes, false); })
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("BM_Compile/" + label).c_str(),
                               [bytes](benchmark::State& s) { compile_bench(s, bytes, true); })
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
}

void register_modules(const std::string& kernel_dir, const std::string& large) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> kernels;
  if (!kernel_dir.empty()) {
    for (const auto& entry : fs::directory_iterator(kernel_dir, ec))
      if (entry.path().extension() == ".wasm") kernels.push_back(entry.path());
    if (ec) std::fprintf(stderr, "micro-bench: cannot list %s, kernels skipped\n", kernel_dir.c_str());
    else if (kernels.empty())
      std::fprintf(stderr, "micro-bench: no .wasm in %s (build target bench-kernels)\n",
                   kernel_dir.c_str());
  }
  std::sort(kernels.begin(), kernels.end());
  for (const fs::path& p : kernels) register_compile(p.string(), "kernel:" + p.stem().string());
  for (const std::string& p : split(large, ':')) register_compile(p, fs::path(p).stem().string());
}

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  std::string kernel_dir = env_or("WASMBIND_BENCH_KERNELS", WASMBIND_BENCH_KERNEL_DIR);
  std::string large = env_or("WASMBIND_LARGE_WASM", "");
  // Our own options first; the rest goes to Google Benchmark.
  int kept = 1;
  for (int i = 1; i < argc; i++) {
    std::string_view a = argv[i];
    if (a.starts_with("--kernels-dir=")) kernel_dir = a.substr(14);
    else if (a.starts_with("--large=")) large = a.substr(8);
    else argv[kept++] = argv[i];
  }
  argc = kept;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_modules(kernel_dir, large);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
