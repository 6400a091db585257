"""The logistic pair models the corpus layer ships (stories: `stories.py`, corpus events:
`event_model.py`): weights fitted by scikit-learn in `eval/`, read from `link/data/`."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Logistic:
    """P(same) = sigmoid(bias + w · x); a pair is taken at `threshold` or above."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


def shipped(name: str, features: Sequence[str]) -> dict[str, Any]:
    """The fitted model `link/data/{name}`, checked to be over `features` in their order."""
    path = resources.files("newsgraph.link").joinpath(f"data/{name}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != tuple(features):
        raise RuntimeError(f"{name} has features {data['features']}, not {tuple(features)}")
    return data
