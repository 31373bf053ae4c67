#!/usr/bin/env python3
"""Compute benchmark: the kernels in bench/kernels/ on native code, wasmbind, wabt and V8.

One command builds what is missing (clang, straight from this script) and measures:

    python3 bench/run_compute.py                  # 5 timed rounds, all kernels and peers
    python3 bench/run_compute.py --runs 3 --kernels fib,sieve --peers native,wasmbind

Peers (each skipped as n/a when its tool is missing):
  native    the kernel built with clang -O2 for this machine (bench/native_main.c)
  wasmbind  `wasmbind invoke FILE.wasm run` (--wasmbind / $WASMBIND, default
            build/release/tools/wasmbind)
  wabt      `wasm-interp --run-all-exports FILE.wasm`
  v8        `node bench/run_wasm.js FILE.wasm run`

Every output of every run is checked against bench/kernels/expected.txt; a mismatch, crash or
timeout is a FAIL, printed at once and again at the end, and the exit status is 1.
Rounds are interleaved (every kernel on every peer, then again) so slow drift on a shared
machine spreads over all peers instead of landing on one.
"""
import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
KERNEL_DIR = os.path.join(BENCH_DIR, "kernels")
PEERS = ["native", "wasmbind", "wabt", "v8"]

# Same -O2 for both targets. The wasm build has no libc and no entry point; `run` is the
# only function export (BENCH_EXPORT in kernels/bench.h names it, --export makes sure).
WASM_FLAGS = ["--target=wasm32", "-O2", "-Wall", "-Wextra", "-Werror", "-nostdlib",
              "-Wl,--no-entry", "-Wl,--export=run"]
NATIVE_FLAGS = ["-O2", "-Wall", "-Wextra", "-Werror"]
# Extra flags per kernel, (wasm, native). simd_dot is written with 128-bit intrinsics:
# wasm_simd128.h needs -msimd128; natively it uses SSE2, which every x86-64 has at -O2.
KERNEL_FLAGS = {"simd_dot": (["-msimd128"], [])}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- kernels, build

def read_expected():
    """{kernel: (bits, value)} from kernels/expected.txt."""
    expected = {}
    with open(os.path.join(KERNEL_DIR, "expected.txt")) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if line:
                name, typ, value = line
                expected[name] = ({"i32": 32, "i64": 64}[typ], int(value))
    return expected


def stale(output, inputs):
    return not os.path.exists(output) or any(
        os.path.getmtime(i) > os.path.getmtime(output) for i in inputs)


def wasm_imports(path):
    """Number of imports in a wasm binary (0 if it has no import section)."""
    data = open(path, "rb").read()
    assert data[:4] == b"\0asm", f"{path}: not a wasm binary"

    def leb(pos):
        value = shift = 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value, pos

    pos = 8
    while pos < len(data):
        section_id = data[pos]
        size, body = leb(pos + 1)
        if section_id == 2:  # import section: its body starts with the count
            return leb(body)[0]
        pos = body + size
    return 0


def build(kernels, out_dir, cc):
    """Builds NAME.wasm and NAME.native for each kernel into out_dir, when out of date."""
    os.makedirs(out_dir, exist_ok=True)
    header = os.path.join(KERNEL_DIR, "bench.h")
    native_main = os.path.join(BENCH_DIR, "native_main.c")
    for name in kernels:
        src = os.path.join(KERNEL_DIR, name + ".c")
        wasm = os.path.join(out_dir, name + ".wasm")
        native = os.path.join(out_dir, name + ".native")
        extra_wasm, extra_native = KERNEL_FLAGS.get(name, ([], []))
        if stale(wasm, [src, header, __file__]):
            log(f"build {name}.wasm")
            subprocess.run([cc, *WASM_FLAGS, *extra_wasm, src, "-o", wasm], check=True)
            # A module with imports could not be instantiated by `wasmbind invoke` (and
            # would not be a pure compute benchmark): typically a libc call crept in.
            if (n := wasm_imports(wasm)) != 0:
                os.remove(wasm)
                sys.exit(f"{name}.wasm has {n} import(s); kernels must have none")
        if stale(native, [src, header, native_main, __file__]):
            log(f"build {name}.native")
            subprocess.run([cc, *NATIVE_FLAGS, *extra_native, f"-I{KERNEL_DIR}",
                            f'-DKERNEL_SRC="{src}"',
                            native_main, "-o", native, "-lm"], check=True)


# ---------------------------------------------------------------------------------- peers
# Each peer maps a kernel to a command, and the command's output to (result text, times
# measured inside the process: {"in_wall": ms, "in_cpu": ms} or {}).

def inproc(stderr):
    """native_main.c and run_wasm.js print "run_ms=W cpu_ms=C" on stderr."""
    found = dict(re.findall(r"\b(run_ms|cpu_ms)=([0-9.]+)", stderr))
    return {"in_wall": float(found["run_ms"]), "in_cpu": float(found["cpu_ms"])} \
        if len(found) == 2 else {}


def first_line(stdout):
    lines = stdout.strip().splitlines()
    return lines[0].strip() if lines else ""


def wabt_result(stdout):
    # wasm-interp --run-all-exports prints e.g. "run() => i32:12345".
    m = re.search(r"^run\(\) => i(?:32|64):(\S+)$", stdout, re.M)
    return m.group(1) if m else stdout.strip()[-200:]


def make_peers(args):
    """{peer: (command(kernel) -> argv, parse(stdout, stderr) -> (result, inside-times)),
    or a string saying why the peer is n/a}."""
    out = args.out
    peers = {
        "native": (lambda k: [os.path.join(out, k + ".native")],
                   lambda so, se: (first_line(so), inproc(se))),
    }

    wb = args.wasmbind
    if not (os.path.isfile(wb) and os.access(wb, os.X_OK)):
        peers["wasmbind"] = f"not built ({wb})"
    elif not re.search(r"^\s+invoke\b", subprocess.run(
            [wb, "--help"], capture_output=True, text=True).stdout, re.M):
        # Until the interpreter lands the CLI has no `invoke` subcommand (the help lists
        # each subcommand on its own indented line).
        peers["wasmbind"] = f"no 'invoke' subcommand in {wb}"
    else:
        peers["wasmbind"] = (lambda k: [wb, "invoke", os.path.join(out, k + ".wasm"), "run"],
                             lambda so, se: (first_line(so), {}))

    interp = shutil.which("wasm-interp")
    peers["wabt"] = ((lambda k: [interp, "--run-all-exports", os.path.join(out, k + ".wasm")],
                      lambda so, se: (wabt_result(so), {}))
                     if interp else "wasm-interp not found")

    node = shutil.which("node")
    js = os.path.join(BENCH_DIR, "run_wasm.js")
    flags = args.node_flags.split()
    peers["v8"] = ((lambda k: [node, *flags, js, os.path.join(out, k + ".wasm"), "run"],
                    lambda so, se: (first_line(so), inproc(se)))
                   if node else "node not found")
    return {p: peers[p] for p in args.peers}


def matches(result, expected):
    bits, value = expected
    try:
        return int(result) % (1 << bits) == value % (1 << bits)
    except ValueError:
        return False


def run_once(argv, parse, timeout):
    """Runs argv; returns dict(result, wall, cpu[, in_wall, in_cpu]) or dict(error=...)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # RUSAGE_CHILDREN accumulates over every waited-for child, and runs are sequential, so
    # the delta is exactly this process (all its threads: node's compiler threads count).
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip()[-300:]
        return {"error": f"exit status {proc.returncode}: {tail}"}
    result, inside = parse(proc.stdout, proc.stderr)
    return {"result": result, "wall": wall * 1e3, "cpu": cpu * 1e3, **inside}


def measure(args, kernels, peers, expected):
    """samples[kernel][peer] = list of run dicts; failures[(kernel, peer)] = message."""
    samples = {k: {p: [] for p in peers} for k in kernels}
    failures = {}
    live = [p for p in peers if not isinstance(peers[p], str)]
    total = args.warmup + args.runs
    for rnd in range(total):
        timed = rnd >= args.warmup
        label = f"round {rnd - args.warmup + 1}/{args.runs}" if timed else f"warm-up {rnd + 1}"
        # Rotate the peer order each round so no peer always follows the same neighbour.
        order = live[rnd % len(live):] + live[:rnd % len(live)] if live else []
        for kernel in kernels:
            log(f"{label}: {kernel}")
            for peer in order:
                if (kernel, peer) in failures:
                    continue  # one failure is enough; don't wait for more timeouts
                command, parse = peers[peer]
                sample = run_once(command(kernel), parse, args.timeout)
                if "error" not in sample and not matches(sample["result"], expected[kernel]):
                    sample = {"error": f"wrong checksum {sample['result']!r}, "
                                       f"expected {expected[kernel][1]}"}
                if "error" in sample:
                    failures[(kernel, peer)] = sample["error"]
                    log(f"*** FAIL {kernel} on {peer}: {sample['error']}")
                elif timed:
                    samples[kernel][peer].append(sample)
    return samples, failures


# -------------------------------------------------------------------------------- report

def fmt_ms(x):
    if x is None:
        return "n/a"
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def fmt_ratio(x):
    return "n/a" if x is None else f"{x:.0f}×" if x >= 100 else f"{x:.1f}×" if x >= 10 \
        else f"{x:.2f}×"


def geomean(values):
    values = [v for v in values if v]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def median_of(runs, key):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def spread(values):
    """(max - min) / median: how far apart the runs of one measurement were."""
    return (max(values) - min(values)) / statistics.median(values) if len(values) > 1 else None


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine_description(cc):
    model = "unknown CPU"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except FileNotFoundError:
        pass

    def version(argv):
        try:
            out = subprocess.run(argv, capture_output=True, text=True)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (FileNotFoundError, IndexError):
            return "n/a"

    return (f"{model}, {os.cpu_count()} CPUs (nproc), Linux {platform.release()}, "
            f"load average {os.getloadavg()[0]:.2f} at start; "
            f"{version([cc, '--version'])}; node {version(['node', '--version'])}; "
            f"wabt {version(['wasm-interp', '--version'])}")


NAMES = {"native": "native", "wasmbind": "wasmbind", "wabt": "wabt", "v8": "V8"}
RATIOS = [("ours/native", "wasmbind", "native"), ("wabt/ours", "wabt", "wasmbind"),
          ("ours/V8", "wasmbind", "v8"), ("wabt/native", "wabt", "native"),
          ("V8/native", "v8", "native")]


def headline_key(peer, metric):
    """Native and V8 are timed inside the process (their start-up and V8's compile are not
    what we compare); the interpreters as a whole process (their start-up is negligible
    against seconds of interpretation, and `wasmbind invoke` reports no inner time)."""
    inside = peer in ("native", "v8")
    return {"wall": "in_wall" if inside else "wall", "cpu": "in_cpu" if inside else "cpu"}[metric]


def report(args, machine, kernels, peers, samples, failures):
    shown = [p for p in PEERS if p in peers]
    ratios = [r for r in RATIOS if r[1] in peers and r[2] in peers]
    header = ["kernel"] + [NAMES[p] for p in shown]

    def status(kernel, peer):
        """"**FAIL**", "n/a" or None when there are figures to show."""
        if (kernel, peer) in failures:
            return "**FAIL**"
        return "n/a" if isinstance(peers[peer], str) or not samples[kernel][peer] else None

    def cell(kernel, peer, metric):
        if status(kernel, peer):
            return None
        return median_of(samples[kernel][peer], headline_key(peer, metric))

    def headline(metric):
        def ratio(kernel, a, b):
            x, y = cell(kernel, a, metric), cell(kernel, b, metric)
            return x / y if x and y else None

        rows = [[k] + [status(k, p) or fmt_ms(cell(k, p, metric)) for p in shown] +
                [fmt_ratio(ratio(k, a, b)) for _, a, b in ratios] for k in kernels]
        rows.append(["**geomean**"] +
                    [fmt_ms(geomean([cell(k, p, metric) for k in kernels])) for p in shown] +
                    [fmt_ratio(geomean([ratio(k, a, b) for k in kernels]))
                     for _, a, b in ratios])
        return table(header + [r[0] for r in ratios], rows)

    def whole_process(kernel, peer):
        runs = samples[kernel][peer]
        return status(kernel, peer) or \
            f"{fmt_ms(median_of(runs, 'wall'))} / {fmt_ms(median_of(runs, 'cpu'))}"

    def noise_of(kernel, peer, metric):
        key = headline_key(peer, metric)
        return spread([r[key] for r in samples[kernel][peer] if key in r])

    def noise(kernel, peer):
        if status(kernel, peer):
            return status(kernel, peer)
        wall, cpu = noise_of(kernel, peer, "wall"), noise_of(kernel, peer, "cpu")
        return "n/a" if wall is None else f"{100 * wall:.0f}% / {100 * cpu:.0f}%"

    native_noise = sorted(n for k in kernels if not status(k, "native")
                          for n in [noise_of(k, "native", "cpu")] if n is not None) \
        if "native" in peers else []

    out = [f"Machine: {machine}",
           f"Runs: {args.runs} timed rounds after {args.warmup} warm-up, interleaved; "
           "medians in ms.",
           "",
           "Headline times: native and V8 inside run() (no process start-up, no V8 compile); "
           "wasmbind and wabt whole process (load + validate + run). Geomean rows cover the "
           "kernels with figures.",
           "",
           "Wall time:", "", headline("wall"),
           "",
           "CPU time (user+sys; V8's includes its background compiler threads):", "",
           headline("cpu"),
           "",
           "Whole process, median wall / median CPU, ms (V8: node start-up ~40 ms included):",
           "",
           table(header, [[k] + [whole_process(k, p) for p in shown] for k in kernels]),
           "",
           "Noise: (max - min) / median of the headline wall / CPU time over the runs; "
           "differences smaller than this are not real:",
           "",
           table(header, [[k] + [noise(k, p) for p in shown] for k in kernels])]
    if native_noise:
        out += ["", f"Native CPU-time spread: median {100 * statistics.median(native_noise):.0f}%"
                f", worst {100 * native_noise[-1]:.0f}%. On a shared machine wall time "
                "varies more (it includes waiting for a core); see the load average above."]

    na = [f"{NAMES[p]}: {peers[p]}" for p in shown if isinstance(peers[p], str)]
    if na:
        out += ["", "n/a: " + "; ".join(na)]
    if failures:
        out += ["", "FAILURES:"] + [f"  FAIL {k} on {p}: {m}" for (k, p), m in failures.items()]
    return "\n".join(out)


# ---------------------------------------------------------------------------------- main

def main():
    expected = read_expected()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed rounds first, also checked (default 1)")
    parser.add_argument("--kernels", default=",".join(sorted(expected)),
                        help="comma-separated subset (default: all)")
    parser.add_argument("--peers", default=",".join(PEERS),
                        help=f"comma-separated subset of {','.join(PEERS)}")
    parser.add_argument("--wasmbind", default=os.environ.get(
        "WASMBIND", os.path.join(REPO_DIR, "build/release/tools/wasmbind")),
        help="wasmbind binary (default $WASMBIND or build/release/tools/wasmbind)")
    parser.add_argument("--out", default=os.path.join(REPO_DIR, "build/bench-compute"),
                        help="where the .wasm and native builds go")
    parser.add_argument("--cc", default=shutil.which("clang") or "clang-14",
                        help="clang with the wasm32 target and lld (default: clang)")
    parser.add_argument("--node-flags", default="",
                        help="extra node/V8 flags, e.g. '--no-liftoff'")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds before one run counts as failed (default 300)")
    parser.add_argument("--json", help="also write every sample to this file")
    parser.add_argument("--build-only", action="store_true", help="build, then stop")
    args = parser.parse_args()

    kernels = args.kernels.split(",")
    args.peers = args.peers.split(",")
    for k in kernels:
        if k not in expected:
            parser.error(f"unknown kernel {k!r} (known: {', '.join(sorted(expected))})")
    for p in args.peers:
        if p not in PEERS:
            parser.error(f"unknown peer {p!r} (known: {', '.join(PEERS)})")
    args.out = os.path.abspath(args.out)
    args.wasmbind = os.path.abspath(args.wasmbind)

    build(kernels, args.out, args.cc)
    if args.build_only:
        return 0

    peers = make_peers(args)
    for p, v in peers.items():
        if isinstance(v, str):
            log(f"{p}: n/a ({v})")
    machine = machine_description(args.cc)  # now, so the load average is the one we ran in
    samples, failures = measure(args, kernels, peers, expected)
    print(report(args, machine, kernels, peers, samples, failures))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": machine, "samples": samples,
                       "failures": {f"{k} {p}": m for (k, p), m in failures.items()}},
                      f, indent=1)
    if failures:
        log(f"*** {len(failures)} FAIL(s), see above")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
