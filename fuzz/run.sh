#!/usr/bin/env bash
# Runs the decode/validate fuzzer for a fixed time and reports how many inputs it executed.
# Fails if libFuzzer finds a crash, sanitizer report, timeout or out-of-memory; the input that
# triggered it is kept in build/fuzz/artifacts/.
# Usage: run.sh SECONDS    (env: FUZZER=binary, FUZZ_DIR=work dir, WASMBIND_WASM_TESTSUITE)
set -euo pipefail
seconds=${1:?usage: run.sh SECONDS}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fuzzer=${FUZZER:-$root/build/fuzz/fuzz/fuzz_decode_validate}
work=${FUZZ_DIR:-$root/build/fuzz}
seeds=$work/seed-corpus corpus=$work/corpus artifacts=$work/artifacts/ log=$work/fuzz.log

if [[ ! -x $fuzzer ]]; then
  echo "run.sh: no fuzzer at $fuzzer (build it: cmake --build --preset fuzz)" >&2
  exit 1
fi
[[ -d $seeds ]] || "$root/fuzz/make_seed_corpus.sh" "$seeds"
mkdir -p "$corpus" "$artifacts"

# New inputs go to $corpus (first directory); the seeds stay untouched.
echo "run.sh: fuzzing for ${seconds}s (log: $log)"
status=0
"$fuzzer" "$corpus" "$seeds" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=1 \
  -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1 || status=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
if ((status != 0)); then
  tail -n 60 "$log" >&2
  echo "run.sh: fuzzer failed (exit $status) after ${execs:-?} executions; see $artifacts" >&2
  exit "$status"
fi
echo "run.sh: ${execs:-?} executions in ${seconds}s, corpus $(find "$corpus" -type f | wc -l) files"
