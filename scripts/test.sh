#!/usr/bin/env bash
# Set up from a fresh clone and run every check: ruff, mypy, pytest (gates read ../shared/corpus).
# The tests use a real PostgreSQL (Debian's, installed here if missing, in a throwaway cluster
# on 127.0.0.1 stopped at the end) and a local Ray runtime (the `ray` extra in the lock).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Chromium for tests/test_browser.py (Debian's package; Playwright never downloads a browser)
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
.venv/bin/ruff check src tests eval bench
.venv/bin/mypy
if [ -z "${NEWSGRAPH_TEST_POSTGRES:-}" ]; then
  pg_dir=$(mktemp -d /tmp/newsgraph-pg-XXXXXX)
  trap 'scripts/postgres.sh stop "$pg_dir/pg"; rm -rf "$pg_dir"' EXIT
  NEWSGRAPH_TEST_POSTGRES=$(scripts/postgres.sh start "$pg_dir/pg")
  export NEWSGRAPH_TEST_POSTGRES
fi
.venv/bin/pytest -q "$@"
