"""Corpus events: one per real event, whatever the number of reports, across articles.

Each stored event (a report) joins an existing corpus event or founds one, in arrival order,
inside the batch's transaction, after entity linking (`merge_events`, a corpus hook). A
report of a mergeable type (`MERGED`: meet, travel, call, agreement, …; statements and
`other` stay one corpus event each) looks its candidates up by index: corpus events of the
same type whose window of days overlaps its own (`reports.Report`) with one of its
participants, its place, or its trigger's stem in an article about one of the same subjects
("return@All Nippon Airways": an article's `SUBJECTS` most mentioned corpus entities,
outlets and the event's own participants and place aside). A candidate can be the same event
(`possible`) when
- both are actual (happened, planned, uncertain) or of the same status;
- their participants share one and neither adds someone the other lacks: Trump–Obama and
  Obama–Trump–Pence meet alike, Trump–Obama and Trump–Abe on the same day do not;
- with no participants on one side, the place is the same corpus entity, for the types a
  place identifies (`PLACED`: an attack, an accident, deaths), or for any type in articles
  about one of the same subjects ("returned to Los Angeles" in two reports of the All Nippon
  Airways flight to Tokyo, not a probe landing in the Pacific);
- a trip to another destination is another trip;
- an attack and an accident are one event only at the same place (`KINDRED`: the truck
  driven into the crowd in Nice, an attack in one report and a crash in another);
- with no participants on one side and no place in common, their reports name the event by
  the same word in articles about `SHARED` of the same subjects: the Tokyo flight that
  "returned" in reports of All Nippon Airways and Los Angeles International Airport that name
  neither a traveller nor a place, the driver "arrested" after the Croydon tram crash (a
  word alone is not enough: every article has its "talks" and "attacks").
Whether a possible candidate is the same event is then the pair model's to say
(`event_model`: a logistic regression over shared participants, places, subjects, the days
between them …, fitted on the tune half of the gold by eval/corpus_events_train.py); a
report with neither participants nor place that names its event by a definite noun phrase
("the attack", "the crash") is the event of its type its own article reported first, when
their days agree (news refers back).
The most probable candidate (then the one of most articles) takes the report, and the other
candidates it fits that do not conflict with it (`compatible`) are folded into it, their
ids gone: one report naming the gunman and the town shows that the event of the gunman and the
event in the town were one. Its window narrows to the days both allow, so three reports of a
"Tuesday" meeting published on different days agree on one date, and a later meeting of the
same people (another month) stays apart. Its `time` is the value its reports give most often
("2016-11-10"; a report that only has its publication date gives none).

New corpus events, their index rows and the reports' links are written together before the
next lookup (and at the end of each article): most reports (statements, `other`) found an
event no later report of the article looks up.

A corpus event's id is the content hash of its founding report (article id and event id):
the same corpus in the same order gives the same ids at once, day by day, after a kill -9
and resume, and in `relink`, which rebuilds every corpus event from the stored articles
(`rebuild`). Hand corrections of corpus entities reindex the events they touch (`refresh`).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import snowballstemmer

from newsgraph.link import event_model
from newsgraph.link.event_model import KINDRED, compatible, pair, possible, same_days, same_status
from newsgraph.link.reports import Report, outlets_of, reports
from newsgraph.model import EVENT_TYPES, Article, content_id, from_json
from newsgraph.store.base import IndexRow, LinkRow, Row, Store

MERGED = frozenset(EVENT_TYPES) - {"statement", "other"}  # those stay one report each
SUBJECTS = 3  # an article's most mentioned corpus entities: what it is about (tune grid)
_ENGLISH = snowballstemmer.stemmer("english")  # keeps state while it stems: one at a time
_STEMMING = threading.Lock()


def stem(trigger: str) -> str:
    """The trigger's first word without its inflection, by the Snowball English stemmer:
    "returned", "returning" → "return", "crashes" → "crash", "derailment" → "derail"."""
    return _stem_word((trigger.lower().split() or [""])[0])


@functools.lru_cache(maxsize=8192)
def _stem_word(word: str) -> str:
    """A word's stem, each word stemmed once (triggers are a small vocabulary)."""
    with _STEMMING:
        return str(_ENGLISH.stemWord(word))


def _entities(r: Report, subjects: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Index keys of a report: its participants, its place, and its trigger's stem in an
    article about each of `subjects` but its own participants and place ("return@<corpus
    entity>", role `subject`)."""
    pairs = [(p, "participant") for p in r.participants]
    if r.place is not None and r.place not in r.participants:
        pairs.append((r.place, "place"))
    if not subjects:
        return pairs
    word = stem(r.trigger)
    own = {r.place, *r.participants}
    return pairs + [(f"{word}@{s}", "subject") for s in subjects if s not in own]


def _index(
    event_id: str, type: str, lo: str | None, hi: str | None, keys: Iterable[tuple[str, str]]
) -> list[IndexRow]:
    """The index rows of a corpus event's (key, role) pairs."""
    return [(type, key, event_id, role, lo, hi) for key, role in keys]


# Chooses, for a report, the candidates it joins (best first) from the possible ones.
Choice = Callable[[Report, Sequence[tuple[event_model.Pair, Row]]], list[Row]]


def joins(
    model: event_model.Model,
    pairs: Sequence[tuple[event_model.Pair, Row]],
    seen: list[float] | None = None,
) -> list[Row]:
    """The candidates the model joins a report to, most probably the same happening first,
    then most articles; every pair's probability is added to `seen` when given."""
    scored = [(model.probability(p.vector()), c) for p, c in pairs]
    if seen is not None:
        seen += [s for s, _c in scored]
    scored = [(s, c) for s, c in scored if s >= model.threshold]
    scored.sort(key=lambda sc: (-sc[0], -int(sc[1]["articles"]), sc[1]["id"]))
    return list({c["id"]: c for _s, c in scored}.values())


class EventMerger:
    """Merges the events of each article handed to it; state lives in the store only."""

    def __init__(
        self, store: Store, model: event_model.Model | None = None, choose: Choice | None = None
    ) -> None:
        self.store = store
        self.model = model  # the shipped one unless given, loaded on first use
        self.choose = choose  # instead of the model (training replays the gold)
        self._filed: dict[str, list[str]] = {}
        self._context: frozenset[str] = frozenset()  # this article's corpus entities
        self._seen: dict[str, frozenset[str]] = {}  # other articles' corpus entities
        self._subjects: list[str] = []  # what this article is about (`subjects`)
        # new corpus events, their index rows and every report's link, written in one go
        # before the next read (`_flush`): most reports found an event no one looks up
        self._founded: list[Row] = []
        self._indexed: list[IndexRow] = []
        self._linked: list[LinkRow] = []

    def merge_article(self, article: Article) -> None:
        """Every event of one article joins or founds its corpus event."""
        if not article.events:
            return
        types = {e.id: e.type for e in article.entities}
        linked = {
            e: (c, types[e]) for e, c in self.store.article_corpus_entities(article.id).items()
            if e in types
        }  # fmt: skip
        own = outlets_of(article)
        roles = self.store.roles_of(sorted({c for c, _t in linked.values()}))
        excluded = own | {
            e for e, r in roles.items() if r["outlet"] or r["place"] > r["participant"]
        }
        counts: dict[str, list[int]] = {}
        for e in own:
            if e in linked:
                counts.setdefault(linked[e][0], [0, 0, 0])[0] = 1
        self._filed = {}  # this article's corpus events by type
        self._context = frozenset(c for c, _t in linked.values()) - excluded
        outlets = own | {e for e, r in roles.items() if r["outlet"]}
        self._subjects = subjects(article, linked, outlets)
        self._seen = {}
        for r in reports(article, linked, excluded):
            self._filed.setdefault(r.type, []).append(self.add(r))
            for entity in r.placed:
                counts.setdefault(entity, [0, 0, 0])[1] += 1
            for entity in r.participants:
                counts.setdefault(entity, [0, 0, 0])[2] += 1
        self._flush()
        self.store.roles_add([(e, c[0], c[1], c[2]) for e, c in counts.items()])

    def add(self, r: Report) -> str:
        """File one report; the id of its corpus event."""
        fits = self._match(r) if r.type in MERGED and r.lo is not None else []
        if not fits:
            event_id = self._found(r)
        else:
            best = self._fold(fits[0], [c for c in fits[1:] if compatible(fits[0], c)])
            event_id = best["id"]
            self._absorb(best, r)
        self._linked.append((r.article_id, r.event_id, event_id, r.anchors, r.place_anchor))
        return event_id

    def _flush(self) -> None:
        """Write the corpus events, index rows and links filed since the last read."""
        if self._founded:
            self.store.events_found(self._founded)
        if self._indexed:
            self.store.event_add_entities(self._indexed)
        if self._linked:
            self.store.event_links(self._linked)
        self._founded, self._indexed, self._linked = [], [], []

    def _match(self, r: Report) -> list[Row]:
        """The corpus events the report fits, best first (most probably the same happening,
        then most articles)."""
        self._flush()
        indexed = _entities(r, self._subjects)
        keys = [e for e, _role in indexed]
        assert r.lo is not None and r.hi is not None
        if not r.participants and r.place is None:  # "the attack": the one of that type
            earlier = self._earlier(r)  # its article already reported first
            if earlier is not None:
                return [earlier]
        subject_keys = [k for k, role in indexed if role == "subject"]
        filed = {e for ids in self._filed.values() for e in ids}
        pairs = [
            (pair(r, c, self._context_shared(c), subject_keys, c["id"] in filed), c)
            for kind in (r.type, *KINDRED.get(r.type, ()))
            for c in self.store.event_candidates(kind, keys, r.lo, r.hi)
            if possible(r, c, subject_keys)
        ]
        if self.choose is not None:
            return self.choose(r, pairs)
        return joins(self.model or event_model.load_model(), pairs)

    def _earlier(self, r: Report) -> Row | None:
        """The event of the report's type its article reported first, when the report names
        its event by a definite noun phrase ("the attack") and their days and status agree
        (news refers back)."""
        if not r.definite:
            return None
        filed = list(dict.fromkeys(self._filed.get(r.type, [])))
        earlier = self.store.corpus_events_by_id(filed)
        order = {e: i for i, e in enumerate(filed)}
        fits = [c for c in earlier if same_days(r, c) and same_status(r, c)]
        return min(fits, key=lambda c: order[c["id"]], default=None)

    def _context_shared(self, c: Row) -> int:
        """How many corpus entities the article that founded `c` shares with the report's
        article, besides the event's own participants and place."""
        article_id = str(c["founded_by"]).split("/")[0]
        if article_id not in self._seen:
            self._seen[article_id] = frozenset(
                self.store.article_corpus_entities(article_id).values()
            )
        own = {*c["participants"], c["place"]}
        return len((self._context & self._seen[article_id]) - own)

    def _found(self, r: Report) -> str:
        event_id = content_id("event", r.article_id, r.event_id)
        self._founded.append(
            {
                "id": event_id,
                "type": r.type,
                "time": r.time,
                "lo": r.lo,
                "hi": r.hi,
                "status": r.status,
                "told": json.dumps({r.time: 1} if r.time else {}),
                "articles": 1,
                "reports": 1,
                "first_seen": r.published,
                "last_seen": r.published,
                "founded_by": r.anchor,
            }
        )
        # subject keys only find candidates, and only a mergeable report looks for them
        subjects = self._subjects if r.type in MERGED else ()
        self._indexed += _index(event_id, r.type, r.lo, r.hi, _entities(r, subjects))
        return event_id

    def _fold(self, best: Row, others: Sequence[Row]) -> Row:
        """Fold into `best` the corpus events a report shows to be the same happening (it
        fits each of them and they do not conflict): their reports, told times, window and
        entities; `best` as it is now."""
        if not others:
            return best
        rows = [best, *others]
        told: dict[str, int] = {}
        for c in rows:
            for t, n in json.loads(c["told"]).items():
                told[t] = told.get(t, 0) + n
        lo, hi = max(c["lo"] for c in rows), min(c["hi"] for c in rows)
        if lo > hi:  # they overlap the report, not one another: keep the best's days
            lo, hi = best["lo"], best["hi"]
        seen = [d for c in rows for d in (c["first_seen"], c["last_seen"]) if d]
        fields: dict[str, Any] = {
            "reports": sum(int(c["reports"]) for c in rows),
            "told": json.dumps(told, sort_keys=True),
            "time": _most_told(told) if told else best["time"],
            "lo": lo, "hi": hi,
        }  # fmt: skip
        if any(c["status"] == "happened" for c in rows):
            fields["status"] = "happened"
        if seen:
            fields["first_seen"], fields["last_seen"] = min(seen), max(seen)
        place = best["place"]
        new: list[tuple[str, str]] = []
        for c in others:
            new += [(p, "participant") for p in c["participants"]]
            new += [(k, "subject") for k in c["subjects"]]
            if place is None and c["place"] is not None:
                place = c["place"]
                new.append((place, "place"))
        self.store.events_fold(best["id"], [c["id"] for c in others])
        known = {*best["participants"], *best["subjects"]}
        self.store.event_add_entities(_index(
            best["id"], best["type"], lo, hi,
            [(e, role) for e, role in dict.fromkeys(new) if e not in known],
        ))  # fmt: skip
        self.store.event_update(best["id"], fields)
        return self.store.corpus_events_by_id([best["id"]])[0]

    def _absorb(self, c: Row, r: Report) -> None:
        assert r.lo is not None and r.hi is not None
        lo, hi = max(c["lo"], r.lo), min(c["hi"], r.hi)
        fields: dict[str, Any] = {"reports": int(c["reports"]) + 1}
        if not self.store.event_reported_in(c["id"], r.article_id):
            fields["articles"] = int(c["articles"]) + 1
        if (lo, hi) != (c["lo"], c["hi"]):
            fields["lo"], fields["hi"] = lo, hi
        if r.time is not None:
            told = json.loads(c["told"])
            told[r.time] = told.get(r.time, 0) + 1
            fields["told"] = json.dumps(told, sort_keys=True)
            fields["time"] = _most_told(told)
        if r.status == "happened" and c["status"] != "happened":
            fields["status"] = "happened"
        dates = [d for d in (c["first_seen"], c["last_seen"], r.published) if d]
        if dates:
            fields["first_seen"], fields["last_seen"] = min(dates), max(dates)
        self.store.event_update(c["id"], fields)
        new = [
            (e, role) for e, role in _entities(r, self._subjects)
            if e not in c["participants"] and e not in c["subjects"]
        ]  # fmt: skip
        if c["place"] is not None:
            new = [(e, role) for e, role in new if role != "place"]
        self.store.event_add_entities(_index(c["id"], c["type"], lo, hi, new))


def subjects(
    article: Article, linked: Mapping[str, tuple[str, str]], outlets: set[str]
) -> list[str]:
    """The `SUBJECTS` corpus entities the article mentions most (first mentioned first on a
    tie), media outlets aside: what it is about."""
    ranked = sorted(
        (e for e in article.entities if e.id in linked and e.mentions and e.id not in outlets
         and linked[e.id][0] not in outlets),
        key=lambda e: (-len(e.mentions), e.mentions[0].start),
    )  # fmt: skip
    return list(dict.fromkeys(linked[e.id][0] for e in ranked))[:SUBJECTS]


def _most_told(told: dict[str, int]) -> str:
    """The time the reports give most often; on a tie the more precise, then the earlier."""
    return min(told, key=lambda t: (-told[t], -len(t), t))


def merge_events(store: Store, articles: Sequence[Article]) -> None:
    """The ingest hook: file the events of the articles a batch wrote, in order (after
    entity linking, inside the batch's transaction)."""
    merger = EventMerger(store)
    for article in articles:
        merger.merge_article(article)


def rebuild(store: Store) -> int:
    """Every corpus event again from the stored articles in ingest order (inside the
    caller's transaction, after the corpus entities are rebuilt); how many there are."""
    store.events_reset()
    merger = EventMerger(store)
    for data in store.iter_articles():
        merger.merge_article(from_json(Article, data))
    return int(store.rows("SELECT count(*) AS c FROM corpus_events")[0]["c"])


def refresh(store: Store, entities: Iterable[str]) -> None:
    """Index again the participants and places of the corpus events that name these corpus
    entities, from their reports' article entities (after a hand merge or split)."""
    events = store.events_of_entities(sorted(set(entities)))
    for event in store.corpus_events_by_id(events):
        store.event_clear_entities(event["id"])
        links: dict[str, dict[str, str]] = {}
        pairs: list[tuple[str, str]] = []
        for rep in store.event_reports([event["id"]]):
            if rep["article_id"] not in links:
                links[rep["article_id"]] = store.article_corpus_entities(rep["article_id"])
            mine = links[rep["article_id"]]
            pairs += [(mine[a], "participant") for a in rep["participants"] if a in mine]
            if rep["place"] in mine:
                pairs.append((mine[rep["place"]], "place"))
        seen: dict[str, str] = {}
        for entity, role in pairs:
            if seen.get(entity) != "participant":
                seen[entity] = role
        store.event_add_entities(
            _index(event["id"], event["type"], event["lo"], event["hi"], sorted(seen.items()))
        )
