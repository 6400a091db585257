"""Corpus events scored on the gold of eval/data/corpus_events_gold.json.

    .venv/bin/python eval/corpus_events.py [--split tune|test|all] [--db FILE] [--grid] [--errors N]
    .venv/bin/python eval/corpus_events.py --sample DB [--n 20]   # corpus events to read by hand

The gold: every event mention of types meet, travel, call, attack, accident and arrest that
newsgraph extracts from the 204 articles of Giveme5W1H clusters-dev (451 mentions, labelled by
reading each in its sentence), each with `event`: the real event it reports. Mentions that
report the same happening carry the same label (the Nice truck attack in 37 mentions across
9 articles, whether the extractor typed them attack or accident); a mention of nothing real
("business trips", a website's "Visit our terms") and anything reported once is a
singleton. Mentions are anchored by file, event type, trigger and the trigger's offset in
the clean text. The gold was labelled before any tuning and split by news cluster
(`newsCluster.EventId`): `tune` and `test` lists in the file; tuning (`--grid`, the days of
`reports.SLACK` and `reports.TOLERANCE`, the subjects an article has in `events.SUBJECTS`)
and the pair model's fit (eval/corpus_events_train.py) looked only at `tune`.

How it is scored: clusters-dev is read (`read_many`) and written in file order into a fresh
SQLite store with the corpus hooks, exactly as `newsgraph ingest` does (or `--db` names a
store that already holds it, such as scripts/run-sample.sh's). Each gold mention is found
among the stored events of its article (same type and trigger, nearest offset within 40
characters); B-cubed and pairwise P/R/F1 compare the corpus events of the found mentions with
the gold labels, per split. Baselines on the same mentions: every mention alone, and one
event per type per news cluster (what "same type, same story" alone would give).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import tempfile
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

from entities import scores  # eval/entities.py: B-cubed and pairwise P/R/F1

from newsgraph.ingest import iter_inputs
from newsgraph.ingest.job import Ingest
from newsgraph.link import events, reports
from newsgraph.store import SqliteStore

CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))
GOLD = Path(__file__).parent / "data" / "corpus_events_gold.json"
CLUSTERS = CORPUS / "giveme5w1h" / "clusters-dev"
NEAR = 40  # characters a gold trigger may have moved since it was labelled


def ingest(db: Path) -> None:
    with SqliteStore(db) as store:
        Ingest(store, workers=2).run(iter_inputs([str(CLUSTERS)]))


def stored(store: SqliteStore) -> dict[str, list[dict[str, Any]]]:
    """Stored events of clusters-dev articles by file name, with their corpus events."""
    rows = store.rows(
        "SELECT s.name, a.id AS article_id, ev.id AS event, ev.type, ev.trigger, ev.start, "
        "l.corpus_event FROM sources s "
        "JOIN articles a ON a.id = s.article_id JOIN events ev ON ev.article = a.n "
        "LEFT JOIN corpus_event_links l ON l.article = ev.article AND l.event = ev.id "
        "WHERE s.outcome = 'article' AND s.name LIKE '%clusters-dev%'"
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(Path(r["name"]).name, []).append(r)
    return out


def nearest(gold: dict[str, Any], found: dict[str, list[dict[str, Any]]]) -> dict[str, Any] | None:
    """The stored event a gold mention labels (None: not found)."""
    near = [
        r
        for r in found.get(gold["file"], [])
        if r["type"] == gold["type"] and r["trigger"] == gold["trigger"]
        and abs(r["start"] - gold["start"]) <= NEAR
    ]
    return min(near, key=lambda r: abs(r["start"] - gold["start"]), default=None)


def match(gold: dict[str, Any], found: dict[str, list[dict[str, Any]]]) -> str | None:
    """The corpus event of the stored event a gold mention labels (None: not found)."""
    row = nearest(gold, found)
    return None if row is None else str(row["corpus_event"])


def evaluate(
    gold: Sequence[dict[str, Any]], found: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    pairs = [(g, match(g, found)) for g in gold]
    kept = [(g, s) for g, s in pairs if s is not None]
    labels: list[Hashable] = [g["event"] for g, _ in kept]
    result = {
        "mentions": len(gold),
        "found": len(kept),
        "events": len(set(labels)),
        "system": scores(labels, [s for _, s in kept]),
        "baseline_singletons": scores(labels, [None] * len(kept)),
        "baseline_type_per_story": scores(labels, [(g["cluster"], g["type"]) for g, _ in kept]),
    }
    return result


def errors(
    gold: Sequence[dict[str, Any]], found: dict[str, list[dict[str, Any]]], n: int
) -> list[str]:
    """Mentions whose corpus event disagrees with the gold (split or wrongly merged)."""
    by_event: dict[str, set[str | None]] = {}
    by_system: dict[str | None, set[str]] = {}
    for g in gold:
        s = match(g, found)
        if s is not None:
            by_event.setdefault(g["event"], set()).add(s)
            by_system.setdefault(s, set()).add(g["event"])
    out = [f"split {e}: {len(s)} corpus events" for e, s in by_event.items() if len(s) > 1]
    out += [f"merged {s}: {sorted(e)}" for s, e in by_system.items() if len(e) > 1]
    return out[:n]


def sample(db: Path, n: int) -> dict[str, Any]:
    """How many corpus events have two sources or more, and `n` of them drawn at random
    (seed 0), each with every report's sentence, to be read by hand."""
    with SqliteStore(db, create=False) as store:
        ids = [r["id"] for r in store.rows(
            "SELECT id FROM corpus_events WHERE articles >= 2 ORDER BY id"
        )]  # fmt: skip
        drawn = random.Random(0).sample(ids, min(n, len(ids)))
        out = []
        for row in store.corpus_event_rows(drawn):
            lines = []
            for r in store.event_reports([row["corpus_event"]]):
                text = (store.article(r["article_id"]) or {}).get("text", "")
                lines.append(f"{(r['published'] or '')[:10]} {r['publisher']}: "
                             + " ".join(text[max(0, r["start"] - 120) : r["start"] + 80].split()))
            out.append({
                "id": row["corpus_event"], "type": row["type"], "time": row["time"],
                "place": row["place"], "participants": [p["name"] for p in row["participants"]],
                "sources": row["sources"], "reports": lines,
            })  # fmt: skip
    return {"with_two_sources_or_more": len(ids), "of": store_count(db), "sample": out}


def store_count(db: Path) -> int:
    with SqliteStore(db, create=False) as store:
        return int(store.rows("SELECT count(*) AS c FROM corpus_events")[0]["c"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["tune", "test", "all"], default=None)
    parser.add_argument("--db", help="a store already holding clusters-dev (else read it)")
    parser.add_argument(
        "--grid", action="store_true", help="tune half over SLACK, TOLERANCE, SUBJECTS"
    )
    parser.add_argument("--errors", type=int, default=0, help="list N disagreements")
    parser.add_argument("--sample", help="a store: draw corpus events of 2+ sources to read")
    parser.add_argument("--n", type=int, default=20, help="how many to draw (default 20)")
    args = parser.parse_args()
    if args.sample:
        print(json.dumps(sample(Path(args.sample), args.n), indent=2, ensure_ascii=False))
        return 0
    if not CLUSTERS.is_dir():
        print(f"eval: no clusters-dev at {CLUSTERS}", file=sys.stderr)
        return 2
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    splits = {
        "tune": [g for g in data["mentions"] if g["cluster"] in data["split"]["tune"]],
        "test": [g for g in data["mentions"] if g["cluster"] in data["split"]["test"]],
        "all": data["mentions"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "clusters.db"
        if not args.db:
            ingest(db)
        with SqliteStore(db) as store:
            if args.grid:
                grid = {}
                for slack, tolerance, subjects in itertools.product(
                    (3, 7, 14), (0, 1, 2), (3, 4, 5, 6, 8)
                ):
                    reports.SLACK, reports.TOLERANCE = slack, tolerance
                    events.SUBJECTS = subjects
                    with store.transaction():
                        events.rebuild(store)
                    grid[f"slack={slack} tolerance={tolerance} subjects={subjects}"] = evaluate(
                        splits["tune"], stored(store)
                    )["system"]
                print(json.dumps(grid, indent=2))
                return 0
            with store.transaction():  # the corpus events of this release, whatever the store had
                events.rebuild(store)
            found = stored(store)
            names = [args.split] if args.split else ["tune", "test", "all"]
            result = {name: evaluate(splits[name], found) for name in names}
            if args.errors:
                result["errors"] = errors(splits[names[0]], found, args.errors)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
