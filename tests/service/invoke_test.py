#!/usr/bin/env python3
"""CTest service-invoke: one request -> one guest run, through the real `wasmbind serve`.

Spec (../shared/specs/dapr-bindings-wasm.md) section 6: the seed example (6.1, with the C
stand-in for Ruby from examples/), arguments (6.2 #1-#8), stdin JSON re-encoding (6.3 #10-#12,
#14, plus the rest of the section 1.1 table), output, exit codes and traps (6.4 #15-#22),
isolation (#23), routing and error bodies (6.7 #32-#38) and healthz (#47).
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (DIRECT_INVOKE_404, Checks, Workspace, binding_error, execute,  # noqa: E402
                     parse_args, running_server)

options = parse_args(__doc__)
checks = Checks("service-invoke")
work = Workspace(options.guests, prefix="wasmbind-invoke-")

SEED_BODY = (b'{"operation":"execute","metadata":{"args":"-ne,print \\"Hello \\"; print"},'
             b'"data":"salaboy"}')


def seed_example():
    """examples/components served as `make run` serves them; only the build folder differs,
    so the shipped YAML files are used with their file:// prefix pointed at this build."""
    if not options.example_components or not options.example_guests:
        checks.check("seed example: examples given to the test", False,
                     "--example-components and --example-guests", "missing")
        return
    folder = work.folder("examples")
    shipped = "file://build/release/examples/guests/"
    for name in sorted(os.listdir(options.example_components)):
        with open(os.path.join(options.example_components, name)) as f:
            text = f.read()
        checks.check(f"examples/components/{name} names the release build's guest folder",
                     shipped in text, shipped, text)
        with open(os.path.join(folder, name), "w") as f:
            f.write(text.replace(shipped, "file://" + options.example_guests.rstrip("/") + "/"))

    with running_server(checks, options.wasmbind, folder, slow=options.slow) as server:
        with checks.section("6.1 seed example: the Ruby stand-in answers Hello \"salaboy\""):
            # Exactly what curl -d sends, including its form Content-Type (Dapr ignores it).
            r = server.invoke("wasm", SEED_BODY,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
            checks.eq("seed: status", r.status, 200)
            checks.eq("seed: body (data re-encoded as JSON keeps the quotes)", r.body,
                      b'Hello "salaboy"')
            checks.eq("seed: Content-Type", r.header("content-type"), "application/json")
            r = server.invoke("wasm", execute("-ne,print \"Hello \"; print", "a\nb"))
            checks.eq("seed: one JSON line in, one Hello out (the newline stays escaped)",
                      (r.status, r.body), (200, b'Hello "a\\nb"'))
            r = server.invoke("wasm", execute("-e,puts 1", "x"))
            checks.eq("seed: the stand-in refuses other programs (exit 2)", (r.status, r.body),
                      (500, binding_error("wasm", "module closed with exit_code(2)")))
        with checks.section("examples/components/echo.yaml"):
            r = server.invoke("echo", b'{"operation":"execute","data":{"b":1,"a":[2.50,"<"]}}')
            checks.eq("echo example: data back as compact sorted JSON", (r.status, r.body),
                      (200, b'{"a":[2.5,"\\u003c"],"b":1}'))


# ---------------------------------------------------------------------------------------------

COMPONENTS = {  # binding name -> guest
    "wasm": "args", "hello": "greet", "cat": "cat", "nothing": "nothing", "outerr": "out_err",
    "exit": "exit_code", "trap": "trap", "nostart": "no_start", "envimport": "env_import",
    "big": "big_output", "gcounter": "global_counter", "scounter": "static_counter",
}


def invoke_ok(server, what, name, body, expected, method="POST", path=None):
    r = server.request(method, path or f"/v1.0/bindings/{name}", body)
    return checks.eq(what, (r.status, r.body), (200, expected))


def arguments(server):
    with checks.section("6.2 arguments (guest prints argv joined by \\n)"):
        cases = [
            ("#1 no metadata", b'{"operation":"execute"}', b"main"),
            ("#2 args empty", execute(""), b"main"),
            ("#3 args 1,2", execute("1,2"), b"main\n1\n2"),
            ("#4 args a,,b keeps the empty piece", execute("a,,b"), b"main\na\n\nb"),
            ("#4 args , is two empty args", execute(","), b"main\n\n"),
            ("args a, ends with an empty arg", execute("a,"), b"main\na\n"),
            ("#5 args are not trimmed", execute(" x "), b"main\n x "),
            ("args ' x , y'", execute(" x , y"), b"main\n x \n y"),
            ("#7 metadata key Args (capital) is ignored", b'{"operation":"execute","metadata":{"Args":"1"}}',
             b"main"),
            ("tracing metadata keys are ignored",
             b'{"operation":"execute","metadata":{"args":"q","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}}',
             b"main\nq"),
            ("args with non-ASCII and quotes", execute('\u00e9,"q"'), 'main\n\u00e9\n"q"'.encode()),
        ]
        for what, body, expected in cases:
            for attempt in ("", " (again)"):  # twice: nothing of one call leaks into the next
                invoke_ok(server, what + attempt, "wasm", body, expected)
        r = server.invoke("wasm", execute("a\u0000b"))
        checks.eq("#6 NUL inside an arg", (r.status, r.body),
                  (500, binding_error("wasm", "args invalid: contains NUL character")))
        invoke_ok(server, "#8 contrib's example guest: hello salaboy", "hello", execute("salaboy"),
                  b"hello salaboy")


def stdin_encoding(server):
    with checks.section("6.3 stdin: data re-encoded as JSON (cat guest)"):
        cases = [
            ("#10 string keeps its quotes", b'"abc"', b'"abc"'),
            ("#10 null", b"null", b"null"),
            ("#10 empty string", b'""', b'""'),
            ("#11 object: compact, keys sorted, 2.50 -> 2.5, < escaped",
             b'{"b":1, "a":[1, 2.50, "x<y"]}', b'{"a":[1,2.5,"x\\u003cy"],"b":1}'),
            ("#12 big integer goes through float64", b"12345678901234567890", b"12345678901234567000"),
            ("#12 1e21", b"1e21", b"1e+21"),
            ("#12 0.0000001", b"0.0000001", b"1e-7"),
            ("#12 \\u00e9\\n: raw UTF-8, the newline stays escaped", b'"\\u00e9\\n"',
             '"\u00e9\\n"'.encode()),
            ("HTML-safe escaping of <b&c>", b'"a<b&c>"', b'"a\\u003cb\\u0026c\\u003e"'),
            ("JSON escape \\n stays two characters", b'"x\\ny"', b'"x\\ny"'),
            ("1.0 -> 1", b"1.0", b"1"),
            ("-0 stays -0", b"-0", b"-0"),
            ("1e20 in full", b"1e20", b"100000000000000000000"),
            ("0.000001 stays decimal", b"0.000001", b"0.000001"),
            ("1.5e300", b"1.5e300", b"1.5e+300"),
            ("-1.25E-9", b"-1.25E-9", b"-1.25e-9"),
            ("true", b"true", b"true"),
            ("false", b"false", b"false"),
            ("empty object and array", b'{"x":{},"y":[]}', b'{"x":{},"y":[]}'),
            ("keys sorted bytewise", '{"b":1,"B":2,"\u00e9":3,"a":4}'.encode(),
             '{"B":2,"a":4,"b":1,"\u00e9":3}'.encode()),
            ("duplicate keys: last wins", b'{"a":1,"a":2}', b'{"a":2}'),
            ("control characters", b'"\\t\\r\\b\\f\\u0001\\u001f"', b'"\\t\\r\\b\\f\\u0001\\u001f"'),
            ("U+2028/2029 escaped", b'"\\u2028\\u2029"', b'"\\u2028\\u2029"'),
            ("escaped slash and unicode escapes decoded", b'"\\/\\u0041"', b'"/A"'),
            ("surrogate pair to raw UTF-8", b'"\\ud83d\\ude00"', '"\U0001F600"'.encode()),
            ("invalid UTF-8 becomes U+FFFD", b'"a\xffb"', '"a\ufffdb"'.encode()),
            ("nested values", b'[{"z":[null,true,{"k":"v"}],"a":0.5}]',
             b'[{"a":0.5,"z":[null,true,{"k":"v"}]}]'),
        ]
        for what, raw_data, expected in cases:
            body = b'{"operation":"execute","data":' + raw_data + b"}"
            invoke_ok(server, what, "cat", body, expected)
        invoke_ok(server, "#10 absent data is null", "cat", b'{"operation":"execute"}', b"null")
        r = server.invoke("cat", b'{"operation":"execute","data":1e400}')
        checks.eq("a number too big for float64 is a 400", r.status, 400)
        # A chunked request body is read like any other.
        r = server.request("POST", "/v1.0/bindings/cat",
                           iter([b'{"operation":"exe', b'cute","data":', b'"chunked"}']),
                           headers={"Transfer-Encoding": "chunked"})
        checks.eq("chunked request body", (r.status, r.body), (200, b'"chunked"'))
        # The body limit is 4 MiB exactly: a body of 4 MiB passes (and comes back whole).
        filler = 4 * 1024 * 1024 - len(b'{"operation":"execute","data":""}')
        body = b'{"operation":"execute","data":"' + b"x" * filler + b'"}'
        r = server.invoke("cat", body, timeout=60)
        checks.eq("a body of exactly 4 MiB is accepted", (r.status, len(r.body), r.body[:5]),
                  (200, filler + 2, b'"xxxx'))
        r = server.invoke("cat", body + b" ", timeout=60)
        checks.eq("#13 4 MiB + 1 byte: status", r.status, 400)
        checks.check("#13 4 MiB + 1 byte: ERR_MALFORMED_REQUEST ... stream too large",
                     r.body.startswith(b'{"errorCode":"ERR_MALFORMED_REQUEST","message":"failed deserializing HTTP body: ')
                     and b"stream too large" in r.body, "ERR_MALFORMED_REQUEST with 'stream too large'", r.body)
        invoke_ok(server, "#14 a guest that never reads stdin", "nothing",
                  execute(data="x" * 100000), b"")


def output_exit_traps(server):
    with checks.section("6.4 output, exit codes and traps"):
        r = server.invoke("nothing", execute())
        checks.eq("#15 empty output: 200 (not 204), empty body", (r.status, r.body), (200, b""))
        checks.eq("#15 empty output: Content-Type", r.header("content-type"), "application/json")
        checks.eq("#15 empty output: Content-Length 0", r.header("content-length"), "0")
        r = server.invoke("outerr", execute())
        checks.eq("#16 stderr is discarded", (r.status, r.body), (200, b"out"))
        checks.eq("#16 no stderr in the headers", [h for h in r.headers if "stderr" in h], [])
        checks.check("#16 the guest's stderr is not logged either", "stderr of the out_err guest" not in server.log(),
                     "not in the server log", server.log()[-1000:])
        r = server.invoke("exit", execute())
        checks.eq("#17 partial then exit(3): 500, output dropped", (r.status, r.body),
                  (500, binding_error("exit", "module closed with exit_code(3)")))
        checks.eq("#17 error Content-Type", r.header("content-type"), "application/json")
        r = server.invoke("exit", execute("ok,0"))
        checks.eq("#18 ok then exit(0)", (r.status, r.body), (200, b"ok"))
        r = server.invoke("exit", execute("x,255"))
        checks.eq("exit(255)", (r.status, r.body), (500, binding_error("exit", "module closed with exit_code(255)")))

        previous = 0
        for mode, trap in (("unreachable", "unreachable"), ("div", "integer divide by zero"),
                           ("oob", "out of bounds memory access")):
            r = server.invoke("trap", execute(mode))
            checks.eq(f"#19 trap {trap}: status", r.status, 500)
            try:
                body = json.loads(r.body)
            except ValueError:
                body = {}
            prefix = "error invoking output binding trap: module[main-"
            message = body.get("message", "")
            pattern = (r"error invoking output binding trap: module\[main-(\d+)\] "
                       r"function\[_start\] failed: wasm error: " + re.escape(trap))
            match = re.match(pattern, message)
            checks.check(f"#19 trap {trap}: message", body.get("errorCode") == "ERR_INVOKE_OUTPUT_BINDING"
                         and match is not None, prefix + "<n>] function[_start] failed: wasm error: " + trap,
                         r.body)
            checks.check(f"#19 trap {trap}: stdout before the trap is dropped",
                         b"before-trap" not in r.body, "no 'before-trap'", r.body)
            if match:
                number = int(match.group(1))
                checks.check(f"#19 instance numbers increase per call ({trap})", number > previous,
                             f"> {previous}", number)
                previous = number

        r = server.invoke("nostart", execute())
        checks.eq("#20 no _start: 200 with an empty body", (r.status, r.body), (200, b""))
        for attempt in ("first", "second"):
            r = server.invoke("envimport", execute())
            checks.eq(f"#21 env.foo import fails on every call ({attempt})", (r.status, r.body),
                      (500, binding_error("envimport", "module[env] not instantiated")))

        expected = bytearray()
        alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        for i in range(16384):
            line = b"line %05d " % i
            expected += line + alphabet[:63 - len(line)] + b"\n"
        r = server.invoke("big", execute(), timeout=60)
        checks.eq("#22 1 MiB of stdout: status and size", (r.status, len(r.body)), (200, 1 << 20))
        checks.check("#22 1 MiB of stdout: intact", r.body == bytes(expected), "the 16384 lines in order",
                     next((f"first difference at byte {i}" for i in range(min(len(r.body), len(expected)))
                           if r.body[i] != expected[i]), "length differs"))


def isolation(server):
    with checks.section("6.5 #23 isolation: a fresh instance per call"):
        got = [server.invoke("gcounter", execute()) for _ in range(4)]
        checks.eq("#23 a global incremented per call prints 1 every time",
                  [(r.status, r.body) for r in got], [(200, b"1")] * 4)
        got = [server.invoke("scounter", execute()) for _ in range(4)]
        checks.eq("#23 a C static in linear memory prints 1 every time",
                  [(r.status, r.body) for r in got], [(200, b"1")] * 4)


def routing_and_errors(server):
    with checks.section("6.7 routing and error bodies"):
        invoke_ok(server, "#32 PUT works like POST", "wasm", execute("p"), b"main\np", method="PUT")
        invoke_ok(server, "#32 trailing slash", "wasm", execute("s"), b"main\ns",
                  path="/v1.0/bindings/wasm/")
        invoke_ok(server, "doubled slashes are cleaned", "wasm", execute("d"), b"main\nd",
                  path="/v1.0//bindings//wasm")
        for method in ("GET", "DELETE"):
            r = server.request(method, "/v1.0/bindings/wasm")
            checks.eq(f"#33 {method} /v1.0/bindings/wasm -> ERR_DIRECT_INVOKE", (r.status, r.body),
                      (404, DIRECT_INVOKE_404))
        r = server.request("POST", "/v1.0/nothing/here", execute())
        checks.eq("unknown path -> ERR_DIRECT_INVOKE", (r.status, r.body), (404, DIRECT_INVOKE_404))
        r = server.invoke("nope", execute())
        checks.eq("#34 unknown binding", (r.status, r.body),
                  (500, binding_error("nope", "couldn't find output binding nope")))
        r = server.invoke("WASM", execute())
        checks.eq("binding names are case-sensitive", (r.status, r.body),
                  (500, binding_error("WASM", "couldn't find output binding WASM")))
        r = server.invoke("wasm", b'{"operation":"create"}')
        checks.eq("#35 operation create", (r.status, r.body),
                  (500, binding_error("wasm", "binding wasm does not support operation create. "
                                              "supported operations:execute")))
        for body in (b"{}", b'{"data":1}', b'{"operation":null}'):
            r = server.invoke("wasm", body)
            checks.eq(f"#36 {body.decode()}: operation missing", (r.status, r.body),
                      (500, binding_error("wasm", "operation field is missing from request")))
        r = server.invoke("nope", b"{}")
        checks.eq("#36 the operation is checked before the name", (r.status, r.body),
                  (500, binding_error("nope", "operation field is missing from request")))

        malformed = b'{"errorCode":"ERR_MALFORMED_REQUEST","message":"failed deserializing HTTP body: '
        r = server.invoke("wasm", b"")
        checks.eq("#37 empty body", (r.status, r.body), (400, malformed + b'EOF"}'))
        checks.eq("#37 empty body: Content-Type", r.header("content-type"), "application/json")
        for body in (b"not json", b'{"operation":5}', b'{"metadata":{"args":[1]}}',
                     b'{"metadata":{"args":1}}', b'{"metadata":[]}', b'[1]', b'{"operation":"execute"'):
            r = server.invoke("wasm", body)
            checks.check(f"#37 {body.decode()!r}: 400 ERR_MALFORMED_REQUEST",
                         r.status == 400 and r.body.startswith(malformed) and r.body.endswith(b'"}'),
                         (400, malformed + b"..."), (r.status, r.body))
        r = server.invoke("wasm", b"not json")
        checks.check("#37 'not json': Go's invalid character message", b"invalid character" in r.body,
                     "invalid character ...", r.body)
        invoke_ok(server, "#38 field names are case-insensitive", "wasm",
                  b'{"Operation":"execute","METADATA":{"args":"c"}}', b"main\nc")
        invoke_ok(server, "unknown fields are ignored", "wasm",
                  b'{"operation":"execute","extra":{"x":[1]},"metadata":{"args":"u"}}', b"main\nu")

    with checks.section("#47 health and metadata endpoints"):
        for path in ("/v1.0/healthz", "/v1.0/healthz/outbound"):
            r = server.request("GET", path)
            checks.eq(f"#47 GET {path}", (r.status, r.body), (204, b""))
        r = server.request("GET", "/v1.0/metadata")
        checks.eq("GET /v1.0/metadata: status and Content-Type", (r.status, r.header("content-type")),
                  (200, "application/json"))
        try:
            listed = {c["name"]: c for c in json.loads(r.body).get("components", [])}
        except (ValueError, AttributeError, KeyError, TypeError):
            listed = {}
        checks.eq("GET /v1.0/metadata lists every binding", sorted(listed), sorted(COMPONENTS))
        checks.eq("metadata entry of wasm", listed.get("wasm"),
                  {"name": "wasm", "type": "bindings.wasm", "version": "v1",
                   "capabilities": ["OUTPUT_BINDING"]})


def main():
    with checks.section("server with examples/components"):
        seed_example()
    specs = [{"name": name, "url": "file://" + work.place_guest(guest, name)}
             for name, guest in COMPONENTS.items()]
    folder = work.components("components", specs)
    with checks.section("server with the test guests"), \
            running_server(checks, options.wasmbind, folder, slow=options.slow) as server:
        arguments(server)
        stdin_encoding(server)
        output_exit_traps(server)
        isolation(server)
        routing_and_errors(server)
    work.close()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
