"""The `Store` protocol: what an ingest writes and what a query reads, whatever the backend.

SQLite (`store/sqlite.py`) is the default; PostgreSQL (`store/postgres.py`) implements the
same methods over the same portable SQL (`store/sql_read.py`, `store/sql_write.py`).
An ingest hands the store `Outcome`s — one per input, in input order — and the store writes
each batch in one transaction, so a crash leaves it at a batch boundary. `IngestState` is
what an ingest needs to resume exactly where the store stands: the inputs already done (and
which of them were rejected, retryable or not), the MinHash signatures of every input that
went to reading, the per-publisher line counts and the residue lines learned from them.
An outcome that retries an input the store holds as a rejection replaces that rejection.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from newsgraph.model import Article, Rejection

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: exactly one of article, duplicate_of or rejection is set.

    signature: the input's MinHash (bytes) when it went to reading; publisher: the key its
    lines were counted under; line_hashes: the distinct lines it added to that count;
    learned: residue lines (line, reason) that this input's lines made recurrent;
    retry: the input was read again because the store holds it as a rejection, which this
    outcome replaces (any other outcome for an input the store holds is left out).
    """

    name: str
    article: Article | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    rejection: Rejection | None = None
    signature: bytes | None = None
    publisher: str | None = None
    line_hashes: tuple[int, ...] = ()
    learned: tuple[tuple[str, str], ...] = ()
    retry: bool = False

    @property
    def kind(self) -> str:
        """article | duplicate | rejected."""
        if self.article is not None:
            return "article"
        return "duplicate" if self.duplicate_of is not None else "rejected"


@dataclass(slots=True)
class IngestState:
    """Everything an ingest resumes from; built once from the store at the start."""

    names: set[str] = field(default_factory=set)
    rejected: dict[str, bool] = field(default_factory=dict)  # name → retryable
    signatures: dict[str, bytes] = field(default_factory=dict)
    line_counts: dict[tuple[str, int], int] = field(default_factory=dict)
    learned: dict[str, dict[str, str]] = field(default_factory=dict)


class Store(Protocol):
    """A newsgraph database. Every method is safe to call on an empty store."""

    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    def migrations(self) -> list[str]:
        """Names of the migrations recorded in this database, in the order they ran."""

    def ingest_lock(self) -> AbstractContextManager[None]:
        """Held for a whole ingest: SQLite allows one ingest at a time per database,
        PostgreSQL several at once (readers never wait)."""

    def ingest_state(self) -> IngestState:
        """The state an ingest resumes from."""

    def write(self, outcomes: Sequence[Outcome]) -> dict[str, int]:
        """Write a batch in one transaction (all or nothing); counts by kind written.

        An input the store already holds is left out, unless the outcome is a `retry` and
        the store holds the input as a rejection: the outcome replaces it. An article whose
        clean text is already stored becomes a duplicate of it."""

    def article(self, article_id: str) -> Row | None:
        """The article exactly as `Article.to_dict()` gave it (an id prefix is accepted)."""

    def iter_articles(self) -> Iterator[Row]:
        """Every stored article as `Article.to_dict()`, in ingest order."""

    def table(self, name: str) -> Iterator[Row]:
        """The rows of one exported table (see `TABLES`)."""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a portable query (`?` placeholders) as dicts."""

    def keyed(self, sql: str, keys: Sequence[tuple[str, str]]) -> list[Row]:
        """Rows of `sql`, which reads `k(article, article_id, id)`: the keys given."""

    def text_match(self, kind: str, query: str) -> tuple[str, list[Any]]:
        """A condition (and its parameters) on articles `a` or quotes `q` (kind "article" or
        "quote") whose text matches the words of `query`."""

    def search(self, query: str, limit: int) -> list[Row]:
        """Full-text search over article text and quote text, with snippets; a ConfigError
        when the query holds no word to search for."""

    def quotes(self, speaker: str | None, contains: str | None, limit: int) -> list[Row]:
        """Quotes, optionally by a speaker's name (any word of it) or containing words (a
        ConfigError when `contains` holds none)."""

    def events(
        self,
        type: str | None,
        who: str | None,
        since: str | None,
        until: str | None,
        limit: int,
    ) -> list[Row]:
        """Events by type, participant name, and time (ISO prefixes compare as text)."""

    def entities_named(self, surname: str | None, norm: str | None) -> list[Row]:
        """Entities whose surname or whole normalised name matches."""

    def entities_known_as(self, norms: Sequence[str]) -> list[Row]:
        """Entities whose normalised name, or one of whose aliases (an acronym the article
        defines or uses for it: "U.S." → "us"), is one of `norms`."""

    def entity_facts(self, keys: Sequence[tuple[str, str]]) -> Row:
        """Mentions, quotes, events and articles of (article_id, entity_id) pairs."""

    def stats(self) -> Row:
        """Counts of everything stored."""

    def rejections(self) -> list[Row]:
        """One row per rejected input: input, stage, type, reason, retryable."""

    def duplicates(self) -> list[Row]:
        """One row per duplicate input: input, the input and article it copies, similarity."""


# The tables `export` can write as CSV or Parquet.
TABLES = (
    "articles",
    "entities",
    "mentions",
    "quotes",
    "events",
    "times",
    "quantities",
    "residue_lines",
    "duplicates",
    "rejections",
    "sources",
)
