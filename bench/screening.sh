#!/usr/bin/env bash
# Safety-screening cost per message (issue 5, goal < 20 µs) over the labelled
# evaluation set, in release mode, on one core.
#
#   bench/screening.sh [ROUNDS]        (default 200 screenings of each message)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release -q --example screening_cost -p saathi-domain -- "${1:-200}"
