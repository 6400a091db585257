"""The Python API over a newsgraph database; the CLI and the HTTP API only wrap it.

    import newsgraph
    with newsgraph.open("newsgraph.db") as ng:
        ng.search("reduction in violence")
        ng.quotes(speaker="Milley")
        ng.events(type="meet", who="Milley", since="2020-12-01")
        ng.entity("Mark Milley")          # one person gathered across articles
        ng.entity("US")                   # = "U.S." = "the United States", as articles define it
        ng.stats(); ng.rejections(); ng.article(article_id)
        ng.export("jsonl", "articles.jsonl")

Every query returns plain dicts (JSON-ready). No spaCy import here.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from newsgraph.errors import ConfigError
from newsgraph.store.base import Row, Store
from newsgraph.store.rows import name_key
from newsgraph.store.sqlite import SqliteStore

EXPORT_FORMATS = ("jsonl", "csv", "parquet")


def _alias_norm(alias: str) -> str:
    """An alias as `entities_known_as` compares it (an acronym: "U.S." → "us")."""
    return alias.replace(".", "").lower()


def _group_weight(rows: list[Row]) -> int:
    return sum(int(r["mentions"]) for r in rows)


def _person_groups(rows: list[Row], first: str | None) -> tuple[list[Row], list[list[Row]]]:
    """The person asked for among persons of one surname, and the other candidates.

    Rows are grouped by first name. A bare surname ("Milley") joins the person only when
    the store knows no other first name for that surname. Asked by surname alone, the person
    is the one first name the surname has (or the most mentioned, the others listed).
    """
    by_first: dict[str, list[Row]] = {}
    bare: list[Row] = []
    for r in rows:
        if r["first"]:
            by_first.setdefault(r["first"], []).append(r)
        else:
            bare.append(r)
    if first is None:
        groups = sorted(by_first.values(), key=_group_weight, reverse=True)
        if len(groups) <= 1:
            return (groups[0] if groups else []) + bare, []
        return groups[0], [*groups[1:], bare] if bare else groups[1:]
    chosen = by_first.pop(first, [])
    others = sorted(by_first.values(), key=_group_weight, reverse=True)
    if not others:
        return chosen + bare, []
    return chosen, [*others, bare] if bare else others


def _display_name(rows: list[Row]) -> str:
    names = Counter(r["name"] for r in rows)
    return str(max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n))))


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

    def search(self, query: str, limit: int = 20) -> list[Row]:
        """Full-text search over articles and quotes, best first, with snippets."""
        return self.store.search(query, limit)

    def quotes(
        self, speaker: str | None = None, contains: str | None = None, limit: int = 100
    ) -> list[Row]:
        """Quotes, optionally by a speaker (every word of the name) or containing words."""
        return self.store.quotes(speaker, contains, limit)

    def events(
        self,
        type: str | None = None,
        who: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 100,
    ) -> list[Row]:
        """Events by type, participant, and a time range of ISO dates (inclusive)."""
        return self.store.events(type, who, since, until, limit)

    def stories(self, limit: int = 50, offset: int = 0, min_size: int = 1) -> list[Row]:
        """Stories of at least `min_size` articles, most recent first then largest: id,
        label, first, last, size, outlets."""
        return self.store.stories(limit, offset, min_size)

    def story(self, story_id: str) -> Row | None:
        """One story (a unique id prefix is enough): its label, dates, articles with outlets,
        key people with their quotes and other key entities; None when no story matches."""
        return self.store.story(story_id)

    def entity(self, name: str) -> Row | None:
        """One entity gathered across articles: names, titles, roles, mentions, quotes,
        events and articles; None when nothing matches."""
        key = name_key(name, person=True)
        plain = name_key(name, person=False).norm
        rows = self.store.entities_named(key.surname, plain)
        known, rows = self._aliases(plain, rows)
        persons = [r for r in rows if r["type"] == "PERSON" and r["surname"] == key.surname]
        chosen, rest = _person_groups(persons, key.first)
        others: dict[str, list[Row]] = {}
        for r in rows:
            if r["norm"] in known and r["type"] != "PERSON":
                others.setdefault(r["type"], []).append(r)
        groups = [
            g for g in (chosen, *sorted(others.values(), key=_group_weight, reverse=True)) if g
        ]
        if key.first is None:  # a single word: the most mentioned referent leads
            groups.sort(key=_group_weight, reverse=True)
        if not groups:
            return None
        chosen, rest = groups[0], [g for g in (*groups[1:], *rest) if g]
        facts = self.store.entity_facts([(r["article_id"], r["id"]) for r in chosen])
        articles = {r["article_id"]: r for r in chosen}
        return {
            "name": _display_name(chosen),
            "type": Counter(r["type"] for r in chosen).most_common(1)[0][0],
            "names": sorted({r["name"] for r in chosen}),
            "titles": _counted(chosen, "titles"),
            "roles": _counted(chosen, "roles"),
            "affiliations": _counted(chosen, "affiliations"),
            "articles": [
                {"id": aid, "title": r["title"], "published": r["published"]}
                for aid, r in articles.items()
            ],
            "mentions": facts["mentions"],
            "quotes": facts["quotes"],
            "events": facts["events"],
            "other_candidates": [
                {"name": _display_name(g), "type": g[0]["type"], "mentions": _group_weight(g)}
                for g in rest
            ],
        }

    def _aliases(self, plain: str, rows: list[Row]) -> tuple[set[str], list[Row]]:
        """The names a non-person is known by across the corpus, as its articles define or
        abbreviate it ("US" = "U.S." = "the United States"), and the rows they add."""
        known, rows = {plain}, list(rows)
        seen = {(r["article_id"], r["id"]) for r in rows}
        for _ in range(2):  # "US" → an article's "United States" → articles naming only that
            found = self.store.entities_known_as(sorted(known))
            for r in found:
                if (r["article_id"], r["id"]) not in seen:
                    seen.add((r["article_id"], r["id"]))
                    rows.append(r)
            grown = known | {
                n
                for r in found
                if r["type"] != "PERSON"
                for n in (r["norm"], *(_alias_norm(a) for a in json.loads(r["aliases"])))
            }
            if grown == known:
                break
            known = grown
        return known, rows

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
        """Rows of one table; for `articles` with fmt jsonl see `export`."""
        return self.store.table(table)

    def export(self, fmt: str, out: str | Path | None = None, table: str = "articles") -> int:
        """Write a table as jsonl (articles: the full article JSON), csv or parquet; the row
        count. `out` None or "-" writes to standard output (not for parquet)."""
        if fmt not in EXPORT_FORMATS:
            raise ConfigError(f"no export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
        to_stdout = out is None or str(out) == "-"
        if fmt == "parquet":
            if to_stdout:
                raise ConfigError("parquet needs a file: pass --output FILE")
            return _write_parquet(list(self.store.table(table)), Path(str(out)))
        rows: Iterator[Row] = (
            self.store.iter_articles_with_stories()
            if fmt == "jsonl" and table == "articles"
            else self.store.table(table)
        )
        if to_stdout:
            return _write_text(fmt, rows, sys.stdout)
        with Path(str(out)).open("w", encoding="utf-8", newline="") as f:
            return _write_text(fmt, rows, f)


def _write_text(fmt: str, rows: Iterator[Row], f: IO[str]) -> int:
    n = 0
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if fmt == "jsonl":
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            if writer is None:
                writer = csv.DictWriter(f, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
        n += 1
    return n


def _write_parquet(rows: list[Row], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise ConfigError("parquet export needs pyarrow (pip install pyarrow)") from None
    pq.write_table(pa.Table.from_pylist(rows), path)
    return len(rows)


def open(db: str | Path = "newsgraph.db") -> Newsgraph:
    """Open an existing newsgraph database for queries."""
    return Newsgraph(SqliteStore(db, create=False))
