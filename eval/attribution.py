"""Train the attribution model (`src/newsgraph/extract/quotes/data/attribution.json`) on
PolNeAR train with scikit-learn.

    .venv/bin/python eval/attribution.py --folds 5   # choose the settings by CV, then train
    .venv/bin/python eval/attribution.py             # train with the default settings
    ... --cache /tmp/train.spacy                      # keep the parses between runs

Data: PolNeAR (E. Newell, D. Margolin, D. Ruths, LREC 2018), a research corpus whose
repository states no licence; only weights learned from it are shipped. The train split is
cut once, before any tuning, into a fit part (articles whose sorted index % 5 != 4) and a
held-out part (index % 5 == 4), which `eval/quotes.py --split holdout` scores; dev is never
read here. Training is deterministic (lbfgs, fixed folds, no sampling).

Each gold attribution is tied to its *anchor* (`eval/attribution_data.py`, which reads and
parses the articles): the word of its cue that governs its content
(the cue word whose child, or whose preposition's object, heads the content; or the cue word
hanging from the content's clause: "according to", "…, she said"). The lexicon is every
"lemma|POS" that anchors an attribution. Five logistic regressions follow:
- screen: whether a lexicon word is an anchor, from its key, relation, tag and children's
  relations only; words below its cut are never read further (the pass's cost);
- part: which children of an anchor carry the content (a child is content when at least
  half of its words are the gold content's), from its relation, side, shape and the
  punctuation between it and the cue ("X; he said Y": the clause before ";" is not his);
- inner: which words of a content part stay in it: the children of its head and, down its
  right edge, the trailing ", which …", ", noting …", apposition or date that may not;
- cue: whether a lexicon word is an anchor, given its chosen parts, its source, the content's
  kind and the lexicon word above it (PolNeAR marks no attribution inside another's content).
- speaker: whether an anchor's source word that is no name or pronoun ("a spokesman", "the
  poll", "many", "it") is the gold source, from its kind, ending, tag, relation and cue.
`--folds k` chooses the screen cut (the highest that keeps 99% of held-out anchors), then
the cue model's C and threshold, then the speaker model's cut, then the inner model's cut
(a word of a content part scored below it is left out; the cue model still learns from
contents cut at even odds), each maximising all-attribution speaker F1 (the PolNeAR scorer
of `eval/quotes.py`) over k folds of the fit part, each read end to end by a model trained
on the other folds; `--stages` names the settings to choose (the others keep the values
given: a check of one change costs one stage, not four). The shipped model is then trained
on the whole fit part.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Token

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quotes as polnear
from attribution_data import Article, parse, read
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from newsgraph.extract.quotes import features as FT
from newsgraph.extract.quotes import frames as F
from newsgraph.extract.quotes import weights as W
from newsgraph.extract.quotes.indirect import SPEAKERS
from newsgraph.extract.quotes.layout import Layout

OUT = polnear.DATA / "attribution.json"
MIN_ANCHORS = 1


def _candidates(article: Article, model: W.Model) -> list[F.Candidate]:
    layout = Layout.of(article.doc, article.draft)
    return F.candidates(article.doc, article.inside, layout, model)


def _in_gold(tokens: Iterable[Token], unit: polnear.Unit) -> int | None:
    """1 when at least half of the words are the unit's content, None for no words."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if not words:
        return None
    inside = sum(any(a <= t.idx < b for a, b in unit.fragments) for t in words)
    return int(2 * inside >= len(words))


def lexicon(articles: Sequence[Article]) -> frozenset[str]:
    """Anchor words ("lemma|POS") seen MIN_ANCHORS times."""
    cues: Counter[str] = Counter()
    for a in articles:
        for i in a.anchors:
            key = F.cue_key(a.doc[i])
            if key:
                cues[key] += 1
    return frozenset(k for k, n in cues.items() if n >= MIN_ANCHORS)


def speaker_rows(articles: Sequence[Article], model: W.Model) -> Rows:
    """The speaker model's features of every anchor's source word that is no name or pronoun
    (`indirect.SPEAKERS`), and whether it is the gold source (anchors of a gold unit with no
    source are left out: naming one is neither right nor wrong to the scorer)."""
    rows, labels = [], []
    for a in articles:
        for cand in _candidates(a, model):
            unit = a.anchors.get(cand.cue.i)
            source = cand.source
            if unit is None or unit.source is None or source is None or cand.kind in SPEAKERS:
                continue
            rows.append(FT.source_features(source, cand.kind, cand.key))
            labels.append(int(unit.source[0] <= source.idx < unit.source[1]))
    return rows, labels


Rows = tuple[list[list[str]], list[int]]
MIN_COUNT = 3  # a feature seen in fewer training rows gets no weight (keeps the file small)


def fit(rows: list[list[str]], labels: list[int], c: float = 1.0) -> W.Weights:
    """A logistic regression over binary features (lbfgs: deterministic) seen in at least
    MIN_COUNT rows, its weights rounded to 3 decimals and the zero ones left out."""
    counts = Counter(f for row in rows for f in set(row))
    kept = [{f: 1 for f in row if counts[f] >= MIN_COUNT} for row in rows]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    regression = LogisticRegression(C=c, max_iter=3000)
    regression.fit(matrix, labels)
    names = vectorizer.feature_names_
    coef = {n: round(float(w), 3) for n, w in zip(names, regression.coef_[0], strict=True)}
    bias = round(float(regression.intercept_[0]), 3)
    return W.Weights({n: w for n, w in coef.items() if w}, bias)


def screen_rows(articles: Sequence[Article], cues: frozenset[str]) -> Rows:
    """The screen's features of every lexicon word outside the direct quotes, and whether it
    anchors a gold attribution."""
    rows, labels = [], []
    for a in articles:
        for tok, key in F.lexicon_words(a.doc, a.inside, cues):
            rows.append(FT.screen_features(tok, key))
            labels.append(int(tok.i in a.anchors))
    return rows, labels


def train_parts(articles: Sequence[Article], model: W.Model) -> tuple[W.Weights, W.Weights]:
    """The part and inner regressions, from the anchors' children."""
    rows, labels, inner_rows, inner_labels = [], [], [], []
    for a in articles:
        for cand in _candidates(a, model):
            unit = a.anchors.get(cand.cue.i)
            if unit is None:
                continue
            for part, features in zip(cand.parts, cand.part_features(), strict=True):
                label = _in_gold(cand.tokens(part), unit)
                if label is None:
                    continue
                rows.append(features)
                labels.append(label)
                if not label:
                    continue
                for child, child_features in FT.inner(part, cand.cue, cand.layout, cand.lexicon):
                    child_label = _in_gold(child.subtree, unit)
                    if child_label is not None:
                        inner_rows.append(child_features)
                        inner_labels.append(child_label)
    return fit(rows, labels), fit(inner_rows, inner_labels)


def cue_rows(articles: Sequence[Article], model: W.Model) -> Rows:
    """The cue features of every candidate, and whether it anchors a gold attribution."""
    rows, labels = [], []
    for a in articles:
        for cand in _candidates(a, model):
            rows.append(F.read(cand, model, a.draft).features)
            labels.append(int(cand.cue.i in a.anchors))
    return rows, labels


@dataclass(frozen=True)
class Settings:
    """What cross-validation chooses: the screen's cut, the cue threshold, the cue model's C,
    the speaker model's cut, the inner model's cut."""

    screen_at: float = 0.02
    threshold: float = 0.35
    c: float = 0.3
    speaker_at: float = 0.45
    inner_at: float = 0.8


def train(articles: Sequence[Article], settings: Settings = Settings()) -> W.Model:
    """The whole model from these articles (the cue model learns from contents cut at the
    inner model's even odds; `inner_at` applies when reading)."""
    cues = lexicon(articles)
    screen = fit(*screen_rows(articles, cues))
    none = W.Weights({}, 0.0)
    model = W.Model(cues, screen, none, none, none, none, settings.screen_at, 0.5, 0.5)
    part, inner = train_parts(articles, model)
    model = replace(model, part=part, inner=inner)
    cue = fit(*cue_rows(articles, model), settings.c)
    speaker = fit(*speaker_rows(articles, model))
    return replace(
        model,
        cue=cue,
        speaker=speaker,
        threshold=settings.threshold,
        speaker_at=settings.speaker_at,
        inner_at=settings.inner_at,
    )


SCREEN_GRID = (0.005, 0.01, 0.02, 0.03, 0.05)
SCREEN_RECALL = 0.99  # the share of held-out gold anchors the screen must keep
C_GRID = (0.3, 1.0, 3.0)
THRESHOLD_GRID = tuple(round(0.2 + 0.05 * k, 2) for k in range(9))
SPEAKER_GRID = (0.25, 0.35, 0.45, 0.55)
INNER_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _folds(articles: Sequence[Article], folds: int, k: int) -> tuple[list[Article], list[Article]]:
    """Fold k's training and held-out articles (every folds-th article held out)."""
    train_part = [a for i, a in enumerate(articles) if i % folds != k]
    return train_part, [a for i, a in enumerate(articles) if i % folds == k]


def choose_screen(articles: Sequence[Article], folds: int) -> float:
    """The highest screen cut that keeps SCREEN_RECALL of the held-out folds' anchors."""
    kept, dropped, total = Counter[float](), 0, 0
    for k in range(folds):
        train_part, held = _folds(articles, folds, k)
        cues = lexicon(train_part)
        screen = fit(*screen_rows(train_part, cues))
        rows, labels = screen_rows(held, cues)
        for row, label in zip(rows, labels, strict=True):
            p = screen.probability(row)
            total += label
            dropped += p < SCREEN_GRID[0]
            kept.update(t for t in SCREEN_GRID if label and p >= t)
    share = {t: kept[t] / max(total, 1) for t in SCREEN_GRID}
    print("screen: held-out anchors kept by cut:", share, file=sys.stderr)
    return max((t for t in SCREEN_GRID if share[t] >= SCREEN_RECALL), default=0.0)


def _cross_read(
    articles: Sequence[Article], folds: int, settings: Settings, grid: Sequence[Settings]
) -> dict[Settings, float]:
    """All-attribution speaker F1 of each grid point over k folds: each fold read by a model
    trained on the others (with `settings`; a grid point's C retrains the cue model)."""
    scores = {g: {k: polnear.Score() for k in polnear.CATEGORIES} for g in grid}
    for k in range(folds):
        train_part, held = _folds(articles, folds, k)
        base = train(train_part, settings)
        rows, labels = cue_rows(train_part, base)
        cues = {c: fit(rows, labels, c) for c in {g.c for g in grid}}
        for g in grid:
            model = replace(
                base,
                cue=cues[g.c],
                threshold=g.threshold,
                speaker_at=g.speaker_at,
                inner_at=g.inner_at,
            )
            for a in held:
                found = polnear.predicted(a.doc, a.draft, model)
                polnear.score(a.draft.text, found, a.gold, scores[g])
        print(f"fold {k + 1}/{folds} done", file=sys.stderr)
    return {g: s["all"].row()["speaker"][2] for g, s in scores.items()}


STAGES = ("screen", "cue", "speaker", "inner")


def _grid(stage: str, best: Settings) -> list[Settings]:
    """The settings one stage of `choose` tries, the others as in `best`."""
    if stage == "cue":
        return [replace(best, c=c, threshold=t) for c in C_GRID for t in THRESHOLD_GRID]
    if stage == "speaker":
        return [replace(best, speaker_at=at) for at in SPEAKER_GRID]
    return [replace(best, inner_at=at) for at in INNER_GRID]


def choose(
    articles: Sequence[Article], folds: int, start: Settings, stages: Sequence[str] = STAGES
) -> Settings:
    """The settings maximising all-attribution speaker F1 (PolNeAR scorer, `eval/quotes.py`)
    over k folds of the articles, stage by stage: the screen cut, then C and threshold, then
    the speaker cut, then the inner model's cut; a stage left out keeps `start`'s value."""
    best = start
    if "inner" in stages:  # the stages before it read contents cut at even odds
        best = replace(best, inner_at=0.5)
    if "screen" in stages:
        best = replace(best, screen_at=choose_screen(articles, folds))
    for stage in (s for s in STAGES[1:] if s in stages):
        grid = _grid(stage, best)
        f1 = _cross_read(articles, folds, best, grid)
        for g, v in f1.items():
            print(f"{stage}: {g}: speaker F1 {v:.4f}", file=sys.stderr)
        # among equal scores, the setting nearest the middle
        best = max(
            f1,
            key=lambda g: (
                f1[g],
                -abs(g.c - 1.0),
                -sum(abs(x - 0.5) for x in (g.threshold, g.speaker_at, g.inner_at)),
            ),
        )
        print(f"chosen: {best}: CV all-attribution speaker F1 {f1[best]:.4f}", file=sys.stderr)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=0, help="choose the settings by k-fold CV")
    parser.add_argument("--screen", type=float, default=Settings.screen_at)
    parser.add_argument("--threshold", type=float, default=Settings.threshold)
    parser.add_argument("--c", type=float, default=Settings.c, help="the cue model's C")
    parser.add_argument(
        "--speaker", type=float, default=Settings.speaker_at, help="the speaker model's cut"
    )
    parser.add_argument(
        "--inner", type=float, default=Settings.inner_at, help="the inner model's cut"
    )
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        help="the settings --folds chooses (others keep their values)",
    )
    parser.add_argument("--limit", type=int, help="only the first N train articles (a try)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, help="a DocBin file to keep the parses in")
    args = parser.parse_args(argv)
    if not polnear.CORPUS.exists():
        print(f"no corpus at {polnear.CORPUS}", file=sys.stderr)
        return 2
    docs, names = parse(args.limit, args.cache)
    fit_part = read([i for i in range(len(names)) if i % 5 != 4], docs, names)
    settings = Settings(args.screen, args.threshold, args.c, args.speaker, args.inner)
    if args.folds:
        settings = choose(fit_part, args.folds, settings, args.stages.split(","))
    model = train(fit_part, settings)
    args.out.write_text(json.dumps(W.model_json(model), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(model.cues)} cue words, {settings}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
