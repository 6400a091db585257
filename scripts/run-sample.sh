#!/usr/bin/env bash
# Set up .venv, ingest the sample corpus into newsgraph.db (idempotent), print its stats.
#   seed article (published 2020-12-16) + Giveme5W1H gold-dev (53 JSON) + BBC slice (195 texts)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
CORPUS=${NEWSGRAPH_CORPUS:-../shared/corpus}
DB=${DB:-newsgraph.db}
ng=.venv/bin/newsgraph
status=0
$ng ingest "$CORPUS/seed/abcnews-milley-taliban.txt" --published 2020-12-16 --db "$DB" || status=$?
$ng ingest "$CORPUS/giveme5w1h/gold-dev" --db "$DB" --workers 2 || status=$?
$ng ingest "$CORPUS/bbc/*/0[0-3]?.txt" --db "$DB" --workers 2 || status=$?
$ng stats --db "$DB"
# exit 1 only says some inputs were rejected (listed by `newsgraph rejections`)
[ "$status" -le 1 ] || exit "$status"
