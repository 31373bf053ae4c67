#!/bin/sh
# Builds wasmbind-micro-bench (Release, clang) and runs it with 5 repetitions, then prints
# the median of each benchmark as a Markdown table.
#   bench/run_micro.sh [BENCHMARK ARGS...]       e.g. --benchmark_filter=Instantiate
# Environment:
#   WASMBIND_MICRO_BUILD   build directory (default build/bench-micro)
#   WASMBIND_LARGE_WASM    large modules for BM_Compile, colon-separated; get them with
#                          bench/fetch_large_modules.sh DIR
#   CMAKE_BUILD_PARALLEL_LEVEL   build jobs (e.g. 2 on a small shared machine)
# Extra arguments go to the benchmark after the defaults, so they can override them.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${WASMBIND_MICRO_BUILD:-$repo/build/bench-micro}

cmake -S "$repo" -B "$build" -G Ninja --log-level=WARNING \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DWASMBIND_TESTS=OFF -DWASMBIND_BENCH=ON
cmake --build "$build" --target wasmbind-micro-bench

[ -n "${WASMBIND_LARGE_WASM:-}" ] ||
  echo "note: WASMBIND_LARGE_WASM is not set, so BM_Compile covers the kernels only" >&2

json=$build/micro.json
"$build/bench/micro/wasmbind-micro-bench" \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$json" --benchmark_out_format=json "$@"

python3 - "$json" <<'EOF'
import json, sys

report = json.load(open(sys.argv[1]))
ctx = report["context"]
print(f"\nMedians of {ctx.get('num_cpus')} CPUs @ {ctx.get('mhz_per_cpu')} MHz, "
      f"load average {', '.join(f'{x:.2f}' for x in ctx.get('load_avg', []))} at the start:\n")
FIELDS = {"name", "family_index", "per_family_instance_index", "run_name", "run_type",
          "repetitions", "repetition_index", "threads", "aggregate_name", "aggregate_unit",
          "iterations", "real_time", "cpu_time", "time_unit", "error_occurred",
          "error_message"}


def num(x):
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


print("| benchmark | time | CPU | counters |")
print("|---|---:|---:|---|")
for b in report["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    unit = b["time_unit"]
    counters = ", ".join(f"{k}={num(v)}" for k, v in b.items()
                         if k not in FIELDS and isinstance(v, (int, float)))
    print(f"| {b['run_name']} | {num(b['real_time'])} {unit} | {num(b['cpu_time'])} {unit} "
          f"| {counters} |")
EOF
