"""Whether an event report and a corpus event are one happening: a logistic regression over
pair features, fitted on the tune half of the corpus-event gold with cross-validation
(`eval/corpus_events_train.py`, weights and threshold in `link/data/event_model.json`).

Merging (`events.py`) asks the model only about candidates its indexes found that nothing
rules out (statuses, days, destinations, participants each lacks the other's); the model
weighs what remains: shared participants, the same or another place, the same word in
articles about the same subjects, how far apart the days they were told are.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache

from newsgraph.link.logistic import Logistic, shipped
from newsgraph.store.base import Row

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
