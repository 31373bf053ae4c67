"""Shared machinery for the `wasmbind serve` end-to-end tests (tests/service/*_test.py).

Everything here is real: the server is the `wasmbind` binary started as a subprocess on a
loopback port it picks itself (--port 0, the port is read from its `listening on ADDR:PORT`
log line), requests go over TCP with http.client or raw sockets, component folders are real
YAML files in a temporary directory and the guests are the .wasm files the build compiled.

A test script builds a `Checks`, runs sections (`with checks.section("..."):` records an
unexpected exception as a failure and goes on), and ends with `sys.exit(checks.finish())`.
Every failed check prints what it checked, the expected value and what it got.
"""

import argparse
import http.client
import json
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
import traceback
from contextlib import contextmanager


# ---------------------------------------------------------------------------------------------
# Command line shared by every test script.

def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--wasmbind", required=True, help="the wasmbind executable")
    parser.add_argument("--guests", required=True, help="folder of the compiled test guests")
    parser.add_argument("--example-guests", help="folder of examples/guests/*.wasm")
    parser.add_argument("--example-components", help="the examples/components folder")
    parser.add_argument("--slow", type=float, default=1.0,
                        help="factor for time limits (3 under the sanitizers)")
    options = parser.parse_args()
    # Absolute, because some servers run with another working directory.
    for name in ("wasmbind", "guests", "example_guests", "example_components"):
        if getattr(options, name):
            setattr(options, name, os.path.abspath(getattr(options, name)))
    return options


# ---------------------------------------------------------------------------------------------
# Checks and reporting.

def show(value, limit=700):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


class Checks:
    def __init__(self, name):
        self.name = name
        self.count = 0
        self.failures = []
        self.started = time.monotonic()
        self.current_server = None  # its log is printed when a check fails

    def check(self, what, condition, expected=None, got=None):
        self.count += 1
        if condition:
            print("ok   " + what, flush=True)
            return True
        self.failures.append(what)
        print("FAIL " + what, flush=True)
        print("     expected: " + show(expected), flush=True)
        print("     got:      " + show(got), flush=True)
        return False

    def eq(self, what, got, expected):
        return self.check(what, got == expected, expected, got)

    @contextmanager
    def section(self, title, server=None):
        print(f"--- {title}", flush=True)
        before = len(self.failures)
        try:
            yield
        except Exception:  # a crash of the test itself is one failure; later sections still run
            self.count += 1
            self.failures.append(f"{title}: exception")
            print(f"FAIL {title}: unexpected exception", flush=True)
            traceback.print_exc(file=sys.stdout)
        server = server or self.current_server
        if server is not None and len(self.failures) > before:
            server.print_log_tail()

    def finish(self):
        elapsed = time.monotonic() - self.started
        print(f"=== {self.name}: {self.count} checks, {len(self.failures)} failed, {elapsed:.1f} s",
              flush=True)
        for failure in self.failures:
            print("    failed: " + failure, flush=True)
        return 1 if self.failures else 0


# ---------------------------------------------------------------------------------------------
# Dapr's JSON bodies, byte for byte (Go's encoding/json: compact, `<>&` and U+2028/9 escaped,
# other non-ASCII raw UTF-8, no trailing newline).

def go_json(value):
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text.encode()


def binding_error(name, message):
    return go_json({"errorCode": "ERR_INVOKE_OUTPUT_BINDING",
                    "message": f"error invoking output binding {name}: {message}"})


DIRECT_INVOKE_404 = go_json({
    "errorCode": "ERR_DIRECT_INVOKE",
    "message": "failed getting app id either from the URL path or the header dapr-app-id"})


def execute(args=None, data=None, has_data=False, **extra):
    """A request body: operation execute, metadata.args when given, data when has_data or
    data is not None."""
    body = {"operation": "execute"}
    if args is not None:
        body["metadata"] = {"args": args}
    if has_data or data is not None:
        body["data"] = data
    body.update(extra)
    return json.dumps(body).encode()


# ---------------------------------------------------------------------------------------------
# Component folders.

def yaml_string(value):
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value)


def component_yaml(name, url=None, metadata=None, scopes=None, ignore_errors=None,
                   component_type="bindings.wasm", version="v1", init_timeout=None):
    lines = ["apiVersion: dapr.io/v1alpha1", "kind: Component", "metadata:",
             f"  name: {yaml_string(name)}", "spec:", f"  type: {component_type}",
             f"  version: {version}"]
    if ignore_errors is not None:
        lines.append(f"  ignoreErrors: {'true' if ignore_errors else 'false'}")
    if init_timeout is not None:
        lines.append(f"  initTimeout: {init_timeout}")
    items = []
    if url is not None:
        items.append(("url", url))
    items.extend((metadata or {}).items())
    if items:
        lines.append("  metadata:")
        for key, value in items:
            lines.append(f"  - name: {key}")
            lines.append(f"    value: {yaml_string(value)}")
    if scopes:
        lines.append("scopes:")
        lines.extend(f"- {yaml_string(s)}" for s in scopes)
    return "\n".join(lines) + "\n"


class Workspace:
    """A temporary directory holding component folders and copies of guests."""

    def __init__(self, guests_dir, prefix="wasmbind-service-"):
        self.guests_dir = guests_dir
        self.root = tempfile.mkdtemp(prefix=prefix)

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def guest(self, stem):
        path = os.path.join(self.guests_dir, stem + ".wasm")
        if not os.path.isfile(path):
            raise FileNotFoundError(f"guest {path} was not built")
        return path

    def place_guest(self, stem, folder, file_name="main.wasm"):
        """Copies guest `stem` to <root>/<folder>/<file_name> (so argv[0] is `main` and trap
        messages say module[main-N], as in the spec) and returns the absolute path."""
        target_dir = self.path(folder)
        os.makedirs(target_dir, exist_ok=True)
        target = os.path.join(target_dir, file_name)
        shutil.copyfile(self.guest(stem), target)
        return target

    def folder(self, name):
        path = self.path(name)
        os.makedirs(path, exist_ok=True)
        return path

    def write(self, relative, text):
        path = self.path(relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def components(self, folder, specs, file_name="components.yaml"):
        """Writes several component documents (dicts of component_yaml arguments) into one
        multi-document file in <root>/<folder>; returns the folder."""
        docs = [component_yaml(**spec) for spec in specs]
        self.write(os.path.join(folder, file_name), "---\n".join(docs))
        return self.path(folder)


# ---------------------------------------------------------------------------------------------
# The server under test.

LISTENING = re.compile(r"listening on (\S*):(\d+)")


class Server:
    """`wasmbind serve` on 127.0.0.1 with --port 0. stdout and stderr are read into `lines`."""

    def __init__(self, wasmbind, resources, app_id=None, env=None, cwd=None, extra_args=(),
                 slow=1.0):
        self.args = [wasmbind, "serve"]
        for folder in ([resources] if isinstance(resources, str) else resources):
            self.args += ["--resources-path", folder]
        self.args += ["--listen-address", "127.0.0.1", "--port", "0", "--log-level", "info"]
        if app_id is not None:
            self.args += ["--app-id", app_id]
        self.args += list(extra_args)
        self.env = dict(os.environ)
        self.env.pop("DAPR_API_TOKEN", None)
        self.env.update(env or {})
        self.cwd = cwd
        self.slow = slow
        self.lines = []
        self.lock = threading.Lock()
        self.port = None
        self.proc = None
        self.listening = threading.Event()

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.lock:
                self.lines.append(line)
            match = LISTENING.search(line)
            if match and self.port is None:
                self.port = int(match.group(2))
                self.listening.set()

    def launch(self):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=self.env, cwd=self.cwd)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def start(self, timeout=20):
        """Starts and waits for `listening on`; raises with the log if it exits or hangs."""
        self.launch()
        deadline = time.monotonic() + timeout * self.slow
        while not self.listening.wait(0.02):
            if self.proc.poll() is not None:
                self.reader.join(5)
                raise RuntimeError(f"wasmbind serve exited with {self.proc.returncode} before "
                                   f"listening:\n{self.log()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"wasmbind serve did not print 'listening on' within "
                                   f"{timeout * self.slow:.0f} s:\n{self.log()}")
        return self

    def run_to_exit(self, timeout=20):
        """For start-up failures: waits for the process to end; returns (status, log). A
        server that starts listening instead is stopped and reported as status 'listening'."""
        self.launch()
        deadline = time.monotonic() + timeout * self.slow
        while self.proc.poll() is None:
            if self.listening.is_set():
                self.stop()
                return "listening", self.log()
            if time.monotonic() > deadline:
                self.kill()
                return "hung", self.log()
            time.sleep(0.02)
        self.reader.join(5)
        return self.proc.returncode, self.log()

    def log(self):
        with self.lock:
            return "\n".join(self.lines)

    def print_log_tail(self, count=40):
        with self.lock:
            tail = self.lines[-count:]
        print("     server log (last %d lines):" % len(tail))
        for line in tail:
            print("       | " + line[:300])

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def cpu_seconds(self):
        """utime + stime of the server process from /proc (all threads)."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def stop(self, timeout=20):
        """SIGTERM, then the exit status (None if it had to be killed)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout * self.slow)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        self.reader.join(5)
        return status

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    # -- HTTP --------------------------------------------------------------------------------

    def request(self, method, path, body=None, headers=None, timeout=30):
        return http_request(self.port, method, path, body, headers, timeout * self.slow)

    def invoke(self, name, body, method="POST", headers=None, timeout=30):
        return self.request(method, f"/v1.0/bindings/{name}", body, headers, timeout)


@contextmanager
def running_server(checks, *args, **kwargs):
    """Starts a Server, yields it, and on the way out stops it with SIGTERM and checks that it
    exited 0 (the graceful-shutdown contract) and that no sanitizer report reached its log."""
    server = Server(*args, **kwargs).start()
    previous = checks.current_server
    checks.current_server = server
    try:
        yield server
    finally:
        checks.current_server = previous
        status = server.stop()
        log = server.log()
        ok = checks.check("server exits 0 on SIGTERM", status == 0, 0, status)
        clean = "AddressSanitizer" not in log and "runtime error:" not in log \
            and "LeakSanitizer" not in log
        ok = checks.check("no sanitizer report in the server log", clean, "no report",
                          log[-3000:]) and ok
        if not ok:
            server.print_log_tail()


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names; repeated headers joined with ", "
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return f"Response({self.status}, {self.headers}, {show(self.body, 400)})"


def http_request(port, method, path, body=None, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = headers or {}
        chunked = any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers.items())
        conn.request(method, path, body=body, headers=headers, encode_chunked=chunked)
        response = conn.getresponse()
        data = response.read()
        merged = {}
        for key, value in response.getheaders():
            key = key.lower()
            merged[key] = value if key not in merged else merged[key] + ", " + value
        return Response(response.status, merged, data)
    finally:
        conn.close()


def is_healthy(server, timeout=10):
    try:
        response = server.request("GET", "/v1.0/healthz", timeout=timeout)
        return response.status == 204
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Raw HTTP over a socket, for requests http.client refuses to send and for pipelining.

def raw_connect(port, timeout=10):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class RawReader:
    """Parses HTTP/1.1 responses from a socket, keeping bytes that belong to the next one."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        self.buffer += chunk

    def _line(self):
        while b"\r\n" not in self.buffer:
            self._fill()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def _exact(self, count):
        while len(self.buffer) < count:
            self._fill()
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def response(self, head_request=False):
        status_line = self._line().decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            raise ValueError(f"bad status line {status_line!r}")
        status = int(parts[1])
        headers = {}
        while True:
            line = self._line().decode("latin-1")
            if not line:
                break
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        body = b""
        if head_request or status in (204, 304) or 100 <= status < 200:
            pass
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():
                        pass
                    break
                body += self._exact(size)
                self._exact(2)
        elif "content-length" in headers:
            body = self._exact(int(headers["content-length"]))
        else:  # delimited by close
            try:
                while True:
                    self._fill()
            except ConnectionError:
                pass
            body, self.buffer = self.buffer, b""
        return Response(status, headers, body)


def raw_exchange(port, payload, timeout=10):
    """Sends `payload` bytes and reads one response. Returns a Response, or the string
    'closed' / 'reset' / 'timeout' when the server gave none."""
    sock = raw_connect(port, timeout)
    try:
        try:
            sock.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading everything we send
        try:
            return RawReader(sock).response()
        except ConnectionResetError:
            return "reset"
        except ConnectionError:
            return "closed"
        except socket.timeout:
            return "timeout"
    finally:
        sock.close()


def wait_until(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
