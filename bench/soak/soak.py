#!/usr/bin/env python3
"""Soak run of `wasmbind serve` (issue 7, item 6): wrk with 64 connections for a configurable
time against a mix of GET /v1.0/healthz, an echo guest, a trapping guest and a guest stopped
by its per-call deadline. Passes when there are 0 unexpected responses and 0 socket errors
and the server's resident memory and open file descriptors stay flat after warm-up.

    python3 bench/soak/soak.py --duration 3600          # the closing-note run (1 hour)
    python3 bench/soak/soak.py --duration 300 --build build/asan --warmup-fraction 0.5  # leaks

It builds nothing: it takes the wasmbind binary and the folders of built guests (the
examples' echo guest and the service tests' trap and loop guests) of one build tree. Under
an ASan build, LeakSanitizer reports at the server's exit go to the log this prints. Under
ASan the resident memory climbs for the first two minutes or so while the allocator's
quarantine of freed blocks (256 MiB by default) fills, then stays flat: judge it after a
longer warm-up (--warmup-fraction 0.5 for a 5-minute run).
"""
import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

COMPONENT = """apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: {name}
spec:
  type: bindings.wasm
  version: v1
  metadata:
  - name: url
    value: "file://{path}"
{extra}"""


def write_components(folder, build):
    guests = {
        "echo": os.path.join(build, "examples/guests/echo.wasm"),
        "trap": os.path.join(build, "tests/service/guests/trap.wasm"),
        "deadline": os.path.join(build, "tests/service/guests/loop.wasm"),
    }
    for name, path in guests.items():
        if not os.path.exists(path):
            sys.exit(f"soak: {path} is missing: build the tree first (cmake --build build/...)")
        extra = '  - name: timeout\n    value: "20ms"\n' if name == "deadline" else ""
        with open(os.path.join(folder, f"{name}.yaml"), "w") as f:
            f.write(COMPONENT.format(name=name, path=os.path.abspath(path), extra=extra))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(wasmbind, folder, log_path):
    # --log-level warn keeps an hour of access-log lines off the disk, so the port is chosen
    # here and readiness is a 204 from healthz.
    port = free_port()
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [wasmbind, "serve", "--resources-path", folder, "--port", str(port),
         "--listen-address", "127.0.0.1", "--log-level", "warn"],
        stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"soak: the server exited with {proc.returncode}; see {log_path}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/v1.0/healthz")
            if conn.getresponse().status == 204:
                return proc, port
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    sys.exit("soak: the server did not answer healthz within 60 s")


def sample(pid):
    with open(f"/proc/{pid}/status") as f:
        rss_kib = int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss_kib, fds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    ap.add_argument("--build", default=os.path.join(ROOT, "build/release"),
                    help="build tree with tools/wasmbind and the guests (default build/release)")
    ap.add_argument("--wasmbind", help="wasmbind binary (default BUILD/tools/wasmbind)")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sample-every", type=float, default=0, help="seconds (default duration/20)")
    ap.add_argument("--warmup-fraction", type=float, default=0.25,
                    help="share of the samples ignored when judging flatness (default 0.25)")
    ap.add_argument("--rss-growth-limit", type=float, default=0.10,
                    help="allowed RSS growth after warm-up, as a fraction (default 0.10)")
    ap.add_argument("--ledger", action="store_true",
                    help="add the run to tests/reliability/ledger.tsv (issue 7's totals)")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("soak: wrk is missing (apt install wrk)")
    wasmbind = args.wasmbind or os.path.join(args.build, "tools/wasmbind")
    every = args.sample_every or max(args.duration / 20, 1)

    work = tempfile.mkdtemp(prefix="wasmbind-soak-")
    folder = os.path.join(work, "components")
    os.mkdir(folder)
    write_components(folder, args.build)
    log_path = os.path.join(work, "server.log")
    proc, port = start_server(wasmbind, folder, log_path)
    print(f"soak: server pid {proc.pid} on 127.0.0.1:{port}, {args.duration} s, "
          f"{args.connections} connections, log {log_path}", flush=True)

    samples = []
    stop = threading.Event()

    def sampler():
        t0 = time.time()
        while not stop.is_set():
            try:
                samples.append((time.time() - t0, *sample(proc.pid)))
            except (OSError, AttributeError):
                break
            stop.wait(every)

    th = threading.Thread(target=sampler)
    th.start()
    wrk = subprocess.run(
        ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s",
         "--timeout", "10s", "--latency", "-s", os.path.join(HERE, "soak.lua"),
         f"http://127.0.0.1:{port}"],
        capture_output=True, text=True)
    stop.set()
    th.join()
    out = wrk.stdout
    print(out)

    # Graceful shutdown must end with exit 0.
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = "killed after 60 s"

    print(" time_s   rss_MiB   fds")
    for t, rss, fds in samples:
        print(f"{t:7.0f} {rss / 1024:9.1f} {fds:5d}")

    failures = []
    m = re.search(r"SOAK healthz=(\d+) echo=(\d+) trap=(\d+) deadline=(\d+) unexpected=(\d+)", out)
    if not m:
        failures.append("wrk printed no SOAK summary (stderr: " + wrk.stderr.strip() + ")")
    else:
        counts = list(map(int, m.groups()))
        if counts[4] != 0:
            ex = re.search(r"SOAK first_unexpected (.*)", out)
            failures.append(f"{counts[4]} unexpected responses, e.g. {ex.group(1) if ex else '?'}")
        if min(counts[:4]) == 0:
            failures.append("a request kind got no expected response at all")
    e = re.search(r"SOAK socket_errors connect=(\d+) read=(\d+) write=(\d+) timeout=(\d+)", out)
    if e and sum(map(int, e.groups())) != 0:
        failures.append("socket errors: " + e.group(0))
    if rc != 0:
        failures.append(f"server exit status {rc} after SIGTERM (see {log_path})")
    steady = samples[int(len(samples) * args.warmup_fraction):]
    if len(steady) >= 2:
        base_rss = steady[0][1]
        peak_rss = max(s[1] for s in steady)
        if peak_rss > base_rss * (1 + args.rss_growth_limit):
            failures.append(f"RSS grew from {base_rss / 1024:.1f} to {peak_rss / 1024:.1f} MiB after warm-up")
        fds = [s[2] for s in steady]
        if max(fds) - min(fds) > args.connections + 8:
            failures.append(f"open fds ranged {min(fds)}..{max(fds)} after warm-up")
    with open(log_path) as f:
        leak = [l for l in f if "LeakSanitizer" in l or "ERROR: AddressSanitizer" in l]
    if leak:
        failures.append("sanitizer report in the server log: " + leak[0].strip())

    if args.ledger:
        sys.path.insert(0, os.path.join(ROOT, "tests", "reliability"))
        import ledger
        requests = re.search(r"(\d+) requests in", out)
        ledger.append("soak", args.duration, len(failures),
                      f"soak.py --duration {args.duration} --build {args.build}: "
                      f"{requests.group(1) if requests else '?'} requests, "
                      f"{m.group(0) if m else 'no summary'}; "
                      f"{'; '.join(failures) if failures else 'PASS'}")
    if failures:
        print("soak: FAIL\n  " + "\n  ".join(failures))
        return 1
    print("soak: PASS (0 unexpected responses, 0 socket errors, RSS and fds flat after warm-up)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
