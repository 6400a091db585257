#!/usr/bin/env bash
# Set up .venv, then the main job on the embedded default: ingest the sample corpus into
# SQLite (idempotent: run it again and nothing is added), print the stats and one search.
#   the seed (published 2020-12-16) + Giveme5W1H gold-dev and event clusters (257 JSON)
#   + a BBC slice (195 texts); without ../shared/corpus, the seed alone.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
CORPUS=${NEWSGRAPH_CORPUS:-../shared/corpus}
DB=${NEWSGRAPH_DB:-newsgraph.db}
ng=.venv/bin/newsgraph
status=0
$ng ingest tests/data/abcnews-milley-taliban.txt --published 2020-12-16 --db "$DB" || status=$?
if [ -d "$CORPUS" ]; then
  $ng ingest "$CORPUS/giveme5w1h/gold-dev" "$CORPUS/giveme5w1h/clusters-dev" --db "$DB" --workers 2 || status=$?
  $ng ingest "$CORPUS/bbc/*/0[0-3]?.txt" --db "$DB" --workers 2 || status=$?
else
  echo "run-sample: no corpus at $CORPUS: only the seed was ingested" >&2
fi
$ng stats --db "$DB"
$ng search "reduction in violence" --db "$DB" --limit 3
# exit 1 only says some inputs were rejected (listed by `newsgraph rejections`)
[ "$status" -le 1 ] || exit "$status"
