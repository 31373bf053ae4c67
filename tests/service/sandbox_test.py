#!/usr/bin/env python3
"""CTest service-sandbox: what a guest of `wasmbind serve` can see (spec 6.6 #27-#31).

Default mode: no environment (the server's own is full of variables), no files, no preopens,
stdio is not a tty, real clocks, real sleep, real randomness. strictSandbox (truthy values
"true", "yes", "1", " TRUE "; not "enabled" or "false"), and the global Configuration switch
(spec 2.1): fake clocks advancing 1 ms per read, instant sleep, the same random bytes on
every call, 1 ms realtime resolution.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Checks, Workspace, execute, parse_args, running_server  # noqa: E402

options = parse_args(__doc__)
checks = Checks("service-sandbox")
work = Workspace(options.guests, prefix="wasmbind-sandbox-")

STRICT_MONO = "0,1000000,2000000"
# An instant sleep must answer well before the 1 s the guest asks for (not scaled by --slow:
# a sanitizer build is slower at running code, not at sleeping).
INSTANT = 0.6


def probe(server, name, args=None):
    """Runs a probe guest; returns ({key: value}, seconds, response)."""
    started = time.monotonic()
    r = server.invoke(name, execute(args))
    elapsed = time.monotonic() - started
    values = {}
    if r.status == 200:
        for line in r.body.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition("=")
            values[key] = value
    else:
        checks.check(f"{name}: probe answered 200", False, 200, (r.status, r.body))
    return values, elapsed, r


def default_mode(server):
    with checks.section("6.6 #27-#29 default sandbox: no env, no files, no tty"):
        values, _, _ = probe(server, "sandbox")
        checks.eq("#27 getenv(HOME) is NULL (the server has HOME set)", values.get("home"), "(null)")
        checks.eq("#27 environ is empty", values.get("environ"), "0")
        checks.eq("#28 fopen(/etc/passwd) fails", values.get("passwd"), "fail")
        checks.eq("#28 opendir(.) fails", values.get("opendir"), "fail")
        checks.eq("#28 fd 3 is not a preopen (fd_prestat_get -> EBADF = 8)", values.get("prestat3"), "8")
        checks.eq("#29 isatty(0)", values.get("isatty0"), "0")
        checks.eq("#29 isatty(1)", values.get("isatty1"), "0")

    with checks.section("6.6 #30 default sandbox: real clock, real sleep, real random"):
        before = time.time_ns()
        values, _, _ = probe(server, "sandbox")
        after = time.time_ns()
        realtime = int(values.get("realtime", "0"))
        checks.check("#30 realtime within a second of the host's", before - 10**9 <= realtime <= after + 10**9,
                     f"between {before - 10**9} and {after + 10**9}", realtime)
        second, _, _ = probe(server, "sandbox")
        checks.check("#30 two calls read different random bytes",
                     values.get("random") != second.get("random") and len(values.get("random", "")) == 32,
                     "two different 32-digit hex strings", (values.get("random"), second.get("random")))
        values, elapsed, _ = probe(server, "sandbox", "sleep")
        checks.check("#30 sleep(1) takes at least a second (request time)", elapsed >= 1.0, ">= 1.0 s",
                     f"{elapsed:.3f} s")
        checks.check("#30 sleep(1) takes at least a second (guest's monotonic clock)",
                     int(values.get("slept_ms", "0")) >= 1000, ">= 1000", values.get("slept_ms"))
        first, _, _ = probe(server, "clocks")
        again, _, _ = probe(server, "clocks")
        mono = [int(x) for x in first.get("mono", "0,0,0").split(",")]
        checks.check("default monotonic clock is the host's (not the fake 0, 1 ms, 2 ms)",
                     first.get("mono") != STRICT_MONO and mono[0] <= mono[1] <= mono[2] and mono[2] > 0,
                     "non-decreasing host readings", first.get("mono"))
        checks.check("default random_get differs per call", first.get("random") != again.get("random"),
                     "different", (first.get("random"), again.get("random")))


def check_strict(server, name, label):
    """Spec #31 on the clocks guest of component `name`."""
    runs = []
    for _ in range(2):
        before_s = time.time() - 1
        values, _, _ = probe(server, name)
        after_s = time.time() + 1
        runs.append(values)
        checks.eq(f"#31 {label}: monotonic reads 0, 1 ms, 2 ms (fresh per call)", values.get("mono"),
                  STRICT_MONO)
        real = [int(x) for x in values.get("real", "0,0").split(",")]
        checks.check(f"#31 {label}: realtime = whole host second + 1 ms per read",
                     real[0] % 10**9 == 10**6 and real[1] == real[0] + 10**6
                     and before_s <= real[0] / 1e9 <= after_s,
                     f"T+1000000,T+2000000 with T a whole second near {int(before_s + 1)}e9", real)
        checks.eq(f"#31 {label}: clock_res_get(REALTIME) = 1 ms", values.get("res_real"), "1000000")
    checks.check(f"#31 {label}: the same random bytes on every call",
                 runs[0].get("random") == runs[1].get("random") and len(runs[0].get("random", "")) == 32,
                 "identical 32-digit hex", (runs[0].get("random"), runs[1].get("random")))
    values, elapsed, _ = probe(server, name, "sleep")
    checks.check(f"#31 {label}: a 1 s sleep returns at once", elapsed < INSTANT and "slept" in values,
                 f"< {INSTANT} s and 'slept'", (f"{elapsed:.3f} s", values))


def strict_mode(server):
    with checks.section("6.6 #31 strictSandbox"):
        check_strict(server, "strict-true", 'strictSandbox "true"')
        check_strict(server, "strict-yes", 'strictSandbox "yes"')
        check_strict(server, "strict-1", 'strictSandbox "1"')
        check_strict(server, "strict-padded", 'strictSandbox " TRUE " (trimmed, any case)')
        values, elapsed, _ = probe(server, "strict-sandbox", "sleep")
        checks.check("#31 libc sleep(1) returns at once in strict mode", elapsed < INSTANT,
                     f"< {INSTANT} s", f"{elapsed:.3f} s ({values.get('slept_ms')} ms by the guest's clock)")
        checks.eq("strict mode changes no other sandbox property",
                  {k: values.get(k) for k in ("home", "environ", "passwd", "opendir", "prestat3", "isatty0")},
                  {"home": "(null)", "environ": "0", "passwd": "fail", "opendir": "fail",
                   "prestat3": "8", "isatty0": "0"})
        for name, label in (("strict-enabled", '"enabled" is not truthy'),
                            ("strict-false", '"false"')):
            first, _, _ = probe(server, name)
            again, _, _ = probe(server, name)
            checks.check(f"#31 {label}: real clocks", first.get("mono") not in (None, STRICT_MONO),
                         "host monotonic readings", first.get("mono"))
            checks.check(f"#31 {label}: real random", first.get("random") != again.get("random"),
                         "different bytes per call", (first.get("random"), again.get("random")))


def main():
    clocks_url = "file://" + work.place_guest("clocks", "clocks")
    sandbox_url = "file://" + work.place_guest("sandbox", "sandbox")
    specs = [
        {"name": "sandbox", "url": sandbox_url},
        {"name": "clocks", "url": clocks_url},
        {"name": "strict-sandbox", "url": sandbox_url, "metadata": {"strictSandbox": "true"}},
        {"name": "strict-true", "url": clocks_url, "metadata": {"strictSandbox": "true"}},
        {"name": "strict-yes", "url": clocks_url, "metadata": {"strictSandbox": "yes"}},
        {"name": "strict-1", "url": clocks_url, "metadata": {"strictSandbox": "1"}},
        {"name": "strict-padded", "url": clocks_url, "metadata": {"strictSandbox": " TRUE "}},
        {"name": "strict-enabled", "url": clocks_url, "metadata": {"strictSandbox": "enabled"}},
        {"name": "strict-false", "url": clocks_url, "metadata": {"strictSandbox": "false"}},
    ]
    folder = work.components("components", specs)
    # The server's own environment has plenty to leak: HOME, PATH and this.
    env = {"HOME": "/root", "WASMBIND_SANDBOX_SECRET": "must-not-leak"}
    with checks.section("server with the probe guests"), \
            running_server(checks, options.wasmbind, folder, env=env, slow=options.slow) as server:
        default_mode(server)
        strict_mode(server)

    # Global switch: a Configuration with spec.wasm.strictSandbox: true forces strict mode on
    # every wasm component, even one that says "false" (Dapr >= 1.12).
    folder = work.components("global", [{"name": "forced", "url": clocks_url,
                                         "metadata": {"strictSandbox": "false"}}])
    work.write("global/config.yaml", "apiVersion: dapr.io/v1alpha1\nkind: Configuration\n"
                                     "metadata:\n  name: appconfig\nspec:\n  wasm:\n"
                                     "    strictSandbox: true\n")
    with checks.section("global Configuration spec.wasm.strictSandbox: true"), \
            running_server(checks, options.wasmbind, folder, slow=options.slow) as server:
        check_strict(server, "forced", "global switch over strictSandbox \"false\"")
    work.close()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
