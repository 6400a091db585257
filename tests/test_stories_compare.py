"""eval/stories_compare.py: two runs of eval/stories.py paired seed by seed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.eval_scripts import eval_script

compare = eval_script("stories_compare")


def _result(runs: list[float], gold: float, joined: int = 0) -> dict[str, Any]:
    f1 = {"bcubed_f1": 0.97}
    errors = [{"joined": [[34, 70]] if i < joined else [], "split": []} for i in range(len(runs))]
    return {
        "online": {"whole": f1, "A": f1, "B": f1},
        "gold_dev": {"against_topics": {"bcubed_f1": gold}, "folded": {"bcubed_f1": 1.0}},
        "leave_half_out": {"bcubed_f1_mean": sum(runs) / len(runs), "runs": runs,
                           "errors": errors},
    }  # fmt: skip


def test_a_steady_gain_passes_and_one_seed_does_not() -> None:
    before = _result([0.97, 0.98, 0.96, 0.99], 0.943, joined=2)
    steady = compare.compare(before, _result([0.975, 0.984, 0.966, 0.993], 0.943))
    assert steady["passes"] and steady["joined_runs"] == [2, 0]
    assert steady["paired"]["mean"] == pytest.approx(0.0045, abs=1e-4)
    one_seed = compare.compare(before, _result([0.97, 0.98, 0.96, 1.0], 0.943))
    assert not one_seed["passes"]  # mean .0025, se .0025


def test_a_gold_dev_drop_fails_and_unpaired_runs_are_refused() -> None:
    before = _result([0.97, 0.98, 0.96, 0.99], 0.943)
    assert not compare.compare(before, _result([0.98, 0.99, 0.97, 1.0], 0.94))["passes"]
    with pytest.raises(ValueError):
        compare.compare(before, _result([0.98, 0.99, 0.97], 0.943))
