-- wrk script for the echo binding: every request is the same small Dapr binding call.
-- Used by bench/load/run_load.sh; wrk reports non-2xx answers in its summary.
wrk.method = "POST"
wrk.path = "/v1.0/bindings/echo"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"operation":"execute","data":{"message":"hello","n":42}}'
