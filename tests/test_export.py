"""`export`: every table read back by pandas, pyarrow and DuckDB with its declared types —
lists as lists, dates as dates — and its values, over the seed and sample articles read by
the model, on SQLite and on PostgreSQL alike (and both export the same)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

import newsgraph
from newsgraph.cli import main
from newsgraph.errors import ConfigError
from newsgraph.export.columns import DATE, LIST, STRING, TABLE_COLUMNS, TIMESTAMP, columns_of
from newsgraph.export.values import days_covered, moment
from newsgraph.export.write import arrow_schema
from newsgraph.ingest.job import Ingest
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from newsgraph.store import open_store
from newsgraph.store.base import TABLES
from tests.conftest import SEED_PUBLISHED, new_schema

PUBLISHER = "Example News"
PROMO = "Sign up for the Example News daily briefing"
LEDGER = [  # three articles of one publisher sharing a promo line: a learned residue line
    (
        "Council approves harbour ferry terminal",
        "The harbour council voted on Wednesday to approve a new ferry terminal on the north "
        "quay.\n\nCouncil leader Tomas Berg said the vote ended a dispute that had run for "
        "three years. Construction is expected to start in the spring of 2024.",
    ),
    (
        "Rail operator adds night trains",
        "The regional rail operator will run night trains between the two cities from May, "
        "its chief executive Anna Lind said on Monday.\n\nTickets go on sale in April and "
        "the first train leaves on 3 May 2021.",
    ),
    (
        "Library reopens after flood repairs",
        "The city library reopened on Saturday after eight months of repairs to its flooded "
        "basement.\n\nLibrarian Peter Holm said about 12,000 books had been saved and that "
        "the reading room would stay open until 9 p.m. in the second quarter of 2021.",
    ),
]
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "list": "VARCHAR[]",
}


def _inputs(seed_text: str) -> list[Input | Rejection]:
    items: list[Input | Rejection] = [Input(seed_text, published=SEED_PUBLISHED, name="seed.txt")]
    for i, (title, body) in enumerate(LEDGER):
        items.append(
            Input(
                f"{title}\n\n{PROMO}\n\n{body}",
                published=f"2021-03-0{4 + i}T09:30:00+01:00",
                publisher=PUBLISHER,
                url=f"https://news.example/{i}",
                authors=("Jane Doe", "Li Wei"),
                name=f"ledger-{i}.txt",
            )
        )
    items.append(Input(seed_text, published=SEED_PUBLISHED, name="seed-copy.txt"))
    items.append(Rejection("gone.txt", "open", "NotFound", "no such file", retryable=True))
    return items


def _ingest(db: str, seed_text: str) -> None:
    with open_store(db) as store:
        Ingest(store).run(_inputs(seed_text))


def _export_all(db: str, out: Path) -> dict[str, int]:
    """Every table as parquet (by the CLI), jsonl and csv under `out`; the row counts."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in TABLES:
        path = out / f"{table}.parquet"
        assert (
            main(["export", "--table", table, "--format", "parquet", "-o", str(path), "--db", db])
            == 0
        )
        counts[table] = pq.read_metadata(path).num_rows
    with newsgraph.open(db) as ng:
        for table in TABLES:
            assert ng.export("jsonl", out / f"{table}.jsonl", table=table) == counts[table]
            assert ng.export("csv", out / f"{table}.csv", table=table) == counts[table]
    return counts


@pytest.fixture(scope="module")
def exported(
    module_db_url: str, seed_text: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, int]]:
    _ingest(module_db_url, seed_text)
    out = tmp_path_factory.mktemp("export")
    return out, _export_all(module_db_url, out)


def _rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def test_every_exportable_table_declares_its_columns() -> None:
    assert set(TABLE_COLUMNS) == set(TABLES)
    for table in TABLES:
        names = [c.name for c in columns_of(table)]
        assert len(names) == len(set(names)), table


def test_the_readme_gives_every_table_s_columns_and_types() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    documented = dict(re.findall(r"^\| `(\w+)` \| (.+) \|$", readme, re.MULTILINE))
    for table, columns in TABLE_COLUMNS.items():
        cells = [c.name if c.type == STRING else f"{c.name} ({c.type})" for c in columns]
        assert documented.get(table) == ", ".join(cells), table


def test_every_table_reads_back_typed_in_pyarrow_pandas_and_duckdb(
    exported: tuple[Path, dict[str, int]],
) -> None:
    out, counts = exported
    assert all(counts.values()), counts  # the sample fills every table
    con = duckdb.connect()
    for table in TABLES:
        columns = columns_of(table)
        path = out / f"{table}.parquet"
        assert pq.read_schema(path).equals(arrow_schema(table)), table
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        assert [(d[0], d[1]) for d in described] == [
            (c.name, DUCKDB_TYPES[c.type]) for c in columns
        ], table
        assert con.execute(f"SELECT count(*) FROM '{path}'").fetchone() == (counts[table],)
        frame = pd.read_parquet(path, dtype_backend="pyarrow")
        assert len(frame) == counts[table] and list(frame.columns) == [c.name for c in columns]
        for c in columns:
            values = [v for v in frame[c.name].tolist() if v is not None and v is not pd.NA]
            kind = {DATE: dt.date, TIMESTAMP: dt.datetime, LIST: list}.get(c.type)
            if kind is not None:
                assert all(isinstance(v, kind) for v in values), (table, c.name, values[:3])
            if c.type == DATE:
                assert not any(isinstance(v, dt.datetime) for v in values), (table, c.name)
        if table == "articles":  # the JSON lines hold whole articles (OUTPUT.md)
            continue
        text = (out / f"{table}.jsonl").read_text("utf-8")
        lines = [json.loads(line) for line in text.splitlines()]
        assert [list(r) for r in lines] == [[c.name for c in columns]] * counts[table]
        for c in (c for c in columns if c.type == LIST):
            assert all(isinstance(r[c.name], list) for r in lines), (table, c.name)
        as_read = con.execute(f"DESCRIBE SELECT * FROM read_json('{out / table}.jsonl')").fetchall()
        typed = {d[0]: d[1] for d in as_read}
        for c in columns:
            if c.type in (LIST, DATE, TIMESTAMP) and any(r[c.name] for r in lines):
                assert typed[c.name] == DUCKDB_TYPES[c.type], (table, c.name, typed[c.name])
        assert pd.read_json(out / f"{table}.jsonl", lines=True).shape == (
            counts[table],
            len(columns),
        )


def test_event_participants_with_roles_and_corpus_entities(
    exported: tuple[Path, dict[str, int]],
) -> None:
    """Who met whom, read by DuckDB across three exported tables: the seed's meeting in Doha
    (EXPECTED.md) with Milley as its agent and the Taliban as its partner, by corpus id."""
    out, _ = exported
    found = (
        duckdb.connect()
        .sql(
            f"""SELECT c.name, p.role, p.text, e.place, e.date_from
        FROM '{out}/event_participants.parquet' p
        JOIN '{out}/events.parquet' e ON e.article_id = p.article_id AND e.id = p.event
        JOIN '{out}/corpus_entities.parquet' c ON c.id = p.corpus_entity
        WHERE e.type = 'meet' AND e.place = 'Doha' ORDER BY p.role, c.name"""
        )
        .fetchall()
    )
    people = {(name, role) for name, role, *_ in found}
    assert {("Mark A. Milley", "agent"), ("Taliban", "partner")} <= people
    assert {row[-1] for row in found} == {dt.date(2020, 12, 15)}  # "Tuesday" before the 16th
    participants = _rows(out / "event_participants.parquet")
    linked = [p for p in participants if p["entity"] is not None]
    assert linked and all(p["corpus_entity"] for p in linked)
    assert {p["role"] for p in participants} <= {"agent", "partner", "patient"}
    assert all(p["corpus_entity"] is None for p in participants if p["entity"] is None)


def test_values_of_the_sample(exported: tuple[Path, dict[str, int]]) -> None:
    out, counts = exported
    assert (counts["articles"], counts["duplicates"], counts["rejections"]) == (4, 1, 1)
    articles = {a["source"]: a for a in _rows(out / "articles.parquet")}
    seed = articles["seed.txt"]
    assert (seed["published"], seed["published_at"], seed["authors"]) == (
        dt.date(2020, 12, 16),
        None,
        [],
    )
    ledger = articles["ledger-1.txt"]
    assert ledger["published"] == dt.date(2021, 3, 5)
    assert ledger["published_at"] == dt.datetime(2021, 3, 5, 8, 30, tzinfo=dt.UTC)
    assert ledger["authors"] == ["Jane Doe", "Li Wei"]

    corpus = {c["name"]: c for c in _rows(out / "corpus_entities.parquet")}
    milley = corpus["Mark A. Milley"]
    assert milley["first_seen"] == milley["last_seen"] == dt.date(2020, 12, 16)
    assert {"Mark Milley", "Milley"} <= set(milley["names"]) and milley["names"][0] == "Milley"
    entities = [e for e in _rows(out / "entities.parquet") if e["corpus_entity"] == milley["id"]]
    assert [e["titles"] for e in entities] == [["Gen."]]

    events = {(e["trigger"], e["time_text"]): e for e in _rows(out / "events.parquet")}
    june = events[("met with", "early June")]
    assert (june["time_value"], june["date_from"], june["date_to"]) == (
        "2020-06",
        dt.date(2020, 6, 1),
        dt.date(2020, 6, 30),
    )
    times = {t["text"]: t for t in _rows(out / "times.parquet")}
    assert (times["months"]["date_from"], times["now"]["date_to"]) == (None, None)
    assert times["the spring of 2024"]["date_from"] is None  # a season has no calendar days

    (residue,) = _rows(out / "residue_lines.parquet")
    assert (residue["publisher"], residue["line"], residue["learned_from"]) == (
        PUBLISHER,
        PROMO,
        "ledger-2.txt",
    )
    (duplicate,) = _rows(out / "duplicates.parquet")
    assert (duplicate["source"], duplicate["of_source"]) == ("seed-copy.txt", "seed.txt")
    assert isinstance(duplicate["similarity"], float)
    (rejection,) = _rows(out / "rejections.parquet")
    assert (rejection["source"], rejection["retryable"]) == ("gone.txt", True)
    sources = _rows(out / "sources.parquet")
    assert [s["name"] for s in sources] == [
        "seed.txt",
        "ledger-0.txt",
        "ledger-1.txt",
        "ledger-2.txt",
        "seed-copy.txt",
        "gone.txt",
    ]
    assert all(s["ingested_at"].tzinfo is not None for s in sources)
    csv_row = (out / "rejections.csv").read_text("utf-8").splitlines()[1]
    assert csv_row == "gone.txt,open,NotFound,no such file,true"


@pytest.fixture
def both(postgres_server: str, tmp_path: Path, seed_text: str) -> Iterator[tuple[Path, Path]]:
    """The sample exported from SQLite and from PostgreSQL."""
    sqlite = str(tmp_path / "test.db")
    _ingest(sqlite, seed_text)
    _export_all(sqlite, tmp_path / "sqlite")
    with new_schema(postgres_server) as url:
        _ingest(url, seed_text)
        _export_all(url, tmp_path / "postgresql")
    yield tmp_path / "sqlite", tmp_path / "postgresql"


def test_both_stores_export_the_same(both: tuple[Path, Path]) -> None:
    lite, pg = both
    for table in TABLES:
        for fmt in ("jsonl", "csv"):
            a = (lite / f"{table}.{fmt}").read_text("utf-8")
            b = (pg / f"{table}.{fmt}").read_text("utf-8")
            if table == "sources":  # the moment each was ingested differs
                a, b = (_without_ingested_at(t, fmt) for t in (a, b))
            assert a == b, (table, fmt)
        rows = [_rows(d / f"{table}.parquet") for d in (lite, pg)]
        if table == "sources":
            rows = [[{**r, "ingested_at": None} for r in found] for found in rows]
        assert rows[0] == rows[1], table


def _without_ingested_at(text: str, fmt: str) -> list[str]:
    if fmt == "jsonl":
        return [json.dumps({**json.loads(x), "ingested_at": None}) for x in text.splitlines()]
    return [line.rsplit(",", 1)[0] for line in text.splitlines()]


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2020-12-16", "2020-12-16", "2020-12-16"),
        ("2020-12-16T10:00", "2020-12-16", "2020-12-16"),
        ("2020-02", "2020-02-01", "2020-02-29"),
        ("2021-Q2", "2021-04-01", "2021-06-30"),
        ("2021-H2", "2021-07-01", "2021-12-31"),
        ("2020-W53", "2020-12-28", "2021-01-03"),
        ("2020-W51-WE", "2020-12-19", "2020-12-20"),
        ("2020", "2020-01-01", "2020-12-31"),
        ("201", "2010-01-01", "2019-12-31"),
        ("19", "1900-01-01", "1999-12-31"),
        ("PXM", None, None),
        ("PRESENT_REF", None, None),
        ("XXXX-06", None, None),
        ("2024-SP", None, None),
        ("2020-13", None, None),
        (None, None, None),
    ],
)
def test_the_days_a_time_value_covers(
    value: str | None, first: str | None, last: str | None
) -> None:
    days = days_covered(value)
    assert days == (
        first and dt.date.fromisoformat(first),
        last and dt.date.fromisoformat(last),
    )


def test_instants_are_utc_and_bare_dates_have_none() -> None:
    assert moment("2021-03-05T09:30:00+01:00") == dt.datetime(2021, 3, 5, 8, 30, tzinfo=dt.UTC)
    assert moment("2021-03-05T09:30:00") == dt.datetime(2021, 3, 5, 9, 30, tzinfo=dt.UTC)
    assert moment("2021-03-05") is None and moment("not a date, no") is None


def test_an_empty_table_keeps_its_columns_and_types(db_url: str, tmp_path: Path) -> None:
    open_store(db_url).close()
    with newsgraph.open(db_url) as ng:
        assert ng.export("csv", tmp_path / "d.csv", table="duplicates") == 0
        assert ng.export("parquet", tmp_path / "e.parquet", table="events") == 0
        assert ng.export("jsonl", tmp_path / "p.jsonl", table="event_participants") == 0
        assert list(ng.rows("corpus_entities")) == []
    assert (tmp_path / "d.csv").read_text("utf-8") == "source,of_source,similarity\n"
    assert pq.read_schema(tmp_path / "e.parquet").equals(arrow_schema("events"))
    assert (tmp_path / "p.jsonl").read_text("utf-8") == ""


def test_a_table_that_is_not_exportable_is_a_usage_error(db_url: str, tmp_path: Path) -> None:
    open_store(db_url).close()
    with newsgraph.open(db_url) as ng, pytest.raises(ConfigError, match="no table 'signatures'"):
        ng.export("parquet", tmp_path / "s.parquet", table="signatures")
    assert not (tmp_path / "s.parquet").exists()
