#!/usr/bin/env python3
"""Differential validation: wasmbind's accept/reject verdicts against wabt's wasm-validate.

    python3 fuzz/validate_vs_wabt.py --fuzzer build/fuzz/fuzz/fuzz_decode_validate \\
        --wasmbind build/release/tools/wasmbind --inputs 1000000 [--corpus DIR] [--jobs 2]

Inputs are libFuzzer's: each round runs fuzz_decode_validate for --batch executions (a new
-seed each round, --seed plus the round number, starting from --corpus, which also collects
what it finds) with WASMBIND_FUZZ_SAVE_DIR set, so every input it executes is saved; then
every input not compared before is judged by `wasmbind validate` (in batches of files per process) and by
`wasm-validate` (one process per file). Instead of a fuzzer, --dir DIR compares the files of
a directory once.

Both sides validate WebAssembly 2.0: wabt 1.0.32 enables exactly its features by default
(mutable globals, saturating conversions, sign extension, SIMD, multi-value, bulk memory,
reference types) and wasmbind validate uses the same set. wasm-validate runs with its
defaults: --ignore-custom-section-errors would also let it accept custom sections whose name
is not UTF-8, which the spec calls malformed. A module wasmbind refuses only for an interpreter limit (`limit exceeded`, e.g. more than
100,000 locals in a function) is counted apart, not as a disagreement.

"Not compared before" spans runs: the SHA-1 of every compared input is appended to --seen
(default: under --out), so a campaign run in pieces (the 1 million inputs issue 7 asks for)
counts each input once, although each piece's fuzzer re-executes the corpus it starts from.

Disagreements whose cause is a known wabt deviation (KNOWN_WABT_DEVIATIONS, each checked on
the input itself), or on which V8 (node's WebAssembly.Module) sides with wasmbind, are
counted as explained, by cause. The others are saved under --out with both
tools' messages; the summary groups them by the pair of messages. Exit status 1 when there
is an unexplained disagreement, 2 when the fuzzer stopped bringing new inputs (three rounds
in a row) before --inputs were compared.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_ROUNDS_WITHOUT_NEW_INPUT = 3


def wabt_verdicts(paths, wasm_validate, jobs):
    """{path: (accepted, message)} from one wasm-validate process per file."""
    def one(path):
        r = subprocess.run([wasm_validate, path],
                           capture_output=True, text=True, errors="replace")
        message = (r.stderr.strip().splitlines() or [""])[0]
        return path, (r.returncode == 0, message.replace(path + ":", "").strip())
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(pool.map(one, paths))


def wasmbind_verdicts(paths, wasmbind, chunk=500):
    """{path: (verdict, message)}: verdict is True, False, or "limit"."""
    out = {}
    for i in range(0, len(paths), chunk):
        part = paths[i:i + chunk]
        r = subprocess.run([wasmbind, "validate", *part], capture_output=True, text=True,
                           errors="replace")
        for line in r.stdout.splitlines():
            path, _, rest = line.partition(": ")
            if rest.startswith("ok"):
                out[path] = (True, "")
        for line in r.stderr.splitlines():
            path, _, rest = line.partition(": ")
            if path in out or not path:
                continue
            out[path] = ("limit" if rest.startswith("limit exceeded") else False, rest)
        missing = [p for p in part if p not in out]
        if missing:
            sys.exit(f"validate_vs_wabt: no verdict from wasmbind for {missing[0]} "
                     f"(status {r.returncode}): {r.stderr[-500:]}")
    return out


# ---- known wabt deviations ------------------------------------------------------------------

def _leb(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def _skip_const_expr(data, pos):
    """Position after a constant expression's `end`; None for an instruction not handled."""
    while True:
        op = data[pos]
        pos += 1
        if op == 0x0B:
            return pos
        if op in (0x41, 0x42, 0x23, 0xD2):  # i32/i64.const, global.get, ref.func
            _, pos = _leb(data, pos)
        elif op == 0xD0:  # ref.null t
            pos += 1
        elif op in (0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E):  # extended-const arithmetic
            pass
        else:
            return None


def empty_segment_offset(data):
    """True when an active data or element segment's offset expression is just `end`: wabt
    1.0.32 accepts that, the spec types it [] where i32 is needed (type mismatch)."""
    try:
        pos = 8
        while pos < len(data):
            section, (size, body) = data[pos], _leb(data, pos + 1)
            pos = body + size
            if section not in (9, 11):
                continue
            count, q = _leb(data, body)
            for _ in range(count):
                flags, q = _leb(data, q)
                if section == 11:
                    if flags == 2:
                        _, q = _leb(data, q)
                    if flags in (0, 2):
                        if data[q] == 0x0B:
                            return True
                        q = _skip_const_expr(data, q)
                    n, q = _leb(data, q)
                    q += n
                else:
                    if flags in (2, 6):
                        _, q = _leb(data, q)
                    if flags in (0, 2, 4, 6):
                        if data[q] == 0x0B:
                            return True
                        q = _skip_const_expr(data, q)
                    if flags in (1, 2, 3, 5, 6, 7):
                        q += 1  # elemkind or reftype
                    n, q = _leb(data, q)
                    for _ in range(n):
                        if flags < 4:
                            _, q = _leb(data, q)
                        else:
                            q = _skip_const_expr(data, q)
                if q is None:
                    return False
    except (IndexError, TypeError):
        pass
    return False


def has_name_section(data):
    try:
        pos = 8
        while pos < len(data):
            section, (size, body) = data[pos], _leb(data, pos + 1)
            if section == 0:
                n, q = _leb(data, body)
                if data[q:q + n] == b"name":
                    return True
            pos = body + size
    except IndexError:
        pass
    return False


def wabt_accepts_ignoring_custom_sections(path):
    return subprocess.run([WASM_VALIDATE, "--ignore-custom-section-errors", path],
                          capture_output=True).returncode == 0


WASM_VALIDATE = "wasm-validate"

# (name, test(path, bytes, wasmbind's verdict, its message, wabt's verdict)) for
# disagreements whose cause is known to be on wabt's side, each confirmed on the input.
KNOWN_WABT_DEVIATIONS = [
    ("wabt accepts an empty offset expression in an active data/element segment",
     lambda path, data, ours, msg, theirs: ours is False and theirs and "type mismatch" in msg
     and empty_segment_offset(data)),
    ("wabt rejects a malformed \"name\" section (a custom section: its contents do not affect "
     "validity, and wasmbind ignores a name section it cannot read)",
     lambda path, data, ours, msg, theirs: ours is True and not theirs and has_name_section(data)
     and wabt_accepts_ignoring_custom_sections(path)),
]


# V8 (node) as a third opinion on the disagreements nothing above explains: when its verdict
# is wasmbind's, the disagreement is counted as a wabt deviation, grouped by V8's message
# (wabt 1.0.32, for one, accepts a function body whose last `end` closes a block, leaving the
# function itself unterminated, and data segment flags other than 0, 1 and 2).
V8_VALIDATE = r"""
const fs = require('fs');
for (const path of process.argv.slice(1)) {
  let message = '';
  try { new WebAssembly.Module(fs.readFileSync(path)); } catch (e) { message = e.message; }
  console.log(JSON.stringify({path, ok: message === '', message}));
}
"""


def v8_verdicts(paths, node):
    if not node or not paths:
        return {}
    r = subprocess.run([node, "-e", V8_VALIDATE, *paths], capture_output=True, text=True,
                       errors="replace")
    out = {}
    for line in r.stdout.splitlines():
        try:
            v = json.loads(line)
        except ValueError:
            continue
        # "WebAssembly.Module(): Compiling function #2 failed: X @+513" -> "X"
        out[v["path"]] = (v["ok"], v["message"].split("failed: ")[-1].split("): ")[-1])
    return out


def category(message):
    """A message without its byte offsets and numbers, to group similar disagreements."""
    words = []
    for w in message.replace("(", " ").replace(")", " ").split():
        words.append("#" if any(c.isdigit() for c in w) else w)
    return " ".join(words)[:120]


def load_seen(path):
    """The SHA-1 digests (20 bytes each) of every input an earlier run compared."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return set()
    return {data[i:i + 20] for i in range(0, len(data) - len(data) % 20, 20)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fuzzer", help="fuzz_decode_validate (built by the fuzz preset)")
    parser.add_argument("--dir", help="compare the files of this directory instead")
    parser.add_argument("--wasmbind", default=os.path.join(REPO_DIR, "build/release/tools/wasmbind"))
    parser.add_argument("--wasm-validate", default=shutil.which("wasm-validate") or "wasm-validate")
    parser.add_argument("--corpus", default=os.path.join(REPO_DIR, "build/fuzz/work/validate_vs_wabt/corpus"))
    parser.add_argument("--seeds", default=os.path.join(REPO_DIR, "build/fuzz/work/fuzz_decode_validate/seeds"),
                        help="extra corpus directory the fuzzer reads (not written)")
    parser.add_argument("--inputs", type=int, default=100000, help="distinct inputs to compare")
    parser.add_argument("--batch", type=int, default=20000, help="fuzzer executions per round")
    parser.add_argument("--seed", type=int, default=None,
                        help="libFuzzer -seed of the first round (default: random)")
    parser.add_argument("--seen", default=None,
                        help="SHA-1s of the inputs compared so far (default: OUT/seen.sha1)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--node", default=shutil.which("node"),
                        help="node, whose V8 judges disagreements nothing else explains")
    parser.add_argument("--out", default=os.path.join(REPO_DIR, "build/validate-vs-wabt"))
    parser.add_argument("--ledger", action="store_true",
                        help="add the run to tests/reliability/ledger.tsv (issue 7's totals)")
    args = parser.parse_args()
    global WASM_VALIDATE
    WASM_VALIDATE = args.wasm_validate
    if not args.fuzzer and not args.dir:
        parser.error("give --fuzzer or --dir")

    os.makedirs(args.out, exist_ok=True)
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(3), "little")
    seen_path = args.seen or os.path.join(args.out, "seen.sha1")
    seen = load_seen(seen_path) if not args.dir else set()
    seen_before = len(seen)
    totals = collections.Counter()
    groups = collections.Counter()
    explained = collections.Counter()
    start = time.monotonic()
    round_no = 0
    rounds_without_new_input = 0
    stalled = False
    while totals["compared"] < args.inputs:
        with tempfile.TemporaryDirectory(prefix="vvw-") as work:
            if args.dir:
                files = [os.path.join(args.dir, f) for f in sorted(os.listdir(args.dir))]
            else:
                os.makedirs(args.corpus, exist_ok=True)
                dirs = [args.corpus] + ([args.seeds] if os.path.isdir(args.seeds) else [])
                env = dict(os.environ, WASMBIND_FUZZ_SAVE_DIR=work)
                r = subprocess.run([args.fuzzer, *dirs, f"-runs={args.batch}",
                                    f"-seed={args.seed + round_no}", "-timeout=5", "-rss_limit_mb=2048",
                                    "-max_len=65536"], env=env, capture_output=True, text=True,
                                   errors="replace")
                if r.returncode != 0:
                    sys.exit(f"validate_vs_wabt: the fuzzer failed: {r.stderr[-2000:]}")
                files = [os.path.join(work, f) for f in os.listdir(work)]
            fresh, compared_digests = [], []
            for path in files:
                if len(fresh) == args.inputs - totals["compared"]:
                    break
                with open(path, "rb") as f:
                    digest = hashlib.sha1(f.read()).digest()
                if digest not in seen:
                    seen.add(digest)
                    fresh.append(path)
                    compared_digests.append(digest)
            ours = wasmbind_verdicts(fresh, args.wasmbind)
            theirs = wabt_verdicts(fresh, args.wasm_validate, args.jobs)
            disputed = [p for p in fresh if ours[p][0] != "limit" and ours[p][0] != theirs[p][0]]
            v8 = v8_verdicts(disputed, args.node)
            for path in fresh:
                (v, msg), (w, wmsg) = ours[path], theirs[path]
                totals["compared"] += 1
                if v == "limit":
                    totals["limit"] += 1
                    continue
                if v == w:
                    totals["both accept" if v else "both reject"] += 1
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                known = [name for name, test in KNOWN_WABT_DEVIATIONS if test(path, data, v, msg, w)]
                if known:
                    explained[known[0]] += 1
                    continue
                if path in v8 and v8[path][0] == v:
                    explained["wabt deviation, V8 agrees with wasmbind: " + category(v8[path][1])] += 1
                    continue
                kind = "wasmbind accepts, wabt rejects" if v else "wasmbind rejects, wabt accepts"
                totals[kind] += 1
                key = (kind, category(msg), category(wmsg))
                groups[key] += 1
                if groups[key] <= 5:  # a few examples of each
                    dest = os.path.join(args.out, f"{len(groups):03d}-{groups[key]}.wasm")
                    shutil.copy(path, dest)
                    with open(dest + ".txt", "w") as f:
                        f.write(f"{kind}\nwasmbind: {msg or 'ok'}\nwabt: {wmsg or 'ok'}\n")
        if not args.dir:
            with open(seen_path, "ab") as f:
                f.write(b"".join(compared_digests))
        round_no += 1
        print(f"validate_vs_wabt: round {round_no}: {totals['compared']} distinct inputs compared, "
              f"{sum(explained.values())} explained and {sum(groups.values())} unexplained "
              f"disagreements ({time.monotonic() - start:.0f} s)", flush=True)
        if args.dir:
            break
        # A fuzzer that only replays what was compared before would keep this loop going for ever.
        rounds_without_new_input = 0 if compared_digests else rounds_without_new_input + 1
        if rounds_without_new_input == MAX_ROUNDS_WITHOUT_NEW_INPUT:
            print(f"validate_vs_wabt: no new input in {rounds_without_new_input} rounds of "
                  f"{args.batch} executions; stopping short of --inputs {args.inputs}",
                  file=sys.stderr)
            stalled = True
            break

    print(f"validate_vs_wabt: {totals['compared']} distinct inputs: {totals['both accept']} "
          f"accepted by both, {totals['both reject']} rejected by both, {totals['limit']} valid "
          f"but beyond a wasmbind interpreter limit; {sum(explained.values())} disagreements "
          f"explained by known wabt deviations, {sum(groups.values())} unexplained "
          f"({time.monotonic() - start:.0f} s)")
    for name, n in explained.most_common():
        print(f"  {n:6d}  explained: {name}")
    for (kind, ours, theirs), n in groups.most_common():
        print(f"  {n:6d}  {kind}\n          wasmbind: {ours or 'ok'}\n          wabt:     {theirs or 'ok'}")
    if args.ledger:
        sys.path.insert(0, os.path.join(REPO_DIR, "tests", "reliability"))
        import ledger
        ledger.append("validate_vs_wabt", totals["compared"], sum(groups.values()),
                      f"validate_vs_wabt.py --inputs {args.inputs} --batch {args.batch} --seed {args.seed} "
                      f"({seen_before} inputs compared by earlier runs, none of them again): "
                      f"{totals['both accept']} accepted by both, {totals['both reject']} rejected "
                      f"by both, {sum(explained.values())} explained disagreements, "
                      f"{time.monotonic() - start:.0f} s")
    return 1 if groups else 2 if stalled else 0


if __name__ == "__main__":
    sys.exit(main())
