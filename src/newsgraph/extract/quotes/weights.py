"""The learned attribution model: lexicons and logistic regressions, stored as JSON.

`eval/attribution.py` trains it on PolNeAR train with scikit-learn and writes
`data/attribution.json`; here it is loaded (offline, once) and applied as sums of weights,
so scikit-learn is never needed at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Weights:
    """One logistic regression: feature → weight, and the intercept; `memo` keeps
    probabilities by what their features were made from, for a caller that knows it."""

    coef: dict[str, float]
    bias: float
    memo: dict[tuple[object, ...], float] = field(default_factory=dict, compare=False, repr=False)

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
    `part` picks a cue's content parts, `inner` the words of a part that stay in the content
    (a word it scores below `inner_at` is left out, with what follows it),
    `cue` accepts a word as an attribution's cue at `threshold`, `speaker` its source word.
    """

    cues: frozenset[str]  # "lemma|POS" of the words that anchored attributions in train
    screen: Weights
    part: Weights
    inner: Weights
    cue: Weights
    # whether a source word that is no name or pronoun ("a spokesman", "the poll", "many")
    # is the attribution's source, named as its speaker at `speaker_at`
    speaker: Weights
    screen_at: float
    threshold: float
    speaker_at: float
    inner_at: float = 0.5

    @property
    def cue_logit(self) -> float:
        """`threshold` as log-odds."""
        t = min(max(self.threshold, 1e-9), 1 - 1e-9)
        return math.log(t / (1 - t))


def _weights(raw: object) -> Weights:
    assert isinstance(raw, dict)
    return Weights({str(k): float(v) for k, v in raw["coef"].items()}, float(raw["bias"]))


def model_from(raw: dict[str, object]) -> Model:
    """A Model from its JSON form (as `eval/attribution.py` writes it)."""
    cues = raw["cues"]
    assert isinstance(cues, list)
    return Model(
        frozenset(cues),
        _weights(raw["screen"]),
        _weights(raw["part"]),
        _weights(raw["inner"]),
        _weights(raw["cue"]),
        _weights(raw["speaker"]),
        float(str(raw["screen_at"])),
        float(str(raw["threshold"])),
        float(str(raw["speaker_at"])),
        float(str(raw.get("inner_at", 0.5))),
    )


def model_json(model: Model) -> dict[str, object]:
    """The JSON form of a Model."""

    def weights(w: Weights) -> dict[str, object]:
        return {"coef": dict(sorted(w.coef.items())), "bias": w.bias}

    return {
        "cues": sorted(model.cues),
        "screen": weights(model.screen),
        "part": weights(model.part),
        "inner": weights(model.inner),
        "cue": weights(model.cue),
        "speaker": weights(model.speaker),
        "screen_at": model.screen_at,
        "threshold": model.threshold,
        "speaker_at": model.speaker_at,
        "inner_at": model.inner_at,
    }


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model (`data/attribution.json`), loaded once."""
    raw = resources.files("newsgraph.extract.quotes").joinpath("data/attribution.json")
    return model_from(json.loads(raw.read_text(encoding="utf-8")))
