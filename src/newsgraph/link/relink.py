"""Rebuild the corpus layer from the stored articles (`newsgraph relink`).

The stored articles are linked again in ingest order, exactly as an ingest would have, then
the hand corrections are applied again, then every corpus event is merged again from the
stored events (they name corpus entities) and the stories (whose entity features are
corpus entities) are rebuilt; all in one transaction. The report compares the
links before and after: corpus entities merged (links of several old ones now in one),
split (links of one old one now in several), renamed, new and gone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from newsgraph.link.events import rebuild as rebuild_events
from newsgraph.link.evidence import from_rows
from newsgraph.link.linker import Linker
from newsgraph.link.overrides import apply_overrides
from newsgraph.link.stories import StoryLinker
from newsgraph.store.base import Store

Links = dict[tuple[str, str], str | None]


@dataclass(slots=True)
class RelinkReport:
    """What a relink changed, by corpus entity id."""

    entities: int = 0
    links: int = 0
    unlinked: int = 0
    changed_links: int = 0
    merged: list[dict[str, Any]] = field(default_factory=list)
    split: list[dict[str, Any]] = field(default_factory=list)
    renamed: list[dict[str, Any]] = field(default_factory=list)
    new: int = 0
    gone: int = 0
    overrides_skipped: list[str] = field(default_factory=list)
    corpus_events: int = 0
    changed_event_links: int = 0  # stored events now reporting another corpus event

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def _snapshot(store: Store) -> tuple[Links, dict[str, str]]:
    links: Links = {}
    names: dict[str, str] = {}
    for r in store.corpus_links():
        links[(r["article_id"], r["entity"])] = r["corpus_entity"]
    for entity in {e for e in links.values() if e}:
        row = store.corpus_entity(entity)
        if row is not None:
            names[entity] = row["name"]
    return links, names


def _compare(before: Links, after: Links, old: dict[str, str], new: dict[str, str]) -> RelinkReport:
    report = RelinkReport(
        entities=len(new),
        links=len(after),
        unlinked=sum(1 for e in after.values() if e is None),
        changed_links=sum(1 for k, e in after.items() if before.get(k) != e),
        new=len(set(new) - set(old)),
        gone=len(set(old) - set(new)),
    )
    sources: dict[str, set[str]] = defaultdict(set)
    targets: dict[str, set[str]] = defaultdict(set)
    for key, now in after.items():
        was = before.get(key)
        if now and was:
            sources[now].add(was)
            targets[was].add(now)
    report.merged = [
        {"id": e, "name": new[e], "from": sorted(s)}
        for e, s in sorted(sources.items())
        if len(s) > 1
    ]
    report.split = [
        {"id": e, "name": old[e], "into": sorted(t)}
        for e, t in sorted(targets.items())
        if len(t) > 1
    ]
    report.renamed = [
        {"id": e, "from": old[e], "to": new[e]}
        for e in sorted(set(old) & set(new))
        if old[e] != new[e]
    ]
    return report


def _event_links(store: Store) -> dict[tuple[str, str], str]:
    rows = store.rows(
        "SELECT a.id, l.event, l.corpus_event FROM corpus_event_links l "
        "JOIN articles a ON a.n = l.article"
    )
    return {(r["id"], r["event"]): r["corpus_event"] for r in rows}


def relink(store: Store) -> RelinkReport:
    """Rebuild the corpus entities and events from the stored articles; what changed."""
    with store.transaction():
        before, old_names = _snapshot(store)
        events_before = _event_links(store)
        store.corpus_reset()
        linker = Linker(store)
        for article in store.iter_article_entities():
            linker.link_article(from_rows(article))
        skipped = apply_overrides(store)
        after, new_names = _snapshot(store)
        count = rebuild_events(store)
        events_after = _event_links(store)
        StoryLinker(store).rebuild()
    report = _compare(before, after, old_names, new_names)
    report.overrides_skipped = skipped
    report.corpus_events = count
    report.changed_event_links = sum(
        1 for k, e in events_after.items() if events_before.get(k) != e
    )
    return report
