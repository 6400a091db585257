"""Accuracy gate: quote extraction on PolNeAR dev (eval/quotes.py), floors a little below measured.

`.venv/bin/python eval/quotes.py` prints these beside textacy's direct_quotations on the
same articles (textacy is an optional `eval` extra, so it is reported, not gated).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear"

# (category, metric) → (P, R, F1) floors; measured 2026-12-06 on dev (84 articles), with the
# attribution model of eval/attribution.py (fit part of train, 5-fold CV: all speaker F1
# 0.707; held-out fifth of train: all speaker 0.751 0.636 0.689):
# direct   speaker 0.922 0.925 0.923 | ≥50% 0.971 0.980 0.976 | exact 0.915 0.963 0.938
# mixed    speaker 0.782 0.743 0.762 | ≥50% 0.827 0.804 0.815
# indirect speaker 0.716 0.593 0.649 | ≥50% 0.758 0.626 0.686
# all      speaker 0.783 0.677 0.726 | ≥50% 0.824 0.714 0.765
FLOORS = {
    ("direct", "speaker"): (0.90, 0.90, 0.90),
    ("direct", "content_50"): (0.95, 0.96, 0.95),
    ("direct", "content_exact"): (0.89, 0.94, 0.91),
    ("mixed", "speaker"): (0.76, 0.72, 0.74),
    ("mixed", "content_50"): (0.80, 0.78, 0.79),
    ("indirect", "speaker"): (0.70, 0.57, 0.63),
    ("indirect", "content_50"): (0.74, 0.60, 0.66),
    ("all", "speaker"): (0.77, 0.66, 0.71),
    ("all", "content_50"): (0.80, 0.69, 0.74),
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
