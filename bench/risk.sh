#!/usr/bin/env bash
# Relapse-risk benchmarks (issue 6): the full sweep over every member of a
# generated data set (goal < 5 s for 100,000 members with 90 days of
# history) and the per-event update of one member's score (goal < 1 ms),
# both when the score stays as stored (nothing written) and when it changes.
# Release build; no server (the example binary calls the service directly).
#
#   bench/risk.sh [sqlite|postgres]          (default sqlite)
#   MEMBERS=100000 DAYS=90 SAMPLES=2000
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
MEMBERS="${MEMBERS:-100000}"
DAYS="${DAYS:-90}"
SAMPLES="${SAMPLES:-2000}"
work="$(mktemp -d)"

bench/build.sh
target="${CARGO_TARGET_DIR:-target}/release"

case "$backend" in
  sqlite) db="sqlite://$work/bench.db"; trap 'rm -rf "$work"' EXIT ;;
  postgres)
    pg="${SAATHI_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
    name="saathi_risk_bench_$$"
    psql "$pg" -qc "CREATE DATABASE $name"
    db="${pg%/*}/$name"
    trap 'psql "$pg" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true; rm -rf "$work"' EXIT ;;
  *) echo "usage: $0 [sqlite|postgres]"; exit 2 ;;
esac

echo "## generate $MEMBERS members × $DAYS days ($backend)"
start=$(date +%s.%N)
"$target/saathi" --database-url "$db" demo --members "$MEMBERS" --days "$DAYS" 2> "$work/gen.log"
# PostgreSQL: the load's dirty pages are flushed now, not under the first
# measured requests (a bulk load leaves checkpoints queued for a minute or more).
if [ "$backend" = postgres ]; then psql "$db" -qc CHECKPOINT; fi
end=$(date +%s.%N)
printf 'generation: %.1f s\n' "$(echo "$end - $start" | bc)"

echo "## risk sweep and per-event update"
RUST_LOG=warn "$target/examples/risk_bench" "$db" "$SAMPLES"
