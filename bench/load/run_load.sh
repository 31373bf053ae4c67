#!/usr/bin/env bash
# Load benchmark of `wasmbind serve` (not a test): wrk on loopback against GET /v1.0/healthz
# (the ceiling of the HTTP layer) and then the echo binding (a guest instantiated, run and
# destroyed per request), in one server session. Prints requests/s, p50 and p99 latency for
# each and the ratio echo/healthz. Builds nothing; run it from the repository root after
# `cmake --build --preset release`.
#
#   bench/load/run_load.sh [--wasmbind PATH] [--components DIR] [--connections N]
#                          [--threads N] [--duration 10s] [--log-level info]
#
# --components defaults to examples/components, whose echo guest path is relative to the
# repository root (build/release/examples/guests/echo.wasm). The server logs at --log-level
# (default info: one access line per request, as in production) into a temporary file.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
wasmbind="${WASMBIND:-build/release/tools/wasmbind}"
components="examples/components"
connections=64
threads=2
duration=10s
log_level=info
while (($#)); do
  case "$1" in
    --wasmbind) wasmbind=$2; shift 2 ;;
    --components) components=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --log-level) log_level=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "run_load.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

cd "$root"
command -v wrk >/dev/null || { echo "run_load.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[[ -x $wasmbind ]] || { echo "run_load.sh: no wasmbind binary at $wasmbind (build the release preset)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$wasmbind" serve --resources-path "$components" --port 0 --listen-address 127.0.0.1 \
  --log-level "$log_level" 2>"$work/server.log" &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(grep -o 'listening on [0-9.]*:[0-9]*' "$work/server.log" | head -1 | sed 's/.*://' || true)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "run_load.sh: the server did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { cat "$work/server.log" >&2; echo "run_load.sh: no 'listening on' line" >&2; exit 1; }
base="http://127.0.0.1:$port"

# The echo binding must work before it is measured.
check=$(curl -s -X POST "$base/v1.0/bindings/echo" -d '{"operation":"execute","data":{"b":1,"a":2}}')
[[ $check == '{"a":2,"b":1}' ]] || { echo "run_load.sh: echo binding answered: $check" >&2; exit 1; }

# run NAME wrk-args...: prints "NAME rps p50 p99 non2xx errors" from wrk's --latency report.
run() {
  local name=$1; shift
  wrk -c "$connections" -t "$threads" -d "$duration" --latency "$@" >"$work/$name.txt"
  awk -v name="$name" '
    /Requests\/sec:/ { rps = $2 }
    /^ +50% / { p50 = $2 }
    /^ +99% / { p99 = $2 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    /Socket errors:/ { errors = $0; sub(/.*Socket errors: */, "", errors); gsub(/ /, "", errors) }
    END { printf "%s %s %s %s %s %s\n", name, rps, p50, p99, (bad == "" ? 0 : bad), (errors == "" ? "none" : errors) }
  ' "$work/$name.txt"
}

echo "wasmbind serve on $base ($(nproc) cores), wrk -c$connections -t$threads -d$duration"
healthz=$(run healthz "$base/v1.0/healthz")
echo_line=$(run echo -s "$root/bench/load/echo_post.lua" "$base")

printf '\n%-8s %12s %10s %10s %8s  %s\n' target requests/s p50 p99 non-2xx socket-errors
for line in "$healthz" "$echo_line"; do
  read -r name rps p50 p99 bad errors <<<"$line"
  printf '%-8s %12s %10s %10s %8s  %s\n' "$name" "$rps" "$p50" "$p99" "$bad" "$errors"
done
read -r _ healthz_rps _ <<<"$healthz"
read -r _ echo_rps _ <<<"$echo_line"
awk -v e="$echo_rps" -v h="$healthz_rps" 'BEGIN { printf "\necho / healthz = %.1f%% (target >= 50%%); healthz target >= 30000 requests/s\n", 100 * e / h }'
