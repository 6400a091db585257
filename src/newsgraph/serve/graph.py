"""The meeting graph: who met whom across the corpus, from corpus events.

Nodes are the corpus entities taking part in corpus events of one type (`meet` unless asked
otherwise): people, organisations, groups and countries acting — never places, buildings or
media outlets, which event merging keeps out of the participants. An edge joins two
participants of one corpus event; its weight is the number of corpus events they share (each
real meeting once, however many articles report it), with those events and the articles
reporting them. Filters: a date range (the event's date, else its window of days), one
entity (its own events), the type, and a minimum number of sources. At most `MAX_NODES`
nodes, the most connected. The browser lays it out and draws it with Cytoscape.js
(`static/cytoscape`, `static/graph.js`); the page also lists the strongest links, readable
without JavaScript.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

from newsgraph.serve.render import corpus_href, event_href
from newsgraph.store.base import Store
from newsgraph.store.sql_read import marks

Row = dict[str, Any]
MAX_NODES = 150
MAX_EVENTS = 50_000  # corpus events read for one graph
EVENTS_PER_EDGE = 10  # events listed on an edge (the most reported)
ARTICLES_PER_EVENT = 5
TYPES = ("meet", "call", "agreement", "travel", "attack", "arrest", "order", "election")


def participant_rows(
    store: Store,
    type: str,
    since: str | None,
    until: str | None,
    entities: list[str],
    min_sources: int,
) -> list[Row]:
    """(corpus event, participant) rows of the corpus events that pass the filters."""
    where, params = ["ce.type = ?", "ce.articles >= ?"], [type, min_sources]
    late, early = "coalesce(ce.time, ce.hi)", "coalesce(ce.time, ce.lo)"
    if since:  # its date where the reports give one, else its window of days
        where.append(f"{late} >= substr(CAST(? AS TEXT), 1, length({late}))")
        params.append(since)
    if until:
        where.append(f"substr({early}, 1, length(CAST(? AS TEXT))) <= ?")
        params += [until, until]
    if entities:
        where.append(
            "ce.id IN (SELECT event FROM corpus_event_entities "
            f"WHERE role = 'participant' AND entity IN ({marks(entities)}))"
        )
        params += entities
    return store.rows(
        "SELECT ce.id AS event, ce.time, ce.lo, ce.hi, ce.articles AS sources, "
        "k.entity, c.name, c.type FROM corpus_events ce "
        "JOIN corpus_event_entities k ON k.event = ce.id AND k.role = 'participant' "
        "JOIN corpus_entities c ON c.id = k.entity WHERE "
        + " AND ".join(where)
        + " ORDER BY ce.id, k.entity LIMIT ?",
        [*params, MAX_EVENTS],
    )


def _sources(events: list[Row]) -> int:
    return sum(int(e["sources"]) for e in events)


def build(rows: list[Row], max_nodes: int = MAX_NODES) -> Row:
    """Nodes and edges of the participant rows (`participant_rows`), the most connected
    `max_nodes` nodes kept; `total_nodes` says how many there were."""
    events: dict[str, Row] = {}
    for r in rows:
        e = events.setdefault(r["event"], {
            "id": r["event"], "time": r["time"] or r["hi"], "sources": int(r["sources"]),
            "href": event_href(r["event"]), "people": [],
        })  # fmt: skip
        e["people"].append(r)
    names = {r["entity"]: r for r in rows}
    edges: dict[tuple[str, str], list[Row]] = {}
    for e in events.values():
        for a, b in combinations(sorted({p["entity"] for p in e["people"]}), 2):
            edges.setdefault((a, b), []).append(e)
    degree: Counter[str] = Counter()
    for (a, b), shared in edges.items():
        degree[a] += len(shared)
        degree[b] += len(shared)
    ranked = sorted(degree, key=lambda k: (-degree[k], names[k]["name"], k))
    kept = set(ranked[:max_nodes])
    nodes = [
        {"id": k, "name": names[k]["name"], "type": names[k]["type"], "events": degree[k],
         "href": corpus_href(k)}
        for k in ranked if k in kept
    ]  # fmt: skip
    out_edges = []
    by_weight = sorted(edges.items(), key=lambda kv: (-len(kv[1]), -_sources(kv[1]), kv[0]))
    for (a, b), shared in by_weight:
        if a in kept and b in kept:
            top = sorted(shared, key=lambda e: (-e["sources"], e["time"] or "", e["id"]))
            out_edges.append({
                "source": a, "target": b, "events": len(shared),
                "sources": _sources(shared),
                "meetings": [
                    {k: e[k] for k in ("id", "time", "sources", "href")}
                    for e in top[:EVENTS_PER_EDGE]
                ],
            })  # fmt: skip
    return {"nodes": nodes, "edges": out_edges, "total_nodes": len(degree)}


def add_articles(store: Store, graph: Row) -> None:
    """Give every listed meeting of an edge its reporting articles (the first few)."""
    ids = sorted({m["id"] for e in graph["edges"] for m in e["meetings"]})
    articles: dict[str, list[Row]] = {}
    for r in store.event_reports(ids):
        mine = articles.setdefault(r["corpus_event"], [])
        if len(mine) < ARTICLES_PER_EVENT and all(a["id"] != r["article_id"] for a in mine):
            mine.append({"id": r["article_id"], "title": r["title"],
                         "href": f"/articles/{r['article_id']}"})  # fmt: skip
    for e in graph["edges"]:
        for m in e["meetings"]:
            m["articles"] = articles.get(m["id"], [])
