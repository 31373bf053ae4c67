#!/usr/bin/env python3
"""CTest wasi-sandbox: guests/escape.c tries to leave its preopens; every attempt must fail with
the right errno and nothing outside the sandbox (or inside the read-only preopen) may change.

Host tree (a fresh temp dir):
    outside.txt                 must keep its content and mtime
    sandbox/      -> /sandbox   read-write preopen
        inside.txt, move_me.txt, sub/
        link -> ../outside.txt, link_abs -> /etc/passwd, link_dir -> ..,
        link_inside -> inside.txt, loop_a -> loop_b, loop_b -> loop_a
    sandbox2/     -> /sandbox2  read-write preopen
    ro/           -> /ro        read-only preopen (--dir-ro)
        existing.txt

Escapes must fail with ENOTCAPABLE or EPERM (runtimes differ: wasmtime says EPERM for some,
ENOTCAPABLE for others), never succeed; writes to the read-only preopen may also say EACCES or
EROFS, and a write through an fd opened without the fd_write right EBADF.

Usage: sandbox_test.py WASMBIND ESCAPE_WASM
"""

import os
import subprocess
import sys
import tempfile

wasmbind, escape_wasm = sys.argv[1], sys.argv[2]

OK = {"ok"}
ESCAPE = {"errno=ENOTCAPABLE", "errno=EPERM"}
READ_ONLY = ESCAPE | {"errno=EACCES", "errno=EROFS"}
EXPECTED = {
    # the sandbox works where it should
    "read_inside": OK,
    "dotdot_inside": OK,
    "write_inside": OK,
    "symlink_inside": OK,
    "ro_read": OK,
    # escapes by path
    "dotdot": ESCAPE,
    "dotdot_deep": ESCAPE,
    "dotdot_create": ESCAPE,
    "dotdot_mkdir": ESCAPE,
    "absolute": ESCAPE,
    # libc finds no preopen for /etc (ENOENT or ENOTCAPABLE), or the runtime refuses
    "absolute_libc": ESCAPE | {"errno=ENOENT"},
    "dotdot_libc": ESCAPE | {"errno=ENOENT"},
    # escapes through symlinks
    "symlink_out": ESCAPE,
    "symlink_out_write": ESCAPE,
    "symlink_abs": ESCAPE,
    "symlink_dir_out": ESCAPE,
    "symlink_loop": {"errno=ELOOP"},
    # renames
    "rename_across": OK,
    "rename_escape": ESCAPE,
    "rename_into_ro": READ_ONLY,
    # the read-only preopen
    "ro_create": READ_ONLY,
    "ro_write": READ_ONLY | {"errno=EBADF"},  # the open may succeed, the write must not
    "ro_append": READ_ONLY | {"errno=EBADF"},
    "ro_truncate": READ_ONLY,
    "ro_mkdir": READ_ONLY,
    "ro_unlink": READ_ONLY,
    "ro_symlink": READ_ONLY,
}

failures = []


def fail(message):
    failures.append(message)
    print("FAIL " + message)


def snapshot(path):
    """{relative path: (kind, content or link target, mtime_ns)} for everything under path."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, path)
            st = os.lstat(full)
            if os.path.islink(full):
                result[rel] = ("link", os.readlink(full), st.st_mtime_ns)
            elif os.path.isdir(full):
                result[rel] = ("dir", None, st.st_mtime_ns)
            else:
                with open(full, "rb") as f:
                    result[rel] = ("file", f.read(), st.st_mtime_ns)
    return result


with tempfile.TemporaryDirectory(prefix="wasi-sandbox-") as root:
    def path(*parts):
        return os.path.join(root, *parts)

    def write(rel, text):
        with open(path(rel), "w") as f:
            f.write(text)

    for d in ("sandbox", "sandbox/sub", "sandbox2", "ro"):
        os.mkdir(path(d))
    write("outside.txt", "outside: must not change\n")
    write("sandbox/inside.txt", "inside\n")
    write("sandbox/move_me.txt", "moving\n")
    write("ro/existing.txt", "read-only\n")
    os.symlink("../outside.txt", path("sandbox/link"))
    os.symlink("/etc/passwd", path("sandbox/link_abs"))
    os.symlink("..", path("sandbox/link_dir"))
    os.symlink("inside.txt", path("sandbox/link_inside"))
    os.symlink("loop_b", path("sandbox/loop_a"))
    os.symlink("loop_a", path("sandbox/loop_b"))
    # Old timestamps, so that a write within the same clock tick would still show.
    for rel in ("outside.txt", "ro/existing.txt", "ro"):
        os.utime(path(rel), ns=(1_000_000_000, 1_000_000_000))
    outside_before = snapshot(root)
    for d in ("sandbox", "sandbox2"):
        outside_before = {k: v for k, v in outside_before.items()
                          if k != d and not k.startswith(d + os.sep)}
    ro_before = snapshot(path("ro"))
    passwd_before = os.stat("/etc/passwd").st_mtime_ns

    command = [wasmbind, "run",
               "--dir", path("sandbox") + "::/sandbox",
               "--dir", path("sandbox2") + "::/sandbox2",
               "--dir-ro", path("ro") + "::/ro",
               escape_wasm]
    print("$ " + " ".join(command))
    proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    print(out, end="")
    if err:
        print("stderr: " + err)
    if proc.returncode != 0:
        fail(f"escape.wasm exited {proc.returncode}")

    results = {}
    for line in out.splitlines():
        name, sep, result = line.partition(": ")
        if sep:
            results[name] = result
    for name, allowed in EXPECTED.items():
        got = results.get(name)
        if got is None:
            fail(f"{name}: no result line")
        elif got not in allowed:
            fail(f"{name}: {got}, expected {' or '.join(sorted(allowed))}")
    for name in sorted(set(results) - set(EXPECTED)):
        fail(f"{name}: unexpected result line")

    # The host side: nothing outside the sandboxes changed, the read-only dir neither.
    outside_after = snapshot(root)
    for d in ("sandbox", "sandbox2"):
        outside_after = {k: v for k, v in outside_after.items()
                         if k != d and not k.startswith(d + os.sep)}
    for rel in sorted(set(outside_before) | set(outside_after)):
        if rel in ("ro",) or rel.startswith("ro" + os.sep):
            continue
        before, after = outside_before.get(rel), outside_after.get(rel)
        if before != after:
            fail(f"outside the sandbox, {rel} changed: {before!r} -> {after!r}")
    if snapshot(path("ro")) != ro_before:
        fail(f"the read-only preopen changed: {ro_before!r} -> {snapshot(path('ro'))!r}")
    if os.lstat(path("ro")).st_mtime_ns != 1_000_000_000:
        fail("the read-only preopen's mtime changed")
    if os.stat("/etc/passwd").st_mtime_ns != passwd_before:
        fail("/etc/passwd changed")
    # And what was allowed did happen.
    if results.get("rename_across") == "ok":
        moved = os.path.exists(path("sandbox2/moved.txt")) or results.get("rename_into_ro") == "ok"
        if not moved or os.path.exists(path("sandbox/move_me.txt")):
            fail("rename_across said ok but the host does not show the move")
    if results.get("write_inside") == "ok":
        with open(path("sandbox/written.txt")) as f:
            if f.read() != "new\n":
                fail("write_inside said ok but sandbox/written.txt is not 'new\\n'")

checks = len(EXPECTED) + 6
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
