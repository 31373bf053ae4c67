#!/usr/bin/env bash
# Seed corpus for fuzz_http_session: byte streams a client could send on one connection.
# Valid requests for every route (Dapr binding POST/PUT with data, metadata, operations and
# both guests; healthz; metadata), keep-alive and pipelined pairs, chunked bodies (with
# extensions and trailers), Expect: 100-continue, HTTP/1.0, HEAD, and malformed and
# smuggling shapes (Content-Length with Transfer-Encoding, unknown or repeated codings,
# duplicate lengths, bad chunk sizes, bare LF, obs-fold, bad names, absolute-form targets,
# oversized heads and bodies for the fuzzer's 8 KiB / 4 KiB limits).
# Usage: make_http_seed_corpus.sh OUTDIR
set -euo pipefail
export LC_ALL=C  # lengths in bytes
out=${1:?usage: make_http_seed_corpus.sh OUTDIR}
mkdir -p "$out"
seed() {  # seed NAME BYTES (printf %b escapes: \r \n \x00)
  printf '%b' "$2" >"$out/$1"
}
post() {  # post TARGET BODY [EXTRA_HEADERS]
  printf 'POST %s HTTP/1.1\r\nHost: localhost:3500\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%b\r\n%s' \
    "$1" "${#2}" "${3:-}" "$2"
}
H='Host: x\r\n'

# Routes.
seed healthz "GET /v1.0/healthz HTTP/1.1\r\n${H}\r\n"
seed healthz-outbound "GET /v1.0/healthz/outbound HTTP/1.1\r\n${H}User-Agent: fuzz\r\n\r\n"
seed healthz-appid "GET /v1.0/healthz?appid=fuzz HTTP/1.1\r\n${H}\r\n"
seed healthz-appid-other "GET /v1.0/healthz?appid=other HTTP/1.1\r\n${H}\r\n"
seed metadata "GET /v1.0/metadata HTTP/1.1\r\n${H}\r\n"
seed metadata-put "PUT /v1.0/metadata/appPID HTTP/1.1\r\n${H}Content-Length: 4\r\n\r\n4242"
seed not-found "DELETE /v1.0/state/x HTTP/1.1\r\n${H}\r\n"
seed shutdown "POST /v1.0/shutdown HTTP/1.1\r\n${H}Content-Length: 0\r\n\r\n"
seed head "HEAD /v1.0/healthz HTTP/1.1\r\n${H}\r\n"
seed head-404 "HEAD /nowhere HTTP/1.1\r\n${H}\r\n"
seed options "OPTIONS * HTTP/1.1\r\n${H}\r\n"
post /v1.0/bindings/echo '{"operation":"execute","data":{"b":1,"a":"x<y"}}' >"$out/echo"
post /v1.0/bindings/echo '{"operation":"execute","metadata":{"k":"v","args":"a,b"},"data":[1,2.5e3,null,true,"\u00e9\ud83d\ude00"]}' >"$out/echo-metadata"
post /v1.0/bindings/echo '{"Operation":"execute","DATA":"\u0000\u001f<>&\u2028"}' >"$out/echo-case"
post /v1.0/bindings/echo '{"operation":"execute","data":1e400}' >"$out/echo-big-number"
post /v1.0/bindings/echo '{"operation":"execute","data":"'$'\xff\xfe''"}' >"$out/echo-bad-utf8"
post /v1.0/bindings/echo '{"operation":"execute","data":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}' >"$out/echo-deep"
post /v1.0/bindings/echo '{"operation":"execute"} trailing' >"$out/echo-trailing"
post /v1.0/bindings/echo '{"operation":1}' >"$out/echo-bad-operation"
post /v1.0/bindings/echo '{"operation":"create"}' >"$out/echo-unsupported"
post /v1.0/bindings/echo '{"operation":"execute","metadata":{"k":1}}' >"$out/echo-bad-metadata"
post /v1.0/bindings/echo '' >"$out/echo-empty"
post /v1.0/bindings/stderr '{"operation":"execute"}' >"$out/stderr"
post /v1.0/bindings/nope '{"operation":"execute"}' >"$out/missing-binding"
post '/v1.0/bindings/a+%3Cb%3E' '{"operation":"execute"}' >"$out/escaped-name"
post '//v1.0/./bindings/../bindings/echo/?x=1' '{"operation":"execute","data":2}' >"$out/unclean-path"
post /v1.0/bindings/echo '{"operation":"execute","data":3}' 'dapr-api-token: t\r\n' >"$out/api-token"
printf 'PUT /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 23\r\n\r\n{"operation":"execute"}' >"$out/echo-put"

# Connection management: pipelining, keep-alive, close, HTTP/1.0, Expect.
{ printf 'GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\n\r\n'; post /v1.0/bindings/echo '{"operation":"execute","data":"p"}'; } >"$out/pipelined-pair"
{ post /v1.0/bindings/echo '{"operation":"execute","data":1}'; post /v1.0/bindings/stderr '{"operation":"execute"}'; printf 'GET /x HTTP/1.1\r\nHost: x\r\n\r\n'; } >"$out/pipelined-three"
seed close "GET /v1.0/healthz HTTP/1.1\r\n${H}Connection: close\r\n\r\nGET /v1.0/healthz HTTP/1.1\r\n${H}\r\n"
seed http10 "GET /v1.0/healthz HTTP/1.0\r\n\r\n"
seed http10-keep-alive "GET /v1.0/healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /v1.0/healthz HTTP/1.0\r\n\r\n"
seed http10-te "POST /v1.0/bindings/echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
seed expect "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Expect: 100-continue\r\nContent-Length: 23\r\n\r\n{\"operation\":\"execute\"}"
seed expect-odd "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Expect: 100-continue, foo\r\nContent-Length: 2\r\n\r\n{}"
seed expect-large "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Expect: 100-continue\r\nContent-Length: 999999\r\n\r\n"

# Chunked bodies.
seed chunked "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n10\r\n{\"operation\":\"ex\r\n8\r\necute\"}\n\r\n0\r\n\r\n"
seed chunked-ext "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n17;name=\"v a\";x\r\n{\"operation\":\"execute\"}\r\n0;end\r\n\r\n"
seed chunked-trailer "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-Trailer: 1\r\n\r\n"
seed chunked-then-get "PUT /v1.0/metadata/k HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n1\r\nv\r\n0\r\n\r\nGET /v1.0/metadata HTTP/1.1\r\n${H}\r\n"

# Malformed and smuggling shapes.
seed cl-te "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
seed te-cl "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\nGET /v1.0/healthz HTTP/1.1\r\n${H}\r\n"
seed te-gzip "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"
seed te-identity "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: identity\r\n\r\n"
seed te-twice "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
seed te-space "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"
seed cl-dup "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}"
seed cl-conflict "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Content-Length: 1\r\nContent-Length: 2\r\n\r\n{}"
seed cl-list "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Content-Length: 2, 2\r\n\r\n{}"
seed cl-sign "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Content-Length: +2\r\n\r\n{}"
seed cl-huge "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Content-Length: 99999999999999999999999\r\n\r\n"
seed chunk-overflow "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nx\r\n0\r\n\r\n"
seed chunk-negative "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n-1\r\nx\r\n0\r\n\r\n"
seed chunk-no-crlf "POST /v1.0/bindings/echo HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n2\r\n{}0\r\n\r\n"
seed no-host "GET /v1.0/healthz HTTP/1.1\r\n\r\n"
seed two-hosts "GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"
seed bad-escape "GET /v1.0/bindings/%zz HTTP/1.1\r\n${H}\r\n"
seed absolute-form "POST http://x/v1.0/bindings/echo HTTP/1.1\r\n${H}Content-Length: 2\r\n\r\n{}"
seed http2 "GET /v1.0/healthz HTTP/2.0\r\n${H}\r\n"
seed http09 "GET /v1.0/healthz\r\n"
seed bare-lf "GET /v1.0/healthz HTTP/1.1\n${H}\n"
seed obs-fold "GET /v1.0/healthz HTTP/1.1\r\n${H}X-A: 1\r\n 2\r\n\r\n"
seed nul "GET /v1.0/healthz HTTP/1.1\r\n${H}X-A: a\x00b\r\n\r\n"
seed bad-name "GET /v1.0/healthz HTTP/1.1\r\n${H}Bad Name: 1\r\n\r\n"
seed bad-method "G(T /v1.0/healthz HTTP/1.1\r\n${H}\r\n"
{ printf 'GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\nX-Big: '; head -c 9000 /dev/zero | tr '\0' a; printf '\r\n\r\n'; } >"$out/header-too-large"
{ printf 'GET /'; head -c 9000 /dev/zero | tr '\0' a; printf ' HTTP/1.1\r\nHost: x\r\n\r\n'; } >"$out/target-too-large"
body="{\"operation\":\"execute\",\"data\":\"$(head -c 5000 /dev/zero | tr '\0' b)\"}"
post /v1.0/bindings/echo "$body" >"$out/body-too-large"
printf 'PUT /v1.0/metadata/big HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n%s' "$(head -c 5000 /dev/zero | tr '\0' c)" >"$out/metadata-too-large"
echo "make_http_seed_corpus: $(find "$out" -type f | wc -l) requests -> $out"
