#!/usr/bin/env python3
"""Whole-process load time of large modules: `wasmbind validate` against wabt's wasm-validate.

    python3 bench/validate_vs_wabt.py [--wasmbind PATH] [--runs 5] [FILE.wasm ...]

Files default to $WASMBIND_LARGE_WASM (colon-separated; bench/fetch_large_modules.sh prints
it). Each tool runs on each file --runs times, interleaved, after one untimed warm-up round
(which also puts the file in the page cache); medians of wall and CPU (user+sys) time and
the peak RSS are printed as a Markdown table.

The two do not do the same work: wasm-validate reads, decodes and validates; `wasmbind
validate` runs Module::compile, i.e. it also translates every function into the
interpreter's code. The micro benchmark (BM_Validate/BM_Compile in bench/micro) separates
the two inside one process. Both include process start-up, shown on an empty module.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def code_size(path):
    """Size of the code section in bytes (0 if none)."""
    data = open(path, "rb").read()

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
        if section_id == 10:
            return size
        pos = body + size
    return 0


def run(argv):
    """(wall ms, cpu ms, peak RSS MB) of one run; exits if the tool rejects the module."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)}: exit status {proc.returncode}\n{err[-500:]}")
    return wall * 1e3, (usage.ru_utime + usage.ru_stime) * 1e3, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--wasmbind", default=os.environ.get(
        "WASMBIND", os.path.join(REPO_DIR, "build/release/tools/wasmbind")))
    parser.add_argument("--wasm-validate", default="wasm-validate")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = args.files or [f for f in os.environ.get("WASMBIND_LARGE_WASM", "").split(":") if f]
    if not files:
        parser.error("no modules: pass FILE.wasm or set WASMBIND_LARGE_WASM "
                     "(see bench/fetch_large_modules.sh)")

    with tempfile.NamedTemporaryFile(suffix=".wasm", delete=False) as f:
        f.write(b"\0asm\1\0\0\0")
        empty = f.name
    tools = {"wabt": lambda p: [args.wasm_validate, p],
             "wasmbind": lambda p: [args.wasmbind, "validate", p]}
    modules = [("(empty module)", empty)] + [(os.path.basename(p), p) for p in files]
    sizes = {name: (os.path.getsize(path), code_size(path)) for name, path in modules}
    samples = {(m, t): [] for m, _ in modules for t in tools}
    try:
        for rnd in range(1 + args.runs):
            print(f"{'warm-up' if rnd == 0 else f'round {rnd}/{args.runs}'}", file=sys.stderr)
            for name, path in modules:
                order = list(tools) if rnd % 2 else list(tools)[::-1]
                for tool in order:
                    sample = run(tools[tool](path))
                    if rnd:
                        samples[(name, tool)].append(sample)
    finally:
        os.unlink(empty)

    def med(name, tool, i):
        return statistics.median(s[i] for s in samples[(name, tool)])

    print(f"{args.runs} runs each, interleaved, medians; wall / CPU (user+sys) in ms; "
          f"load average {os.getloadavg()[0]:.2f} at the end.\n")
    print("| module | MB | code MB | wasm-validate | wasmbind validate | wabt CPU ms/MB | "
          "ours CPU ms/MB | wabt/ours (CPU) | wabt/ours (wall) | peak RSS wabt / ours |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, path in modules:
        mb = sizes[name][0] / 1e6
        cells = [name, f"{mb:.1f}", f"{sizes[name][1] / 1e6:.1f}"]
        for tool in tools:
            cells.append(f"{med(name, tool, 0):.0f} / {med(name, tool, 1):.0f}")
        big = path != empty
        for tool in tools:
            cells.append(f"{med(name, tool, 1) / mb:.1f}" if big else "")
        for i in (1, 0):
            cells.append(f"{med(name, 'wabt', i) / med(name, 'wasmbind', i):.2f}×")
        cells.append(f"{med(name, 'wabt', 2):.0f} / {med(name, 'wasmbind', 2):.0f} MB")
        print("| " + " | ".join(cells) + " |")
    print("\nPeak RSS is the child's ru_maxrss, which Linux never reports below the RSS of the "
          "Python process it was forked from: the empty-module row is that floor.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
