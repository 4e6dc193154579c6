#!/usr/bin/env bash
# The release build every benchmark runs: the server and the load generators
# in one cargo invocation, so they share one feature resolution (built apart,
# the examples' dev-dependencies give every crate above them a second copy
# and a second half of the build).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p saathi -p saathi-server --bins --examples
