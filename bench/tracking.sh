#!/usr/bin/env bash
# Tracking benchmarks (issue 4) on the generated data set (100,000 members
# with 90 days of sessions, attendance and check-ins): sustained check-in
# submissions at 64 connections, a member's sobriety, and the 90-day progress
# page of a member with a full history.
#
#   bench/tracking.sh [sqlite|postgres]      MEMBERS=100000 DURATION=20s
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
MEMBERS="${MEMBERS:-100000}"
DURATION="${DURATION:-20s}"
PORT="${PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}"
work="$(mktemp -d)"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
bench/build.sh
bin="${CARGO_TARGET_DIR:-target}/release/saathi"
export SAATHI_SECRET_KEY_FILE="$work/notes.key"

case "$backend" in
  sqlite) db="sqlite://$work/bench.db" ;;
  postgres)
    pg="${SAATHI_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
    name="saathi_bench_tracking_$$"
    psql "$pg" -qc "CREATE DATABASE $name"
    db="${pg%/*}/$name" ;;
  *) echo "usage: $0 [sqlite|postgres]"; exit 2 ;;
esac
cleanup() {
  kill "${pid:-0}" 2>/dev/null || true
  [ "$backend" = postgres ] && psql "$pg" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "## generate $MEMBERS members with 90 days of history ($backend)"
/usr/bin/time -f "generation: %e s, peak RSS %M KB" $bin --database-url "$db" demo --members "$MEMBERS" --days 90 2> "$work/gen.log" || { cat "$work/gen.log"; exit 1; }
# PostgreSQL: the load's dirty pages are flushed now, not under the first
# measured requests (a bulk load leaves checkpoints queued for a minute or more).
if [ "$backend" = postgres ]; then psql "$db" -qc CHECKPOINT; fi
tail -n 1 "$work/gen.log"

RUST_LOG=warn $bin --database-url "$db" serve --addr "127.0.0.1:$PORT" 2> "$work/serve.log" &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
eval "$(python3 bench/tracking_setup.py "http://127.0.0.1:$PORT" "$work/tokens.txt")"
echo "check-ins from $(wc -l < "$work/tokens.txt") members; reads of a member with $READ_MEMBER_CHECKINS check-ins in 90 days"

echo "## POST /api/v1/checkins, 64 connections, $DURATION"
TOKENS="$work/tokens.txt" wrk -t1 -c64 -d"$DURATION" --latency -s bench/lua/checkin.lua "http://127.0.0.1:$PORT/" \
  | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'

for c in 16 32; do
  echo "## GET /api/v1/members/{id}/sobriety (the member), $c connections, $DURATION"
  wrk -t1 -c$c -d"$DURATION" --latency -H "Authorization: Bearer $READER" \
    "http://127.0.0.1:$PORT/api/v1/members/$READ_MEMBER/sobriety" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'
done

echo "## GET /members/{id}/progress?days=90 (the counsellor's view), one connection at a time, $DURATION"
wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: saathi_session=$COUNSELOR" \
  "http://127.0.0.1:$PORT/members/$READ_MEMBER/progress?days=90" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'
echo "## GET /progress?days=90 (the member's own), one connection at a time, $DURATION"
wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: saathi_session=$READER" \
  "http://127.0.0.1:$PORT/progress?days=90" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'
awk '/VmHWM/ {printf "server peak RSS: %.1f MB\n", $2/1024}' "/proc/$pid/status"
