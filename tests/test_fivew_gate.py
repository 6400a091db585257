"""The 5W1H gate: precision of the top candidate per W on Giveme5W1H gold-dev (eval/fivew.py),
with floors a little below what was measured, and the scoring rules themselves."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsgraph.model import Candidate

ROOT = Path(__file__).parents[1]
GOLD = Path(__file__).parents[2] / "shared" / "corpus" / "giveme5w1h" / "gold-dev"

# Measured 2026-11-29, third pass (53 articles, `.venv/bin/python eval/fivew.py --halves`):
# who 0.849, what 0.792, when 0.511 (0.911 by resolved date, the rule), where 0.792
# (coverage 0.941), why 0.562 (coverage 0.364), how 0.609 (coverage 0.511). Why and how
# answer only above a confidence floor (a weak cue is more often wrong than right), hence
# their lower coverage.
FLOORS = {"who": 0.82, "what": 0.75, "when": 0.47, "where": 0.76, "why": 0.52, "how": 0.56}
WHEN_WITH_DATES = 0.87
COVERAGE = {"who": 0.95, "what": 0.95, "where": 0.9, "why": 0.32, "how": 0.46}
# The odd half (sha1 of the file name) was the check half; its misses were read while
# writing this pass's rules (clause prominence, containing places, causes), so it is no
# longer unseen. Measured there: who 0.815, what 0.741, when 0.435, where 0.792, why 0.429,
# how 0.5.
HALF_FLOORS = {"who": 0.78, "what": 0.7, "when": 0.39, "where": 0.75, "why": 0.38, "how": 0.42}


def _fivew() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fivew", ROOT / "eval" / "fivew.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fivew"] = module
    spec.loader.exec_module(module)
    return module


fivew = _fivew()


def test_match_rules() -> None:
    assert fivew.match("Taliban", "the Taliban") == 1.0  # containment
    assert fivew.match("meets with Obama", "meets Obama at White House") == 1.0  # F1 0.5
    assert fivew.match("met with the Afghan leaders", "the leaders of Kabul and Herat") == 0.5
    assert fivew.match("Croydon", "Wednesday") == 0.0
    assert fivew.match("the Taliban said on Friday", "Taliban", strict=True) == 0.5


def test_when_scores_a_resolved_date() -> None:
    phrases = [fivew.Phrase("late Thursday", 2, "2016-11-10")]
    top = Candidate("Friday", 0, 6, 0.9, "2016-11-10")
    assert fivew.score(top, phrases) == 0.0
    assert fivew.score(top, phrases, dates=True) == 1.0
    morning = Candidate("this morning", 0, 12, 0.9, "2016-11-10TMO")
    assert fivew.score(morning, phrases, dates=True) == 1.0
    week = Candidate("this week", 0, 9, 0.9, "2016-W45")
    assert fivew.score(week, [fivew.Phrase("this week", 1, "2016-W45")], dates=True) == 1.0
    assert fivew.score(week, [fivew.Phrase("then", 1, "2016-W45")], dates=True) == 0.0


def test_gold_is_read_with_string_annotations() -> None:
    if not GOLD.is_dir():
        pytest.skip(f"Giveme5W1H gold-dev not found at {GOLD}")
    golds = fivew.load(GOLD)
    assert len(golds) == 53
    assert all(g.published and g.text for g in golds)
    assert sum(bool(g.answers.get("who")) for g in golds) >= 50


def test_halves_split_by_name_hash() -> None:
    names = [f"{i:04x}" for i in range(200)]
    halves = [fivew.half(n) for n in names]
    assert halves == [fivew.half(n) for n in names]  # stable
    assert 70 < halves.count("even") < 130


def test_precision_floors_on_gold_dev() -> None:
    if not GOLD.is_dir():
        pytest.skip(f"Giveme5W1H gold-dev not found at {GOLD}")
    tables = fivew.evaluate(fivew.load(GOLD), halves=True)
    rows = tables["all"]
    for w, floor in FLOORS.items():
        assert rows[w]["precision"] >= floor, (w, rows[w])
    assert rows["when"]["with_dates"] >= WHEN_WITH_DATES, rows["when"]
    for w, floor in COVERAGE.items():
        assert rows[w]["coverage"] >= floor, (w, rows[w])
    for w, floor in HALF_FLOORS.items():
        assert tables["odd"][w]["precision"] >= floor, (w, tables["odd"][w])
    # the goal: above the figures Giveme5W1H's authors published (0.73 / 0.82)
    for name, ours in fivew.means(rows).items():
        assert ours > fivew.PUBLISHED[name], (name, ours)
        assert tables["even"][w]["articles"] + tables["odd"][w]["articles"] == rows[w]["articles"]
