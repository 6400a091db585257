"""Stories: articles about one happening, across outlets, assigned online as articles arrive.

Each new article (in ingest order) joins the most probable existing story or founds one:
1. its counts raise the document frequencies kept in the store, and weigh its vectors
   (`link/features.py`); a linker reads the stored frequencies of each term once and writes
   what it counted at the end (`StoryLinker.flush`), not one upsert per term and article;
2. candidate stories come from the index — stories whose recent members share one of its
   heaviest words or entities (`PER_KEY` rows a key), within `WINDOW_DAYS` of its date —
   never from all stories: one statement per article, the `MAX_CANDIDATES` sharing most;
   their profiles are decoded once and kept while their stored bytes stay the same
   (`Decoded`);
3. each candidate gets a probability from a logistic regression over pair features
   (`FEATURES`), learned with scikit-learn on half of the Giveme5W1H clusters-dev events
   (`eval/stories.py --fit`, weights in `link/data/story_model.json`);
4. the best candidate at the model's threshold or above takes the article, else it founds a
   story whose id is the first 16 characters of its own id. The threshold is fitted with the
   weights: the one whose online stories score best when the training events are split in
   two, fitted on one half and run on the other (a pair-wise fit sees many easy
   non-matches, so even odds are too strict a bar). Without a publication date (either
   side) the gap counts as the whole window, and a candidate must also agree with its
   story's first report on who, what and when and be as close to it in text as a typical
   report of one happening (`StoryLinker._founder_agrees`): undated articles of one topic
   would otherwise chain into one story.
Everything is read from and written to the store inside the caller's transaction (the
article's own write), so a crash leaves articles and stories together, and `rebuild` over
the stored articles in ingest order gives the same stories as the online run.
"""

from __future__ import annotations

import json
import math
import threading
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any, cast

import orjson

from newsgraph.link.features import (
    DOCS,
    KEEP,
    VIEWS,
    Headline,
    Vector,
    Weighted,
    added,
    counts,
    days_between,
    dot,
    heaviest,
    norm,
    weighted,
    within,
)
from newsgraph.model import Article, to_json
from newsgraph.store.base import Store

FEATURES = (
    "text_centroid", "entities_average", "title_average", "lead_average", "gap_log_days",
    "text_founder", "subject",
)
_FOUNDER_TEXT = FEATURES.index("text_founder")
SUMMED = tuple(v for v in VIEWS if v != "what")  # the founder's what is compared alone
WINDOW_DAYS = 365  # a story whose dates lie a year or more away is not joined
PER_KEY = 20  # index rows read per key: the most recent members that carry it
MAX_CANDIDATES = 10  # stories scored per article, those sharing the most keys
WHO_KEEP = 20  # who-counts a story keeps for its label
PROFILES_KEPT = 256  # story profiles kept decoded (`Decoded`)
TERMS_KEPT = 200_000  # document frequencies a linker keeps before writing and forgetting them

Scored = tuple[str, list[float], float]  # a candidate: story id, features, founder's text cosine
Choice = Callable[[Sequence[Scored]], str | None]


@dataclass(slots=True)
class Profile:
    """A story as the linker sees it: its size, dates, vector sums and label."""

    id: str
    size: int = 0
    first: str | None = None
    last: str | None = None
    sums: dict[str, Vector] = field(default_factory=dict)
    founder: dict[str, Vector] = field(default_factory=dict)  # its first member's vectors
    founded_when: str = ""  # and the when of its main event
    label: dict[str, str] = field(default_factory=dict)
    whos: dict[str, int] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict, repr=False)  # not stored: `norm`

    def pack(self) -> bytes:
        """As stored: compact JSON (orjson), zlib-compressed."""
        fields = {name: getattr(self, name) for name in self.__slots__ if name != "derived"}
        return zlib.compress(orjson.dumps(fields), 1)

    @classmethod
    def unpack(cls, blob: bytes) -> Profile:
        return cls(**orjson.loads(zlib.decompress(blob)))

    def distance(self, day: str | None) -> int | None:
        """Days between `day` and the story's span (0 inside it), None when undated."""
        if day is None or self.first is None or self.last is None:
            return None
        return max(0, days_between(day, self.last), days_between(self.first, day))

    def joined(self, w: Weighted) -> Profile:
        """The story with one more member: sums, dates and the label's who (this profile
        unchanged: decoded ones are shared, `Decoded`)."""
        p = replace(
            self, size=self.size + 1, sums=dict(self.sums), whos=dict(self.whos), derived={}
        )
        if not p.founder:
            p.founder = {v: heaviest(w.vectors[v], KEEP[v]) for v in VIEWS}
            p.founded_when = w.counts.headline.when
        for view in SUMMED:
            p.sums[view] = added(p.sums.get(view, {}), w.vectors[view], KEEP[view])
        day = w.counts.day
        if day is not None:
            p.first = min(p.first or day, day)
            p.last = max(p.last or day, day)
        h = w.counts.headline
        who = h.who_key
        if who:
            p.whos[who] = p.whos.get(who, 0) + 1
            p.whos = dict(sorted(p.whos.items(), key=lambda kv: (-kv[1], kv[0]))[:WHO_KEEP])
        label_who = Headline(**p.label).who_key if p.label else ""
        if not p.label or (who and p.whos.get(who, 0) > p.whos.get(label_who, 0)):
            p.label = asdict(h)
        return p

    def norm(self, view: str) -> float:
        """The length of a view's sum (once per profile: a kept one is scored again)."""
        if view not in self.derived:
            self.derived[view] = norm(self.sums.get(view, {}))
        return float(self.derived[view])

    def subject(self) -> str | None:
        """Its heaviest entity (ties by key), once per profile."""
        if "subject" not in self.derived:
            ents = self.sums.get("ents", {})
            top = min(ents.items(), key=lambda kv: (-kv[1], kv[0]))[0] if ents else None
            self.derived["subject"] = top
        return cast("str | None", self.derived["subject"])

    def founding(self) -> Profile:
        """The story as its first report alone (its vectors, no dates)."""
        return Profile(self.id, size=1, sums=self.founder, founder=self.founder)

    def label_text(self) -> str:
        return Headline(**self.label).text() if self.label else ""


class Decoded:
    """Stored profiles decoded, the `size` most recently used kept by story id with the
    bytes they were decoded from: a profile read again is decoded again only when its stored
    bytes differ, so a kept one can never stand for another state of the store (a write
    rolled back, another process's, another store). Kept profiles are shared: never changed
    in place (`Profile.joined`)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[str, tuple[bytes, Profile]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, story_id: str, blob: bytes) -> Profile:
        """The profile stored as `blob`."""
        with self._lock:
            kept = self._kept.get(story_id)
        profile = kept[1] if kept is not None and kept[0] == blob else Profile.unpack(blob)
        self.keep(blob, profile)
        return profile

    def keep(self, blob: bytes, profile: Profile) -> None:
        with self._lock:
            self._kept[profile.id] = (blob, profile)
            self._kept.move_to_end(profile.id)
            if len(self._kept) > self.size:
                self._kept.popitem(last=False)


DECODED = Decoded(PROFILES_KEPT)


def pair_features(w: Weighted, story: Profile) -> list[float]:
    """The features of (article, story), in `FEATURES` order: the text's cosine to the
    story's centroid, the average cosine of entities, title and lead to its members, the
    gap in days (log), the text's cosine to its first report, and the article's weight on
    the story's subject (`subject`). When either is undated the gap is the window's full
    width: without a date the text and names must carry the match whatever the dates would
    have been, never a typical gap assumed."""
    n = max(story.size, 1)
    gap = story.distance(w.counts.day)
    text = story.sums.get("text", {})
    return [
        dot(w.vectors["text"], text) / (story.norm("text") or 1.0),
        dot(w.vectors["ents"], story.sums.get("ents", {})) / n,
        dot(w.vectors["title"], story.sums.get("title", {})) / n,
        dot(w.vectors["lead"], story.sums.get("lead", {})) / n,
        math.log1p(WINDOW_DAYS if gap is None else gap),
        dot(w.vectors["text"], story.founder.get("text", {})),
        subject(w, story),
    ]


def subject(w: Weighted, story: Profile) -> float:
    """The article's weight (in its unit entity vector) on the story's heaviest entity: does
    it report on what the story is about (Equifax in every report of its breach, weeks
    apart), or only on something alike (two airline incidents of one day, with no name in
    common but an airport)?"""
    top = story.subject()
    return 0.0 if top is None else w.vectors["ents"].get(top, 0.0)


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic regression over `FEATURES`: P(same story) = sigmoid(bias + w · x); a story
    takes an article at `threshold` or above."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    undated_text: float = 0.0  # an undated pair's least text cosine to the first report

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


@cache
def load_model() -> Model:
    """The shipped weights (`link/data/story_model.json`)."""
    path = resources.files("newsgraph.link").joinpath("data/story_model.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError(f"story_model.json has features {data['features']}, not {FEATURES}")
    return Model(
        tuple(data["weights"]), float(data["bias"]), float(data["threshold"]),
        float(data["undated_text"]),
    )


class StoryLinker:
    """Assigns articles to stories in a store; `add(article)` inside the article's write."""

    def __init__(self, store: Store, model: Model | None = None, every: bool = False) -> None:
        self.store = store
        self.model = model  # the shipped one unless given, loaded on first use
        self.every = every  # fitting only: every story is a candidate, not the index's few
        self._df: dict[str, int] = {}  # frequencies of the terms seen, counts not yet written
        self._pending: Counter[str] = Counter()  # counted since the last flush (in _df too)

    def flush(self) -> None:
        """Write the document frequencies counted since the last flush (after the last
        `add` of a transaction: the stories themselves are written as they change)."""
        if self._pending:
            self.store.add_story_df(self._pending)
        self._pending = Counter()

    def add(self, article: Mapping[str, Any], choose: Choice | None = None) -> str:
        """Put one stored article (its `Article.to_dict()`) into a story; the story's id.

        `choose` (for fitting) is shown every candidate with its features and its text
        cosine to the story's first report, and names the story to join (or None for a new
        one) instead of the model."""
        c = counts(article, self.store.article_corpus_entities(article["id"]))
        w = weighted(c, self._count(c.terms()))
        keys = w.index_keys()
        candidates = self._candidates(w, keys)
        features = [pair_features(w, p) for p in candidates]
        scored = [(p.id, x, x[_FOUNDER_TEXT]) for p, x in zip(candidates, features, strict=True)]
        scored = [
            s
            for s, p in zip(scored, candidates, strict=True)
            if p.distance(w.counts.day) is not None or self._founder_agrees(w, p, s[2])
        ]
        chosen = choose(scored) if choose is not None else self._best(scored)
        profiles = {p.id: p for p in candidates}
        if chosen is not None and chosen not in profiles:
            profiles.update(self._profiles([chosen]))
        story = (profiles.get(chosen or "") or Profile(article["id"][:16])).joined(w)
        blob = story.pack()
        self.store.save_story(
            story.id, story.label_text(), story.first, story.last, story.size, blob,
            article["id"], c.day, keys,
        )  # fmt: skip
        DECODED.keep(blob, story)
        return story.id

    def _count(self, terms: set[str]) -> dict[str, int]:
        """Count the article in the document frequencies (one more document, one more for
        each of its terms): the frequencies of its terms after. Stored ones are read once
        per linker; the counts are written by `flush`."""
        if len(self._df) > TERMS_KEPT:
            self.flush()
            self._df.clear()
        keys = [DOCS, *sorted(terms)]
        missing = [t for t in keys if t not in self._df]
        stored = self.store.story_df(missing) if missing else {}
        for t in missing:
            self._df[t] = stored.get(t, 0)
        for t in keys:
            self._df[t] += 1
        self._pending.update(keys)
        return {t: self._df[t] for t in keys}

    def _model(self) -> Model:
        self.model = self.model or load_model()
        return self.model

    def _founder_agrees(self, w: Weighted, story: Profile, text: float) -> bool:
        """Whether the article reports what the story's first report did: the same who (a
        shared named entity), the same what (a title word other than a name), the same when
        (the when of their main events, both unstated or both the same), a text as close to
        it (`text`) as the median report of one happening is to its first report in the
        training events (`Model.undated_text`), and the model would put it with that first
        report alone. A pair without a publication date must pass this: a topic drifts as a
        story gathers members, a happening stays what its first report told, and without
        dates only closeness tells one happening from one topic."""
        model = self._model()
        f = story.founding()
        shares = all(dot(w.vectors[v], f.sums.get(v, {})) > 0 for v in ("ents", "what"))
        same_when = w.counts.headline.when == story.founded_when
        close = text >= model.undated_text
        return (
            same_when and shares and close
            and model.probability(pair_features(w, f)) >= model.threshold
        )

    def _best(self, scored: Sequence[Scored]) -> str | None:
        model = self._model()
        best, best_p = None, model.threshold
        for story_id, x, _ in scored:  # candidates come most-shared first: ties keep that order
            p = model.probability(x)
            if p > best_p or (best is None and p == best_p):
                best, best_p = story_id, p
        return best

    def _candidates(self, w: Weighted, keys: Sequence[str]) -> list[Profile]:
        day = w.counts.day
        span = within(day, WINDOW_DAYS)
        limit = None if self.every else MAX_CANDIDATES
        found = self.store.story_candidates(keys, PER_KEY, span, limit)
        ranked = [story_id for story_id, _, _ in found]
        if self.every:  # each story once more, those the index did not find after its own
            shared = {s: n for s, n, _ in found}
            order = {s: (0, first) for s, _, first in found}
            for i, r in enumerate(self.store.rows("SELECT id, last FROM stories")):
                if span is None or r["last"] is None or span[0] <= r["last"] <= span[1]:
                    shared[r["id"]] = shared.get(r["id"], 0) + 1
                    order.setdefault(r["id"], (1, i))
            ranked = sorted(shared, key=lambda s: (-shared[s], order[s]))
        profiles = self._profiles(ranked)
        return [
            profiles[s]
            for s in ranked
            if s in profiles and (profiles[s].distance(day) or 0) <= WINDOW_DAYS
        ]

    def _profiles(self, ids: Sequence[str]) -> dict[str, Profile]:
        return {k: DECODED.get(k, blob) for k, blob in self.store.story_profiles(ids).items()}

    def rebuild(self) -> None:
        """Every story anew from the stored articles in ingest order, inside the caller's
        transaction."""
        self.store.clear_stories()
        self._df.clear()
        self._pending.clear()
        for article in self.store.iter_articles():
            self.add(article)
        self.flush()


def story_view(article: Article) -> dict[str, Any]:
    """What a story reads of `Article.to_dict()` (`features.counts`): the texts and date,
    each entity with its mentions' kind and text, and the best candidate of who, what,
    where and when, without serialising the article's other facts."""
    entities = [
        {
            "id": e.id, "name": e.name, "type": e.type,
            "mentions": [{"kind": m.kind, "text": m.text} for m in e.mentions],
        }
        for e in article.entities
    ]  # fmt: skip
    best = {w: getattr(article.summary, w)[:1] for w in ("who", "what", "where", "when")}
    return {
        "id": article.id, "title": article.title, "lede": article.lede, "text": article.text,
        "published": article.published, "entities": entities,
        "summary": {w: to_json(c) for w, c in best.items() if c},
    }  # fmt: skip


def assign_stories(store: Store, articles: Sequence[Article]) -> None:
    """The ingest hook: put each article a batch wrote into a story, in order (after
    `link_entities`, whose corpus entities are its entity features)."""
    linker = StoryLinker(store)
    for article in articles:
        linker.add(story_view(article))
    linker.flush()


def restory(store: Store) -> int:
    """Rebuild every story from the stored articles (`newsgraph restory`), in one transaction
    (readers see the old stories until it commits); the number of stories."""
    with store.transaction():
        StoryLinker(store).rebuild()
    return int(store.stats()["stories"])
