#!/usr/bin/env bash
# Fetches CRuby for WASI from npm (once) and runs it through the embedding API
# (ruby_reactor.cc). Exits 77 (skipped) when the fixture cannot be fetched.
# Usage: ruby_reactor_test.sh RUBY_REACTOR_BINARY FIXTURE_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! "$here/fetch_npm_fixtures.sh" "$2" ruby; then
  echo "skipped: cannot fetch @ruby/3.2-wasm-wasi@2.10.1 from npm" >&2
  exit 77
fi
exec "$1" "$2/ruby+stdlib.wasm"
