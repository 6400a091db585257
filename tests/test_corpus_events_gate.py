"""Accuracy gate: corpus events on the gold of eval/data/corpus_events_gold.json
(eval/corpus_events.py: 451 event mentions of Giveme5W1H clusters-dev, split by news cluster
before tuning), floors a little below the measured B-cubed figures on the tune split, the
held-apart test split and the whole; each must beat every mention alone. Refitting the pair
model on the tune split gives the weights shipped in link/data/event_model.json.

    .venv/bin/python eval/corpus_events.py              # prints these figures and the baselines
    .venv/bin/python eval/corpus_events_train.py        # fits the pair model (--write ships it)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS
from tests.eval_scripts import eval_script

# split → B-cubed precision, recall and F1 floors. Measured 2026-12-07 (the pair model fitted
# on tune by eval/corpus_events_train.py: C 0.1 by the held-out pairs' log-loss over 3 x 5
# shuffled folds of tune's news clusters, threshold 0.6 the highest whose folds' B-cubed F1
# is within one paired standard error of the best), on the entities as of 2026-12-07:
#   tune: P 0.937 R 0.784 F1 0.854 | test: P 0.886 R 0.707 F1 0.786 | all: P 0.911 R 0.745 F1 0.820
# (the one-standard-error rule before, unpaired over 5 fixed folds, took threshold 0.7: tune
# P 0.964 R 0.731 F1 0.831, test P 0.925 R 0.684 F1 0.787; it flipped to C 1 / threshold 0.8
# on three more training pairs. The paired rule buys recall with precision, so the precision
# floors went down with it). On the entities of i13o, i13p and i13b (later that day) the
# same rule takes threshold 0.5 (C 0.1):
#   tune: P 0.927 R 0.786 F1 0.851 | test: P 0.862 R 0.704 F1 0.775 | all: P 0.894 R 0.745 F1 0.813
FLOORS: dict[str, tuple[float, float, float]] = {
    "tune": (0.91, 0.76, 0.83),
    "test": (0.86, 0.67, 0.76),
    "all": (0.88, 0.72, 0.79),
}


@pytest.fixture(scope="module")
def clusters_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """clusters-dev ingested into a fresh store, as eval/corpus_events.py reads it."""
    if not (CORPUS / "giveme5w1h" / "clusters-dev").is_dir():
        pytest.skip(f"clusters-dev not found under {CORPUS} (set NEWSGRAPH_CORPUS)")
    db = tmp_path_factory.mktemp("corpus_events") / "clusters.db"
    eval_script("corpus_events").ingest(db)
    return db


@pytest.fixture(scope="module")
def results(clusters_db: Path) -> dict[str, dict[str, Any]]:
    from newsgraph.link import events
    from newsgraph.store import SqliteStore

    ev = eval_script("corpus_events")
    data = json.loads(ev.GOLD.read_text(encoding="utf-8"))
    with SqliteStore(clusters_db) as store:
        with store.transaction():  # as the shipped code builds them, whatever ran before
            events.rebuild(store)
        found = ev.stored(store)
    mentions = data["mentions"]
    return {
        split: ev.evaluate(
            [g for g in mentions if split == "all" or g["cluster"] in data["split"][split]], found
        )
        for split in FLOORS
    }


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("split", sorted(FLOORS))
def test_floors(results: dict[str, dict[str, Any]], split: str) -> None:
    r = results[split]
    precision, recall, f1 = FLOORS[split]
    system = r["system"]
    assert r["found"] >= 0.95 * r["mentions"], r  # gold mentions the reading still finds
    assert system["b3_p"] >= precision and system["b3_r"] >= recall, system
    assert system["b3_f1"] >= f1, system
    assert system["b3_f1"] > r["baseline_singletons"]["b3_f1"], r


@pytest.mark.corpus
@pytest.mark.slow
def test_refitting_gives_the_shipped_pair_model(clusters_db: Path) -> None:
    from newsgraph.link.event_model import load_model
    from newsgraph.store import SqliteStore

    ev, train = eval_script("corpus_events"), eval_script("corpus_events_train")
    data = json.loads(ev.GOLD.read_text(encoding="utf-8"))
    tune = [g for g in data["mentions"] if g["cluster"] in data["split"]["tune"]]
    with SqliteStore(clusters_db) as store:
        fitted = train.fit(store, tune)["model"]
    shipped = load_model()
    assert fitted.threshold == shipped.threshold
    assert fitted.weights == pytest.approx(shipped.weights, abs=1e-4)
    assert fitted.bias == pytest.approx(shipped.bias, abs=1e-4)
