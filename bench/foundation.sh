#!/usr/bin/env bash
# Foundation benchmarks (issue 2): data-set generation time, authenticated
# GET /api/v1/me and GET /api/v1/members?q= at 64 connections, server RSS idle
# and under load. Release build; load from wrk on the same 2-core machine.
#
#   bench/foundation.sh [sqlite|postgres]      (default sqlite)
#   MEMBERS=100000 DURATION=20s CONNECTIONS=64
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
MEMBERS="${MEMBERS:-100000}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}"
work="$(mktemp -d)"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

bench/build.sh
bin="${CARGO_TARGET_DIR:-target}/release/saathi"

case "$backend" in
  sqlite) db="sqlite://$work/bench.db" ;;
  postgres)
    pg="${SAATHI_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
    name="saathi_bench_$$"
    psql "$pg" -qc "CREATE DATABASE $name"
    db="${pg%/*}/$name"
    trap 'psql "$pg" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true' EXIT ;;
  *) echo "usage: $0 [sqlite|postgres]"; exit 2 ;;
esac

echo "## generate $MEMBERS members ($backend)"
start=$(date +%s.%N)
$bin --database-url "$db" demo --members "$MEMBERS" --days 90 2> "$work/gen.log"
# PostgreSQL: the load's dirty pages are flushed now, not under the first
# measured requests (a bulk load leaves checkpoints queued for a minute or more).
if [ "$backend" = postgres ]; then psql "$db" -qc CHECKPOINT; fi
end=$(date +%s.%N)
printf 'generation: %.1f s\n' "$(echo "$end - $start" | bc)"

RUST_LOG=warn $bin --database-url "$db" serve --addr "127.0.0.1:$PORT" 2> "$work/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; [ "$backend" = postgres ] && psql "$pg" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "server did not start:"; cat "$work/serve.log"; exit 1; }

login() {
  curl -sf "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"saathi-bench\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
token=$(login counselor-1-1)
rss() { awk '/VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$pid/status"; }
hwm() { awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$pid/status"; }
sleep 1
echo "RSS idle after start and login: $(rss)"

echo "## GET /api/v1/me, $CONNECTIONS connections, $DURATION"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$PORT/api/v1/me" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'
echo "RSS under load (peak): $(hwm)"

echo "## GET /api/v1/members?q=sha, $CONNECTIONS connections, $DURATION"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$PORT/api/v1/members?q=sha&limit=20" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'
echo "RSS peak: $(hwm), now: $(rss)"
sleep 5
echo "RSS idle after load: $(rss)"
