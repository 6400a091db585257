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

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from newsgraph.model import Article, Rejection

Row = dict[str, Any]
# A corpus event's index row: (type, key, corpus event, role, lo, hi).
IndexRow = tuple[str, str, str, str, str | None, str | None]
# A report's link: (article id, event id, corpus event, participants, place).
LinkRow = tuple[str, str, str, Sequence[str], str | None]


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

    def write(
        self, outcomes: Sequence[Outcome], hooks: Sequence[CorpusHook] = ()
    ) -> dict[str, int]:
        """Write a batch in one transaction (all or nothing); counts by kind written.

        An input the store already holds is left out, unless the outcome is a `retry` and
        the store holds the input as a rejection: the outcome replaces it. An article whose
        clean text is already stored becomes a duplicate of it. Each hook then runs inside
        the same transaction with the articles written, in input order (the corpus layer);
        a batch with hooks holds the corpus lock from its start, so linking batches follow
        one another even when several writers share the store."""

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

    def search(self, query: str, limit: int, entities: Sequence[str] = ()) -> list[Row]:
        """Full-text search over article text and quote text, with snippets (a query in a
        script written without spaces, `text.scripts`, finds any substring of it); with
        `entities`, only in articles that name one of those corpus entities. A ConfigError
        when the query holds no word to search for."""

    def quotes(
        self,
        speaker: str | None,
        contains: str | None,
        limit: int,
        speakers: Sequence[str] = (),
    ) -> list[Row]:
        """Quotes by corpus entities (`speakers`), else by a speaker's name as written (every
        word of it), optionally containing words (a ConfigError when `contains` holds none);
        each with its speaker's corpus_entity."""

    def events(
        self,
        type: str | None,
        who: str | None,
        since: str | None,
        until: str | None,
        limit: int,
        participants: Sequence[str] = (),
    ) -> list[Row]:
        """Events by type, participant (corpus entities, else a name as written), and time
        (ISO prefixes compare as text): one row per corpus event (`corpus_event_rows`), and
        one per stored event without one (written without the corpus layer)."""

    def list_corpus_entities(
        self, q: str | None, type: str | None, offset: int, limit: int
    ) -> list[Row]:
        """Corpus entities whose name holds every word of q (of one type), most articles
        first: id, name, type, articles, mentions, first_seen, last_seen."""

    def entity_facts(self, keys: Sequence[tuple[str, str]]) -> Row:
        """Mentions and quotes of (article_id, entity_id) pairs."""

    def stats(self) -> Row:
        """Counts of everything stored."""

    def rejections(self) -> list[Row]:
        """One row per rejected input: input, stage, type, reason, retryable."""

    def duplicates(self) -> list[Row]:
        """One row per duplicate input: input, the input and article it copies, similarity."""

    # -- the corpus layer (link/): inside a `write` hook or `transaction()` ------------------

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction, all or nothing, holding the corpus lock (relink, overrides)."""

    def corpus_lookup(self, keys: Sequence[tuple[str, str]]) -> list[Row]:
        """Corpus entities holding any blocking key (kind, key): one row per match, the
        entity's columns plus `key_kind` and `key`."""

    def corpus_keys(self, entities: Sequence[str], kind: str | None = None) -> list[Row]:
        """The keys (entity, kind, key) of some corpus entities, of one kind or all."""

    def corpus_entity(self, entity_id: str) -> Row | None:
        """One corpus entity by id (a unique prefix is enough)."""

    def corpus_found(self, row: Mapping[str, Any]) -> None:
        """Insert a new corpus entity (every column of `corpus_entities`)."""

    def corpus_update(self, entity_id: str, fields: Mapping[str, Any]) -> None:
        """Set some columns of a corpus entity (not its id or founding evidence)."""

    def corpus_add_keys(self, entity_id: str, keys: Sequence[tuple[str, str]]) -> None:
        """Add blocking keys (kind, key) to a corpus entity (existing ones are kept)."""

    def corpus_drop_keys(self, entity_id: str, kind: str) -> None:
        """Remove a corpus entity's keys of one kind."""

    def corpus_add_forms(self, entity_id: str, forms: Mapping[str, int]) -> list[Row]:
        """Count name forms seen for a corpus entity; all its forms, most used first."""

    def corpus_forms(self, entity_id: str) -> list[Row]:
        """A corpus entity's name forms (form, count), most used first."""

    def corpus_link(
        self,
        article_id: str,
        entity_id: str,
        corpus_entity: str | None,
        confidence: float,
        reason: str,
    ) -> None:
        """Record (or replace) the link of an article entity; corpus_entity None: unlinked."""

    def corpus_add_cooccurrence(self, entities: Sequence[str], context: Sequence[str]) -> None:
        """Count one more article in which each of `entities` was linked with each of
        `context` (the pairs (entity, other) are counted, not the reverse)."""

    def corpus_cooccurrence(
        self, candidates: Sequence[str], context: Sequence[str]
    ) -> dict[str, int]:
        """For each candidate, the articles it shared with the context entities (summed)."""

    def corpus_move(self, from_id: str, to_id: str) -> None:
        """Move every link, key and form of one corpus entity to another; delete the first."""

    def corpus_delete(self, entity_id: str) -> None:
        """Delete a corpus entity with its keys and forms (not its links)."""

    def corpus_clear(self, entity_id: str) -> None:
        """Delete a corpus entity's keys and forms (to rebuild them from its links)."""

    def corpus_reset(self) -> None:
        """Delete every corpus entity, key, form and link (overrides are kept)."""

    def corpus_links(
        self, corpus_entity: str | None = None, article_id: str | None = None
    ) -> list[Row]:
        """Links with their article and article entity, in ingest order."""

    def corpus_overrides(self) -> list[Row]:
        """The hand corrections in the order they were made: n, action, args, created_at."""

    def corpus_add_override(self, action: str, args: Mapping[str, Any]) -> None:
        """Record a hand correction (merge | split | rename) with its anchors."""

    def iter_article_entities(self) -> Iterator[Row]:
        """Each stored article in ingest order: id, published and its entities, each with
        its columns and mentions [(text, kind, start)]."""

    def linked_entities(self, corpus_entity: str) -> list[Row]:
        """The articles linked to one corpus entity, shaped as `iter_article_entities`
        gives them but holding only the linked entities."""

    # -- corpus events (link/events.py): inside a `write` hook or `transaction()` -------------

    def event_candidates(
        self, type: str, entities: Sequence[str], lo: str, hi: str
    ) -> list[Row]:
        """Corpus events of a type with one of these keys (corpus entities as participant
        or place, subject keys) and a window overlapping [lo, hi] (ISO days), as
        `corpus_events_by_id`."""

    def corpus_events_by_id(self, ids: Sequence[str]) -> list[Row]:
        """Corpus events (every column) with `participants` (corpus entity ids), `place`
        and `subjects` (keys "stem@corpus entity": link/events.py)."""

    def events_found(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert new corpus events (every column of `corpus_events`)."""

    def event_update(self, event_id: str, fields: Mapping[str, Any]) -> None:
        """Set some columns of a corpus event (a new window: both lo and hi)."""

    def event_add_entities(self, rows: Sequence[IndexRow]) -> None:
        """Index corpus events by key: a corpus entity as participant or place, or a
        subject key ("stem@corpus entity") as subject."""

    def events_fold(self, into: str, others: Sequence[str]) -> None:
        """Move the reports of corpus events `others` to `into`, delete them (their ids, and
        those folded into them before, now lead to `into`), and count the articles of `into`
        again."""

    def event_clear_entities(self, event_id: str) -> None:
        """Drop a corpus event's participants and place (its subject keys stay)."""

    def event_links(self, rows: Sequence[LinkRow]) -> None:
        """Record which corpus event stored events report (and the article entities that
        count as participants and place)."""

    def event_moved(self, event_id: str) -> str | None:
        """The corpus event a folded one's reports went to (None: never folded)."""

    def event_reported_in(self, corpus_event: str, article_id: str) -> bool:
        """Whether an article already reports this corpus event."""

    def roles_add(self, counts: Sequence[tuple[str, int, int, int]]) -> None:
        """Count what corpus entities were in events: (entity, times seen as a media outlet,
        places, participations)."""

    def roles_of(self, entities: Sequence[str]) -> dict[str, Row]:
        """What these corpus entities were in earlier events: outlet, place, participant."""

    def events_reset(self) -> None:
        """Delete every corpus event, its links, index rows and redirects, and the role
        counts."""

    def events_of_entities(self, entities: Sequence[str]) -> list[str]:
        """Ids of the corpus events naming one of these corpus entities."""

    def event_reports(self, corpus_events: Sequence[str]) -> list[Row]:
        """The stored events reporting these corpus events, in ingest order."""

    def corpus_events_of(self, article_ids: Sequence[str]) -> list[Row]:
        """The corpus events these articles report, each once, most reported first."""

    def corpus_event_rows(self, ids: Sequence[str]) -> list[Row]:
        """Corpus events as shown (in the order of `ids`): type, time, window, status, place,
        participants ({id, name, type}), sources, reports, the first report and every
        reporting article."""


    # -- stories (link/stories.py): inside a `write` hook or `transaction()` ---------------

    def story_df(self, terms: Sequence[str]) -> dict[str, int]:
        """The stored document frequency of each term that has one ("": documents)."""

    def add_story_df(self, counts: Mapping[str, int]) -> None:
        """Raise the document frequency of each term by its count."""

    def story_candidates(
        self,
        keys: Sequence[str],
        per_key: int,
        days: tuple[str, str] | None = None,
        limit: int | None = None,
    ) -> list[tuple[str, int, int]]:
        """The stories found under a few keys (one statement): the `per_key` newest members
        indexed under each key, those dated outside `days` (first, last) left out, counted
        per story. (story, rows, place of its first row: key order, newest first), most rows
        first, then first found, at most `limit`."""

    def article_corpus_entities(self, article_id: str) -> dict[str, str]:
        """The corpus entity of each of the article's linked entities (by entity id)."""

    def story_profiles(self, ids: Sequence[str]) -> dict[str, bytes]:
        """The stored profile of each story by id (as `save_story` was given it)."""

    def save_story(
        self,
        story: str,
        label: str,
        first: str | None,
        last: str | None,
        size: int,
        profile: bytes,
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
        """One story (an id prefix is accepted): label, dates, articles, key people (corpus
        entities) with their quotes, other key corpus entities."""

    def article_story(self, article_id: str) -> str | None:
        """The id of the story an article belongs to."""

    def iter_articles_with_stories(self) -> Iterator[Row]:
        """Every stored article as `iter_articles`, with its story's id under "story"."""

# A corpus-layer step run inside `Store.write`'s transaction with the articles written.
CorpusHook = Callable[[Store, Sequence[Article]], None]


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
    "event_participants",
    "corpus_entities",
    "corpus_events",
    "stories",
)
