"""Fit the corpus-event pair model (src/newsgraph/link/data/event_model.json) on the tune split.

    .venv/bin/python eval/corpus_events_train.py [--db FILE] [--write]

Only the articles of the gold's `tune` news clusters are read (eval/corpus_events.py): the
test clusters are never merged, labelled or scored here. Training pairs come from a
teacher-forced run: the tune articles' events are merged in ingest order, a report with a
gold label joining exactly the candidates holding reports of its label, and every possible
(report, candidate) pair whose both sides are labelled is kept with whether the labels agree.
A scikit-learn logistic regression on standardised features is folded back to raw-feature
weights. Its strength `C` and the join threshold are chosen by cross-validation over news
clusters: `FOLDS` folds of the tune clusters, shuffled `REPEATS` times with fixed seeds; each
fold's model is fitted on the other clusters' articles. `C` (`STRENGTHS`, a log grid) is the
one whose models best predict the held-out clusters' labelled pairs (log-loss, pooled over
a repeat's folds, mean over the repeats): the join threshold does not enter it, so a few more
pairs cannot trade it against one. With it, each fold merges its held-out clusters online at
every threshold of `THRESHOLDS` (0.1 to 0.9 by 0.05); the threshold is the highest whose
B-cubed F1 falls short of the best threshold's by less than one standard error of their
fold-by-fold difference — the most cautious one the folds cannot tell from the best (a wrong
merge is worse than a missed one), judged paired, as both are scored on the same folds.
`--write` ships the model fitted on every tune article with them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import corpus_events as ce  # eval/corpus_events.py: the gold, ingest and scoring
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

from newsgraph.link import event_model
from newsgraph.link.events import EventMerger, joins
from newsgraph.link.reports import Report
from newsgraph.model import Article, from_json
from newsgraph.store import SqliteStore
from newsgraph.store.base import Row

MODEL = Path(__file__).parents[1] / "src" / "newsgraph" / "link" / "data" / "event_model.json"
FOLDS = 5
REPEATS = 3  # fold assignments of the tune news clusters, each shuffled with its own seed
ROUNDS = 1  # refits on the pairs the model's own run meets (as DAgger)
THRESHOLDS = tuple(round(0.1 + 0.05 * i, 2) for i in range(17))  # 0.1 .. 0.9
STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # the regression's C (inverse L2 strength)
Sample = tuple[list[float], bool, int]  # features, the same event, the report's news cluster


def labels(store: SqliteStore, mentions: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Gold label of each stored event ("article id/event id") a gold mention finds."""
    found = ce.stored(store)
    out: dict[str, str] = {}
    for g in mentions:
        if (r := ce.nearest(g, found)) is not None:
            out[f"{r['article_id']}/{r['event']}"] = g["event"]
    return out


def clusters(store: SqliteStore) -> dict[str, int]:
    """News cluster (`newsCluster.EventId`) of each stored clusters-dev article."""
    out: dict[str, int] = {}
    for r in store.rows("SELECT name, article_id FROM sources WHERE outcome = 'article'"):
        path = ce.CLUSTERS / Path(r["name"]).name
        if path.is_file():
            out[r["article_id"]] = int(json.loads(path.read_text())["newsCluster"]["EventId"])
    return out


def run(
    store: SqliteStore, articles: Sequence[Article], model: event_model.Model | None = None,
    choose: Callable[[Report, Sequence[tuple[event_model.Pair, Row]]], list[Row]] | None = None,
) -> None:  # fmt: skip
    """Every corpus event again from `articles` alone (in ingest order)."""
    with store.transaction():
        store.events_reset()
        merger = EventMerger(store, model, choose)
        for article in articles:
            merger.merge_article(article)


def recorder(
    store: SqliteStore, gold: dict[str, str], cluster: dict[str, int], out: list[Sample],
    model: event_model.Model | None = None,
) -> Callable[[Report, Sequence[tuple[event_model.Pair, Row]]], list[Row]]:  # fmt: skip
    """A choice that records the labelled pairs in `out` and follows the gold (`model`
    None) or the model."""

    def choose(r: Report, pairs: Sequence[tuple[event_model.Pair, Row]]) -> list[Row]:
        mine = gold.get(r.anchor)
        joined = []
        for p, c in pairs:
            theirs = {
                gold[f"{x['article_id']}/{x['event']}"] for x in store.event_reports([c["id"]])
                if f"{x['article_id']}/{x['event']}" in gold
            }  # fmt: skip
            if mine is not None and theirs:
                out.append((p.vector(), mine in theirs, cluster[r.article_id]))
                if model is None and mine in theirs:
                    joined.append((1.0, c))
            if model is not None and (s := model.probability(p.vector())) >= model.threshold:
                joined.append((s, c))
        return [c for _s, c in sorted(joined, key=lambda sc: (-sc[0], -int(sc[1]["articles"]),
                                                                sc[1]["id"]))]  # fmt: skip

    return choose


def regress(samples: Sequence[Sample], c: float) -> event_model.Model:
    """A logistic regression on standardised features, as raw-feature weights."""
    x = np.array([s[0] for s in samples])
    y = np.array([s[1] for s in samples])
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    lr = LogisticRegression(C=c, max_iter=1000).fit((x - scaler.mean_) / scale, y)
    w = lr.coef_[0] / scale
    b = float(lr.intercept_[0] - np.sum(lr.coef_[0] * scaler.mean_ / scale))
    return event_model.Model(tuple(round(float(v), 6) for v in w), round(b, 6))


def forced(
    store: SqliteStore, articles: Sequence[Article], gold: dict[str, str], cluster: dict[str, int]
) -> list[Sample]:
    """The labelled pairs a run of `articles` that joins as the gold does meets."""
    samples: list[Sample] = []
    run(store, articles, choose=recorder(store, gold, cluster, samples))
    return samples


def train(
    store: SqliteStore, articles: Sequence[Article], gold: dict[str, str],
    cluster: dict[str, int], c: float, taught: Sequence[Sample],
) -> tuple[event_model.Model, list[Sample]]:  # fmt: skip
    """The model of the teacher-forced pairs (`forced`), refitted once with the pairs its own
    run meets too (`ROUNDS`); the model and its training pairs."""
    samples = list(taught)
    model = regress(samples, c)
    for _ in range(ROUNDS):
        run(store, articles, choose=recorder(store, gold, cluster, samples, model))
        model = regress(samples, c)
    return model, samples


def sweep(
    store: SqliteStore, mentions: Sequence[dict[str, Any]], articles: Sequence[Article],
    model: event_model.Model, thresholds: Sequence[float],
) -> dict[float, dict[str, float]]:  # fmt: skip
    """The scores of an online run of `articles` at each threshold. Runs are shared: no pair a
    run scored lies between its threshold and the next, so that one joins as this one would."""
    out: dict[float, dict[str, float]] = {}
    seen: list[float] = []
    last = -1.0
    for t in sorted(thresholds):
        if last < 0 or any(last <= s < t for s in seen):
            seen, last = [], t
            _scored(store, articles, replace(model, threshold=t), seen)
            out[t] = dict(ce.evaluate(mentions, ce.stored(store))["system"])
        else:
            out[t] = out[last]
    return out


def _scored(
    store: SqliteStore, articles: Sequence[Article], model: event_model.Model, seen: list[float]
) -> None:
    """A run of the model that adds every pair's probability to `seen`."""
    run(store, articles, choose=lambda _r, pairs: joins(model, pairs, seen))


def folds(tuned: Sequence[int]) -> list[tuple[set[int], set[int]]]:
    """(fit, held-out) news clusters of `FOLDS` folds, `REPEATS` times shuffled."""
    return [
        ({tuned[i] for i in fit_on}, {tuned[i] for i in held})
        for seed in range(REPEATS)
        for fit_on, held in KFold(FOLDS, shuffle=True, random_state=seed).split(tuned)
    ]


def cross_validate(store: SqliteStore, tune: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Over the `folds`: each strength's held-out log-loss (pooled over a repeat's folds), the
    chosen strength (`select`) and, with it, each fold's online B-cubed F1 by threshold."""
    gold, cluster, names, tuned, articles = _setup(store, tune)
    runs = []
    for fit_on, held_out in folds(tuned):
        part = [a for a in articles if cluster[a.id] in fit_on]
        held = [a for a in articles if cluster[a.id] in held_out]
        taught = forced(store, part, gold, cluster)
        tested = forced(store, held, gold, cluster)
        models = {c: train(store, part, gold, cluster, c, taught)[0] for c in STRENGTHS}
        runs.append((held, tested, models))
    losses = {
        c: [_log_loss([(s, m[c]) for _h, tested, m in runs[r : r + FOLDS] for s in tested])
            for r in range(0, len(runs), FOLDS)]
        for c in STRENGTHS
    }  # fmt: skip
    strength = min(STRENGTHS, key=lambda c: float(np.mean(losses[c])))
    scores: dict[float, list[float]] = {t: [] for t in THRESHOLDS}
    for held, _tested, models in runs:
        ids = {a.id for a in held}
        mentions = [g for g in tune if names.get(g["file"]) in ids]
        for t, score in sweep(store, mentions, held, models[strength], THRESHOLDS).items():
            scores[t].append(score["b3_f1"])
    return {"losses": losses, "strength": strength, "scores": scores}


def _log_loss(scored: Sequence[tuple[Sample, event_model.Model]]) -> float:
    """Mean log-loss of each held-out pair under its fold's model."""
    truth = [s[1] for s, _m in scored]
    return float(log_loss(truth, [m.probability(s[0]) for s, m in scored], labels=[False, True]))


def _setup(
    store: SqliteStore, tune: Sequence[dict[str, Any]]
) -> tuple[dict[str, str], dict[str, int], dict[str, str], list[int], list[Article]]:
    """Gold labels, each article's news cluster, article ids by file name, the tune news
    clusters and their articles in ingest order."""
    gold = labels(store, tune)
    cluster = clusters(store)
    names = {Path(r["name"]).name: r["article_id"] for r in store.rows(
        "SELECT name, article_id FROM sources WHERE outcome = 'article'")}  # fmt: skip
    tuned = sorted({cluster[names[g["file"]]] for g in tune if g["file"] in names})
    articles = [
        from_json(Article, data) for data in store.iter_articles()
        if cluster.get(data["id"]) in tuned
    ]  # fmt: skip
    return gold, cluster, names, tuned, articles


def threshold(scores: dict[float, list[float]]) -> float:
    """The highest threshold whose folds' B-cubed F1 falls short of the best threshold's by
    less than one standard error of the fold-by-fold difference (the same folds score both).
    The error divides by the square root of `FOLDS`, not of all `REPEATS` x `FOLDS` scores:
    the repeats refold the same clusters, so their scores are not independent draws."""
    top = max(scores, key=lambda t: (float(np.mean(scores[t])), t))
    within = []
    for t, v in scores.items():
        gap = np.array(scores[top]) - np.array(v)
        if gap.mean() <= gap.std(ddof=1) / np.sqrt(FOLDS) + 1e-12:
            within.append(t)
    return max(within)


def fit(store: SqliteStore, tune: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The model of every tune article with the strength and threshold cross-validation
    chose, and the figures behind it."""
    cv = cross_validate(store, tune)
    c, best = cv["strength"], threshold(cv["scores"])
    gold, cluster, _names, _tuned, articles = _setup(store, tune)
    model, samples = train(
        store, articles, gold, cluster, c, forced(store, articles, gold, cluster)
    )
    model = replace(model, threshold=best)
    run(store, articles, model)
    return {
        "model": model,
        "pairs": len(samples),
        "positive": sum(s[1] for s in samples),
        "strength": c,
        "cv_log_loss": {f"C={c}": round(float(np.mean(v)), 4) for c, v in cv["losses"].items()},
        "cv_b3_f1": {
            f"threshold={t}": round(float(np.mean(v)), 4) for t, v in cv["scores"].items()
        },
        "tune_online": dict(ce.evaluate(tune, ce.stored(store))["system"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a store already holding clusters-dev (else read it)")
    parser.add_argument("--write", action="store_true", help="ship the fitted model")
    args = parser.parse_args()
    if not ce.CLUSTERS.is_dir():
        print(f"eval: no clusters-dev at {ce.CLUSTERS}", file=sys.stderr)
        return 2
    data = json.loads(ce.GOLD.read_text(encoding="utf-8"))
    tune = [g for g in data["mentions"] if g["cluster"] in data["split"]["tune"]]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "clusters.db"
        if not args.db:
            ce.ingest(db)
        with SqliteStore(db) as store:
            result = fit(store, tune)  # (eval/corpus_events.py rebuilds its corpus events)
    model: event_model.Model = result.pop("model")
    shipped = {
        "features": list(event_model.FEATURES), "weights": list(model.weights),
        "bias": model.bias, "threshold": model.threshold,
        "fitted_on": f"clusters-dev tune clusters: {result['pairs']} report-candidate pairs "
                     f"({result['positive']} the same event)",
        "strength": result["strength"],
        "cv_b3_f1": result["cv_b3_f1"][f"threshold={model.threshold}"],
        "command": "eval/corpus_events_train.py --write",
    }  # fmt: skip
    if args.write:
        MODEL.write_text(json.dumps(shipped, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(shipped | result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
