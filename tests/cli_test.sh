#!/usr/bin/env bash
# CTest for the `wasmbind` tool: a valid module passes with exit 0 and its imports/exports
# listed; corrupt modules and unreadable files fail with exit 1 and a located error message.
# Usage: cli_test.sh WASMBIND_BINARY HELLO_WASM SCRATCH_DIR
set -euo pipefail
cli=$1 hello=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_output STATUS PATTERN ARGS...: runs the tool, checks exit status and that the combined
# output matches the extended regex PATTERN.
expect_output() {
  local want_status=$1 pattern=$2 status=0 out
  shift 2
  out=$("$cli" "$@" 2>&1) || status=$?
  echo "\$ wasmbind $* -> exit $status"
  echo "$out"
  [[ $status == "$want_status" ]] || fail "exit status $status, expected $want_status"
  grep -Eq -- "$pattern" <<<"$out" || fail "output does not match /$pattern/"
}

expect_output 0 "^$hello: ok \(3 functions, 1 imports, 4 exports\)$" validate "$hello"
expect_output 0 'import func env\.log \(i32\) -> \(\)' validate --verbose "$hello"
expect_output 0 'export func fib \(i32\) -> \(i32\)' validate -v "$hello"
expect_output 0 'export memory memory' validate -v "$hello"

# Cut the last section short: the decoder must notice and say where.
truncated=$scratch/truncated.wasm
head -c "$(($(wc -c <"$hello") - 3))" "$hello" >"$truncated"
expect_output 1 "^$truncated: malformed module: .*at byte 0x[0-9a-f]+" validate "$truncated"

bad_magic=$scratch/bad_magic.wasm
printf '\0asn\1\0\0\0' >"$bad_magic"
expect_output 1 "^$bad_magic: malformed module: " validate "$bad_magic"

# One bad file among good ones still fails the run, and every file gets a line.
expect_output 1 "$hello: ok" validate "$hello" "$bad_magic"
expect_output 1 "$scratch/missing.wasm: .*No such file" validate "$scratch/missing.wasm"

expect_output 0 '^wasmbind [0-9]+\.[0-9]+\.[0-9]+' version
echo "PASS"
