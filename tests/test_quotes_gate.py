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

# (category, metric) → (P, R, F1) floors; measured 2026-11-29 on dev (84 articles):
# direct   speaker 0.925 0.922 0.923 | ≥50% 0.966 0.973 0.969 | exact 0.915 0.960 0.937
# indirect speaker 0.769 0.379 0.508 | ≥50% 0.861 0.379 0.526 (indirect and mixed together)
FLOORS = {
    ("direct", "speaker"): (0.90, 0.90, 0.90),
    ("direct", "content_50"): (0.94, 0.95, 0.95),
    ("direct", "content_exact"): (0.89, 0.93, 0.91),
    ("indirect", "content_50"): (0.83, 0.35, 0.50),
    ("indirect", "speaker"): (0.73, 0.35, 0.48),
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
