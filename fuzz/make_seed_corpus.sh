#!/usr/bin/env bash
# Builds a fuzzing seed corpus from the WebAssembly spec test suite: every module that
# wast2json extracts from core/*.wast (valid ones, and the binary assert_invalid /
# assert_malformed ones, which reach deep error paths).
# Usage: make_seed_corpus.sh OUTDIR [TESTSUITE_DIR]
#   TESTSUITE_DIR defaults to $WASMBIND_WASM_TESTSUITE, else ../shared/wasm-testsuite.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: make_seed_corpus.sh OUTDIR [TESTSUITE_DIR]}
suite=${2:-${WASMBIND_WASM_TESTSUITE:-$here/../../shared/wasm-testsuite}}
[[ -d $suite/core ]] || { echo "make_seed_corpus: no $suite/core" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

converted=0 skipped=0
for wast in "$suite"/core/*.wast; do
  name=$(basename "$wast" .wast)
  # wabt 1.0.32 does not parse every newer test; those files just contribute no seeds.
  if wast2json --enable-all "$wast" -o "$tmp/$name.json" >/dev/null 2>&1; then
    converted=$((converted + 1))
  else
    skipped=$((skipped + 1))
  fi
done

mkdir -p "$out"
shopt -s nullglob
wasm_files=("$tmp"/*.wasm)
((${#wasm_files[@]} > 0)) || { echo "make_seed_corpus: no modules extracted" >&2; exit 1; }
cp -- "${wasm_files[@]}" "$out"/
echo "make_seed_corpus: ${#wasm_files[@]} modules from $converted .wast files" \
  "($skipped not parsed by wast2json) -> $out"
