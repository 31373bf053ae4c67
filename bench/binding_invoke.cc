// binding-invoke-bench: the per-request cost of Dapr's bindings.wasm path without HTTP — one
// OutputBinding::invoke() of an echo guest (stdin -> stdout): argv and WASI context set-up,
// instantiate, run _start, collect stdout, destroy.
//
//   BM_BindingInvokeEcho/<data bytes>           default component (Dapr-compatible: memory up to 4 GiB)
//   BM_BindingInvokeEchoMaxPages/<data bytes>   the same with maxMemoryPages=16
//   BM_BindingInvokeEchoStrict/<data bytes>     strictSandbox=true
//
//   binding-invoke-bench [--guest=PATH] [--benchmark_...]
// The guest defaults to where the build assembles bench/binding_invoke_echo.wat.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "wasmbind/binding.h"

#ifndef WASMBIND_BENCH_ECHO_WASM
#define WASMBIND_BENCH_ECHO_WASM ""
#endif

namespace {

using namespace wasmbind::binding;

std::string g_guest = WASMBIND_BENCH_ECHO_WASM;

std::unique_ptr<OutputBinding> make_binding(std::vector<MetadataItem> extra) {
  ComponentSpec spec;
  spec.name = "echo";
  spec.type = "bindings.wasm";
  spec.version = "v1";
  spec.metadata.push_back({"url", "file://" + g_guest});
  for (auto& item : extra) spec.metadata.push_back(std::move(item));
  auto binding = create_wasm_output_binding(spec, {});
  if (!binding.ok()) {
    std::fprintf(stderr, "binding-invoke-bench: %s\n", binding.error().message.c_str());
    std::exit(1);
  }
  return std::move(*binding);
}

void run(benchmark::State& state, std::vector<MetadataItem> extra) {
  auto binding = make_binding(std::move(extra));
  InvokeRequest request;
  request.operation = "execute";
  request.metadata["args"] = "a,b";
  request.data = "\"" + std::string(static_cast<size_t>(state.range(0)), 's') + "\"";
  for (auto _ : state) {
    InvokeResult result = binding->invoke(request);
    if (!result.ok() || result.data != request.data) {
      state.SkipWithError(result.ok() ? "echo output differs" : result.error->c_str());
      break;
    }
    benchmark::DoNotOptimize(result.data.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(request.data.size()));
}

void BM_BindingInvokeEcho(benchmark::State& state) { run(state, {}); }
void BM_BindingInvokeEchoMaxPages(benchmark::State& state) { run(state, {{"maxMemoryPages", "16"}}); }
void BM_BindingInvokeEchoStrict(benchmark::State& state) { run(state, {{"strictSandbox", "true"}}); }

BENCHMARK(BM_BindingInvokeEcho)->Arg(7)->Arg(4096)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BindingInvokeEchoMaxPages)->Arg(7)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BindingInvokeEchoStrict)->Arg(7)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--guest=", 8) == 0) {
      g_guest = argv[i] + 8;
      for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
      --argc;
      --i;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
