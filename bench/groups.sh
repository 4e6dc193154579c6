#!/usr/bin/env bash
# Groups benchmarks (issue 3) on the 100,000-member data set: a group's
# sessions over a quarter and an attendance PUT for 12 members at 32
# connections; enrolment throughput with the capacity rule under contention.
#
#   bench/groups.sh [sqlite|postgres]      MEMBERS=100000 DURATION=20s
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
    name="saathi_bench_groups_$$"
    psql "$pg" -qc "CREATE DATABASE $name"
    db="${pg%/*}/$name" ;;
  *) echo "usage: $0 [sqlite|postgres]"; exit 2 ;;
esac
cleanup() {
  kill "${pid:-0}" 2>/dev/null || true
  [ "$backend" = postgres ] && psql "$pg" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "## generate $MEMBERS members with groups and 90 days of sessions ($backend)"
/usr/bin/time -f "generation: %e s, peak RSS %M KB" $bin --database-url "$db" demo --members "$MEMBERS" --days 90 2> "$work/gen.log" || { cat "$work/gen.log"; exit 1; }
# PostgreSQL: the load's dirty pages are flushed now, not under the first
# measured requests (a bulk load leaves checkpoints queued for a minute or more).
if [ "$backend" = postgres ]; then psql "$db" -qc CHECKPOINT; fi
tail -n 1 "$work/gen.log"

RUST_LOG=warn,saathi_server::services::risk=info $bin --database-url "$db" serve --addr "127.0.0.1:$PORT" 2> "$work/serve.log" &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
# The risk sweep a server runs when it starts is not what is measured: wait for it.
for _ in $(seq 1 600); do grep -q "risk sweep" "$work/serve.log" && break; sleep 0.1; done
sed 's/\x1b\[[0-9;]*m//g' "$work/serve.log" | grep -o "risk sweep members=[0-9]* changed=[0-9]* newly_high=[0-9]* ms=[0-9]*" | head -n 1 || true
eval "$(python3 bench/groups_setup.py "http://127.0.0.1:$PORT" "$work/pairs.txt")"

today=$(date -u +%F)
quarter_end=$(date -u -d "+90 days" +%F)
curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/groups/$LIST_GROUP/sessions?from=$today&to=$quarter_end" >/dev/null
echo "## GET a group's sessions over a quarter, 32 connections, $DURATION"
wrk -t1 -c32 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$PORT/api/v1/groups/$LIST_GROUP/sessions?from=$today&to=$quarter_end" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'

# Each PUT is a whole sheet of 12 with two rows changed (bench/lua/put_attendance.lua).
echo "## PUT attendance for 12 members, 32 connections all on one session, $DURATION"
ATT_IDS="$ATT_IDS" SESSIONS="$SESSION" wrk -t1 -c32 -d"$DURATION" --latency -s bench/lua/put_attendance.lua -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$PORT/" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'

echo "## PUT attendance for 12 members, 32 connections over 32 sessions, $DURATION"
ATT_IDS="$ATT_IDS" SESSIONS="$SESSIONS" wrk -t1 -c32 -d"$DURATION" --latency -s bench/lua/put_attendance.lua -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$PORT/" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'

echo "## enrolments racing for 5 groups at a time (50 groups × capacity 10, 20,000 enrolments), 32 connections"
PAIRS="$work/pairs.txt" wrk -t1 -c32 -d3s --latency -s bench/lua/enroll.lua -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$PORT/" | grep -E 'enrolments placed|50%|99%|Socket errors'
over=0
for g in $RACE_GROUPS; do
  n=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/groups/$g" | python3 -c 'import json,sys; g=json.load(sys.stdin); print(1 if g["active_count"] > g["capacity"] else 0)')
  over=$((over + n))
done
echo "groups over capacity after the race: $over (must be 0)"
awk '/VmHWM/ {printf "server peak RSS: %.1f MB\n", $2/1024}' "/proc/$pid/status"
