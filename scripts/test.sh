#!/usr/bin/env bash
# Set up from a fresh clone and run every check: ruff, mypy, pytest (gates read ../shared/corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Chromium for tests/test_browser.py (Debian's package; Playwright never downloads a browser)
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
.venv/bin/ruff check src tests eval bench
.venv/bin/mypy
.venv/bin/pytest -q "$@"
