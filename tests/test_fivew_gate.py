"""The 5W1H gate: precision of the top candidate per W on Giveme5W1H gold-dev (eval/fivew.py),
with floors a little below what was measured, and the scoring rules themselves."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from newsgraph.extract.summary.rank import WEIGHTS as WEIGHTS_FILE
from newsgraph.extract.summary.rank import models
from newsgraph.extract.summary.summarise import FEATURES
from newsgraph.model import Candidate
from tests.eval_scripts import eval_script

ROOT = Path(__file__).parents[1]
GOLD = Path(__file__).parents[2] / "shared" / "corpus" / "giveme5w1h" / "gold-dev"

# Precision divided by the articles the coders annotated (an unanswered article scores 0),
# measured with `.venv/bin/python eval/fivew.py --topics` (53 articles): who 0.906, what 0.849,
# when 0.456 (0.911 by resolved date, the rule), where 0.765, why 0.205, how 0.311.
# Who/what/when/where are IN-SAMPLE here (the ranking was fitted on these articles): they
# guard against regressions; the held-apart figure is LEFT_OUT below. Why and how answer
# only above a confidence floor, hence their low figures over all annotated articles.
FLOORS = {"who": 0.89, "what": 0.83, "when": 0.42, "where": 0.73, "why": 0.18, "how": 0.28}
WHEN_WITH_DATES = 0.87
COVERAGE = {"who": 0.95, "what": 0.95, "where": 0.95, "why": 0.32, "how": 0.46}
FOUR = 0.84
# Leave-one-topic-out at the shipped regularisation, measured: who 0.887, what 0.849, when
# 0.911 (by date), where 0.784, mean 0.858 (with the regularisation also chosen without the
# topic, as eval/fivew_train.py reports: 0.849, 0.830, 0.911, 0.804, mean 0.849).
LEFT_OUT = {"who": 0.83, "what": 0.81, "when": 0.88, "where": 0.75}
LEFT_OUT_MEAN = 0.83
WEIGHTS = ROOT / "src" / "newsgraph" / "extract" / "summary" / WEIGHTS_FILE


fivew = eval_script("fivew")
fivew_train = eval_script("fivew_train")


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


def test_unreadable_parsed_dates_are_missing() -> None:
    assert fivew.parsed_day("2016-11-10") == "2016-11-10"
    assert fivew.parsed_day("2016-11-10 00:00:00") == "2016-11-10"
    assert fivew.parsed_day("None") is None and fivew.parsed_day(None) is None
    top = Candidate("", 0, 0, 0.1, "2016-11-10")
    assert fivew.score(top, [fivew.Phrase("then", 1, fivew.parsed_day("None"))], dates=True) == 0


def test_unanswered_articles_count_against_precision() -> None:
    tally = fivew.Tally()
    phrases = [fivew.Phrase("Croydon", 3, None)]
    tally.add(Candidate("Croydon", 0, 7, 0.9), 1.0, phrases)
    tally.add(None, 0.0, phrases)
    row = tally.row()
    assert row["precision"] == 0.5 and row["coverage"] == 0.5 and row["lead"] == 0.5


def test_topics_join_one_event() -> None:
    if not GOLD.is_dir():
        pytest.skip(f"Giveme5W1H gold-dev not found at {GOLD}")
    topics = {g.topic for g in fivew.load(GOLD)}
    assert topics == {"tram", "toberone-gate", "trump and obama", "consulate attack", "f1"}


def test_precision_floors_on_gold_dev() -> None:
    if not GOLD.is_dir():
        pytest.skip(f"Giveme5W1H gold-dev not found at {GOLD}")
    rows = fivew.evaluate(fivew.load(GOLD))["all"]
    for w, floor in FLOORS.items():
        assert rows[w]["precision"] >= floor, (w, rows[w])
    assert rows["when"]["with_dates"] >= WHEN_WITH_DATES, rows["when"]
    for w, floor in COVERAGE.items():
        assert rows[w]["coverage"] >= floor, (w, rows[w])
    four = fivew.means(rows)["who/what/when/where"]
    lead = sum(rows[w]["lead"] for w in fivew.FOUR) / 4
    assert four >= FOUR and four > lead + 0.05, (four, lead)


@lru_cache(maxsize=1)
def _cases() -> dict[str, list[object]]:
    if not GOLD.is_dir():
        pytest.skip(f"Giveme5W1H gold-dev not found at {GOLD}")
    return fivew_train.cases(fivew.load(GOLD))  # type: ignore[no-any-return]


def test_shipped_weights_are_what_training_gives() -> None:
    stored = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert stored["sha256"] == fivew_train.provenance(fivew.load(GOLD))["sha256"]
    shipped = models()
    for w, cases in _cases().items():
        assert shipped[w].names == FEATURES[w]
        refit = fivew_train.fit(cases, w, stored["c"][w])
        assert refit.weights == pytest.approx(shipped[w].weights, abs=1e-3), w
        assert refit.intercept == pytest.approx(shipped[w].intercept, abs=1e-3), w


def test_left_out_topics_are_answered_by_models_that_never_saw_them() -> None:
    """The held-apart figure: each topic answered by models fitted on the other four (at
    the shipped regularisation; `eval/fivew_train.py` also chooses it without the topic)."""
    c = json.loads(WEIGHTS.read_text(encoding="utf-8"))["c"]
    table: dict[str, float] = {}
    for w, cases in _cases().items():
        topics = {k.gold.topic for k in cases}  # type: ignore[attr-defined]
        total = 0.0
        for topic in topics:
            train = [k for k in cases if k.gold.topic != topic]  # type: ignore[attr-defined]
            model = fivew_train.fit(train, w, c[w])
            total += sum(
                fivew_train.answer(k, model)
                for k in cases
                if k.gold.topic == topic  # type: ignore[attr-defined]
            )
        table[w] = total / len(cases)
    for w, floor in LEFT_OUT.items():
        assert table[w] >= floor, (w, table)
    assert sum(table.values()) / 4 >= LEFT_OUT_MEAN, table
