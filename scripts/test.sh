#!/usr/bin/env bash
# Saathi's whole test suite: unit, API and CLI tests on SQLite and PostgreSQL,
# then the browser tests in headless Chromium. Installs what it needs.
#
#   scripts/test.sh            PostgreSQL used when reachable, skipped (loudly) when not
#   SAATHI_REQUIRE_PG=1 ...    PostgreSQL must be there (CI)
#   SAATHI_TEST_PG=postgres://user@host:port/db   where to create test databases
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

export SAATHI_TEST_PG="${SAATHI_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_up() { command -v pg_isready >/dev/null && pg_isready -q -d "$SAATHI_TEST_PG" -t 3; }

say "PostgreSQL"
if ! pg_up && [ "${SAATHI_REQUIRE_PG:-}" = 1 ] && [ -d /etc/postgresql ]; then
  echo "not reachable; trying to start the local cluster"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 20); do pg_up && break; sleep 0.5; done
fi
if pg_up; then
  export SAATHI_REQUIRE_PG=1
  echo "using $SAATHI_TEST_PG: every storage test runs on SQLite AND PostgreSQL"
elif [ "${SAATHI_REQUIRE_PG:-}" = 1 ]; then
  echo "PostgreSQL is required (SAATHI_REQUIRE_PG=1) but not reachable at $SAATHI_TEST_PG" >&2
  exit 1
else
  echo "!!! PostgreSQL is NOT reachable at $SAATHI_TEST_PG: the PostgreSQL half of the tests is SKIPPED !!!"
fi

say "Rust tests (unit, API, CLI)"
cargo test --workspace --all-targets --locked --no-fail-fast

say "Browser tests"
need_pkgs=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need_pkgs+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need_pkgs+=(fonts-noto-core)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "installing ${need_pkgs[*]} from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi
# The binary the browser tests run, as the tests above built it (same features: no second build).
cargo build --locked --workspace --all-targets
(cd e2e && npm ci --no-audit --no-fund --loglevel=error && node --test)

say "All tests passed"
