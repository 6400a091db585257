"""Migration 0009 of both backends: the store as Datasette, sqlite-utils and psql see it.

- Full-text indexes declared as sqlite-utils' `enable_fts(..., create_triggers=True)` makes
  them: an FTS5 table `<table>_fts` with `content=[<table>]`, kept in step by the triggers
  `<table>_ai`, `<table>_ad` and `<table>_au`, so that sqlite-utils' `detect_fts` and
  Datasette find them (and its search box appears) and any writer keeps them right. The
  trigram index of the languages written without spaces is kept by triggers too.
- Foreign keys from every table keyed by an article's number (`article`) to `articles (n)`,
  which Datasette shows as links. SQLite adds a foreign key only by rebuilding the table:
  each is rebuilt from its own stored definition (whatever columns migrations gave it), its
  rows, indexes and triggers kept.
- The article's JSON stored as JSON text (it was zlib-compressed), readable in any tool.
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from typing import Any

from psycopg.rows import tuple_row

from newsgraph.store.rows import FACT_TABLES
from newsgraph.text.scripts import UNSPACED_LANGUAGES

ARTICLE_TABLES = (*FACT_TABLES, "corpus_links")
"""The tables whose `article` column holds `articles.n`."""

_UNSPACED = ", ".join(f"'{code}'" for code in sorted(UNSPACED_LANGUAGES))


def _fts(table: str, columns: tuple[str, ...], tokenize: str) -> str:
    """An FTS5 table over `table` and its three triggers, as sqlite-utils' enable_fts."""
    cols = ", ".join(f"[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    fts = f"[{table}_fts]"
    return f"""
DROP TABLE IF EXISTS {fts};
CREATE VIRTUAL TABLE {fts} USING FTS5 ({cols}, tokenize='{tokenize}', content=[{table}]);
INSERT INTO {fts} ({fts}) VALUES ('rebuild');
CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN
  INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});
END;
CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN
  INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});
END;
CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}] BEGIN
  INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});
  INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});
END;
"""


SQLITE = (
    _fts("articles", ("title", "text"), "porter unicode61")
    + _fts("quotes", ("text", "speaker_name"), "porter unicode61")
    + f"""
CREATE TRIGGER articles_trigram_ai AFTER INSERT ON articles
WHEN new.language IN ({_UNSPACED}) BEGIN
  INSERT INTO articles_trigram (rowid, title, text) VALUES (new.n, new.title, new.text);
END;
CREATE TRIGGER articles_trigram_ad AFTER DELETE ON articles
WHEN old.language IN ({_UNSPACED}) BEGIN
  INSERT INTO articles_trigram (articles_trigram, rowid, title, text)
    VALUES ('delete', old.n, old.title, old.text);
END;
CREATE TRIGGER articles_trigram_au AFTER UPDATE ON articles BEGIN
  INSERT INTO articles_trigram (articles_trigram, rowid, title, text)
    SELECT 'delete', old.n, old.title, old.text WHERE old.language IN ({_UNSPACED});
  INSERT INTO articles_trigram (rowid, title, text)
    SELECT new.n, new.title, new.text WHERE new.language IN ({_UNSPACED});
END;
"""
)
"""Run after `sqlite_keys_and_json` (which rebuilds quotes, dropping any trigger on it)."""

_ARTICLE_COLUMN = re.compile(r"\barticle\s+INTEGER\s+NOT\s+NULL\b", re.IGNORECASE)


def packed_json(blob: bytes) -> str:
    """The JSON text of an article stored zlib-compressed (before migration 0009)."""
    return zlib.decompress(blob).decode("utf-8")


def sqlite_keys_and_json(conn: sqlite3.Connection) -> None:
    """Rebuild each of `ARTICLE_TABLES` with `article ... REFERENCES articles (n)`, from its
    stored CREATE statement (columns added by later migrations included); store every
    article's JSON as text."""
    for table in ARTICLE_TABLES:
        (create,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        others = [
            sql
            for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', "
                "'trigger') AND sql IS NOT NULL",
                (table,),
            )
        ]
        body = create.split("(", 1)[1]
        body = _ARTICLE_COLUMN.sub("article INTEGER NOT NULL REFERENCES articles (n)", body, 1)
        conn.execute(f"CREATE TABLE {table}_keyed ({body}")
        conn.execute(f"INSERT INTO {table}_keyed SELECT * FROM {table}")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE {table}_keyed RENAME TO {table}")
        for sql in others:
            conn.execute(sql)
    rows = conn.execute("SELECT n, json FROM articles WHERE typeof(json) = 'blob'").fetchall()
    conn.executemany(
        "UPDATE articles SET json = ? WHERE n = ?", [(packed_json(b), n) for n, b in rows]
    )


def _postgres_key(table: str) -> str:
    return (
        f"ALTER TABLE {table} ADD CONSTRAINT {table}_article_fkey "
        "FOREIGN KEY (article) REFERENCES articles (n);"
    )


POSTGRES = "\n".join(_postgres_key(t) for t in ARTICLE_TABLES) + """
ALTER TABLE articles RENAME COLUMN json TO packed;
ALTER TABLE articles ADD COLUMN json json;
"""
"""Foreign keys, and a `json` column (JSON kept as written) that `postgres_json` fills."""


def postgres_json(conn: Any) -> None:
    """Fill the `json` column from the packed articles, then drop them."""
    with conn.cursor(row_factory=tuple_row) as cur:
        rows = cur.execute("SELECT n, packed FROM articles").fetchall()
        cur.executemany(
            "UPDATE articles SET json = %s WHERE n = %s",
            [(packed_json(bytes(blob)), n) for n, blob in rows],
        )
    conn.execute("ALTER TABLE articles DROP COLUMN packed")
    conn.execute("ALTER TABLE articles ALTER COLUMN json SET NOT NULL")
