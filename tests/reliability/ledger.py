#!/usr/bin/env python3
"""The reliability campaign ledger: issue 7 asks for totals (fuzz executions, differential
modules, validation inputs, soak time) that take many hours on a 2-core machine, so they are
run in pieces, across sessions and commits. Each finished piece is one line of
tests/reliability/ledger.tsv, appended by the script that ran it; this sums them.

    python3 tests/reliability/ledger.py totals      (exit status 1 while a target is unmet)
    python3 tests/reliability/ledger.py append CAMPAIGN COUNT FINDINGS DETAIL...

A line records the UTC date, the commit checked out when the piece ended (`git describe`;
the binaries are meant to be built from it, and "-dirty" flags uncommitted changes), the campaign, what was counted,
how many findings (crashes, mismatches, unexplained disagreements, failed soaks) the piece
ended with, and free text: the command, seeds, corpus, and (added here) the machine's load
average when the piece ended, since every rate in it depends on what else was running.
"""
import csv
import datetime
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LEDGER = os.environ.get("WASMBIND_LEDGER", os.path.join(HERE, "ledger.tsv"))
FIELDS = ["date", "commit", "campaign", "count", "findings", "detail"]

# Campaign -> (what is counted, the total issue 7 asks for before it is resolved).
TARGETS = {
    "fuzz_decode_validate": ("executions", 50_000_000),
    "fuzz_instantiate_run": ("executions", 10_000_000),
    "fuzz_wasi_paths": ("executions", 10_000_000),
    "fuzz_http_session": ("executions", 10_000_000),
    "validate_vs_wabt": ("distinct inputs", 1_000_000),
    "diff_exec": ("modules", 100_000),
    "soak": ("seconds in one run", 3_600),
}


def commit():
    """HEAD, with "-dirty" if a tracked file other than the ledger itself is modified (the
    ledger changes with every piece, and is not what the binaries are built from)."""
    def git(*args):
        return subprocess.run(["git", "-C", REPO, *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    ledger = os.path.relpath(os.path.abspath(LEDGER), REPO)
    exclude = [] if ledger.startswith("..") else [f":(exclude){ledger}"]
    try:
        head = git("describe", "--always")
        changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", *exclude)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("-dirty" if changed else "")


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def append(campaign, count, findings, detail, path=LEDGER):
    """Appends one line; the scripts that run campaigns call this when they finish."""
    if campaign not in TARGETS:
        raise ValueError(f"unknown campaign {campaign!r} (known: {', '.join(sorted(TARGETS))})")
    detail = f"{' '.join(detail.split())}; load {load_average()}"
    new = not os.path.exists(path)
    with open(path, "a", newline="") as f:
        out = csv.writer(f, delimiter="\t", lineterminator="\n")
        if new:
            out.writerow(FIELDS)
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
        out.writerow([now, commit(), campaign, int(count), int(findings), detail])


def rows(path=LEDGER):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def totals(path=LEDGER):
    sums, findings, pieces = {}, {}, {}
    for row in rows(path):
        c = row["campaign"]
        n = int(row["count"])
        # A soak counts as its longest single run, not a sum: the issue asks for one hour.
        sums[c] = max(sums.get(c, 0), n) if c == "soak" else sums.get(c, 0) + n
        findings[c] = findings.get(c, 0) + int(row["findings"])
        pieces[c] = pieces.get(c, 0) + 1
    print(f"{'campaign':22} {'total':>12} {'target':>12} {'done':>6} {'findings':>8} {'pieces':>6}")
    all_met = True
    for c in sorted(set(TARGETS) | set(sums)):
        what, target = TARGETS.get(c, ("", 0))
        total = sums.get(c, 0)
        met = target == 0 or total >= target
        all_met &= met
        share = f"{100 * total / target:5.1f}%" if target else ""
        print(f"{c:22} {total:12,} {target:12,} {share:>6} {findings.get(c, 0):8} "
              f"{pieces.get(c, 0):6}  {what}")
    return all_met


def main(argv):
    if len(argv) >= 2 and argv[1] == "totals":
        return 0 if totals() else 1
    if len(argv) >= 5 and argv[1] == "append":
        append(argv[2], argv[3], argv[4], " ".join(argv[5:]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
