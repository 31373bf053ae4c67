#!/usr/bin/env python3
"""CTest wasi-plumbing: `wasmbind run` end to end with guests/stdio.c and guests/reactor.c.

Exit-code propagation, argv (argv[0] = FILE's base name; guest arguments that look like
wasmbind options stay the guest's), the environment (empty by default, --env, --inherit-env,
a bare --env K), preopen names and file access through them, stdin/stdout/stderr, traps (exit 134 with the backtrace on stderr), --timeout,
--max-memory-pages, errors (exit 1) and --invoke on a reactor.

Usage: plumbing_test.py WASMBIND GUEST_DIR
"""

import os
import subprocess
import sys
import tempfile

wasmbind, guests = sys.argv[1], sys.argv[2]
stdio = os.path.join(guests, "stdio.wasm")
reactor = os.path.join(guests, "reactor.wasm")
failures = []
checks = 0


def run(*args, stdin=b"", env=None):
    proc = subprocess.run([wasmbind, "run", *args], input=stdin, capture_output=True,
                          timeout=120, env=env)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def check(name, condition, got):
    global checks
    checks += 1
    print(("ok   " if condition else "FAIL ") + name)
    if not condition:
        failures.append(name)
        print("     got: " + repr(got)[:600])


def lines_with(prefix, text):
    return [line for line in text.splitlines() if line.startswith(prefix)]


# Exit codes, including proc_exit with 0 and values that need all 8 bits.
for code in (0, 1, 7, 42, 255):
    status, _, _ = run(stdio, str(code))
    check(f"exit code {code}", status == code, status)

# argv: argv[0] is the base name; what follows FILE is the guest's even when it looks like ours.
guest_args = ["0", "-t", "Hello salaboy", "--dir", "/", "--env", "X=1", "--", "--invoke", "run", ""]
status, out, err = run(stdio, *guest_args)
want = [f"argc={len(guest_args) + 1}", "argv[0]=stdio.wasm"] + [
    f"argv[{i + 1}]={a}" for i, a in enumerate(guest_args)]
check("argv", status == 0 and lines_with("arg", out) == want, (status, out, err))

# Environment: nothing by default; --env sets exactly what it says, later wins, values keep
# quotes, '=' and newlines; a bare --env K copies K from the host; --inherit-env passes it all.
status, out, _ = run(stdio, "0", env={**os.environ, "WASMBIND_PLUMBING": "leak"})
check("empty environment by default", lines_with("env=", out) == [], out)
status, out, _ = run("--env", "A=1", "--env", 'B=escap " ing', "--env", "C=x=y", "--env", "A=2",
                     stdio, "0")
check("--env", lines_with("env=", out) == ["env=A=2", 'env=B=escap " ing', "env=C=x=y"], out)
status, out, _ = run("--env", "C=new\nline", stdio, "0")
check("--env value with a newline", "env=C=new\nline\n" in out, out)
host_env = {**os.environ, "WASMBIND_PLUMBING": "from host"}
status, out, _ = run("--env", "WASMBIND_PLUMBING", "--env", "WASMBIND_NOT_SET", stdio, "0", env=host_env)
check("bare --env K copies the host's K", lines_with("env=", out) == ["env=WASMBIND_PLUMBING=from host"], out)
status, out, _ = run("--inherit-env", "--env", "WASMBIND_PLUMBING=override", stdio, "0", env=host_env)
env_lines = lines_with("env=", out)
check("--inherit-env", "env=WASMBIND_PLUMBING=override" in env_lines and
      f"env=PATH={os.environ.get('PATH', '')}" in env_lines, env_lines[:5])

# Preopens: GUEST defaults to HOST; files open through them (wasi-libc resolves paths against
# the preopen names, "." included).
with tempfile.TemporaryDirectory(prefix="wasi-plumbing-") as tmp:
    with open(os.path.join(tmp, "hello.txt"), "w") as f:
        f.write("hello from the host\n")
    status, out, _ = run("--dir", tmp, "--dir", f"{tmp}::/data", "--dir-ro", f"{tmp}::.", stdio, "preopens")
    check("preopen names", status == 0 and out == f"preopen={tmp}\npreopen=/data\npreopen=.\n",
          (status, out))
    for flag, spec, path in (("--dir", tmp, f"{tmp}/hello.txt"), ("--dir", f"{tmp}::/data", "/data/hello.txt"),
                             ("--dir-ro", f"{tmp}::.", "hello.txt")):
        status, out, _ = run(flag, spec, stdio, "cat", path)
        check(f"read {path} through {flag} {spec}", status == 0 and out == "hello from the host\n",
              (status, out))
    status, out, _ = run(stdio, "cat", f"{tmp}/hello.txt")
    check("no --dir, no file access", status == 1 and out.startswith("cat: errno="), (status, out))

# stdin in, stdout and stderr out.
status, out, err = run(stdio, "3", stdin=b"line one\nline two")
check("stdin", "stdin=line one\nline two\nstdin_bytes=17\n" in out, out)
check("stderr", err == "stderr line\n", err)
big = bytes(range(256)) * 1024
status, out, _ = run(stdio, "0", stdin=big.replace(b"\n", b"."))
check("stdin of 256 KiB", f"stdin_bytes={len(big)}" in out, out[-80:])

# A trap exits 134 with the trap and the guest's backtrace on stderr.
status, out, err = run(stdio, "trap")
check("trap exits 134", status == 134, status)
check("trap message and backtrace", "unreachable" in err and "at main" in err, err)

# --timeout interrupts a guest that never stops (also exit 134).
status, _, err = run("--timeout", "0.5", stdio, "loop")
check("--timeout interrupts", status == 134 and "interrupt" in err, (status, err))

# --max-memory-pages: malloc fails once memory.grow would pass the limit; below the module's
# minimum, the module cannot even be instantiated (exit 1).
status, out, _ = run("--max-memory-pages", "64", stdio, "alloc", "16000000")
check("--max-memory-pages makes malloc fail", status == 0 and out == "alloc=null\n", (status, out))
status, out, _ = run(stdio, "alloc", "16000000")
check("malloc without the limit", status == 0 and out == "alloc=ok\n", (status, out))
status, _, err = run("--max-memory-pages", "1", stdio, "0")
check("memory minimum above --max-memory-pages exits 1", status == 1 and err, (status, err))

# Failures to run at all exit 1 with a message.
status, _, err = run(os.path.join(guests, "no-such.wasm"))
check("missing module exits 1", status == 1 and "no-such.wasm" in err, (status, err))
status, _, err = run("--dir", os.path.join(guests, "no-such-dir"), stdio, "0")
check("missing --dir exits 1", status == 1 and err, (status, err))
status, _, err = run("--invoke", "nope", reactor)
check("--invoke of a missing export exits 1", status == 1 and "nope" in err, (status, err))

# --invoke on a reactor: _initialize runs first (constructors), arguments may be negative.
status, out, _ = run("--invoke", "add", reactor, "-5", "47")
check("--invoke add -5 47", status == 0 and out == "42\n", (status, out))
status, out, _ = run("--invoke", "initialized", reactor)
check("--invoke runs _initialize first", status == 0 and out == "1\n", (status, out))
status, out, _ = run("--invoke", "say", reactor, "21")
check("--invoke with WASI output", status == 0 and out == "say 21\n42\n", (status, out))
status, _, err = run("--invoke", "add", reactor, "1")
check("--invoke with the wrong argument count exits 1", status == 1 and err, (status, err))

print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
