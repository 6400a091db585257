"""Learned ranking of the summary's candidates: one logistic model per W over the features
each candidate carries.

The weights (`weights.json`, beside this file) are fitted by `eval/fivew_train.py` with
scikit-learn's LogisticRegression on Giveme5W1H gold-dev, with leave-one-topic-out
cross-validation; the file records the library version, the data and the held-apart
figures. Scoring needs no library: a candidate's confidence is the logistic of the weighted
sum of its features.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from newsgraph.model import Candidate

TOP = 5
WEIGHTS = "weights.json"


@dataclass
class Option:
    """A candidate answer and its features (names → values in [0, 1])."""

    text: str
    start: int
    end: int
    value: str | None = None
    features: dict[str, float] = field(default_factory=dict)


class Options:
    """The candidates of one article per W. An answer offered again (the same words and
    value) is one option, at its first mention, each feature at its strongest, with
    `offered` counting the repeats."""

    def __init__(self) -> None:
        self._by: dict[str, dict[tuple[str, str | None], Option]] = {}

    def add(self, w: str, option: Option) -> None:
        key = (option.text.casefold(), option.value)
        bucket = self._by.setdefault(w, {})
        found = bucket.get(key)
        if found is None:
            option.features["offered"] = 0.0
            bucket[key] = option
            return
        merged = {k: max(v, found.features.get(k, 0.0)) for k, v in option.features.items()}
        merged = {**found.features, **merged}
        merged["offered"] = min(1.0, found.features["offered"] + 1 / 3)
        if option.start < found.start:
            found.text, found.start, found.end = option.text, option.start, option.end
        found.features = merged

    def get(self, w: str) -> list[Option]:
        return list(self._by.get(w, {}).values())


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model: feature names, their weights and the intercept."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    table: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", dict(zip(self.names, self.weights, strict=True)))

    def confidence(self, features: dict[str, float]) -> float:
        """The logistic of the weighted sum of the features (a name the model does not
        know weighs nothing)."""
        table = self.table
        z = self.intercept + sum(table.get(n, 0.0) * v for n, v in features.items())
        return 1 / (1 + math.exp(-z))


@lru_cache(maxsize=1)
def models() -> dict[str, Model]:
    """The shipped models per W (read once per process)."""
    data = json.loads(resources.files(__package__).joinpath(WEIGHTS).read_text("utf-8"))
    return {
        w: Model(tuple(m["features"]), tuple(m["weights"]), float(m["intercept"]))
        for w, m in data["models"].items()
    }


def ranked(options: list[Option], model: Model) -> tuple[Candidate, ...]:
    """The best TOP options by the model's confidence, best first."""
    scored = sorted(
        ((model.confidence(o.features), o) for o in options), key=lambda x: (-x[0], x[1].start)
    )
    return tuple(Candidate(o.text, o.start, o.end, round(p, 3), o.value) for p, o in scored[:TOP])
