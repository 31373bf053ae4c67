#!/usr/bin/env bash
# Seed corpus for fuzz_instantiate_run: modules that compile and do something when run.
#   - every module wast2json extracts from the spec suite (make_seed_corpus.sh), since the
#     valid ones instantiate and export the functions the suite calls;
#   - real WASI programs (commands and a reactor) compiled from the C guests in the tree
#     with clang --target=wasm32-wasi, which exercise the WASI host functions;
#   - the freestanding compute kernels (bench/kernels) and the .wat guests in the tree;
#   - 100 random modules from binaryen's translate-to-fuzz (wasm-opt -ttf), if installed.
# Sources that fail to build (a missing wasi-libc, say) contribute nothing; the script fails
# only if it ends up with no module at all.
# Usage: make_run_seed_corpus.sh OUTDIR [TESTSUITE_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out=${1:?usage: make_run_seed_corpus.sh OUTDIR [TESTSUITE_DIR]}
mkdir -p "$out"

"$here/make_seed_corpus.sh" "$out" "${2:-}" || echo "make_run_seed_corpus: no spec-suite seeds" >&2

cc=$(command -v clang-14 || command -v clang || true)
built=0 failed=0
compile() {  # compile NAME FLAGS... SOURCE
  local name=$1
  shift
  if [[ -n $cc ]] && "$cc" "$@" -o "$out/$name.wasm" 2>/dev/null; then
    built=$((built + 1))
  else
    failed=$((failed + 1))
  fi
}

shopt -s nullglob
for src in "$root"/tests/wasi/guests/*.c "$root"/tests/service/guests/*.c "$root"/examples/guests/*.c; do
  name=wasi-$(basename "$(dirname "$(dirname "$src")")")-$(basename "$src" .c)
  model=()
  grep -q 'int main' "$src" || model=(-mexec-model=reactor)
  compile "$name" --target=wasm32-wasi -O2 "${model[@]}" -I "$(dirname "$src")" "$src"
done
for src in "$root"/bench/kernels/*.c; do
  compile "kernel-$(basename "$src" .c)" --target=wasm32 -O2 -nostdlib -Wl,--no-entry \
    -Wl,--export=run "$src"
done
for wat in "$root"/tests/vm/wat/*.wat "$root"/tests/service/guests/*.wat "$root"/examples/*.wat; do
  if wat2wasm --enable-all "$wat" -o "$out/wat-$(basename "$wat" .wat).wasm" 2>/dev/null; then
    built=$((built + 1))
  else
    failed=$((failed + 1))
  fi
done

if command -v wasm-opt >/dev/null && command -v python3 >/dev/null; then
  features=(--enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int
            --enable-bulk-memory --enable-multivalue --enable-tail-call --enable-extended-const)
  for i in $(seq 0 99); do
    simd=(--disable-simd)
    ((i % 2)) && simd=(--enable-simd)
    python3 -c "import random, sys; r = random.Random($i); sys.stdout.buffer.write(r.randbytes(r.randint(512, 8192)))" \
      >"$out/ttf-$i.bin"
    if wasm-opt "$out/ttf-$i.bin" -ttf "${features[@]}" "${simd[@]}" -o "$out/ttf-$i.wasm" 2>/dev/null; then
      built=$((built + 1))
    else
      failed=$((failed + 1))
    fi
    rm -f "$out/ttf-$i.bin"
  done
fi

total=$(find "$out" -name '*.wasm' | wc -l)
((total > 0)) || { echo "make_run_seed_corpus: no modules" >&2; exit 1; }
echo "make_run_seed_corpus: $built guests compiled ($failed failed), $total modules -> $out"
