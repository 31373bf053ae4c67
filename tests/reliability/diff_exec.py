#!/usr/bin/env python3
"""Differential execution: random modules from binaryen, run by binaryen and by wasmbind.

    python3 tests/reliability/diff_exec.py --runner PATH/diff_exec_runner
        [--count N] [--seed S] [--jobs J] [--batch B] [--out DIR] [--keep]

For module i (i = 0..N-1) the script draws 1-16 KiB of random bytes from seed S+i and lets
`wasm-opt -ttf` (translate-to-fuzz, Debian's binaryen) turn them into a valid module, with
SIMD when S+i is odd and without it when even, with --denan so that no NaN (whose payload the
spec leaves open) reaches a result. Binaryen's interpreter runs it (`--fuzz-exec-before`:
every export called in order with zero arguments, logging through the fuzzing-support
imports), and so does wasmbind through diff_exec_runner. Every call, logged value, result
and trap must agree; floats compare by exact value with any NaN equal to any NaN, v128 lane
by lane the same way. A module that binaryen's interpreter stops with "[host limit]" is
compared up to that call.

Mismatches are saved in --out (default build/diff-exec-mismatches), one folder per module:
input.bin, module.wasm, binaryen.txt, wasmbind.txt, why.txt and repro.sh. Exit status: 0
when everything agreed, 1 on a mismatch, 77 when wasm-opt is not installed (CTest: skip).
"""
import argparse
import concurrent.futures
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

REPO_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# What wasmbind implements (WebAssembly 2.0 plus tail calls and extended-const).
BASE_FEATURES = ["--enable-sign-ext", "--enable-mutable-globals",
                 "--enable-nontrapping-float-to-int", "--enable-bulk-memory",
                 "--enable-multivalue", "--enable-tail-call", "--enable-extended-const"]


def features(simd, reftypes):
    """Binaryen 108's reference types predate the standard (funcref is a subtype of its
    anyref, encoded as externref), so most such modules are invalid WebAssembly 2.0; they are
    generated for a third of the seeds and kept only when wabt's wasm-validate accepts them."""
    return BASE_FEATURES + (["--enable-simd"] if simd else ["--disable-simd"]) + \
        (["--enable-reference-types"] if reftypes else ["--disable-reference-types"])


class Mismatch(Exception):
    pass


# ---- NaNs in SIMD lanes ------------------------------------------------------------------
# binaryen 108's --denan covers f32 and f64 values only. A NaN in a v128 lane can still reach
# an integer through a lane extraction or a reinterpretation, and its bits are left open by
# the spec: an f32x4.add of a NaN with a payload may return that payload (wasmbind: the x86
# instruction does) or the canonical NaN (binaryen's and wabt's interpreters). So in SIMD
# modules every float lane operation that may produce a NaN is wrapped in a call that turns
# NaN lanes into the positive canonical NaN, the same module running on both sides.
SIMD_NAN_OPS = {
    "f32x4": ["add", "sub", "mul", "div", "sqrt", "min", "max", "ceil", "floor", "trunc",
              "nearest", "demote_f64x2_zero"],
    "f64x2": ["add", "sub", "mul", "div", "sqrt", "min", "max", "ceil", "floor", "trunc",
              "nearest", "promote_low_f32x4"],
}
SIMD_NAN_RE = re.compile(r"\((f32x4|f64x2)\.(" + "|".join(
    sorted({op for ops in SIMD_NAN_OPS.values() for op in ops}, key=len, reverse=True)) +
    r")(?=[\s)])")
SIMD_CANON_FUNCS = """
 (func $wasmbind_canon_f32x4 (param $v v128) (result v128)
  (v128.bitselect (v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000)
   (local.get $v) (f32x4.ne (local.get $v) (local.get $v))))
 (func $wasmbind_canon_f64x2 (param $v v128) (result v128)
  (v128.bitselect (v128.const i64x2 0x7ff8000000000000 0x7ff8000000000000)
   (local.get $v) (f64x2.ne (local.get $v) (local.get $v))))
"""


def canonicalize_simd_nans(text):
    """Wraps each NaN-producing f32x4/f64x2 operation of binaryen's folded text format."""
    inserts = []
    for m in SIMD_NAN_RE.finditer(text):
        if m.group(2) not in SIMD_NAN_OPS[m.group(1)]:
            continue
        depth, k = 0, m.start()
        while True:  # code holds no strings, so parentheses balance
            if text[k] == "(":
                depth += 1
            elif text[k] == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        inserts.append((m.start(), f"(call $wasmbind_canon_{m.group(1)} "))
        inserts.append((k + 1, ")"))
    for pos, piece in sorted(inserts, key=lambda x: x[0], reverse=True):
        text = text[:pos] + piece + text[pos:]
    end = text.rstrip().rfind(")")
    return text[:end] + SIMD_CANON_FUNCS + text[end:], len(inserts) // 2


# ---- values ------------------------------------------------------------------------------

def is_nan32(bits):
    return (bits & 0x7F800000) == 0x7F800000 and (bits & 0x007FFFFF) != 0


def is_nan64(bits):
    return (bits & 0x7FF0000000000000) == 0x7FF0000000000000 and (bits & 0x000FFFFFFFFFFFFF) != 0


def parse_float(token):
    """A float as binaryen prints it: nan[:0x..], inf, -0, or a round-tripping decimal."""
    t = token.lstrip("-")
    if t.startswith("nan"):
        return math.nan
    if t == "inf":
        return -math.inf if token.startswith("-") else math.inf
    return float(token)


def same_float(bits, width, token):
    theirs = parse_float(token)
    if (is_nan32(bits) if width == 32 else is_nan64(bits)):
        return math.isnan(theirs)
    ours = struct.unpack("<f" if width == 32 else "<d",
                         bits.to_bytes(width // 8, "little"))[0]
    return ours == theirs and math.copysign(1, ours) == math.copysign(1, theirs)


def same_v128(ours_lanes, their_lanes):
    """Four 32-bit lanes each; a lane pair may hold an f64 NaN, a lane an f32 NaN."""
    if len(their_lanes) != 4:
        return False
    for half in (0, 2):
        a = ours_lanes[half] | ours_lanes[half + 1] << 32
        b = their_lanes[half] | their_lanes[half + 1] << 32
        if a == b or (is_nan64(a) and is_nan64(b)):
            continue
        for k in (half, half + 1):
            x, y = ours_lanes[k], their_lanes[k]
            if x != y and not (is_nan32(x) and is_nan32(y)):
                return False
    return True


def v128_lanes(tokens):
    """['i32x4', '0x..', '0x..', '0x..', '0x..'] -> four ints."""
    if not tokens or tokens[0] != "i32x4":
        raise Mismatch(f"expected an i32x4 vector, binaryen printed {' '.join(tokens)}")
    return [int(t, 16) for t in tokens[1:]]


def same_value(vtype, ours, their_tokens):
    """ours: the runner's text for one value; their_tokens: binaryen's tokens for it."""
    text = " ".join(their_tokens)
    if vtype in ("i32", "i64"):
        mod = 1 << (32 if vtype == "i32" else 64)
        return len(their_tokens) == 1 and int(ours) % mod == int(text) % mod
    if vtype in ("f32", "f64"):
        return len(their_tokens) == 1 and same_float(int(ours, 16), int(vtype[1:]), text)
    if vtype == "v128":
        return same_v128([int(x, 16) for x in ours.split(":")], v128_lanes(their_tokens))
    if vtype in ("funcref", "externref"):
        return ("null" in text) == (ours == "null")
    raise Mismatch(f"unknown value type {vtype}")


# ---- the two outputs as event lists ------------------------------------------------------

def binaryen_events(text):
    events = []
    for line in text.splitlines():
        if line.startswith("[fuzz-exec] calling "):
            events.append(("call", line[len("[fuzz-exec] calling "):]))
        elif line.startswith("[LoggingExternalInterface logging"):
            events.append(("log", line[len("[LoggingExternalInterface logging"):].strip(" ]").split()))
        elif line.startswith("[fuzz-exec] note result: "):
            name, _, value = line[len("[fuzz-exec] note result: "):].partition(" => ")
            events.append(("result", name, value))
        elif line.startswith("[trap "):
            events.append(("trap", line))
        elif line.startswith("[host limit"):
            events.append(("host-limit",))
        elif line.startswith("[exception"):
            events.append(("exception", line))
    return events


def runner_modules(text):
    """{path: [events]} from the runner's output for a batch."""
    modules, current = {}, None
    for line in text.splitlines():
        word, _, rest = line.partition(" ")
        if word == "module":
            current = modules.setdefault(rest, [])
        elif word in ("call", "compile-error", "instantiate-error"):
            current.append((word, rest))
        elif word == "log":
            vtype, _, values = rest.partition(" ")
            current.append(("log", vtype, values.split()))
        elif word == "result":
            name, _, values = rest.partition(" ")
            current.append(("result", name, [tuple(v.split(":", 1)) for v in values.split()]))
        elif word == "trap":
            name, _, message = rest.partition(" ")
            current.append(("trap", name, message))
    return modules


def split_results(value):
    """binaryen's result text -> one token list per value: "(a, i32x4 0x.. .., b)" or "a"."""
    if value.startswith("(") and value.endswith(")"):
        return [part.split() for part in value[1:-1].split(", ")]
    return [value.split()]


def compare(ours, theirs):
    """Returns (calls compared, values compared, note); raises Mismatch."""
    if ours and ours[0][0] == "compile-error":
        raise Mismatch(f"wasmbind rejects binaryen's module: {ours[0][1]}")
    if any(e[0] == "exception" for e in theirs):
        raise Mismatch("binaryen threw an exception (exception handling is not enabled)")
    if ours and ours[0][0] == "instantiate-error":
        if any(e[0] == "call" for e in theirs) or not any(e[0] == "trap" for e in theirs):
            raise Mismatch(f"wasmbind failed to instantiate ({ours[0][1]}); binaryen did not")
        return 0, 0, "instantiation trapped in both"
    if theirs and theirs[0][0] == "trap":
        raise Mismatch("binaryen trapped while instantiating; wasmbind did not")

    calls = values = 0
    i = j = 0
    current = None
    while i < len(ours) or j < len(theirs):
        o = ours[i] if i < len(ours) else None
        t = theirs[j] if j < len(theirs) else None
        if t is not None and t[0] == "host-limit":
            return calls, values, f"binaryen hit a host limit in {current}; compared up to it"
        where = f"call {calls} ({current})"
        if o is None or t is None:
            raise Mismatch(f"{where}: one side ended early: wasmbind {o}, binaryen {t}")
        if o[0] != t[0]:
            raise Mismatch(f"{where}: wasmbind {o}, binaryen {t}")
        kind = o[0]
        if kind == "call":
            if o[1] != t[1]:
                raise Mismatch(f"{where}: calls {o[1]} vs {t[1]}")
            current = o[1]
            calls += 1
        elif kind == "log":
            vtype, ours_values, their_tokens = o[1], o[2], t[1]
            if vtype == "i64":
                ok = len(their_tokens) == 2 and all(
                    same_value("i32", a, [b]) for a, b in zip(ours_values, their_tokens))
            elif vtype == "v128":
                ok = same_value("v128", ":".join(ours_values), their_tokens)
            else:
                ok = same_value(vtype, ours_values[0], their_tokens)
            if not ok:
                raise Mismatch(f"{where}: logged {vtype} {' '.join(ours_values)} vs "
                               f"{' '.join(their_tokens)}")
            values += 1
        elif kind == "result":
            results = o[2]
            if len(results) == 1 and results[0][0] in ("funcref", "externref"):
                pass  # binaryen prints only the type of a single reference result
            else:
                parts = split_results(t[2])
                if len(parts) != len(results) or not all(
                        same_value(vt, v, p) for (vt, v), p in zip(results, parts)):
                    raise Mismatch(f"{where}: results {results} vs {t[2]}")
            values += len(results)
        elif kind == "trap":
            values += 1
        i += 1
        j += 1
    return calls, values, ""


# ---- making and running modules ----------------------------------------------------------

def make_module(wasm_opt, wasm_validate, work, seed, index):
    """Writes input.bin and module.wasm for module `index`.
    Returns (dir, simd, reftypes, binaryen's output or None, why not, reftypes discarded)."""
    # Everything follows from seed + index alone, so one module can be made again by itself.
    rng = random.Random(seed + index)
    simd = (seed + index) % 2 == 1
    reftypes = (seed + index) % 3 == 0 and wasm_validate is not None
    d = os.path.join(work, str(index))
    os.makedirs(d, exist_ok=True)
    data = rng.randbytes(rng.randint(1024, 16384))
    with open(os.path.join(d, "input.bin"), "wb") as f:
        f.write(data)
    wasm = os.path.join(d, "module.wasm")
    discarded = False
    while True:
        made = subprocess.run([wasm_opt, os.path.join(d, "input.bin"), "-ttf",
                               *features(simd, reftypes), "--denan", "-o", wasm],
                              capture_output=True, text=True)
        if made.returncode != 0:
            return d, simd, reftypes, None, f"wasm-opt -ttf failed: {made.stderr[-300:]}", discarded
        if simd:
            dis = subprocess.run([wasm_opt.replace("wasm-opt", "wasm-dis"), wasm],
                                 capture_output=True, text=True, errors="replace")
            text, _ = canonicalize_simd_nans(dis.stdout)
            wat = os.path.join(d, "module.wat")
            with open(wat, "w") as f:
                f.write(text)
            made = subprocess.run([wasm_opt.replace("wasm-opt", "wasm-as"),
                                   *features(simd, reftypes), wat, "-o", wasm],
                                  capture_output=True, text=True)
            if dis.returncode != 0 or made.returncode != 0:
                return (d, simd, reftypes, None,
                        f"canonicalizing SIMD NaNs failed: {made.stderr[-300:]}", discarded)
        if not reftypes or subprocess.run(
                [wasm_validate, "--enable-tail-call", "--enable-extended-const", wasm],
                capture_output=True).returncode == 0:
            break
        reftypes, discarded = False, True  # not WebAssembly 2.0: the same bytes without them
    ran = subprocess.run([wasm_opt, wasm, *features(simd, reftypes), "--fuzz-exec-before"],
                         capture_output=True, text=True, errors="replace")
    if ran.returncode != 0:
        return d, simd, reftypes, None, f"wasm-opt --fuzz-exec-before failed: {ran.stderr[-300:]}", discarded
    return d, simd, reftypes, ran.stdout, "", discarded


def save_mismatch(out_dir, seed, index, d, simd, reftypes, binaryen_text, runner_text, why,
                  wasm_opt, runner):
    dest = os.path.join(out_dir, f"seed{seed + index}")
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(d, dest)
    with open(os.path.join(dest, "binaryen.txt"), "w") as f:
        f.write(binaryen_text or "")
    with open(os.path.join(dest, "wasmbind.txt"), "w") as f:
        f.write(runner_text)
    with open(os.path.join(dest, "why.txt"), "w") as f:
        f.write(why + "\n")
    with open(os.path.join(dest, "repro.sh"), "w") as f:
        f.write("#!/bin/sh\n# Rebuilds the module from input.bin and runs both sides.\n"
                f"cd \"$(dirname \"$0\")\"\n"
                "# module.wasm is what was compared: wasm-opt -ttf --denan made it from\n"
                f"# input.bin ({' '.join(features(simd, reftypes))})"
                + (", then SIMD NaN canonicalization (module.wat)" if simd else "") + "\n"
                f"{wasm_opt} module.wasm {' '.join(features(simd, reftypes))} --fuzz-exec-before\n"
                f"echo ----- wasmbind\n{runner} module.wasm\n")
    os.chmod(os.path.join(dest, "repro.sh"), 0o755)
    return dest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runner", required=True, help="diff_exec_runner binary")
    parser.add_argument("--wasm-opt", default=shutil.which("wasm-opt"))
    parser.add_argument("--wasm-validate", default=shutil.which("wasm-validate"),
                        help="wabt's validator; without it no module uses reference types")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=50, help="modules per runner process")
    parser.add_argument("--out", default=os.path.join(REPO_DIR, "build", "diff-exec-mismatches"))
    parser.add_argument("--progress", type=int, default=0, help="print a line every N modules")
    parser.add_argument("--ledger", action="store_true",
                        help="add the run to tests/reliability/ledger.tsv (issue 7's totals)")
    args = parser.parse_args()
    if not args.wasm_opt:
        print("diff_exec: wasm-opt (Debian package binaryen) not found; skipping")
        return 77

    stats = dict(modules=0, simd=0, reftypes=0, reftypes_discarded=0, calls=0, values=0,
                 partial=0, inst_traps=0, generator_failed=0)
    mismatches = []
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="diff-exec-") as work, \
            concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for batch_start in range(0, args.count, args.batch):
            indices = range(batch_start, min(args.count, batch_start + args.batch))
            made = list(pool.map(lambda i: make_module(args.wasm_opt, args.wasm_validate, work,
                                                       args.seed, i), indices))
            runnable = [(i, m) for i, m in zip(indices, made) if m[3] is not None]
            for i, m in zip(indices, made):
                stats["reftypes_discarded"] += m[5]
                if m[3] is None:
                    stats["generator_failed"] += 1
                    print(f"diff_exec: seed {args.seed + i}: {m[4]}", file=sys.stderr)
            paths = [os.path.join(m[0], "module.wasm") for _, m in runnable]
            run = subprocess.run([args.runner, *paths], capture_output=True, text=True,
                                 errors="replace") if paths else None
            if run is not None and run.returncode != 0:
                print(f"diff_exec: runner failed (status {run.returncode}) on modules "
                      f"{batch_start}..: {run.stderr[-2000:]}", file=sys.stderr)
                return 1
            ours_by_path = runner_modules(run.stdout) if run else {}
            for i, (d, simd, reftypes, binaryen_text, _, _) in runnable:
                path = os.path.join(d, "module.wasm")
                ours = ours_by_path.get(path, [])
                stats["modules"] += 1
                stats["simd"] += simd
                stats["reftypes"] += reftypes
                try:
                    calls, values, note = compare(ours, binaryen_events(binaryen_text))
                    stats["calls"] += calls
                    stats["values"] += values
                    stats["partial"] += note.startswith("binaryen hit")
                    stats["inst_traps"] += note.startswith("instantiation")
                except Mismatch as e:
                    runner_text = "\n".join(" ".join(map(str, ev)) for ev in ours)
                    dest = save_mismatch(args.out, args.seed, i, d, simd, reftypes, binaryen_text,
                                         runner_text, str(e), args.wasm_opt, args.runner)
                    mismatches.append(dest)
                    print(f"diff_exec: MISMATCH seed {args.seed + i}: {e}\n  saved in {dest}",
                          file=sys.stderr)
                shutil.rmtree(d, ignore_errors=True)
            if args.progress and stats["modules"] // args.progress != \
                    (stats["modules"] - len(runnable)) // args.progress:
                print(f"diff_exec: {stats['modules']} modules, {len(mismatches)} mismatches, "
                      f"{time.monotonic() - start:.0f} s", flush=True)

    elapsed = time.monotonic() - start
    print(f"diff_exec: {stats['modules']} modules ({stats['simd']} with SIMD, "
          f"{stats['reftypes']} with reference types; {stats['reftypes_discarded']} more were "
          "made again without them, wabt rejecting binaryen 108's) from seeds "
          f"{args.seed}..{args.seed + args.count - 1}: {stats['calls']} export calls, "
          f"{stats['values']} results/logs/traps compared, {stats['inst_traps']} trapped while "
          f"instantiating, {stats['partial']} compared up to a binaryen host limit, "
          f"{stats['generator_failed']} not generated; {len(mismatches)} mismatches "
          f"({elapsed:.1f} s)")
    if args.ledger:
        import ledger
        ledger.append("diff_exec", stats["modules"], len(mismatches),
                      f"diff_exec.py --seed {args.seed} --count {args.count} --jobs {args.jobs}: "
                      f"{stats['simd']} with SIMD, {stats['calls']} export calls, "
                      f"{elapsed:.0f} s")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
