#!/usr/bin/env bash
# Crisis benchmarks (issue 6) on the demo centre: crisis press → first
# tier-1 WebSocket receives the alert (p50/p99), and escalation lateness
# (each tier's step time minus its due time) with a 1-second timeout.
#
#   bench/crisis.sh [sqlite|postgres]      PRESSES=200 ROUNDS=3
#   BIN=target/debug/saathi bench/crisis.sh   (a quick smoke run without a release build)
#   LOAD=1 bench/crisis.sh [sqlite|postgres]   the same while the live benchmark's chat
#     load runs (issue 6 asks for that): a generated set of MEMBERS (10,000) members,
#     every one connected, ROOMS (1,000) rooms, RATE (200) messages/s (live_load rooms);
#     the watchers are centre 1's admin, counsellors and mentors (crisis.py ACCOUNTS=generated)
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
PORT="${PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}"
work="$(mktemp -d)"
if [ -z "${BIN:-}" ]; then
  bench/build.sh
  BIN="${CARGO_TARGET_DIR:-target}/release/saathi"
fi
export SAATHI_SECRET_KEY_FILE="$work/notes.key"
case "$backend" in
  sqlite) db="sqlite://$work/bench.db" ;;
  postgres)
    pg="${SAATHI_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
    name="saathi_bench_crisis_$$"
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
base="http://127.0.0.1:$PORT"
if [ "${LOAD:-0}" != 1 ]; then
  RUST_LOG=warn "$BIN" --database-url "$db" serve --demo --crisis-timeout-seconds 1 --addr "127.0.0.1:$PORT" 2> "$work/serve.log" &
  pid=$!
  for _ in $(seq 1 600); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "## crisis ($backend, $("$BIN" --version))"
  python3 bench/crisis.py "$base"
  echo "server RSS: $(ps -o rss= -p "$pid") KB"
  exit 0
fi

MEMBERS="${MEMBERS:-10000}" SOCKETS="${SOCKETS:-10000}" ROOMS="${ROOMS:-1000}" RATE="${RATE:-200}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
bench/build.sh
load="${CARGO_TARGET_DIR:-target}/release/examples/live_load"
echo "## generate $MEMBERS members ($backend)"
"$BIN" --database-url "$db" demo --members "$MEMBERS" --days 1 2> "$work/gen.log"
# PostgreSQL: the load's dirty pages are flushed now, not under the first
# measured requests (a bulk load leaves checkpoints queued for a minute or more).
if [ "$backend" = postgres ]; then psql "$db" -qc CHECKPOINT; fi
RUST_LOG=warn "$BIN" --database-url "$db" serve --crisis-timeout-seconds 1 --addr "127.0.0.1:$PORT" 2> "$work/serve.log" &
pid=$!
for _ in $(seq 1 600); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "## chat load: $SOCKETS sockets, $ROOMS rooms, $RATE messages/s"
"$load" rooms --base "$base" --sockets "$SOCKETS" --tokens "$work/tokens" --rooms "$ROOMS" --rate "$RATE" \
  --seconds "${LOAD_SECONDS:-90}" > "$work/load.log" 2>&1 &
loadpid=$!
# The crisis presses start once the sockets are connected and messages flow.
for _ in $(seq 1 3000); do
  n="$(curl -fs "$base/metrics" | awk '/^saathi_live_sockets / {print int($2)}')"
  [ "${n:-0}" -ge $(( SOCKETS * 95 / 100 )) ] && break
  sleep 0.2
done
sleep 5
echo "## crisis under the chat load ($backend, $("$BIN" --version), $n sockets connected)"
ACCOUNTS=generated python3 bench/crisis.py "$base"
wait "$loadpid" || true
echo "## the chat load's own latency"
tail -n 3 "$work/load.log"
echo "server RSS: $(ps -o rss= -p "$pid") KB"
