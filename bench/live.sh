#!/usr/bin/env bash
# Live hub benchmarks (issue 5): a release server on a generated data set
# and the load generator (crates/saathi-server/examples/live_load.rs) on the
# same 2-core machine.
#   (a) SOCKETS idle authenticated sockets: the server's RSS.
#   (b) every generated member connected, ROOMS rooms, RATE messages/s in all
#       for DURATION s: send→deliver latency p50/p99 over every recipient.
#   (c) one quiet room of 12, nothing else connected: p99.
# Tokens come from the API's login (Argon2: signing in 10,000 members takes
# a minute or two before the numbers).
#
#   bench/live.sh [sqlite|postgres]          (default sqlite)
#   SOCKETS=10000 ROOMS=1000 RATE=200 DURATION=60 QUIET_RATE=10 QUIET_SECONDS=30
#   SMOKE=1: a small, short run (2,000 members, 200 sockets, 10 s) to check the tooling
#   MATRIX=1: instead, the workload ENGINEERING.md measured on a Rust Matrix
#       homeserver (tuwunel), to compare: idle RSS; one room of 10, messages
#       one at a time (send → every other member); 100 rooms of 10 at 50
#       messages/s for 60 s, p99 and RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
if [ "${SMOKE:-0}" = 1 ]; then
  : "${SOCKETS:=200}" "${ROOMS:=20}" "${RATE:=50}" "${DURATION:=10}" "${QUIET_SECONDS:=5}" "${MEMBERS:=2000}"
fi
if [ "${MATRIX:-0}" = 1 ]; then
  : "${SOCKETS:=1000}" "${ROOMS:=100}" "${RATE:=50}" "${MEMBERS:=1000}"
fi
SOCKETS="${SOCKETS:-10000}"
ROOMS="${ROOMS:-1000}"
RATE="${RATE:-200}"
DURATION="${DURATION:-60}"
QUIET_RATE="${QUIET_RATE:-10}"
QUIET_SECONDS="${QUIET_SECONDS:-30}"
# About one group of 8 per 8 members: enough members for ROOMS full rooms.
MEMBERS="${MEMBERS:-$(( SOCKETS > ROOMS * 10 ? SOCKETS : ROOMS * 10 ))}"
PORT="${PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}"
work="$(mktemp -d)"

# Every socket is a file descriptor, on both ends.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open files limit: $(ulimit -n)"

bench/build.sh
bin="${CARGO_TARGET_DIR:-target}/release/saathi"
load="${CARGO_TARGET_DIR:-target}/release/examples/live_load"

pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  if [ "$backend" = postgres ]; then psql "$pg" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true; fi
  rm -rf "$work"
}
case "$backend" in
  sqlite) db="sqlite://$work/bench.db" ;;
  postgres)
    pg="${SAATHI_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
    name="saathi_live_bench_$$"
    psql "$pg" -qc "CREATE DATABASE $name"
    db="${pg%/*}/$name" ;;
  *) echo "usage: $0 [sqlite|postgres]"; exit 2 ;;
esac
trap cleanup EXIT
export SAATHI_SECRET_KEY_FILE="$work/notes.key"

echo "## generate $MEMBERS members ($backend)"
$bin --database-url "$db" demo --members "$MEMBERS" --days 1 2> "$work/gen.log"
# PostgreSQL: the load's dirty pages are flushed now, not under the first
# measured requests (a bulk load leaves checkpoints queued for a minute or more).
if [ "$backend" = postgres ]; then psql "$db" -qc CHECKPOINT; fi

start_server() {
  [ -n "$pid" ] && { kill "$pid"; wait "$pid" 2>/dev/null || true; }
  RUST_LOG=warn $bin --database-url "$db" serve --addr "127.0.0.1:$PORT" 2>> "$work/serve.log" &
  pid=$!
  for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start"; cat "$work/serve.log"; exit 1
}
base="http://127.0.0.1:$PORT"

rss() { awk '/VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$pid/status"; }

if [ "${MATRIX:-0}" = 1 ]; then
  echo "## Matrix comparison ($backend)"
  start_server
  sleep 2
  echo "server RSS idle: $(rss)"
  echo "## (m1) one room of 10, ${ONE_AT_A_TIME:-300} messages one at a time"
  $load quiet --base "$base" --members 10 --one-at-a-time "${ONE_AT_A_TIME:-300}"
  echo "server RSS after (m1): $(rss)"
  echo "## (m2) $ROOMS rooms, $RATE messages/s for $DURATION s"
  start_server
  $load rooms --base "$base" --sockets "$SOCKETS" --tokens "$work/tokens" --rooms "$ROOMS" --rate "$RATE" --seconds "$DURATION" --server-pid "$pid"
  exit 0
fi

echo "## (a) $SOCKETS idle sockets"
start_server
$load idle --base "$base" --sockets "$SOCKETS" --server-pid "$pid" --tokens "$work/tokens"

echo "## (b) $ROOMS rooms, $RATE messages/s for $DURATION s"
start_server
$load rooms --base "$base" --sockets "$SOCKETS" --tokens "$work/tokens" --rooms "$ROOMS" --rate "$RATE" --seconds "$DURATION"
echo "server RSS after (b): $(rss)"

echo "## (c) one quiet room of 12, $QUIET_RATE messages/s for $QUIET_SECONDS s"
start_server
$load quiet --base "$base" --members 12 --rate "$QUIET_RATE" --seconds "$QUIET_SECONDS"
