#!/usr/bin/env bash
# Runs libFuzzer targets for a fixed time each and reports how many inputs each executed.
# Fails if a fuzzer finds a crash, sanitizer report, leak, timeout (-timeout, 1 s) or
# out-of-memory; the input that triggered it is kept in WORK/TARGET/artifacts/.
#
# Usage: run.sh SECONDS [TARGET...]     (default: every target below that is built)
# Env:   FUZZ_BUILD  build dir of the fuzz preset (default build/fuzz; binaries in fuzz/)
#        FUZZ_DIR    work dir (default FUZZ_BUILD/work): TARGET/{seeds,corpus,artifacts,fuzz.log}
#        FUZZ_ARGS   extra libFuzzer flags, e.g. "-jobs=2 -workers=2"
#        FUZZ_LEDGER set to 1 to add each target's run to tests/reliability/ledger.tsv (the
#                    campaign totals issue 7 asks for; tests/reliability/ledger.py totals)
#        WASMBIND_WASM_TESTSUITE  spec suite for the seed corpora (default ../shared/wasm-testsuite)
set -euo pipefail
seconds=${1:?usage: run.sh SECONDS [TARGET...]}
shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FUZZ_BUILD:-$root/build/fuzz}
work=${FUZZ_DIR:-$build/work}
# Absolute: each fuzzer runs in its own work directory.
build=$(realpath -m "$build")
work=$(realpath -m "$work")

# TARGET -> the script that builds its seed corpus (empty: the fuzzer starts from nothing,
# which suits inputs that are not modules).
declare -A seed_script=(
  [fuzz_decode_validate]=$root/fuzz/make_seed_corpus.sh
  [fuzz_instantiate_run]=$root/fuzz/make_run_seed_corpus.sh
  [fuzz_wasi_paths]=
  [fuzz_http_session]=$root/fuzz/make_http_seed_corpus.sh
)
# Extra libFuzzer flags per target.
declare -A target_flags=(
  [fuzz_wasi_paths]="-max_len=1024"
  [fuzz_http_session]="-max_len=16384"
)
all_targets=(fuzz_decode_validate fuzz_instantiate_run fuzz_wasi_paths fuzz_http_session)

targets=("$@")
((${#targets[@]} > 0)) || targets=("${all_targets[@]}")

run_one() {
  local target=$1 fuzzer=$build/fuzz/$1 dir=$work/$1
  if [[ ! -x $fuzzer ]]; then
    echo "run.sh: no fuzzer at $fuzzer (build it: cmake --build --preset fuzz)" >&2
    return 1
  fi
  local seeds=$dir/seeds corpus=$dir/corpus artifacts=$dir/artifacts/ log=$dir/fuzz.log
  mkdir -p "$seeds" "$corpus" "$artifacts"
  local script=${seed_script[$target]:-}
  if [[ -n $script && ! -e $dir/seeds.done ]]; then
    "$script" "$seeds" && touch "$dir/seeds.done"
  fi
  # New inputs go to $corpus (the first directory); the seeds stay untouched.
  echo "run.sh: $target for ${seconds}s (log: $log)"
  local status=0
  # With -jobs=N libFuzzer writes each job's output to fuzz-JOB.log in the working
  # directory, so the fuzzer runs in $dir and the executions are summed over every log.
  rm -f "$dir"/fuzz-*.log
  # shellcheck disable=SC2086  # the flag strings are word lists
  (cd "$dir" && "$fuzzer" "$corpus" "$seeds" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=1 \
    -print_final_stats=1 -artifact_prefix="$artifacts" ${target_flags[$target]:-} ${FUZZ_ARGS:-} \
    >"$log" 2>&1) || status=$?
  local execs
  # With -jobs, the main log repeats every job's log, so count the job logs alone then.
  local logs=("$dir"/fuzz-*.log)
  [[ -e ${logs[0]} ]] || logs=("$log")
  execs=$(cat "${logs[@]}" | sed -n 's/^stat::number_of_executed_units: *//p' |
    awk '{ n += $1 } END { print n + 0 }')
  if [[ ${FUZZ_LEDGER:-} == 1 ]]; then
    python3 "$root/tests/reliability/ledger.py" append "$target" "$execs" "$((status != 0))" \
      "fuzz/run.sh ${seconds}s ${FUZZ_ARGS:-}; exit $status"
  fi
  if ((status != 0)); then
    tail -n 60 "$log" >&2
    echo "run.sh: $target failed (exit $status) after $execs executions; see $artifacts" >&2
    return "$status"
  fi
  echo "run.sh: $target: $execs executions in ${seconds}s, corpus $(find "$corpus" -type f | wc -l) files"
}

failed=0
for target in "${targets[@]}"; do
  run_one "$target" || failed=1
done
exit "$failed"
