"""The store contract without the model, on SQLite and on PostgreSQL alike (every test that
takes `db_url` or `store` runs on both): migrations, exact round trip, idempotence, queries."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import psycopg
import pytest

from newsgraph.errors import ConfigError
from newsgraph.model import (
    Article,
    Entity,
    Event,
    Mention,
    Quote,
    Ref,
    Rejection,
    Residue,
    Span,
    Speaker,
    TimeExpr,
    TimeRef,
    content_id,
)
from newsgraph.store import (
    Outcome,
    SqliteStore,
    Store,
    is_postgres,
    open_store,
    postgres,
    postgres_schema,
)
from newsgraph.store import migrations as sqlite_migrations
from newsgraph.store.migrations import MIGRATIONS, Migration
from newsgraph.store.rows import name_key


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def make_article(
    title: str,
    body: str,
    people: dict[str, list[str]],
    quote: tuple[str, str] | None = None,
    event: tuple[str, str, str] | None = None,
    published: str = "2020-12-16",
) -> Article:
    """An article built by hand: people {name: [mention texts]}, a quote (text, speaker name),
    an event (type, trigger, time value) whose participant is the first person."""
    text = f"{title}\n\n{body}"
    entities = []
    for i, (name, mentions) in enumerate(people.items(), start=1):
        spans = [_span(text, m) for m in mentions]
        entities.append(
            Entity(
                id=f"e{i}",
                name=name,
                type="PERSON",
                titles=("Gen.",) if "Gen." in mentions[0] else (),
                roles=("Chairman of the Joint Chiefs of Staff",) if i == 1 else (),
                mentions=tuple(Mention(text[s:e], s, e) for s, e in spans),
            )
        )
    quotes = ()
    if quote:
        qs, qe = _span(text, quote[0])
        speaker_id = next(e.id for e in entities if e.name == quote[1])
        m = next(e for e in entities if e.id == speaker_id).mentions[0]
        quotes = (Quote(quote[0], qs, qe, "direct", Speaker(m.text, m.start, m.end, speaker_id)),)
    events = ()
    if event:
        ts, te = _span(text, event[1])
        m = entities[0].mentions[0]
        events = (
            Event(
                id="v1",
                type=event[0],
                trigger=Ref(event[1], ts, te),
                participants=(Ref(m.text, m.start, m.end, entities[0].id, entities[0].name),),
                roles=("agent",),
                time=TimeRef(event[2], event[1], ts, te),
            ),
        )
    lede_end = text.index("\n\n", len(title) + 2) if "\n\n" in body else len(text)
    return Article(
        id=content_id(text, length=64),
        title=title,
        lede=text[len(title) + 2 : lede_end],
        text=text,
        published=published,
        publisher="Example News",
        paragraphs=(Span(0, len(title)), Span(len(title) + 2, lede_end)),
        residue=(Residue("Top Stories", "repeated line"),),
        entities=tuple(entities),
        quotes=quotes,
        events=events,
        times=(TimeExpr("Tuesday", *_span(text, "Tuesday"), "DATE", "2020-12-15"),)
        if "Tuesday" in text
        else (),
    )


MILLEY = make_article(
    "Top US general meets with Taliban negotiators",
    "Gen. Mark Milley met with Taliban negotiators on Tuesday.\n\n"
    '"Everything else hinges on that," Milley said of a reduction in violence.',
    {"Mark A. Milley": ["Gen. Mark Milley", "Milley"]},
    quote=("Everything else hinges on that,", "Mark A. Milley"),
    event=("meet", "met with", "2020-12-15"),
)
MILLEY_LATER = make_article(
    "Milley visits Kabul",
    "Milley traveled to Kabul after talks.\n\nThe general spoke with reporters there.",
    {"Milley": ["Milley"]},
    event=("travel", "traveled to", "2020-12"),
)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


def _runner(db: str) -> ModuleType:
    """The module whose MIGRATIONS list the backend's migration runner reads."""
    return postgres if is_postgres(db) else sqlite_migrations


def _tables(db: str) -> set[str]:
    """Names of the tables in a database, read without a store (nor its migrations)."""
    if is_postgres(db):
        with psycopg.connect(db) as conn:
            rows = conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            ).fetchall()
    else:
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


def test_both_backends_know_the_same_migrations() -> None:
    assert [m.name for m in postgres_schema.MIGRATIONS] == [m.name for m in MIGRATIONS]


def test_migrations_are_recorded_once_and_a_newer_database_is_refused(db_url: str) -> None:
    with open_store(db_url) as store:
        assert store.migrations() == [m.name for m in MIGRATIONS]
    with open_store(db_url) as store:  # nothing runs twice
        assert store.migrations() == [m.name for m in MIGRATIONS]
        store.rows("INSERT INTO _migrations (name, applied_at) VALUES ('9999_future', 'now')")
    with pytest.raises(ConfigError, match="newer"):
        open_store(db_url)


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "w.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failing_migration_leaves_nothing_behind(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = Migration("0001_initial", "CREATE TABLE a (x int);\nCREATE TABLE a (x int);")
    monkeypatch.setattr(_runner(db_url), "MIGRATIONS", [broken])
    with pytest.raises(ConfigError):
        open_store(db_url)
    assert "a" not in _tables(db_url)
    monkeypatch.undo()
    with open_store(db_url) as store:
        assert store.migrations() == [m.name for m in MIGRATIONS]


def test_article_round_trips_exactly_and_by_id_prefix(store: Store) -> None:
    assert store.write([Outcome("a.txt", article=MILLEY)]) == {"article": 1}
    assert store.article(MILLEY.id) == MILLEY.to_dict()
    assert store.article(MILLEY.id[:10]) == MILLEY.to_dict()
    assert list(store.iter_articles()) == [MILLEY.to_dict()]


def test_writing_again_adds_nothing_and_same_text_is_a_duplicate(store: Store) -> None:
    store.write([Outcome("a.txt", article=MILLEY)])
    assert store.write([Outcome("a.txt", article=MILLEY)]) == {}
    assert store.write([Outcome("copy.txt", article=MILLEY)]) == {"duplicate": 1}
    assert store.duplicates() == [
        {"input": "copy.txt", "original": "a.txt", "article_id": MILLEY.id, "similarity": 1.0}
    ]
    stats = store.stats()
    assert (stats["articles"], stats["duplicates"], stats["sources"]) == (1, 1, 2)


def test_a_failed_batch_writes_nothing(store: Store) -> None:
    broken = dataclasses.replace(MILLEY_LATER, title=None)  # type: ignore[arg-type]
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):  # NOT NULL fails
        store.write([Outcome("a.txt", article=MILLEY), Outcome("b.txt", article=broken)])
    assert store.stats()["sources"] == 0


def test_rejections_and_state_for_resuming(store: Store) -> None:
    store.write(
        [
            Outcome(
                "x.jsonl#2", rejection=Rejection("x.jsonl#2", "parse", "JSONDecodeError", "bad")
            ),
            Outcome(
                "a.txt",
                article=MILLEY,
                signature=b"\x01" * 8,
                publisher="example",
                line_hashes=(5, 7),
                learned=(("Sign up now", "recurring line of example"),),
            ),
        ]
    )
    assert store.rejections() == [
        {
            "input": "x.jsonl#2",
            "stage": "parse",
            "type": "JSONDecodeError",
            "reason": "bad",
            "retryable": False,
        }
    ]
    state = store.ingest_state()
    assert state.names == {"x.jsonl#2", "a.txt"}
    assert state.rejected == {"x.jsonl#2": False}
    assert state.signatures == {"a.txt": b"\x01" * 8}
    assert state.line_counts == {("example", 5): 1, ("example", 7): 1}
    assert state.learned == {"example": {"Sign up now": "recurring line of example"}}


def test_a_retry_replaces_a_rejection_and_nothing_else_does(store: Store) -> None:
    missing = Rejection("late.txt", "ingest", "NotFound", "no file", True)
    store.write([Outcome("late.txt", rejection=missing)])
    assert store.ingest_state().rejected == {"late.txt": True}
    assert store.write([Outcome("late.txt", article=MILLEY)]) == {}  # not a retry: left out
    assert store.write([Outcome("late.txt", article=MILLEY, retry=True)]) == {"article": 1}
    assert store.rejections() == [] and store.ingest_state().rejected == {}
    assert store.rows("SELECT name, outcome, article_id FROM sources") == [
        {"name": "late.txt", "outcome": "article", "article_id": MILLEY.id}
    ]
    again = Outcome("late.txt", rejection=missing, retry=True)  # only a rejection is replaced
    assert store.write([again]) == {} and store.stats()["articles"] == 1


def test_rejections_before_the_retryable_column_are_marked_by_type(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _runner(db_url)
    with monkeypatch.context() as m:
        m.setattr(runner, "MIGRATIONS", runner.MIGRATIONS[:4])  # before 0005
        with open_store(db_url) as old:
            for name, kind, message in [
                ("gone", "NotFound", "no file"),
                ("empty", "EmptyInput", "the input is empty"),
                ("http://a/404", "FetchError", "http://a/404: HTTP status 404"),
                ("http://a/403", "FetchError", "http://a/403: HTTP status 403"),
                ("http://a/503", "FetchError", "http://a/503: HTTP status 503"),
                ("http://a/net", "FetchError", "http://a/net: ConnectError: refused"),
            ]:
                old.rows(
                    "INSERT INTO sources (name, outcome, ingested_at) VALUES (?, 'rejected', '')",
                    (name,),
                )
                old.rows("INSERT INTO rejections VALUES (?, 'ingest', ?, ?)", (name, kind, message))
    with open_store(db_url) as store:
        assert store.ingest_state().rejected == {
            "gone": True,
            "empty": False,
            "http://a/404": True,
            "http://a/403": False,
            "http://a/503": True,
            "http://a/net": True,
        }


def test_search_finds_articles_and_quotes_with_snippets(store: Store) -> None:
    store.write([Outcome("a.txt", article=MILLEY), Outcome("b.txt", article=MILLEY_LATER)])
    hits = store.search("reduction in violence", 10)
    assert [h["kind"] for h in hits] == ["article"]
    assert "[reduction]" in hits[0]["snippet"]
    quotes = store.search("hinges", 10)
    assert {h["kind"] for h in quotes} == {"article", "quote"}
    assert store.search('"U.S." OR (', 10) == []  # broken FTS syntax falls back to words
    assert store.search("Kabul", 10)[0]["article_id"] == MILLEY_LATER.id


def test_quotes_and_events_filters(store: Store) -> None:
    store.write([Outcome("a.txt", article=MILLEY), Outcome("b.txt", article=MILLEY_LATER)])
    quotes = store.quotes("Milley", None, 10)
    assert [q["text"] for q in quotes] == ["Everything else hinges on that,"]
    assert quotes[0]["speaker"] == "Mark A. Milley"
    assert store.quotes("Ghani", None, 10) == []
    assert len(store.events(None, "Milley", None, None, 10)) == 2
    assert [e["type"] for e in store.events("meet", "Milley", None, None, 10)] == ["meet"]
    # a month-granular time counts as on or after the 1st of that month
    assert len(store.events(None, None, "2020-12-01", None, 10)) == 2
    assert [e["type"] for e in store.events(None, None, "2020-12-16", None, 10)] == ["travel"]
    assert store.events(None, None, None, "2020-11-30", 10) == []


@pytest.mark.parametrize(
    ("name", "norm", "first", "surname"),
    [
        ("Gen. Mark A. Milley", "mark milley", "mark", "milley"),
        ("Milley's", "milley", None, "milley"),
        ("José Ramos-Horta Jr.", "jose ramos-horta", "jose", "ramos-horta"),
        ("U.S.", "us", None, "us"),
        ("George H.W. Bush", "george hw bush", "george", "bush"),
    ],
)
def test_name_keys(name: str, norm: str, first: str | None, surname: str) -> None:
    key = name_key(name)
    assert (key.norm, key.first, key.surname) == (norm, first, surname)


def test_one_ingest_at_a_time_on_sqlite_several_on_postgresql(db_url: str) -> None:
    with open_store(db_url) as first, open_store(db_url) as second:
        if is_postgres(db_url):
            with first.ingest_lock(), second.ingest_lock():  # unique keys decide, no lock
                assert second.stats()["sources"] == 0
            return
        with (
            first.ingest_lock(),
            pytest.raises(ConfigError, match="another ingest"),
            second.ingest_lock(),
        ):
            pass
        with second.ingest_lock():  # free again once the first is done
            assert second.stats()["sources"] == 0


def test_an_older_database_is_migrated_forward(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _runner(db_url)
    with monkeypatch.context() as m:
        m.setattr(runner, "MIGRATIONS", runner.MIGRATIONS[:1])
        open_store(db_url).close()
    with open_store(db_url) as store:
        assert store.migrations() == [m.name for m in MIGRATIONS]
        store.write([Outcome("a.txt", article=MILLEY)])
        roles = store.rows("SELECT role FROM event_participants")
        assert [r["role"] for r in roles] == ["agent"]
        assert store.events("meet", None, None, None, 5)[0]["participants"] == ["Mark A. Milley"]
