#!/usr/bin/env python3
"""Runs the official WASI preview1 test suite (shared/wasi-testsuite) through `wasmbind run`.

For each `<name>.wasm` in <suite>/{c,rust,assemblyscript}/wasm32-wasip1, reads `<name>.json`
(legacy form, see shared/wasi-testsuite/README.md; missing fields take the defaults), copies the
test's directories to a fresh temp dir, runs

    wasmbind run --env K=V ... [--dir <tmp>/<root>::/] [--dir <tmp>/<d>::<d> ...] <name>.wasm ARGS

with stdin an empty pipe, and checks the exit code and the stdout/stderr prefixes like upstream's
runner. Prints one line per test and closes with `N passed, M failed, K skipped`; exits 1 if any
test failed, 77 if the suite is not there.

The skip list (--skip, default skip.txt beside this script) has one test per line,
`<lang>/<name> <reason>`; blank lines and lines starting with '#' are ignored.
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

LANGS = ("c", "rust", "assemblyscript")
HERE = pathlib.Path(__file__).resolve().parent
SKIP_STATUS = 77  # CTest's SKIP_RETURN_CODE: the suite is not there


def load_skips(path):
    skips = {}
    if path and path.exists():
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            name, _, reason = line.partition(" ")
            skips[name] = reason.strip() or "(no reason given)"
    return skips


def load_spec(wasm):
    spec_path = wasm.with_suffix(".json")
    spec = json.loads(spec_path.read_text()) if spec_path.exists() else {}
    if "operations" in spec or "world" in spec or "proposals" in spec:
        raise ValueError("operation-based spec (wasip3 form) is not supported")
    return spec


def remove_cleanup_entries(root):
    """Upstream deletes every `*.cleanup` entry under root before and after each test."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in list(dirnames) + filenames:
            if not name.endswith(".cleanup"):
                continue
            path = os.path.join(dirpath, name)
            if os.path.islink(path) or not os.path.isdir(path):
                os.unlink(path)
            else:
                shutil.rmtree(path)
                if name in dirnames:
                    dirnames.remove(name)


def run_test(wasmbind, lang, wasm, timeout):
    """Returns (status, detail, seconds) with status "pass" or "fail"."""
    name = f"{lang}/{wasm.stem}"
    try:
        spec = load_spec(wasm)
    except (ValueError, json.JSONDecodeError) as e:
        return "fail", f"bad spec: {e}", 0.0
    args = [str(a) for a in spec.get("args", [])]
    env = spec.get("env", {})
    expected_code = spec.get("exit_code", 0)
    expected_stdout = spec.get("stdout", "")
    expected_stderr = spec.get("stderr", "")
    mounts = []  # (dir relative to the spec's folder, guest path)
    if spec.get("root"):
        mounts.append((spec["root"], "/"))
    for d in spec.get("dirs", []):
        mounts.append((d, d))

    with tempfile.TemporaryDirectory(prefix="wasi-" + wasm.stem + "-") as tmp:
        command = [str(wasmbind), "run"]
        for key, value in env.items():
            command += ["--env", f"{key}={value}"]
        for rel, guest in mounts:
            copy = pathlib.Path(tmp) / rel
            shutil.copytree(wasm.parent / rel, copy, symlinks=True)
            remove_cleanup_entries(copy)
            command += ["--dir", f"{copy}::{guest}"]
        command += [str(wasm)] + args
        start = time.monotonic()
        try:
            # stdin: a pipe closed at once, as upstream's runner leaves it (reads see EOF)
            proc = subprocess.run(command, input=b"", capture_output=True, timeout=timeout,
                                  cwd=tmp)
        except subprocess.TimeoutExpired:
            return "fail", f"timed out after {timeout} s", time.monotonic() - start
        seconds = time.monotonic() - start

    stdout = proc.stdout.decode("utf-8", "replace")
    stderr = proc.stderr.decode("utf-8", "replace")
    problems = []
    if proc.returncode != expected_code:
        problems.append(f"exit code {proc.returncode}, expected {expected_code}")
    if not stdout.startswith(expected_stdout):
        problems.append(f"stdout {stdout[:200]!r} does not start with {expected_stdout!r}")
    if not stderr.startswith(expected_stderr):
        problems.append(f"stderr {stderr[:200]!r} does not start with {expected_stderr!r}")
    if problems:
        # The guest's own complaint (an assertion, a Rust panic) comes first, the trap after.
        lines = [line[:300] for line in stderr.strip().splitlines()]
        shown = lines[:4] + (["..."] + lines[-3:] if len(lines) > 7 else lines[4:])
        detail = "; ".join(problems)
        if shown and not any("stderr" in p for p in problems):
            detail += "\n    " + "\n    ".join(shown)
        return "fail", detail, seconds
    return "pass", "", seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wasmbind", required=True, help="the wasmbind binary")
    parser.add_argument("--testsuite", required=True, help="the wasi-testsuite folder")
    parser.add_argument("--skip", type=pathlib.Path, default=HERE / "skip.txt",
                        help="skip list: `<lang>/<name> <reason>` per line")
    parser.add_argument("--filter", default="", help="run only tests whose <lang>/<name> contains this")
    parser.add_argument("--timeout", type=float, default=60.0, help="per-test timeout in seconds")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="tests run at once")
    options = parser.parse_args()

    suite = pathlib.Path(options.testsuite)
    wasmbind = pathlib.Path(options.wasmbind).resolve()
    if not wasmbind.exists():
        print(f"no wasmbind binary at {wasmbind}")
        return 2
    skips = load_skips(options.skip)

    tests = []
    for lang in LANGS:
        folder = suite / lang / "wasm32-wasip1"
        if not (folder / "manifest.json").exists():
            print(f"SKIP: no test suite at {folder} (set WASMBIND_WASI_TESTSUITE)")
            return SKIP_STATUS
        for wasm in sorted(folder.glob("*.wasm")):
            name = f"{lang}/{wasm.stem}"
            if options.filter in name:
                tests.append((lang, wasm, name))

    passed = failed = skipped = 0
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = {}
        for lang, wasm, name in tests:
            if name not in skips:
                futures[name] = pool.submit(run_test, wasmbind, lang, wasm, options.timeout)
        for lang, wasm, name in tests:
            if name in skips:
                skipped += 1
                print(f"SKIP {name}: {skips[name]}", flush=True)
                continue
            status, detail, seconds = futures[name].result()
            if status == "pass":
                passed += 1
                print(f"PASS {name} ({seconds:.2f} s)", flush=True)
            else:
                failed += 1
                failures.append(name)
                print(f"FAIL {name} ({seconds:.2f} s): {detail}", flush=True)

    unknown = sorted(set(skips) - {name for _, _, name in tests})
    if unknown and not options.filter:
        print(f"note: skip list names tests that do not exist: {', '.join(unknown)}")
    if failures:
        print("failed: " + " ".join(failures))
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
