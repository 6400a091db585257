"""Accuracy gate: quote extraction on PolNeAR dev (eval/quotes.py), floors a little below measured.

Measured (eval/quotes.py, dev, 84 articles) — see the floors below; textacy's
direct_quotations on the same articles is reported by the script, not gated.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear"

# (category, metric) → (P, R, F1) floors
FLOORS = {
    ("direct", "speaker"): (0.87, 0.92, 0.90),
    ("direct", "content_50"): (0.90, 0.90, 0.90),
    ("direct", "content_exact"): (0.78, 0.84, 0.81),
    ("indirect", "content_50"): (0.80, 0.30, 0.44),
    ("indirect", "speaker"): (0.75, 0.27, 0.40),
}


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("newsgraph_eval_quotes", ROOT / "eval/quotes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, tuple[float, float, float]]]:
    if not (POLNEAR / "dev").is_dir():
        pytest.skip(f"PolNeAR dev not found at {POLNEAR} (../shared/corpus beside the repo)")
    result = _eval_module().evaluate("dev", textacy=False)
    assert result["articles"] == 84
    return result["scores"]["newsgraph"]  # type: ignore[no-any-return]


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize(("category", "metric"), sorted(FLOORS))
def test_floor(
    scores: dict[str, dict[str, tuple[float, float, float]]], category: str, metric: str
) -> None:
    measured = scores[category][metric]
    for name, got, floor in zip(("P", "R", "F1"), measured, FLOORS[category, metric], strict=True):
        assert got >= floor, f"{category} {metric} {name} {got:.3f} < floor {floor}"
