"""Named, recorded, transactional migrations of the SQLite store.

Each migration runs inside one transaction together with the row that records it in
`_migrations`, so a database is always at a named version: a migration is applied fully or
not at all. Add new ones at the end of `MIGRATIONS`; never edit one that has shipped.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.store import ecosystem


@dataclass(frozen=True, slots=True)
class Migration:
    """`sql`, then `after` (a step in Python over the connection, in the same transaction),
    then `then` (more SQL)."""

    name: str
    sql: str
    after: Callable[[Any], None] | None = None
    then: str = ""


INITIAL = """
CREATE TABLE sources (
    n INTEGER PRIMARY KEY,              -- ingest order
    name TEXT NOT NULL UNIQUE,          -- the input's stable key (path, path#line, record id)
    outcome TEXT NOT NULL CHECK (outcome IN ('article', 'duplicate', 'rejected')),
    article_id TEXT,
    publisher TEXT,
    url TEXT,
    ingested_at TEXT NOT NULL
);
CREATE TABLE articles (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,            -- sha256 of the clean text
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    lede TEXT NOT NULL,
    text TEXT NOT NULL,
    published TEXT,
    publisher TEXT,
    url TEXT,
    authors TEXT NOT NULL,              -- JSON list
    language TEXT NOT NULL,
    model TEXT NOT NULL,
    json BLOB NOT NULL                  -- zlib-compressed Article.to_dict()
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='n', tokenize='porter unicode61'
);
CREATE TABLE entities (
    article INTEGER NOT NULL,           -- articles.n (the fact tables key articles by number)
    id TEXT NOT NULL,                   -- the entity's id inside its article
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    titles TEXT NOT NULL,               -- JSON lists
    roles TEXT NOT NULL,
    affiliations TEXT NOT NULL,
    aliases TEXT NOT NULL,
    gender TEXT,
    norm TEXT NOT NULL,                 -- normalised name: lower case, no titles or initials
    first TEXT,                         -- first name (persons with two or more name words)
    surname TEXT,
    mentions INTEGER NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (article, id)
) WITHOUT ROWID;
CREATE INDEX entities_surname ON entities (surname);
CREATE INDEX entities_norm ON entities (norm);
CREATE TABLE mentions (
    article INTEGER NOT NULL, entity TEXT NOT NULL, text TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT NOT NULL, confidence REAL NOT NULL
);
CREATE INDEX mentions_entity ON mentions (article, entity);
CREATE TABLE quotes (
    n INTEGER PRIMARY KEY,
    article INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    type TEXT NOT NULL, speaker_entity TEXT, speaker_name TEXT, speaker_text TEXT,
    speaker_description TEXT, cue TEXT, confidence REAL NOT NULL, extractor TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes (article, speaker_entity);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker_name, content='quotes', content_rowid='n', tokenize='porter unicode61'
);
CREATE TABLE events (
    article INTEGER NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, trigger TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, status TEXT NOT NULL,
    place TEXT, place_entity TEXT, time_value TEXT, time_text TEXT,
    confidence REAL NOT NULL, extractor TEXT NOT NULL,
    PRIMARY KEY (article, id)
) WITHOUT ROWID;
CREATE INDEX events_type ON events (type, time_value);
CREATE TABLE event_participants (
    article INTEGER NOT NULL, event TEXT NOT NULL, entity TEXT, name TEXT, text TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX event_participants_event ON event_participants (article, event);
CREATE INDEX event_participants_entity ON event_participants (article, entity);
CREATE TABLE times (
    article INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    type TEXT NOT NULL, value TEXT, granularity TEXT, modifier TEXT, reason TEXT
);
CREATE INDEX times_article ON times (article);
CREATE TABLE quantities (
    article INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    value REAL, kind TEXT NOT NULL, unit TEXT, thing TEXT, change_from REAL, change_to REAL
);
CREATE INDEX quantities_article ON quantities (article);
CREATE TABLE residue_lines (
    publisher TEXT NOT NULL, line TEXT NOT NULL, reason TEXT NOT NULL,
    learned_from TEXT NOT NULL,         -- the input whose line made it recurrent
    PRIMARY KEY (publisher, line)
) WITHOUT ROWID;
CREATE TABLE line_counts (
    publisher TEXT NOT NULL, hash INTEGER NOT NULL, articles INTEGER NOT NULL,
    PRIMARY KEY (publisher, hash)
) WITHOUT ROWID;
CREATE TABLE signatures (source TEXT PRIMARY KEY, minhash BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE duplicates (
    source TEXT PRIMARY KEY, of_source TEXT NOT NULL, similarity REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE rejections (
    source TEXT PRIMARY KEY, stage TEXT NOT NULL, type TEXT NOT NULL, message TEXT NOT NULL
) WITHOUT ROWID;
"""

PARTICIPANT_ROLES = """
ALTER TABLE event_participants ADD COLUMN role TEXT;  -- agent | partner | patient
ALTER TABLE events ADD COLUMN place_in TEXT;          -- where the place lies ("Qatar")
"""

# Entity pages look names up among the few entities with aliases (acronyms): a partial index.
ALIAS_INDEX = """
CREATE INDEX entities_with_aliases ON entities (article) WHERE aliases != '[]';
"""

# The corpus layer (link/): one corpus entity per real referent across articles. Every
# article entity has one corpus_links row (corpus_entity NULL: left unlinked, with the
# reason); corpus_keys are the blocking keys linking looks candidates up by; overrides are
# the hand corrections, anchored on article entities so they survive a relink.
CORPUS_ENTITIES = """
CREATE TABLE corpus_entities (
    id TEXT PRIMARY KEY,                -- content hash of the founding evidence
    type TEXT NOT NULL,
    name TEXT NOT NULL,                 -- canonical name
    named_by TEXT NOT NULL,             -- 'forms' (most used full form) | 'override'
    gender TEXT,
    first_seen TEXT,
    last_seen TEXT,
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    founded_by TEXT NOT NULL            -- 'ARTICLE_ID/ENTITY_ID' of the founding entity
);
CREATE TABLE corpus_keys (
    kind TEXT NOT NULL,                 -- full | surname | given | norm | alias | country
    key TEXT NOT NULL,
    entity TEXT NOT NULL,
    PRIMARY KEY (kind, key, entity)
);
CREATE INDEX corpus_keys_entity ON corpus_keys (entity);
CREATE TABLE corpus_names (
    entity TEXT NOT NULL, form TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (entity, form)
);
CREATE TABLE corpus_links (
    article INTEGER NOT NULL,           -- articles.n
    entity TEXT NOT NULL,               -- entities.id inside the article
    corpus_entity TEXT,                 -- NULL: left unlinked (see reason)
    confidence REAL NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (article, entity)
);
CREATE INDEX corpus_links_entity ON corpus_links (corpus_entity);
CREATE TABLE corpus_cooccur (          -- articles a person was linked in with another entity
    entity TEXT NOT NULL, other TEXT NOT NULL, articles INTEGER NOT NULL,
    PRIMARY KEY (entity, other)
) WITHOUT ROWID;
CREATE TABLE corpus_overrides (
    n INTEGER PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'rename')),
    args TEXT NOT NULL,                 -- JSON: anchors (article id, entity id) and names
    created_at TEXT NOT NULL
);
"""

# Corpus events (link/events.py): one row per real event, whatever the number of reports.
# Every stored event has one corpus_event_links row (its corpus event, and which of its
# article entities count as participants and place); corpus_event_entities holds each corpus
# event's participants and place as corpus entities, with the event's type and time window
# copied beside them: the index that finds the candidates of a new report (same type, same
# entity, overlapping window). corpus_event_roles: how often a corpus entity was an event's
# place or participant, and whether it was seen as a publisher or a quote's medium.
CORPUS_EVENTS = """
CREATE TABLE corpus_events (
    id TEXT PRIMARY KEY,                -- content hash of the founding report
    type TEXT NOT NULL,
    time TEXT,                          -- the resolved date (or the most precise value told)
    lo TEXT, hi TEXT,                   -- the window every report allows (ISO days)
    status TEXT NOT NULL,
    told TEXT NOT NULL,                 -- JSON: each time value the text gave, and how often
    articles INTEGER NOT NULL,          -- distinct articles reporting it
    reports INTEGER NOT NULL,
    first_seen TEXT, last_seen TEXT,    -- publication dates of its first and last reports
    founded_by TEXT NOT NULL            -- 'ARTICLE_ID/EVENT_ID' of the founding report
);
CREATE TABLE corpus_event_links (
    article INTEGER NOT NULL,           -- articles.n
    event TEXT NOT NULL,                -- events.id inside the article
    corpus_event TEXT NOT NULL,
    participants TEXT NOT NULL,         -- JSON: the article entities that take part
    place TEXT,                         -- the article entity that is its place
    PRIMARY KEY (article, event)
);
CREATE INDEX corpus_event_links_event ON corpus_event_links (corpus_event, article);
CREATE TABLE corpus_event_entities (
    type TEXT NOT NULL, entity TEXT NOT NULL, event TEXT NOT NULL,
    role TEXT NOT NULL,                 -- participant | place
    lo TEXT, hi TEXT,
    PRIMARY KEY (type, entity, event)
);
CREATE INDEX corpus_event_entities_window ON corpus_event_entities (type, entity, hi);
CREATE INDEX corpus_event_entities_event ON corpus_event_entities (event);
CREATE INDEX corpus_event_entities_entity ON corpus_event_entities (entity);
CREATE TABLE corpus_event_roles (
    entity TEXT PRIMARY KEY,
    outlet INTEGER NOT NULL,            -- articles naming it as publisher or medium
    place INTEGER NOT NULL,             -- corpus events it was the place of
    participant INTEGER NOT NULL        -- corpus events it took part in
);
"""

# A rejection whose cause may pass (a network error, HTTP 404/408/429/5xx, a missing or
# unreadable file) is retried by the next ingest; earlier rows are marked by their type.
RETRYABLE_REJECTIONS = """
ALTER TABLE rejections ADD COLUMN retryable INTEGER NOT NULL DEFAULT 0;
UPDATE rejections SET retryable = 1 WHERE type IN ('NotFound', 'Unreadable')
    OR (type = 'FetchError' AND (message GLOB '*HTTP status 40[48]'
        OR message GLOB '*HTTP status 429' OR message GLOB '*HTTP status 5[0-9][0-9]'
        OR message GLOB '*: *Error: *'));
"""

# Stories (link/stories.py): each story's profile, its members, the index that finds it
# (a member's heaviest words and corpus entities, newest first per key) and document
# frequencies of words and corpus entities over the stored articles.
STORIES = """
CREATE TABLE stories (
    seq INTEGER PRIMARY KEY,            -- founding order
    id TEXT NOT NULL UNIQUE,            -- the founding article's id, first 16 characters
    label TEXT NOT NULL,                -- its main event: who what (where, when)
    first TEXT, last TEXT,              -- publication days of its first and last articles
    size INTEGER NOT NULL,
    profile BLOB NOT NULL               -- zlib-compressed JSON of link/stories.py Profile
);
CREATE INDEX stories_last ON stories (last, size);
CREATE TABLE story_articles (
    article TEXT PRIMARY KEY,           -- articles.id
    story TEXT NOT NULL,
    n INTEGER NOT NULL,                 -- articles.n: arrival order
    day TEXT
) WITHOUT ROWID;
CREATE INDEX story_articles_story ON story_articles (story, n);
CREATE TABLE story_keys (
    key TEXT NOT NULL, n INTEGER NOT NULL, story TEXT NOT NULL, day TEXT,
    PRIMARY KEY (key, n)
) WITHOUT ROWID;
CREATE INDEX story_keys_story ON story_keys (story);
CREATE TABLE story_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""

# Articles in any language: the detector's probability, and a trigram index for the
# languages written without spaces between words (CJK, Thai …), which the word tokenizer of
# articles_fts cannot split; only their articles are put in it (store/sqlite.py).
LANGUAGES = """
ALTER TABLE articles ADD COLUMN language_probability REAL;
CREATE VIRTUAL TABLE articles_trigram USING fts5(
    title, text, content='articles', content_rowid='n', tokenize='trigram'
);
"""

# Corpus events folded into another (link/events.py `_fold`): their ids lead to the event
# that holds their reports now, so that a page or an API link to one does not die.
EVENT_REDIRECTS = """
CREATE TABLE corpus_event_redirects (
    id TEXT PRIMARY KEY,                -- a corpus event folded into another
    event TEXT NOT NULL                 -- the corpus event holding its reports now
) WITHOUT ROWID;
CREATE INDEX corpus_event_redirects_event ON corpus_event_redirects (event);
"""

# No read finds story_keys rows by story (candidates come by key, `clear_stories` empties the
# table): its index by story only cost every article's writes. Profiles written from now on
# are plain JSON, no longer zlib-compressed (link/story_profile.py reads either).
STORY_KEYS_UNINDEXED = """
DROP INDEX story_keys_story;
"""

MIGRATIONS: list[Migration] = [
    Migration("0001_initial", INITIAL),
    Migration("0002_participant_roles", PARTICIPANT_ROLES),
    Migration("0003_alias_index", ALIAS_INDEX),
    Migration("0004_corpus_entities", CORPUS_ENTITIES),
    Migration("0005_retryable_rejections", RETRYABLE_REJECTIONS),
    Migration("0006_stories", STORIES),
    Migration("0007_corpus_events", CORPUS_EVENTS),
    Migration("0008_languages", LANGUAGES),
    Migration("0009_ecosystem", "", ecosystem.sqlite_keys_and_json, ecosystem.SQLITE),
    Migration("0010_event_redirects", EVENT_REDIRECTS),
    Migration("0011_story_keys_unindexed", STORY_KEYS_UNINDEXED),
]


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in this database, in the order they ran."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded, each in its own transaction; the names run.

    The connection must be in autocommit mode (`isolation_level=None`).
    """
    done = applied(conn)
    known = {m.name for m in MIGRATIONS}
    unknown = [name for name in done if name not in known]
    if unknown:
        raise ConfigError(f"the database was made by a newer newsgraph (migration {unknown[0]})")
    ran = []
    for migration in MIGRATIONS:
        if migration.name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if migration.name not in applied(conn):  # another process may have just run it
                for statement in _statements(migration.sql):
                    conn.execute(statement)
                if migration.after is not None:
                    migration.after(conn)
                for statement in _statements(migration.then):
                    conn.execute(statement)
                now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                conn.execute("INSERT INTO _migrations VALUES (?, ?)", (migration.name, now))
                ran.append(migration.name)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return ran


def _statements(sql: str) -> list[str]:
    """Split a script into complete statements (executescript would commit on its own)."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
