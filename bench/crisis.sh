#!/usr/bin/env bash
# Crisis benchmarks (issue 6) on the demo centre: crisis press → first
# tier-1 WebSocket receives the alert (p50/p99), and escalation lateness
# (each tier's step time minus its due time) with a 1-second timeout.
#
#   bench/crisis.sh [sqlite|postgres]      PRESSES=200 ROUNDS=3
#   BIN=target/debug/saathi bench/crisis.sh   (a quick smoke run without a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
PORT="${PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}"
work="$(mktemp -d)"
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p saathi
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
RUST_LOG=warn "$BIN" --database-url "$db" serve --demo --crisis-timeout-seconds 1 --addr "127.0.0.1:$PORT" 2> "$work/serve.log" &
pid=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "## crisis ($backend, $("$BIN" --version))"
python3 bench/crisis.py "http://127.0.0.1:$PORT"
echo "server RSS: $(ps -o rss= -p "$pid") KB"
