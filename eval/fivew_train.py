"""Train the 5W1H summary's ranking (who/what/when/where) on Giveme5W1H gold-dev, with
leave-one-topic-out cross-validation.

    .venv/bin/python eval/fivew_train.py [--gold DIR] [--write] [--json]

Every gold article is read through the pipeline up to the summary; each candidate the
summary offers (`newsgraph.extract.summary.summarise.options`) carries its features and, as
target, the score the scorer of `eval/fivew.py` gives it against the coders' phrases (1, 0.5
or 0). One scikit-learn LogisticRegression per W (L2, lbfgs: deterministic) learns which of
two candidates of one article scores higher, on the difference of their features (pairwise:
it compares candidates within an article, which is what ranking needs; pointwise fitting
was tried and held out 0.81 against 0.84); a second, two-parameter LogisticRegression scales
that score into a confidence. The L2 strength is chosen from GRID by leave-one-topic-out
within the training articles.

Held apart: for each of the five topics (`fivew.load`'s `topic`), the models are fitted on
the other four (the L2 strength chosen within those four) and the left-out topic's articles
are answered by them; the figures printed per topic and overall ("left-out") are the honest
estimate of quality on unseen topics. The in-sample figure (fitted on all, answered on all)
is printed only beside it. `--write` stores the models fitted on all of gold-dev in
`src/newsgraph/extract/summary/weights.json`, with the library version, the chosen L2
strengths, the data's provenance and the left-out figures. Weights are trained here, not at
build time: fitting takes minutes (nested cross-validation), and shipping them keeps
scikit-learn out of the runtime; tests/test_fivew_gate.py refits them to check they match.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sklearn
from fivew import FOUR, GOLD, Gold, gain, load
from sklearn.linear_model import LogisticRegression

from newsgraph.extract.summary.rank import Model, Option
from newsgraph.extract.summary.summarise import FEATURES, options
from newsgraph.model import Candidate
from newsgraph.pipeline import Input, drafts

GRID = (0.01, 0.03, 0.1, 0.3, 1.0)  # inverse L2 strengths tried
WEIGHTS = Path(__file__).parents[1] / "src" / "newsgraph" / "extract" / "summary" / "weights.json"


@dataclass(frozen=True, slots=True)
class Case:
    """One article's candidates for one W, with their scores against the gold."""

    gold: Gold
    rows: np.ndarray  # candidates × features
    gains: np.ndarray  # the score of each candidate
    options: tuple[Option, ...]


def cases(golds: list[Gold]) -> dict[str, list[Case]]:
    """Per W, the candidates of every article the coders annotated for it."""
    by_name = {g.name: g for g in golds}
    inputs = (Input(g.text, g.published, name=g.name) for g in golds)
    out: dict[str, list[Case]] = {w: [] for w in FOUR}
    for item, doc, draft in drafts(inputs):
        gold = by_name[item.name]
        _, found = options(doc, draft)
        for w in FOUR:
            phrases = gold.phrases(w)
            if not phrases:
                continue
            offered = tuple(found.get(w)) if draft.events else ()
            rows = np.array([[o.features.get(n, 0.0) for n in FEATURES[w]] for o in offered])
            gains = np.array(
                [gain(w, Candidate(o.text, o.start, o.end, 0.0, o.value), phrases) for o in offered]
            )
            out[w].append(Case(gold, rows.reshape(len(offered), len(FEATURES[w])), gains, offered))
    return out


def _pointwise(cases_: list[Case]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each candidate as a row, a score of 0.5 as a row of each class at half weight."""
    xs, ys, weights = [], [], []
    for case in cases_:
        for row, g in zip(case.rows, case.gains, strict=True):
            for label, weight in ((1, g), (0, 1 - g)):
                if weight > 0:
                    xs.append(row)
                    ys.append(label)
                    weights.append(weight)
    return np.array(xs), np.array(ys), np.array(weights)


def _pairs(cases_: list[Case]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair of one article's candidates that score differently, as the difference of
    their features (both ways), weighted by the difference of their scores."""
    xs, ys, weights = [], [], []
    for case in cases_:
        i, j = np.nonzero(case.gains[:, None] > case.gains[None, :])  # i before j: row-major
        diff = case.rows[i] - case.rows[j]
        both = np.empty((2 * len(i), case.rows.shape[1]))
        both[0::2], both[1::2] = diff, -diff
        xs.append(both)
        ys.append(np.tile([1, 0], len(i)))
        weights.append(np.repeat(case.gains[i] - case.gains[j], 2))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(weights)


def fit(train: Iterable[Case], w: str, c: float) -> Model:
    """A model of which of two candidates of one article scores higher (logistic, no
    intercept, on the difference of their features); its scale and intercept are then
    fitted on the candidates themselves, so that a confidence reads as a probability."""
    cases_ = list(train)
    x, y, weight = _pairs(cases_)
    ranker = LogisticRegression(C=c, max_iter=5000, fit_intercept=False)
    ranker.fit(x, y, sample_weight=weight)
    coef = ranker.coef_[0]
    px, py, pw = _pointwise(cases_)
    scale = LogisticRegression(C=1e6, max_iter=5000)  # two parameters: barely regularised
    scale.fit((px @ coef).reshape(-1, 1), py, sample_weight=pw)
    a = float(scale.coef_[0][0])
    weights = tuple(round(float(a * v), 6) for v in coef)
    return Model(FEATURES[w], weights, round(float(scale.intercept_[0]), 6))


def answer(case: Case, model: Model) -> float:
    """The score of the model's top candidate for one article (0 when none is offered)."""
    if not case.options:
        return 0.0
    scores = [model.confidence(o.features) for o in case.options]
    best = max(range(len(scores)), key=lambda i: (scores[i], -case.options[i].start))
    return float(case.gains[best])


def _precision(cases_: list[Case], model: Model) -> float:
    return sum(answer(k, model) for k in cases_) / len(cases_) if cases_ else 0.0


def choose_c(cases_: list[Case], w: str) -> float:
    """The regularisation that answers best across the topics of `cases_`, each topic
    answered by a model fitted on the others (the stronger one on a tie)."""
    topics = sorted({k.gold.topic for k in cases_})
    best = (-1.0, GRID[0])
    for c in GRID:
        total = sum(
            answer(k, fit((j for j in cases_ if j.gold.topic != t), w, c))
            for t in topics
            for k in cases_
            if k.gold.topic == t
        )
        best = max(best, (total, c), key=lambda x: (x[0], -x[1]))
    return best[1]


def cross_validate(data: dict[str, list[Case]]) -> dict[str, dict[str, float]]:
    """Leave-one-topic-out precision per W: for each topic, models fitted on the other four
    (their regularisation chosen the same way within those four) answer its articles;
    "left-out" is over all articles, each answered without its topic."""
    topics = sorted({case.gold.topic for cases_ in data.values() for case in cases_})
    table: dict[str, dict[str, float]] = {}
    for w, all_cases in data.items():
        total = 0.0
        for topic in topics:
            train = [k for k in all_cases if k.gold.topic != topic]
            model = fit(train, w, choose_c(train, w))
            held = [k for k in all_cases if k.gold.topic == topic]
            table.setdefault(topic, {})[w] = round(_precision(held, model), 3)
            total += sum(answer(k, model) for k in held)
        table.setdefault("left-out", {})[w] = round(total / len(all_cases), 3)
    for row in table.values():
        row["mean"] = round(sum(row[w] for w in FOUR) / 4, 3)
    return table


def provenance(golds: list[Gold]) -> dict[str, object]:
    """What the weights were fitted on: the files, their count and a digest of their names
    and texts."""
    digest = hashlib.sha256()
    for g in golds:
        digest.update(g.name.encode() + b"\0" + g.text.encode() + b"\0")
    return {
        "data": "Giveme5W1H gold-dev (../shared/corpus/giveme5w1h/gold-dev, Apache-2.0)",
        "articles": len(golds),
        "sha256": digest.hexdigest(),
    }


def train(golds: list[Gold]) -> tuple[dict[str, Model], dict[str, object]]:
    """The models fitted on all the articles (regularisation chosen across the five
    topics), and the report: left-out per topic and overall, and in-sample."""
    data = cases(golds)
    chosen = {w: choose_c(data[w], w) for w in FOUR}
    models = {w: fit(data[w], w, chosen[w]) for w in FOUR}
    inside: dict[str, float] = {w: round(_precision(data[w], models[w]), 3) for w in FOUR}
    inside["mean"] = round(sum(inside[w] for w in FOUR) / 4, 3)
    report = {"cross_validation": cross_validate(data), "in_sample": inside, "c": chosen}
    return models, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--write", action="store_true", help=f"store the models in {WEIGHTS}")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.gold.is_dir():
        print(f"fivew_train: no gold data at {args.gold}", file=sys.stderr)
        return 2
    golds = load(args.gold)
    models, report = train(golds)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{'left-out topic':18} " + " ".join(f"{w:>6}" for w in (*FOUR, "mean")))
        for topic, row in report["cross_validation"].items():  # type: ignore[union-attr]
            print(f"{topic:18} " + " ".join(f"{row[w]:6.3f}" for w in (*FOUR, "mean")))
        inside = report["in_sample"]
        print(f"{'(in-sample)':18} " + " ".join(f"{inside[w]:6.3f}" for w in (*FOUR, "mean")))  # type: ignore[index]
    if args.write:
        stored = {
            "trainer": "eval/fivew_train.py",
            "library": f"scikit-learn {sklearn.__version__} LogisticRegression, pairwise",
            "c": report["c"],
            **provenance(golds),
            "left_out": report["cross_validation"],
            "models": {
                w: {"features": list(m.names), "weights": list(m.weights), "intercept": m.intercept}
                for w, m in models.items()
            },
        }
        WEIGHTS.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
