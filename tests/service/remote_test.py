#!/usr/bin/env python3
"""CTest service-remote: modules loaded from http:// and https:// urls (spec 6.2 #9, 6.8 #45).

A Python HTTP server started here serves the guests: plain, gzip-encoded, behind a redirect,
with a query string, and a 404. A Python TLS server serves them with a certificate from a test
CA made with the `openssl` CLI, which `wasmbind serve` trusts through SSL_CERT_FILE; a second
TLS server whose certificate comes from another CA, and a third whose certificate names
another host, must make the component's init fail. Each module is fetched once, at start-up.
"""

import gzip
import http.server
import os
import ssl
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Checks, Server, Workspace, binding_error, execute, parse_args, running_server  # noqa: E402

options = parse_args(__doc__)
checks = Checks("service-remote")
work = Workspace(options.guests, prefix="wasmbind-remote-")


class ModuleServer:
    """Serves guests over HTTP(S) on 127.0.0.1 and counts the GETs per path."""

    def __init__(self, routes, tls_context=None):
        self.routes = routes  # path (without query) -> callable(handler) -> (status, headers, body)
        self.hits = {}
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                path = self.path.split("?", 1)[0]
                with outer.lock:
                    outer.hits[self.path] = outer.hits.get(self.path, 0) + 1
                route = outer.routes.get(path)
                status, headers, body = route(self) if route else (404, {}, b"not found\n")
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls_context is not None:
            self.httpd.socket = tls_context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path, scheme="http", host="127.0.0.1"):
        return f"{scheme}://{host}:{self.port}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def plain(body):
    return lambda handler: (200, {"Content-Type": "application/wasm"}, body)


def gzipped(body):
    return lambda handler: (200, {"Content-Type": "application/wasm", "Content-Encoding": "gzip"},
                            gzip.compress(body))


def redirect(location):
    return lambda handler: (302, {"Location": location}, b"")


def http_loading():
    args_wasm = read(work.guest("args"))
    cat_wasm = read(work.guest("cat"))
    modules = ModuleServer({
        "/x/tool.wasm": plain(args_wasm),
        "/plain/main.wasm": plain(args_wasm),
        "/gz/main.wasm": gzipped(cat_wasm),
        "/moved/main.wasm": redirect("/plain/main.wasm"),
        "/moved-abs/main.wasm": None,  # set below, it needs the port
        "/chain/main.wasm": redirect("/moved/main.wasm"),
    })
    modules.routes["/moved-abs/main.wasm"] = redirect(modules.url("/gz/main.wasm"))
    try:
        # ignoreErrors on each, so that one failing load shows as that binding missing instead
        # of hiding the others; the checks below then require every one of them to be there.
        specs = [
            {"name": "tool", "url": modules.url("/x/tool.wasm?v=1"), "ignore_errors": True},
            {"name": "plain", "url": modules.url("/plain/main.wasm"), "ignore_errors": True},
            {"name": "gz", "url": modules.url("/gz/main.wasm"), "ignore_errors": True},
            {"name": "moved", "url": modules.url("/moved/main.wasm"), "ignore_errors": True},
            {"name": "movedabs", "url": modules.url("/moved-abs/main.wasm"), "ignore_errors": True},
            {"name": "chain", "url": modules.url("/chain/main.wasm"), "ignore_errors": True},
        ]
        folder = work.components("http", specs)
        with checks.section("6.8 #45 http:// urls"), \
                running_server(checks, options.wasmbind, folder, slow=options.slow) as server:
            r = server.invoke("tool", execute("a"))
            checks.eq("#9 http url with ?v=1: argv[0] is the file stem, tool", (r.status, r.body),
                      (200, b"tool\na"))
            r = server.invoke("plain", execute())
            checks.eq("#45 200 from the test server", (r.status, r.body), (200, b"main"))
            r = server.invoke("gz", execute(data="zipped"))
            checks.eq("#45 gzip-encoded body is decoded", (r.status, r.body), (200, b'"zipped"'))
            r = server.invoke("moved", execute("r"))
            checks.eq("#45 a relative redirect is followed", (r.status, r.body), (200, b"main\nr"))
            r = server.invoke("movedabs", execute(data=2))
            checks.eq("#45 an absolute redirect is followed", (r.status, r.body), (200, b"2"))
            r = server.invoke("chain", execute())
            checks.eq("#45 two redirects in a row", (r.status, r.body), (200, b"main"))
            for _ in range(3):
                server.invoke("plain", execute())
            with modules.lock:
                hits = dict(modules.hits)
            # Redirect targets count once per component that reached them.
            checks.eq("each url is fetched once, at start-up, not per call", hits,
                      {"/x/tool.wasm?v=1": 1, "/plain/main.wasm": 3, "/gz/main.wasm": 2,
                       "/moved/main.wasm": 2, "/moved-abs/main.wasm": 1, "/chain/main.wasm": 1})

        with checks.section("6.8 #45 a 404 fails the start-up"):
            missing = modules.url("/missing/main.wasm")
            folder = work.components("http404", [{"name": "wasm", "url": missing}])
            status, log = Server(options.wasmbind, folder, slow=options.slow).run_to_exit()
            checks.eq("#45 404: exit status", status, 1)
            needle = f'received 404 status code from "{missing}"'
            checks.check("#45 404: message", needle in log, needle, log[-1500:])

            folder = work.components("http404ignored", [
                {"name": "wasm", "url": missing, "ignore_errors": True},
                {"name": "ok", "url": modules.url("/plain/main.wasm")}])
            with running_server(checks, options.wasmbind, folder, slow=options.slow) as server:
                r = server.invoke("wasm", execute())
                checks.eq("#45 404 with ignoreErrors: binding absent", (r.status, r.body),
                          (500, binding_error("wasm", "couldn't find output binding wasm")))
                r = server.invoke("ok", execute())
                checks.eq("#45 404 with ignoreErrors: the other binding works", (r.status, r.body),
                          (200, b"main"))
        with checks.section("nothing listening"):
            dead = ModuleServer({})
            dead_url = dead.url("/main.wasm")
            dead.close()
            folder = work.components("refused", [{"name": "wasm", "url": dead_url}])
            status, log = Server(options.wasmbind, folder, slow=options.slow).run_to_exit()
            checks.eq("connection refused: exit status", status, 1)
            checks.check("connection refused: the message names the url", dead_url in log, dead_url, log[-1500:])
    finally:
        modules.close()


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(folder, name):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "2", "-subj", f"/CN={name}",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)


def make_server_cert(folder, ca, name, alt_names):
    with open(os.path.join(folder, f"{name}.ext"), "w") as f:
        f.write(f"subjectAltName={alt_names}\nbasicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}", cwd=folder)
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
            "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext", cwd=folder)


def tls_context(folder, name):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(folder, f"{name}.pem"), os.path.join(folder, f"{name}.key"))
    return context


def https_loading():
    pki = work.folder("pki")
    make_ca(pki, "testca")
    make_ca(pki, "otherca")
    make_server_cert(pki, "testca", "good", "IP:127.0.0.1,DNS:localhost")
    make_server_cert(pki, "otherca", "untrusted", "IP:127.0.0.1,DNS:localhost")
    make_server_cert(pki, "testca", "wronghost", "DNS:wrong.example")
    env = {"SSL_CERT_FILE": os.path.join(pki, "testca.pem")}
    args_wasm = read(work.guest("args"))
    routes = {"/tls/main.wasm": plain(args_wasm), "/tlsgz/main.wasm": gzipped(args_wasm)}
    servers = [ModuleServer(routes, tls_context(pki, name)) for name in ("good", "untrusted", "wronghost")]
    good, untrusted, wronghost = servers
    try:
        with checks.section("https:// with a certificate from the test CA (SSL_CERT_FILE)"):
            folder = work.components("https", [
                {"name": "tls", "url": good.url("/tls/main.wasm", "https")},
                {"name": "tlshost", "url": good.url("/tlsgz/main.wasm", "https", "localhost")}])
            with running_server(checks, options.wasmbind, folder, env=env, slow=options.slow) as server:
                r = server.invoke("tls", execute("s"))
                checks.eq("https module from 127.0.0.1 runs", (r.status, r.body), (200, b"main\ns"))
                r = server.invoke("tlshost", execute("h"))
                checks.eq("https by host name, gzip-encoded", (r.status, r.body), (200, b"main\nh"))
        for what, module_server in (("a certificate from an untrusted CA", untrusted),
                                    ("a certificate for another host name", wronghost)):
            with checks.section(f"https:// refuses {what}"):
                url = module_server.url("/tls/main.wasm", "https")
                folder = work.components("refuse-" + what.split()[-1], [{"name": "wasm", "url": url}])
                status, log = Server(options.wasmbind, folder, env=env, slow=options.slow).run_to_exit()
                checks.eq(f"{what}: exit status", status, 1)
                checks.check(f"{what}: the message names the url", url in log, url, log[-1500:])
                checks.check(f"{what}: the message is about the certificate", "certificate" in log.lower(),
                             "certificate ...", log[-1500:])
                with module_server.lock:
                    checks.eq(f"{what}: no request reached the server", module_server.hits, {})
    finally:
        for module_server in servers:
            module_server.close()


def main():
    http_loading()
    https_loading()
    work.close()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
