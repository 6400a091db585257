"""The store as the ecosystem's tools see it (migration 0009): sqlite-utils (and Datasette,
which detects full-text search the same way) find the FTS tables, foreign keys tie every
fact table to articles, the article JSON is readable text; also in a store made before."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import psycopg
import pytest
from sqlite_utils import Database

import newsgraph
from newsgraph.cli import main
from newsgraph.store import open_store
from newsgraph.store.ecosystem import ARTICLE_TABLES
from newsgraph.store.migrations import MIGRATIONS, _statements

SEED = Path(__file__).parent / "data" / "abcnews-milley-taliban.txt"


def _ingest(db: str) -> None:
    assert main(["ingest", str(SEED), "--db", db, "--quiet"]) == 0


def _check_sqlite(path: Path) -> None:
    db = Database(path)
    assert db["articles"].detect_fts() == "articles_fts"
    assert db["quotes"].detect_fts() == "quotes_fts"
    assert {"articles_ai", "articles_ad", "articles_au", "quotes_ai", "quotes_ad"} <= {
        t.name for t in db.triggers
    }
    [hit] = db["articles"].search("Taliban violence")  # sqlite-utils' own search
    assert hit["title"].startswith("Top US general")
    assert list(db["quotes"].search("Taliban"))
    conn = sqlite3.connect(path)
    for table in ARTICLE_TABLES:
        keys = conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
        assert [(k[2], k[3], k[4]) for k in keys] == [("articles", "article", "n")], table
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    (text, kind) = conn.execute("SELECT json, typeof(json) FROM articles").fetchone()
    assert kind == "text" and json.loads(text)["title"].startswith("Top US general")
    assert conn.execute("SELECT json_extract(json, '$.quotes[0].text') FROM articles").fetchone()


def test_sqlite_utils_finds_search_keys_and_json(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    _ingest(str(path))
    _check_sqlite(path)
    # a row written by another tool is indexed by the triggers, and deleted from the index
    db = Database(path)
    n = db.execute("SELECT max(n) FROM quotes").fetchone()[0]
    row = db["quotes"].get(n)
    db["quotes"].insert({**row, "n": n + 1, "text": "a zebra crossing"})
    assert [q["n"] for q in db["quotes"].search("zebra")] == [n + 1]
    db["quotes"].delete(n + 1)
    assert list(db["quotes"].search("zebra")) == []
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):  # the key holds for any writer
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(
            "INSERT INTO times (article, text, start, \"end\", type) VALUES (9, 'x', 0, 1, 'DATE')"
        )


def test_a_store_made_before_migrates(tmp_path: Path) -> None:
    """A store at 0008 (compressed JSON, FTS without triggers, no foreign keys) ends as a new
    one: the same rows, JSON readable, searchable by sqlite-utils."""
    made = tmp_path / "made.db"
    _ingest(str(made))
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    ecosystem = [m.name for m in MIGRATIONS].index("0009_ecosystem")
    for migration in MIGRATIONS[:ecosystem]:
        for statement in _statements(migration.sql):
            conn.execute(statement)
        conn.execute("INSERT INTO _migrations VALUES (?, '2026-12-01')", (migration.name,))
    conn.execute("ATTACH ? AS made", (str(made),))
    tables = ["sources", "articles", *ARTICLE_TABLES]
    for table in tables:
        conn.execute(f"INSERT INTO {table} SELECT * FROM made.{table}")
    blob = zlib.compress(conn.execute("SELECT json FROM articles").fetchone()[0].encode())
    conn.execute("UPDATE articles SET json = ?", (blob,))
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    conn.close()
    with open_store(str(old)) as store:
        assert store.migrations()[-1] == MIGRATIONS[-1].name
    _check_sqlite(old)
    before, after = sqlite3.connect(made), sqlite3.connect(old)
    for table in tables:
        rows = f"SELECT * FROM {table} ORDER BY 1, 2"
        assert before.execute(rows).fetchall() == after.execute(rows).fetchall(), table
    assert newsgraph.open(str(old)).search("reduction in violence")


def test_postgres_keys_and_json(postgres_url: str) -> None:
    _ingest(postgres_url)
    with psycopg.connect(postgres_url) as conn:
        keys = conn.execute(
            "SELECT tc.table_name FROM information_schema.table_constraints tc "
            "JOIN information_schema.constraint_column_usage cu "
            "ON cu.constraint_name = tc.constraint_name AND cu.table_schema = tc.table_schema "
            "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() "
            "AND cu.table_name = 'articles' AND cu.column_name = 'n'"
        ).fetchall()
        assert sorted(k[0] for k in keys) == sorted(ARTICLE_TABLES)
        title = conn.execute("SELECT json ->> 'title' FROM articles").fetchone()
        assert title is not None and title[0].startswith("Top US general")
