"""What a story compares: an article's weighted term vectors, and a story's sums of them.

An article is seen as five sparse vectors — its whole text, its title, its lead (title and
lede), its title's words other than names (its what) and its named entities — each weighted
by TF-IDF (sublinear term frequency, smoothed inverse document frequency as scikit-learn
computes it) with document frequencies counted incrementally over the articles stored before
it, and normalised to unit length. A story
keeps the sum of its members' vectors, so an article's dot product with a story's sum over
its size is its average cosine to the story's members (average link), and with the sum's
norm its cosine to the story's centroid. Sums are cut to their heaviest terms (`KEEP`), so
a story's profile stays the same size however many articles join it; it also keeps its
first report's vectors.

`entity_keys` is the one place that says what an entity feature is: the corpus entity an
article entity is linked to (`link/linker.py`, run before stories in each batch), and its
normalised name.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import math
import re
import runpy
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.store.rows import name_key

Vector = dict[str, float]
VIEWS = ("text", "title", "lead", "what", "ents")
KEEP = {"text": 300, "title": 60, "lead": 120, "what": 60, "ents": 60}
DOCS = ""  # the document-frequency key that counts documents
LABEL_WHAT = 80  # characters of a label's what
NAME_KINDS = frozenset({"name", "surname", "acronym"})  # mentions that write a name
_ENTITY_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)


_WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


@functools.cache
def _stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from the file that holds them: importing any
    part of scikit-learn loads the whole package (~1 s, once in every ingest) for one list."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        raise RuntimeError("scikit-learn is not installed")
    path = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py"
    words: frozenset[str] = runpy.run_path(str(path))["ENGLISH_STOP_WORDS"]
    return words


def analyze(text: str) -> list[str]:
    """scikit-learn's word analyzer (`TfidfVectorizer(stop_words="english")`): lower case,
    words of two or more characters, English stop words out — the tokens it would count
    (`tests/test_stories.py` holds them equal)."""
    stop = _stop_words()
    return [t for t in _WORD.findall(text.lower()) if t not in stop]


def entity_keys(article: Mapping[str, Any], corpus: Mapping[str, str | None]) -> Counter[str]:
    """The article's named entities as feature keys, counted by mentions: "c:" + the corpus
    entity of a linked one (`corpus`: article entity id → corpus entity id) and "e:" + its
    normalised name, linked or not; dates, numbers and other non-name types left out. The
    name matches where linking split one organisation: Equifax linked in one report, found
    but not linked in the next, typed a person in a third."""
    keys: Counter[str] = Counter()
    for e in article.get("entities", ()):
        if e["type"] not in _ENTITY_TYPES:
            continue
        linked = corpus.get(e["id"])
        named = "e:" + _name_norm(e["name"], e["type"] == "PERSON")
        for key in ("c:" + linked if linked else "", named):
            if key not in ("", "c:", "e:"):
                keys[key] += max(1, len(e.get("mentions", ())))
    return keys


@functools.lru_cache(maxsize=1 << 14)
def _name_norm(name: str, person: bool) -> str:
    """`name_key(name, person).norm`, once per name a process sees (names recur across
    articles)."""
    return name_key(name, person).norm


def _name_words(article: Mapping[str, Any]) -> set[str]:
    """The words of the article's names as written (pronouns and roles aside)."""
    names = [
        m["text"]
        for e in article.get("entities", ())
        for m in e.get("mentions", ())
        if m.get("kind") in NAME_KINDS
    ]
    return set(analyze(" ".join(names)))


def _top(summary: Mapping[str, Any], w: str) -> Mapping[str, Any] | None:
    candidates = summary.get(w) or ()
    return candidates[0] if candidates else None


@dataclass(frozen=True, slots=True)
class Headline:
    """The main event of one article, from its 5W1H summary: who, what, where, when."""

    article: str
    who: str = ""
    what: str = ""
    where: str = ""
    when: str = ""

    @property
    def who_key(self) -> str:
        return _name_norm(self.who, False)

    def text(self) -> str:
        """'who what (where, when)' from the parts the summary has, each on one line and
        the what cut at a word near `LABEL_WHAT` characters."""
        who, what, where = (" ".join(p.split()) for p in (self.who, self.what, self.where))
        if len(what) > LABEL_WHAT:
            cut = what.rfind(" ", 0, LABEL_WHAT)
            what = what[: cut if cut > 0 else LABEL_WHAT] + "…"
        head = " ".join(p for p in (who, what) if p)
        tail = ", ".join(p for p in (where, self.when) if p)
        return f"{head} ({tail})" if head and tail else head or tail


def headline(article: Mapping[str, Any]) -> Headline:
    """The article's main event; the title stands in for a missing who and what."""
    summary = article.get("summary") or {}
    parts = {w: _top(summary, w) for w in ("who", "what", "where", "when")}
    when = parts["when"]
    when_text = (when.get("value") or when["text"]) if when else ""
    who = parts["who"]["text"] if parts["who"] else ""
    what = parts["what"]["text"] if parts["what"] else ""
    if not who and not what:
        what = article.get("title", "")
    where = parts["where"]["text"] if parts["where"] else ""
    return Headline(article["id"], who, what, where, str(when_text)[:10])


def day_of(published: str | None) -> str | None:
    """The publication day (YYYY-MM-DD) of an ISO date or date-time, or None."""
    if not published or len(published) < 10:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).isoformat()
    except ValueError:
        return None


def days_between(a: str | None, b: str | None) -> int:
    """Whole days from b to a (0 when either is unknown)."""
    if a is None or b is None:
        return 0
    return _ordinal(a) - _ordinal(b)


@functools.lru_cache(maxsize=1 << 12)
def _ordinal(day: str) -> int:
    return dt.date.fromisoformat(day).toordinal()


def within(day: str | None, days: int) -> tuple[str, str] | None:
    """The days at most `days` from `day` (first, last), None when undated."""
    if day is None:
        return None
    d, gap = dt.date.fromisoformat(day), dt.timedelta(days=days)
    first = d - gap if d - dt.date.min >= gap else dt.date.min
    last = d + gap if dt.date.max - d >= gap else dt.date.max
    return first.isoformat(), last.isoformat()


@dataclass(frozen=True, slots=True)
class Counts:
    """One article's raw counts per view, before weighting."""

    id: str
    day: str | None
    views: dict[str, Counter[str]]
    headline: Headline

    def terms(self) -> set[str]:
        """Every key whose document frequency this article raises (title and lead words
        are text words too)."""
        return set(self.views["text"]) | set(self.views["ents"])


def counts(article: Mapping[str, Any], corpus: Mapping[str, str | None]) -> Counts:
    """The article's term and entity counts (`corpus`: its entities' corpus entities)."""
    title = analyze(article.get("title", ""))  # no word spans the line between: the lead's
    lead = Counter(title + analyze(article.get("lede", "")))  # words are the title's and lede's
    names = _name_words(article)
    views = {
        "text": Counter(analyze(article.get("text", ""))),
        "title": Counter(title),
        "lead": lead,
        "what": Counter(t for t in title if t not in names),
        "ents": entity_keys(article, corpus),
    }
    return Counts(article["id"], day_of(article.get("published")), views, headline(article))


def weigh(raw: Counter[str], idf: Mapping[str, float]) -> Vector:
    """Sublinear TF × smoothed IDF (`idf`: each term's), unit length (scikit-learn's
    TfidfVectorizer formula)."""
    vector = {t: (1.0 + math.log(c) if c > 1 else 1.0) * idf[t] for t, c in raw.items()}
    norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
    return {t: x / norm for t, x in vector.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product over the keys both share, summed exactly (`math.fsum`), so the order
    of the set intersection never changes the last bit."""
    return math.fsum([a[k] * b[k] for k in a.keys() & b.keys()])


def norm(a: Mapping[str, float]) -> float:
    return math.sqrt(sum(x * x for x in a.values()))


def heaviest(vector: Mapping[str, float], keep: int) -> Vector:
    """The `keep` heaviest entries (ties by key, so the cut is deterministic), rounded."""
    return {k: round(v, 6) for k, v in _cut(vector, keep)}


def _cut(vector: Mapping[str, float], keep: int) -> Iterable[tuple[str, float]]:
    """The `keep` heaviest entries, heaviest first (all, as they are, if no more): those at
    least as heavy as the keep-th weight (a sort of floats alone), sorted by weight then
    key."""
    if len(vector) <= keep:
        return vector.items()
    least = sorted(vector.values(), reverse=True)[keep - 1]
    heavier = sorted([(-v, k) for k, v in vector.items() if v >= least])  # no key function
    return [(k, -v) for v, k in heavier[:keep]]


def added(total: Mapping[str, float], vector: Mapping[str, float], keep: int) -> Vector:
    """A story's sum with one more member's vector, cut to its `keep` heaviest entries and
    rounded (those the vector left alone are rounded already: `heaviest`)."""
    merged = dict(total)
    for k, x in vector.items():
        merged[k] = merged.get(k, 0.0) + x
    return {k: round(v, 6) if k in vector else v for k, v in _cut(merged, keep)}


@dataclass(slots=True)
class Weighted:
    """One article's unit vectors per view, and the keys it is indexed under."""

    counts: Counts
    vectors: dict[str, Vector] = field(default_factory=dict)

    def index_keys(self, terms: int = 20, lead: int = 10, entities: int = 12) -> list[str]:
        """Its heaviest words of the text and of the title and lede, and its heaviest
        entities: the keys a story is found by. A long report's heaviest words are often its
        own details (a witness, a street); its title and lede name the happening."""
        cuts = (("text", terms), ("lead", lead), ("ents", entities))
        return unique(k for view, keep in cuts for k, _ in _cut(self.vectors[view], keep))


def weighted(c: Counts, df: Mapping[str, int]) -> Weighted:
    """The article's vectors, weighed with document frequencies that include it."""
    docs = df.get(DOCS, 0)
    terms = set().union(*c.views.values())  # each once: a title's words are text words too
    idf = {t: math.log((1 + docs) / (1 + df.get(t, 0))) + 1.0 for t in terms}
    return Weighted(c, {view: weigh(c.views[view], idf) for view in VIEWS})


def unique(keys: Iterable[str]) -> list[str]:
    """Keys in first-seen order, once each."""
    return list(dict.fromkeys(keys))
