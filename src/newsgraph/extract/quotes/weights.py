"""The learned attribution model: lexicons and logistic regressions, stored as JSON.

`eval/attribution.py` trains it on PolNeAR train with scikit-learn and writes
`data/attribution.json`; here it is loaded (offline, once) and applied as sums of weights,
so scikit-learn is never needed at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Weights:
    """One logistic regression: feature → weight, and the intercept."""

    coef: dict[str, float]
    bias: float

    def score(self, features: Iterable[str]) -> float:
        """The log-odds of the features."""
        get = self.coef.get
        return self.bias + sum([get(f, 0.0) for f in features])

    def probability(self, features: Iterable[str]) -> float:
        z = self.score(features)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass(frozen=True, slots=True)
class Model:
    """The learned lexicons, the regressions and their thresholds.

    `screen` is a cheap first look at a lexicon word (its key, relation and children's
    relations): a word it scores below `screen_at` is dropped before its frame is read.
    `part` picks a cue's content parts, `inner` the words of a part that stay in the content,
    `cue` accepts a word as an attribution's cue at `threshold`.
    """

    cues: frozenset[str]  # "lemma|POS" of the words that anchored attributions in train
    # source kinds (`frames.source_kind`) beyond named people and organisations that were
    # the gold source in train ("noun:spokesman", "noun:poll", "adj:many")
    sources: frozenset[str]
    screen: Weights
    part: Weights
    inner: Weights
    cue: Weights
    screen_at: float
    threshold: float


def _weights(raw: object) -> Weights:
    assert isinstance(raw, dict)
    return Weights({str(k): float(v) for k, v in raw["coef"].items()}, float(raw["bias"]))


def model_from(raw: dict[str, object]) -> Model:
    """A Model from its JSON form (as `eval/attribution.py` writes it)."""
    cues, sources = raw["cues"], raw["sources"]
    assert isinstance(cues, list) and isinstance(sources, list)
    return Model(
        frozenset(cues),
        frozenset(sources),
        _weights(raw["screen"]),
        _weights(raw["part"]),
        _weights(raw["inner"]),
        _weights(raw["cue"]),
        float(str(raw["screen_at"])),
        float(str(raw["threshold"])),
    )


def model_json(model: Model) -> dict[str, object]:
    """The JSON form of a Model."""

    def weights(w: Weights) -> dict[str, object]:
        return {"coef": dict(sorted(w.coef.items())), "bias": w.bias}

    return {
        "cues": sorted(model.cues),
        "sources": sorted(model.sources),
        "screen": weights(model.screen),
        "part": weights(model.part),
        "inner": weights(model.inner),
        "cue": weights(model.cue),
        "screen_at": model.screen_at,
        "threshold": model.threshold,
    }


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model (`data/attribution.json`), loaded once."""
    raw = resources.files("newsgraph.extract.quotes").joinpath("data/attribution.json")
    return model_from(json.loads(raw.read_text(encoding="utf-8")))
