#!/usr/bin/env python3
"""CTest service-components: component folders and start-up (spec 6.8 #39-#44, #46, #47),
scopes and --app-id, ignoreErrors, file:// urls, DAPR_API_TOKEN and POST /v1.0/shutdown.

Start-up failures are real runs of `wasmbind serve` that must exit with status 1 and say
why on stderr; successful start-ups are checked through HTTP.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (Checks, Server, Workspace, binding_error, component_yaml, execute, go_json,  # noqa: E402
                     is_healthy, parse_args, running_server, wait_until)

options = parse_args(__doc__)
checks = Checks("service-components")
work = Workspace(options.guests, prefix="wasmbind-components-")


def expect_startup_failure(what, resources, needle, **kwargs):
    status, log = Server(options.wasmbind, resources, slow=options.slow, **kwargs).run_to_exit()
    checks.eq(f"{what}: exits with status 1", status, 1)
    if needle is not None:
        checks.check(f"{what}: says {needle!r}", needle in log, needle, log[-1500:])
    checks.check(f"{what}: no sanitizer report", "Sanitizer" not in log and "runtime error:" not in log,
                 "no report", log[-1500:])
    return log


def not_found(server, name):
    r = server.invoke(name, execute())
    return checks.eq(f"{name} is not loaded", (r.status, r.body),
                     (500, binding_error(name, f"couldn't find output binding {name}")))


def metadata_components(server):
    r = server.request("GET", "/v1.0/metadata")
    try:
        document = json.loads(r.body)
        return document, {c["name"]: c for c in document.get("components", [])}
    except (ValueError, AttributeError, KeyError, TypeError):
        checks.check("GET /v1.0/metadata is JSON with components", False, "JSON", (r.status, r.body))
        return {}, {}


def multi_file_folder(args_url, cat_url):
    with checks.section("6.8 #39 a folder of several files, kinds and documents"):
        folder = work.folder("multi")
        configuration = ("apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n"
                         "  name: appconfig\nspec:\n  mtls:\n    enabled: false\n")
        resiliency = ("apiVersion: dapr.io/v1alpha1\nkind: Resiliency\nmetadata:\n  name: r\n"
                      "spec:\n  policies:\n    timeouts:\n      short: 1s\n")
        work.write("multi/a.yaml", component_yaml("wasm", args_url) + "---\n" + configuration
                   + "---\n" + resiliency)
        work.write("multi/b.yml", component_yaml("echo", cat_url))
        work.write("multi/D.YAML", component_yaml("upper", args_url))
        work.write("multi/notes.txt", component_yaml("fromtxt", args_url))
        work.write("multi/sub/c.yaml", component_yaml("hidden", args_url))
        with running_server(checks, options.wasmbind, folder, slow=options.slow) as server:
            r = server.invoke("wasm", execute("1"))
            checks.eq("#39 a.yaml's binding answers", (r.status, r.body), (200, b"main\n1"))
            r = server.invoke("echo", execute(data={"k": "v"}))
            checks.eq("#39 b.yml's binding answers", (r.status, r.body), (200, b'{"k":"v"}'))
            r = server.invoke("upper", execute("u"))
            checks.eq("#39 .YAML (any case) is read too", (r.status, r.body), (200, b"main\nu"))
            not_found(server, "fromtxt")
            not_found(server, "hidden")
            _, listed = metadata_components(server)
            checks.eq("#39 /v1.0/metadata lists the bindings of the folder", sorted(listed),
                      ["echo", "upper", "wasm"])
            checks.eq("#39 /v1.0/metadata: capabilities of echo",
                      (listed.get("echo") or {}).get("capabilities"), ["OUTPUT_BINDING"])

    with checks.section("several --resource-path folders"):
        one = work.components("one", [{"name": "first", "url": args_url}])
        two = work.components("two", [{"name": "second", "url": cat_url}])
        with running_server(checks, options.wasmbind, [one, two], slow=options.slow) as server:
            r = server.invoke("first", execute())
            checks.eq("binding from the first folder", (r.status, r.body), (200, b"main"))
            r = server.invoke("second", execute(data=1))
            checks.eq("binding from the second folder", (r.status, r.body), (200, b"1"))


def failures(args_url):
    with checks.section("6.8 #40-#44 start-up failures"):
        expect_startup_failure("#40 two components named dup in one folder",
                               work.components("dup", [{"name": "dup", "url": args_url},
                                                       {"name": "dup", "url": args_url}]), "dup")
        log = expect_startup_failure("#40 the same name in two folders",
                                     [work.components("dupa", [{"name": "twice", "url": args_url}]),
                                      work.components("dupb", [{"name": "twice", "url": args_url}])],
                                     "twice")
        checks.check("#40 the message says duplicate", "duplicate" in log.lower(), "duplicate", log[-800:])
        expect_startup_failure("#42 missing url", work.components("nourl", [{"name": "wasm"}]),
                               "wasm: failed to parse metadata: missing url")
        junk = work.write("junk/notwasm.wasm", "this is not a WebAssembly module\n")
        expect_startup_failure("#43 a file that is not wasm",
                               work.components("notwasm", [{"name": "wasm", "url": "file://" + junk}]),
                               "wasm: error compiling binary: invalid magic number")
        expect_startup_failure("#44 ldap://", work.components("ldap", [{"name": "wasm", "url": "ldap://x/y.wasm"}]),
                               "unsupported URL scheme: ldap")
        expect_startup_failure("#44 oci://", work.components("oci", [{"name": "wasm", "url": "oci://r/i:tag"}]),
                               "TODO oci")
        expect_startup_failure("scheme is case-sensitive", work.components(
            "upperscheme", [{"name": "wasm", "url": "FILE://" + junk}]), "unsupported URL scheme: FILE")
        expect_startup_failure("url without a colon", work.components(
            "nocolon", [{"name": "wasm", "url": "main.wasm"}]), "invalid URL: main.wasm")
        expect_startup_failure("file:x (too short for file://; Dapr panics here)", work.components(
            "short", [{"name": "wasm", "url": "file:x"}]), None)
        missing = work.path("does", "not", "exist.wasm")
        expect_startup_failure("file:// of a missing file", work.components(
            "missingfile", [{"name": "wasm", "url": "file://" + missing}]), missing)
        expect_startup_failure("file:// of a directory", work.components(
            "isdir", [{"name": "wasm", "url": "file://" + work.root}]), None)
        work.write("badyaml/good.yaml", component_yaml("fine", args_url))
        work.write("badyaml/bad.yaml", "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n"
                                       "  name: [unclosed\nspec:\n  type: bindings.wasm\n")
        log = expect_startup_failure("malformed YAML", work.path("badyaml"), "bad.yaml:")
        checks.check("malformed YAML: the message names file:line",
                     any(f"bad.yaml:{n}" in log for n in range(1, 8)), "bad.yaml:<line>", log[-800:])
        expect_startup_failure("a resources folder that does not exist", work.path("no-such-folder"), None)

    with checks.section("6.8 #42 ignoreErrors: the server starts without the failing binding"):
        folder = work.components("ignored", [
            {"name": "wasm", "ignore_errors": True},
            {"name": "ldap", "url": "ldap://x/y.wasm", "ignore_errors": True},
            {"name": "ok", "url": args_url},
        ])
        with running_server(checks, options.wasmbind, folder, slow=options.slow) as server:
            not_found(server, "wasm")
            not_found(server, "ldap")
            r = server.invoke("ok", execute())
            checks.eq("the healthy binding beside them answers", (r.status, r.body), (200, b"main"))
            r = server.request("GET", "/v1.0/healthz")
            checks.eq("#47 healthz 204 although an ignored component failed", r.status, 204)
            checks.check("the ignored failure is logged", "missing url" in server.log(), "missing url in the log",
                         server.log()[-1500:])


def scopes(args_url):
    with checks.section("6.8 #41 scopes and --app-id"):
        folder = work.components("scoped", [
            {"name": "wasm", "url": args_url, "scopes": ["other"]},
            {"name": "mine", "url": args_url, "scopes": ["someone", "me"]},
            {"name": "free", "url": args_url},
        ])
        with running_server(checks, options.wasmbind, folder, app_id="me", slow=options.slow) as server:
            not_found(server, "wasm")
            for name in ("mine", "free"):
                r = server.invoke(name, execute())
                checks.eq(f"#41 {name} is loaded for app id me", (r.status, r.body), (200, b"main"))
            document, listed = metadata_components(server)
            checks.eq("/v1.0/metadata id is the app id", document.get("id"), "me")
            checks.eq("/v1.0/metadata lists the loaded bindings only", sorted(listed), ["free", "mine"])
            r = server.request("GET", "/v1.0/healthz?appid=me")
            checks.eq("healthz?appid=me", r.status, 204)
            r = server.request("GET", "/v1.0/healthz?appid=you")
            checks.eq("healthz?appid=you", (r.status, r.body),
                      (500, go_json({"errorCode": "ERR_HEALTH_APPID_NOT_MATCH",
                                     "message": "dapr app-id does not match"})))


def relative_file_url(args_url):
    with checks.section("6.8 #46 file://rel resolves against the working directory"):
        cwd = work.folder("cwd")
        work.place_guest("args", os.path.join("cwd", "rel"))
        # A different guest at the same relative path beside the YAML: must not be the one used.
        work.place_guest("greet", os.path.join("relyaml", "rel"))
        folder = work.components("relyaml", [{"name": "wasm", "url": "file://rel/main.wasm"}])
        with running_server(checks, options.wasmbind, folder, cwd=cwd, slow=options.slow) as server:
            r = server.invoke("wasm", execute("x"))
            checks.eq("#46 the guest under the server's working directory runs", (r.status, r.body),
                      (200, b"main\nx"))
        expect_startup_failure("#46 relative url from another working directory",
                               folder, "rel/main.wasm", cwd=work.folder("elsewhere"))


def api_token_and_shutdown(args_url):
    with checks.section("DAPR_API_TOKEN"):
        folder = work.components("token", [{"name": "wasm", "url": args_url}])
        with running_server(checks, options.wasmbind, folder, env={"DAPR_API_TOKEN": "s3cret"},
                            slow=options.slow) as server:
            r = server.invoke("wasm", execute())
            # Dapr answers with Go's http.Error, which ends the text with a newline.
            checks.eq("no dapr-api-token header: 401 invalid api token (plain text)",
                      (r.status, r.body.rstrip(b"\n"), (r.header("content-type") or "").split(";")[0]),
                      (401, b"invalid api token", "text/plain"))
            r = server.invoke("wasm", execute(), headers={"dapr-api-token": "wrong"})
            checks.eq("wrong token: 401", r.status, 401)
            r = server.invoke("wasm", execute(), headers={"dapr-api-token": "s3cret"})
            checks.eq("right token: 200", (r.status, r.body), (200, b"main"))
            r = server.request("GET", "/v1.0/metadata")
            checks.eq("metadata needs the token", r.status, 401)
            for path in ("/v1.0/healthz", "/v1.0/healthz/outbound"):
                r = server.request("GET", path)
                checks.eq(f"{path} needs no token", r.status, 204)

    with checks.section("POST /v1.0/shutdown"):
        folder = work.components("shutdown", [{"name": "wasm", "url": args_url}])
        server = Server(options.wasmbind, folder, slow=options.slow).start()
        try:
            checks.check("#47 healthz 204 after init", is_healthy(server), 204, "not healthy")
            r = server.request("POST", "/v1.0/shutdown")
            checks.eq("POST /v1.0/shutdown answers 204", r.status, 204)
            exited = wait_until(lambda: not server.alive(), 20 * options.slow)
            checks.check("the server exits after /v1.0/shutdown", exited, "exited", "still running")
            if exited:
                checks.eq("exit status after /v1.0/shutdown", server.proc.returncode, 0)
        finally:
            server.kill()


def main():
    args_url = "file://" + work.place_guest("args", "guests/args")
    cat_url = "file://" + work.place_guest("cat", "guests/cat")
    multi_file_folder(args_url, cat_url)
    failures(args_url)
    scopes(args_url)
    relative_file_url(args_url)
    api_token_and_shutdown(args_url)
    work.close()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
