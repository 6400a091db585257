"""Whether an event report and a corpus event are one happening: a logistic regression over
pair features, fitted on the tune half of the corpus-event gold with cross-validation
(`eval/corpus_events_train.py`, weights and threshold in `link/data/event_model.json`).

Merging (`events.py`) asks the model only about candidates its indexes found that the gates
here do not rule out (`possible`: statuses, days, destinations, participants each lacks the
other's; `compatible` for folding two corpus events); the model weighs what remains:
shared participants, the same or another place, the same word in articles about the same
subjects, how far apart the days they were told are.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from newsgraph.link.logistic import Logistic, shipped
from newsgraph.link.reports import Report
from newsgraph.store.base import Row

ACTUAL = frozenset({"happened", "planned", "uncertain"})
# Types whose place and day identify the happening when no participant is known ("the attack
# in Nice"); a trip or a meeting needs who, or articles about the same thing (many things
# land in the Pacific Ocean).
PLACED = frozenset({"attack", "accident", "death_injury"})
# Types one happening is told as: a truck driven into a crowd is an attack in one report and a
# crash in another; at the same place on the same days they are one event.
KINDRED = {"attack": ("accident",), "accident": ("attack",)}
SHARED = 2  # subject keys that tie reports naming no one without a place (a word alone
# is not enough: every article has its "talks" and "attacks")

# What a pair is described by (`Pair.vector` gives them in this order).
FEATURES = (
    "shared_participants",  # corpus entities both name as participants (at most 3)
    "unnamed",  # one side names no participant
    "same_place",
    "other_place",  # both have a place, not the same
    "same_place_placed",  # the same place for a type a place identifies (attack, accident)
    "shared_context",  # log(1 + corpus entities both articles share besides the event's own)
    "one_subject",  # the candidate has one of the report's subject keys ("return@ANA")
    "subjects",  # the candidate has two or more of them: the same word, articles on one thing
    "both_dated",  # the text dates both (not the publication alone)
    "gap_days",  # log(1 + days between the centres of their windows)
    "same_article",  # the candidate was filed by the report's own article
    "articles",  # log(1 + articles reporting the candidate)
)


@dataclass(frozen=True, slots=True)
class Pair:
    """What is known of one (report, candidate corpus event) pair that passed the gates."""

    shared: int
    unnamed: bool
    same_place: bool
    other_place: bool
    placed_type: bool
    context: int
    subjects: int
    both_dated: bool
    gap: int
    same_article: bool
    articles: int

    def vector(self) -> list[float]:
        return [
            float(min(self.shared, 3)), float(self.unnamed), float(self.same_place),
            float(self.other_place), float(self.same_place and self.placed_type),
            math.log1p(self.context), float(self.subjects == 1),
            float(self.subjects >= 2), float(self.both_dated), math.log1p(self.gap),
            float(self.same_article), math.log1p(self.articles),
        ]  # fmt: skip


def centre(lo: str, hi: str) -> dt.date:
    """The middle day of a window of ISO days."""
    a, b = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
    return a + (b - a) / 2


def gap_days(lo: str, hi: str, c: Row) -> int:
    """Days between the centre of a window and the centre of a corpus event's window."""
    return abs((centre(lo, hi) - centre(c["lo"], c["hi"])).days)


Model = Logistic


@cache
def load_model() -> Model:
    """The shipped weights (`link/data/event_model.json`)."""
    data = shipped("event_model.json", FEATURES)
    return Model(tuple(data["weights"]), float(data["bias"]), float(data["threshold"]))


def compatible(a: Row, b: Row) -> bool:
    """Whether two corpus events can be one happening: no participants each lacks the
    other's, the same destination for a trip, the same place for kindred types."""
    mine, theirs = set(a["participants"]), set(b["participants"])
    if mine and theirs and (not mine & theirs or (mine - theirs and theirs - mine)):
        return False
    if a["type"] == "travel" and a["place"] and b["place"] and a["place"] != b["place"]:
        return False
    return a["type"] == b["type"] or (a["place"] is not None and a["place"] == b["place"])


def same_status(r: Report, c: Row) -> bool:
    return (r.status in ACTUAL and c["status"] in ACTUAL) or r.status == c["status"]


def same_days(r: Report, c: Row) -> bool:
    return not (r.lo is None or c["lo"] is None or r.lo > c["hi"] or c["lo"] > r.hi)


def possible(r: Report, c: Row, keys: Sequence[str]) -> bool:
    """Whether a report can be of a candidate corpus event at all: statuses and days agree,
    a trip goes to the same destination, another type only at the same place (`KINDRED`),
    their participants share one with neither adding someone the other lacks, and with no
    participant in common something else ties them: the same place for a type a place
    identifies (`PLACED`) or in articles on one subject, or the same word in articles about
    `SHARED` of the same subjects (`keys`: the report's subject keys "return@ANA"). Many
    things land in the Pacific Ocean."""
    if not same_status(r, c) or not same_days(r, c):
        return False
    same_place = r.place is not None and r.place == c["place"]
    if r.type == "travel" and r.place and c["place"] and not same_place:
        return False  # another destination, another trip
    if c["type"] != r.type and not same_place:
        return False  # an attack told as a crash: the same place says so
    mine, theirs = set(r.participants), set(c["participants"])
    if mine and theirs:
        return bool(mine & theirs) and not (mine - theirs and theirs - mine)
    shared = len(set(keys) & set(c["subjects"]))
    return (same_place and (r.type in PLACED or shared > 0)) or shared >= SHARED


def pair(r: Report, c: Row, context: int, keys: Sequence[str], same_article: bool) -> Pair:
    """The model's view of a possible pair. `context`: corpus entities the candidate's
    founding article shares with the report's besides the event's own; `keys`: the report's
    `subject` keys (its trigger's stem in an article about each subject)."""
    assert r.lo is not None and r.hi is not None
    mine, theirs = set(r.participants), set(c["participants"])
    return Pair(
        shared=len(mine & theirs), unnamed=not (mine and theirs),
        same_place=r.place is not None and r.place == c["place"],
        other_place=bool(r.place and c["place"] and r.place != c["place"]),
        placed_type=r.type in PLACED, context=context,
        subjects=len(set(keys) & set(c["subjects"])),
        both_dated=r.time is not None and c["told"] not in ("{}", ""),
        gap=gap_days(r.lo, r.hi, c), same_article=same_article,
        articles=int(c["articles"]),
    )  # fmt: skip
