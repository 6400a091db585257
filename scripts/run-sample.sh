#!/usr/bin/env bash
# Set up from a fresh clone, then the main job on the embedded default: ingest the sample
# corpus (the seed, Giveme5W1H's gold-dev and event clusters, 300 BBC articles) into
# SQLite (newsgraph.db, or $NEWSGRAPH_DB) and print the store's stats.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
CORPUS=${NEWSGRAPH_CORPUS:-../shared/corpus}
DB=${NEWSGRAPH_DB:-newsgraph.db}
ng() { .venv/bin/newsgraph "$@"; }
ng ingest tests/data/abcnews-milley-taliban.txt --published 2020-12-16 --db "$DB"
if [ -d "$CORPUS" ]; then
  ng ingest "$CORPUS/giveme5w1h/gold-dev" "$CORPUS/giveme5w1h/clusters-dev" --db "$DB" --workers 2
  find "$CORPUS/bbc" -name '*.txt' | sort | awk 'NR % 7 == 0' | head -n 300 \
    | xargs .venv/bin/newsgraph ingest --db "$DB" --workers 2
else
  echo "run-sample: no corpus at $CORPUS; only the seed was ingested" >&2
fi
ng stats --db "$DB"
ng search "reduction in violence" --db "$DB"
