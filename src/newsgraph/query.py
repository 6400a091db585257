"""The Python API over a newsgraph database; the CLI and the HTTP API only wrap it.

    import newsgraph
    with newsgraph.open("newsgraph.db") as ng:
        ng.search("reduction in violence")
        ng.quotes(speaker="Milley")
        ng.events(type="meet", who="Milley", since="2020-12-01")
        ng.entity("Mark Milley")          # one corpus entity: a person across articles
        ng.entity("US")                   # = "U.S." = "the United States" = "America"
        ng.merge([id1, id2]); ng.split(id, ["ARTICLE_ID/ENTITY_ID"]); ng.rename(id, "Name")
        ng.relink()                       # rebuild the corpus entities (and stories)
        ng.stories(min_size=2); ng.story(story_id); ng.restory()
        ng.stats(); ng.rejections(); ng.article(article_id)
        ng.export("jsonl", "articles.jsonl")

Every query returns plain dicts (JSON-ready; `rows` types dates as dates). No spaCy import
here.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from newsgraph.export.columns import typed_rows
from newsgraph.export.write import write
from newsgraph.link import lookup, overrides
from newsgraph.link.relink import relink
from newsgraph.link.stories import restory
from newsgraph.store import open_store
from newsgraph.store.base import Row, Store


def _candidate(row: Row) -> Row:
    """A corpus entity as a candidate of an ambiguous or looser name."""
    return {k: row[k] for k in ("id", "name", "type", "articles", "mentions")}


def _counted(rows: list[Row], column: str) -> list[str]:
    """The values of a JSON-list column, most frequent first; "Mr" and "Mr." count as one."""
    spellings: dict[str, Counter[str]] = {}
    for r in rows:
        for value in json.loads(r[column]):
            spellings.setdefault(value.rstrip(".").lower(), Counter())[value] += 1
    ranked = sorted(spellings.values(), key=lambda c: -sum(c.values()))
    return [c.most_common(1)[0][0] for c in ranked]


class Newsgraph:
    """Queries over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsgraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def article(self, article_id: str) -> Row | None:
        """The article as `Article.to_dict()` gave it (a unique id prefix is enough)."""
        return self.store.article(article_id)

    def entity_ids(self, name: str | None) -> list[str]:
        """The corpus entities a name means: the one that stands out, else every candidate;
        none when no corpus entity has that name (then the name is matched as written)."""
        if not name:
            return []
        found = lookup.resolve(self.store, name)
        if found.entity is not None:
            return [found.entity["id"]]
        return [c["id"] for c in found.candidates]

    def search(self, query: str, limit: int = 20, entity: str | None = None) -> list[Row]:
        """Full-text search over articles and quotes, best first, with snippets; `entity`
        (a name or id) keeps the articles that name that corpus entity."""
        ids = self.entity_ids(entity)
        if entity and not ids:
            return []
        return self.store.search(query, limit, ids)

    def quotes(
        self, speaker: str | None = None, contains: str | None = None, limit: int = 100
    ) -> list[Row]:
        """Quotes, optionally by a speaker (a corpus entity by name or id; a name no corpus
        entity has is matched as written: "a spokesman") or containing words."""
        return self.store.quotes(speaker, contains, limit, self.entity_ids(speaker))

    def events(
        self,
        type: str | None = None,
        who: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 100,
    ) -> list[Row]:
        """Events by type, participant (as for `quotes`), and a time range of ISO dates
        (inclusive)."""
        return self.store.events(type, who, since, until, limit, self.entity_ids(who))

    def stories(self, limit: int = 50, offset: int = 0, min_size: int = 1) -> list[Row]:
        """Stories of at least `min_size` articles, most recent first then largest: id,
        label, first, last, size, outlets."""
        return self.store.stories(limit, offset, min_size)

    def story(self, story_id: str) -> Row | None:
        """One story (a unique id prefix is enough): its label, dates, articles with outlets,
        key people with their quotes and other key entities; None when no story matches."""
        return self.store.story(story_id)

    def entity(self, name: str) -> Row | None:
        """One corpus entity by id or name, gathered across articles: name forms, titles,
        roles, affiliations, mentions, quotes, events, articles and the evidence of every
        link; None when nothing matches. An ambiguous name gives `{"ambiguous": True,
        "candidates": [...]}` instead."""
        found = lookup.resolve(self.store, name)
        if found.entity is None:
            if not found.candidates:
                return None
            return {"ambiguous": True, "query": name, "candidates": [
                _candidate(c) for c in found.candidates
            ]}  # fmt: skip
        return self.entity_page(found.entity, found.candidates)

    def entity_page(self, entity: Row, candidates: list[Row] | None = None) -> Row:
        """Everything about one corpus entity (see `entity`)."""
        linked = self.store.corpus_links(corpus_entity=entity["id"])
        facts = self.store.entity_facts([(r["article_id"], r["entity"]) for r in linked])
        articles: dict[str, Row] = {}
        for r in linked:
            articles.setdefault(r["article_id"], r)
        forms = self.store.corpus_forms(entity["id"])
        return {
            "id": entity["id"],
            "name": entity["name"],
            "type": entity["type"],
            "gender": entity["gender"],
            "first_seen": entity["first_seen"],
            "last_seen": entity["last_seen"],
            "names": sorted({str(f["form"]) for f in forms}),
            "forms": forms,
            "titles": _counted(linked, "titles"),
            "roles": _counted(linked, "roles"),
            "affiliations": _counted(linked, "affiliations"),
            "articles": [
                {"id": aid, "title": r["title"], "published": r["published"]}
                for aid, r in articles.items()
            ],
            "mentions": facts["mentions"],
            "quotes": facts["quotes"],
            "events": self.corpus_events_of_entity(entity["id"]),
            "links": [
                {k: r[k] for k in ("article_id", "entity", "name", "confidence", "reason")}
                for r in linked
            ],
            "other_candidates": [
                _candidate(c) for c in candidates or [] if c["id"] != entity["id"]
            ],
        }

    def corpus_events_of_entity(self, entity_id: str) -> list[Row]:
        """The corpus events a corpus entity takes part in or is the place of, each once with
        its sources, in time order (undated last)."""
        ids = self.store.events_of_entities([entity_id])
        rows = self.store.corpus_event_rows(ids)
        return sorted(rows, key=_in_time)

    def corpus_event(self, event_id: str) -> Row | None:
        """One corpus event with every report (article, trigger, time as told); the id of
        one folded into another gives the event that holds its reports now."""
        rows = self.store.corpus_event_rows([event_id])
        if not rows and (moved := self.store.event_moved(event_id)) is not None:
            rows = self.store.corpus_event_rows([moved])
        if not rows:
            return None
        rows[0]["reports_detail"] = self.store.event_reports([rows[0]["corpus_event"]])
        return rows[0]

    def corpus_events_of(self, article_ids: list[str]) -> list[Row]:
        """The corpus events some articles report (a story's events), most reported first."""
        ids = [r["id"] for r in self.store.corpus_events_of(article_ids)]
        return self.store.corpus_event_rows(ids)

    def merge(self, ids: list[str]) -> Row:
        """Merge corpus entities into the first (a stored override); the merged page."""
        return self.entity_page(overrides.merge(self.store, ids))

    def split(self, entity_id: str, mentions: list[str], form: str | None = None) -> Row:
        """Split article entities off a corpus entity (a stored override); the new page."""
        return self.entity_page(overrides.split(self.store, entity_id, mentions, form))

    def rename(self, entity_id: str, name: str) -> Row:
        """Name a corpus entity by hand (a stored override); its page."""
        return self.entity_page(overrides.rename(self.store, entity_id, name))

    def relink(self) -> Row:
        """Rebuild every corpus entity from the stored articles, then the stories; what
        changed."""
        return relink(self.store).to_dict()

    def restory(self) -> int:
        """Rebuild every story from the stored articles in ingest order; how many."""
        return restory(self.store)

    def stats(self) -> Row:
        """Counts of everything stored (articles, duplicates, rejections, entities, …)."""
        return self.store.stats()

    def rejections(self) -> list[Row]:
        """One row per rejected input: input, stage, type, reason."""
        return self.store.rejections()

    def duplicates(self) -> list[Row]:
        """One row per duplicate input: input, original input, article id, similarity."""
        return self.store.duplicates()

    def rows(self, table: str = "articles") -> Iterator[Row]:
        """Rows of one table as `export` writes them in csv or parquet: its declared columns,
        typed (lists as lists, dates as `datetime.date`)."""
        return typed_rows(table, self.store.table(table))

    def export(self, fmt: str, out: str | Path | None = None, table: str = "articles") -> int:
        """Write a table as jsonl (articles: the full article JSON), csv or parquet, typed
        by its declared columns (`export/columns.py`); the row count. `out` None or "-"
        writes to standard output (not for parquet)."""
        rows: Iterator[Row] = (
            self.store.iter_articles_with_stories()
            if fmt == "jsonl" and table == "articles"
            else self.rows(table)
        )
        return write(fmt, table, rows, out)


def _in_time(event: Row) -> tuple[bool, str, str, int, str]:
    """Corpus events in time order (undated last), then as first reported."""
    when = event["time"] or event["window"][1]
    return (when is None, when or "", event["published"] or "", event["start"] or 0,
            event["corpus_event"])  # fmt: skip


def open(db: str | Path = "newsgraph.db") -> Newsgraph:
    """Open an existing newsgraph database for queries: a SQLite file or a
    `postgresql://` URL."""
    return Newsgraph(open_store(db, create=False))
