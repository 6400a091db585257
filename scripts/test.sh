#!/usr/bin/env bash
# Set up from a fresh clone and run every check: ruff, mypy, pytest (gates read ../shared/corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check src tests eval bench
.venv/bin/mypy
.venv/bin/pytest -q "$@"
