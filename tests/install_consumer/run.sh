#!/bin/sh
# Installs the build tree's wasmbind into a temporary prefix, then configures, builds and
# runs tests/install_consumer against it. Usage: run.sh BUILD_DIR CXX_COMPILER
set -eu
build_dir=$1
cxx=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --component Unspecified --prefix "$work/prefix" >/dev/null
cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_FLAGS="${WASMBIND_CONSUMER_FLAGS:-}" \
  -DCMAKE_EXE_LINKER_FLAGS="${WASMBIND_CONSUMER_FLAGS:-}" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
