"""The `Store` protocol: what an ingest writes and what a query reads, whatever the backend.

SQLite (`store/sqlite.py`) is the default; a PostgreSQL store implements the same methods.
An ingest hands the store `Outcome`s — one per input, in input order — and the store writes
each batch in one transaction, so a crash leaves it at a batch boundary. `IngestState` is
what an ingest needs to resume exactly where the store stands: the inputs already done, the
MinHash signatures of every input that went to reading, the per-publisher line counts and
the residue lines learned from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
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
    learned: residue lines (line, reason) that this input's lines made recurrent.
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
    signatures: dict[str, bytes] = field(default_factory=dict)
    line_counts: dict[tuple[str, int], int] = field(default_factory=dict)
    learned: dict[str, dict[str, str]] = field(default_factory=dict)


class Store(Protocol):
    """A newsgraph database. Every method is safe to call on an empty store."""

    def close(self) -> None:
        """Release the connection."""

    def ingest_lock(self) -> AbstractContextManager[None]:
        """Held for a whole ingest: one ingest at a time per database (readers never wait)."""

    def ingest_state(self) -> IngestState:
        """The state an ingest resumes from."""

    def write(
        self, outcomes: Sequence[Outcome], link: Callable[[Row], object] | None = None
    ) -> dict[str, int]:
        """Write a batch in one transaction (all or nothing); counts by kind written.

        An input the store already holds is left out; an article whose clean text is
        already stored becomes a duplicate of it. `link` is called with each stored
        article's `to_dict()` inside the same transaction (the story linker)."""

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction: all or nothing."""

    # The story linker's reads and writes (link/stories.py), inside the caller's transaction.
    def add_story_terms(self, terms: Sequence[str]) -> dict[str, int]:
        """Count one more document ("") and one more for each term; the counts after."""

    def story_candidates(self, keys: Sequence[str], per_key: int) -> list[tuple[str, str | None]]:
        """(story, day) of the `per_key` newest members indexed under each key."""

    def story_profiles(self, ids: Sequence[str]) -> dict[str, str]:
        """The stored profile JSON of each story by id."""

    def save_story(
        self,
        story: str,
        label: str,
        first: str | None,
        last: str | None,
        size: int,
        profile: str,
        article: str,
        day: str | None,
        keys: Sequence[str],
    ) -> None:
        """Create or update a story and record the article that joined it, under its keys."""

    def clear_stories(self) -> None:
        """Remove every story, membership, key and document frequency."""

    def stories(self, limit: int, offset: int = 0, min_size: int = 1) -> list[Row]:
        """Stories of at least `min_size` articles, most recent and largest first, with
        their outlets."""

    def story(self, story_id: str) -> Row | None:
        """One story (an id prefix is accepted): label, dates, articles, people with their
        quotes, other entities."""

    def article_story(self, article_id: str) -> str | None:
        """The id of the story an article belongs to."""

    def article(self, article_id: str) -> Row | None:
        """The article exactly as `Article.to_dict()` gave it (an id prefix is accepted)."""

    def iter_articles(self) -> Iterator[Row]:
        """Every stored article as `Article.to_dict()`, in ingest order."""

    def iter_articles_with_stories(self) -> Iterator[Row]:
        """Every stored article as `iter_articles`, with its story's id under "story"."""

    def table(self, name: str) -> Iterator[Row]:
        """The rows of one exported table (see `TABLES`)."""

    def search(self, query: str, limit: int) -> list[Row]:
        """Full-text search over article text and quote text, with snippets."""

    def quotes(self, speaker: str | None, contains: str | None, limit: int) -> list[Row]:
        """Quotes, optionally by a speaker's name (any word of it) or containing words."""

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
        """One row per rejected input: input, stage, type, reason."""

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
    "stories",
)
