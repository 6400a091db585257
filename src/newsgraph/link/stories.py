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

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from newsgraph.link.features import DOCS, Weighted, counts, dot, weighted, within
from newsgraph.link.logistic import Logistic, shipped
from newsgraph.link.story_profile import (
    FEATURES,
    WINDOW_DAYS,
    Decoded,
    Profile,
    pair_features,
)
from newsgraph.model import Article, to_json
from newsgraph.store.base import Store

_FOUNDER_TEXT = FEATURES.index("text_founder")
PER_KEY = 20  # index rows read per key: the most recent members that carry it
MAX_CANDIDATES = 10  # stories scored per article, those sharing the most keys
# stored bytes of the story profiles kept decoded (`Decoded`), some 1,700 BBC stories: ~5.5
# times as much in memory (the bytes and their dicts); one decoded again costs ~.1 ms
PROFILE_BYTES_KEPT = 16 * 2**20
TERMS_KEPT = 200_000  # document frequencies a linker keeps before writing and forgetting them

Scored = tuple[str, list[float], float]  # a candidate: story id, features, founder's text cosine
Choice = Callable[[Sequence[Scored]], str | None]
DECODED = Decoded(PROFILE_BYTES_KEPT)


@dataclass(frozen=True, slots=True)
class Model(Logistic):
    """A logistic regression over `FEATURES`: a story takes an article at `threshold` or
    above."""

    undated_text: float = 0.0  # an undated pair's least text cosine to the first report


@cache
def load_model() -> Model:
    """The shipped weights (`link/data/story_model.json`)."""
    data = shipped("story_model.json", FEATURES)
    return Model(
        tuple(data["weights"]), float(data["bias"]), float(data["threshold"]),
        float(data["undated_text"]),
    )  # fmt: skip


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
