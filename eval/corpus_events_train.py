"""Fit the corpus-event pair model (src/newsgraph/link/data/event_model.json) on the tune split.

    .venv/bin/python eval/corpus_events_train.py [--db FILE] [--write]

Only the articles of the gold's `tune` news clusters are read (eval/corpus_events.py): the
test clusters are never merged, labelled or scored here. Training pairs come from a
teacher-forced run: the tune articles' events are merged in ingest order, a report with a
gold label joining exactly the candidates holding reports of its label, and every possible
(report, candidate) pair whose both sides are labelled is kept with whether the labels agree.
A scikit-learn logistic regression on standardised features is folded back to raw-feature
weights. Its strength `C` and the join threshold are chosen by cross-validation over news
clusters (`GroupKFold`, `FOLDS`): each fold's model is fitted on the other clusters' articles
and merges the held-out clusters online at every threshold of `THRESHOLDS`, for each of
`STRENGTHS`. The one-standard-error rule picks the pair: of those whose mean B-cubed F1 is
within one standard error (over the folds) of the best mean, the highest threshold, then the
stronger regularisation — the most cautious model the folds cannot tell from the best (a
wrong merge is worse than a missed one). `--write` ships the model fitted on every tune article with
them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import corpus_events as ce  # eval/corpus_events.py: the gold, ingest and scoring
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from newsgraph.link import event_model
from newsgraph.link.events import EventMerger
from newsgraph.link.reports import Report
from newsgraph.model import Article, from_json
from newsgraph.store import SqliteStore
from newsgraph.store.base import Row

MODEL = Path(__file__).parents[1] / "src" / "newsgraph" / "link" / "data" / "event_model.json"
FOLDS = 5
ROUNDS = 1  # refits on the pairs the model's own run meets (as DAgger)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
STRENGTHS = (0.1, 1.0, 10.0)  # the regression's C (inverse L2 strength), chosen with them
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
    store: SqliteStore, articles: Collection[str], model: event_model.Model | None = None,
    choose: Callable[[Report, Sequence[tuple[event_model.Pair, Row]]], list[Row]] | None = None,
) -> None:  # fmt: skip
    """Every corpus event again from `articles` alone, in ingest order."""
    with store.transaction():
        store.events_reset()
        merger = EventMerger(store, model, choose)
        for data in store.iter_articles():
            if data["id"] in articles:
                merger.merge_article(from_json(Article, data))


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


def train(
    store: SqliteStore, articles: Collection[str], gold: dict[str, str], cluster: dict[str, int],
    c: float,
) -> tuple[event_model.Model, list[Sample]]:
    """The model of the pairs a teacher-forced run of `articles` meets, refitted once with
    the pairs its own run meets too (`ROUNDS`); the model and its training pairs."""
    samples: list[Sample] = []
    run(store, articles, choose=recorder(store, gold, cluster, samples))
    model = regress(samples, c)
    for _ in range(ROUNDS):
        run(store, articles, choose=recorder(store, gold, cluster, samples, model))
        model = regress(samples, c)
    return model, samples


def online(
    store: SqliteStore, mentions: Sequence[dict[str, Any]], articles: Collection[str],
    model: event_model.Model,
) -> dict[str, float]:  # fmt: skip
    run(store, articles, model)
    return dict(ce.evaluate(mentions, ce.stored(store))["system"])


def fit(store: SqliteStore, tune: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The model of every tune article with the threshold cross-validation chose, and the
    figures behind it."""
    gold = labels(store, tune)
    cluster = clusters(store)
    names = {Path(r["name"]).name: r["article_id"] for r in store.rows(
        "SELECT name, article_id FROM sources WHERE outcome = 'article'")}  # fmt: skip
    tuned = sorted({cluster[names[g["file"]]] for g in tune if g["file"] in names})
    articles = {a for a, c in cluster.items() if c in tuned}
    scores: dict[tuple[float, float], list[float]] = {
        (c, t): [] for c in STRENGTHS for t in THRESHOLDS
    }
    for fit_on, held_out in GroupKFold(n_splits=FOLDS).split(tuned, groups=tuned):
        part = {a for a in articles if cluster[a] in {tuned[i] for i in fit_on}}
        held = {a for a in articles if cluster[a] in {tuned[i] for i in held_out}}
        mentions = [g for g in tune if names.get(g["file"]) in held]
        for c in STRENGTHS:
            inner, _ = train(store, part, gold, cluster, c)
            for t in THRESHOLDS:
                score = online(store, mentions, held, replace(inner, threshold=t))
                scores[c, t].append(score["b3_f1"])
    totals = {ct: float(np.mean(v)) for ct, v in scores.items()}
    top = max(totals, key=lambda ct: totals[ct])
    within = totals[top] - float(np.std(scores[top], ddof=1)) / np.sqrt(FOLDS)
    c, best = max((ct for ct in totals if totals[ct] >= within), key=lambda ct: (ct[1], -ct[0]))
    model, samples = train(store, articles, gold, cluster, c)
    model = replace(model, threshold=best)
    return {
        "model": model,
        "pairs": len(samples),
        "positive": sum(s[1] for s in samples),
        "strength": c,
        "cv_b3_f1": {f"C={c} threshold={t}": round(v, 4) for (c, t), v in totals.items()},
        "tune_online": online(store, tune, articles, model),
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
        "cv_b3_f1": max(result["cv_b3_f1"].values()),
        "command": "eval/corpus_events_train.py --write",
    }  # fmt: skip
    if args.write:
        MODEL.write_text(json.dumps(shipped, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(shipped | result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
