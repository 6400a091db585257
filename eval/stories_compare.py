"""Two runs of `eval/stories.py --gold-dev --json` side by side: is the second better?

    .venv/bin/python eval/stories_compare.py BEFORE.json AFTER.json

Each figure of the two runs (B-cubed F1 whole, half A, half B, gold-dev against its topics
and folded, the mean leave-half-out), then the leave-half-out runs paired by seed (both
runs must use the same `--repeat`: run i splits the events by `random.Random(i)` in each):
the mean of the per-seed differences and its standard error (sample deviation over
sqrt(n)), and how many runs each one joins two gold events in. A change passes when the
mean difference exceeds one standard error and gold-dev (never fitted) drops in neither
reading; the BBC glue check (`eval/stories.py --sample`) is read by hand beside it.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from pathlib import Path
from typing import Any

FIGURES = ("whole", "A", "B")


def figures(result: dict[str, Any]) -> dict[str, float]:
    """The headline B-cubed F1 figures of one run."""
    out = {k: float(result["online"][k]["bcubed_f1"]) for k in FIGURES}
    gold = result.get("gold_dev")
    if gold:
        out["gold_dev"] = float(gold["against_topics"]["bcubed_f1"])
        out["gold_dev_folded"] = float(gold["folded"]["bcubed_f1"])
    out["leave_half_out"] = float(result["leave_half_out"]["bcubed_f1_mean"])
    return out


def paired(before: list[float], after: list[float]) -> tuple[float, float]:
    """Mean and standard error of the per-seed differences `after - before`."""
    if len(before) != len(after) or len(before) < 2:
        raise ValueError("the runs must pair seed by seed (same --repeat, two or more)")
    diffs = [b - a for a, b in zip(before, after, strict=True)]
    return statistics.mean(diffs), statistics.stdev(diffs) / math.sqrt(len(diffs))


def joined_runs(result: dict[str, Any]) -> int:
    """Leave-half-out runs in which one story joined two or more gold events."""
    return sum(bool(e["joined"]) for e in result["leave_half_out"]["errors"])


def compare(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Figures before and after, the paired leave-half-out difference, and the verdict."""
    fb, fa = figures(before), figures(after)
    mean, se = paired(before["leave_half_out"]["runs"], after["leave_half_out"]["runs"])
    gold = [k for k in ("gold_dev", "gold_dev_folded") if k in fb and k in fa]
    passes = mean > se and all(fa[k] >= fb[k] for k in gold)
    return {
        "figures": {k: [fb[k], fa.get(k)] for k in fb},
        "paired": {"mean": round(mean, 4), "se": round(se, 4),
                   "runs": len(before["leave_half_out"]["runs"])},
        "joined_runs": [joined_runs(before), joined_runs(after)],
        "passes": passes,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after))
    result = compare(before, after)
    for key, value in result.items():
        print(f"{key}: {json.dumps(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
