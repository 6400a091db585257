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

Each gold attribution is tied to its *anchor*: the word of its cue that governs its content
(the cue word whose child, or whose preposition's object, heads the content; or the cue word
hanging from the content's clause: "according to", "…, she said"). The lexicon is every
"lemma|POS" that anchors at least two attributions. Four logistic regressions follow:
- screen: whether a lexicon word is an anchor, from its key, relation, tag and children's
  relations only; words below its cut are never read further (the pass's cost);
- part: which children of an anchor carry the content (a child is content when at least
  half of its words are the gold content's);
- inner: which words of a content part stay in it: the children of its head and, down its
  right edge, the trailing ", which …", ", noting …", apposition or date that may not;
- cue: whether a lexicon word is an anchor, given its chosen parts, its source, the content's
  kind and the lexicon word above it (PolNeAR marks no attribution inside another's content).
Source kinds beyond people and organisations ("noun:spokesman", "noun:poll", "adj:many") are
those of anchors' sources that were the gold source at least twice and a third of the time.
`--folds k` chooses the screen cut (the highest that keeps 99% of held-out anchors), then
the cue model's C and threshold maximising all-attribution speaker F1 (the PolNeAR scorer of
`eval/quotes.py`) over k folds of the fit part, each read end to end by a model trained on
the other folds; the shipped model is then trained on the whole fit part.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, DocBin, Token

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quotes as polnear
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from newsgraph.extract.base import Draft
from newsgraph.extract.entities.extractor import EntityExtractor
from newsgraph.extract.quotes import features as FT
from newsgraph.extract.quotes import frames as F
from newsgraph.extract.quotes import weights as W
from newsgraph.extract.quotes.extractor import direct_regions
from newsgraph.extract.quotes.indirect import SPEAKERS
from newsgraph.extract.quotes.layout import Layout
from newsgraph.model import Span
from newsgraph.nlp import get_nlp

OUT = polnear.DATA / "attribution.json"
MIN_ANCHORS = 2


@dataclass
class Article:
    """One parsed training article: its Doc, Draft, gold units and their anchors."""

    doc: Doc
    draft: Draft
    gold: list[polnear.Unit]
    anchors: dict[int, polnear.Unit]
    inside: bytearray


def _tokens(doc: Doc, spans: Iterable[tuple[int, int]]) -> list[Token]:
    out: list[Token] = []
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.extend(t for t in span if not t.is_space)
    return out


def _root(tokens: Sequence[Token]) -> Token | None:
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return max(roots, key=lambda t: len(list(t.subtree)), default=None)


def anchor_of(doc: Doc, unit: polnear.Unit) -> Token | None:
    """The cue word governing a gold unit's content (see module docstring), or None."""
    cue = _tokens(doc, unit.cue)
    ids = {t.i for t in cue}
    for fragment in sorted(unit.fragments, key=lambda f: f[0] - f[1]):
        root = _root([t for t in _tokens(doc, [fragment]) if not t.is_punct])
        if root is None:
            continue
        up = root
        for _ in range(3):
            if up.head.i == up.i:
                break
            up = up.head
            if up.i in ids:
                while up.pos_ == "ADP" and up.lower_ != "according" and up.head.i in ids - {up.i}:
                    up = up.head  # "criticism [of]": the noun, not its preposition
                return up
        for word in cue:
            up = word
            for _ in range(2):
                up = up.head
                if up.i == root.i:
                    return word
    return None


Named = tuple[str, str, list[polnear.Unit]]


def read(indexes: Sequence[int], docs: Sequence[Doc], names: Sequence[Named]) -> list[Article]:
    """The articles at these indexes, with entities, anchors and direct-quote regions."""
    out = []
    for i in indexes:
        _, text, gold = names[i]
        doc = docs[i]
        draft = Draft(text, None, [Span(s, e) for s, e in polnear.paragraphs(text)])
        draft.entities = list(EntityExtractor()(doc, draft))
        anchors: dict[int, polnear.Unit] = {}
        for unit in gold:
            word = anchor_of(doc, unit)
            if word is not None:
                anchors.setdefault(word.i, unit)
        out.append(Article(doc, draft, gold, anchors, direct_regions(doc, draft)))
    return out


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


def lexicon(articles: Sequence[Article]) -> tuple[frozenset[str], frozenset[str]]:
    """Anchor words ("lemma|POS") seen MIN_ANCHORS times; and the source kinds
    (`frames.source_kind`) beyond people and organisations (`indirect.SPEAKERS`) of anchors'
    sources that were the gold source at least MIN_ANCHORS
    times and at least a third of the times they were found (a source named adds to the right
    speakers more than to the wrong ones while at least about a third of them are right)."""
    cues: Counter[str] = Counter()
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for a in articles:
        layout = Layout.of(a.doc, a.draft)
        for i, unit in a.anchors.items():
            key = F.cue_key(a.doc[i])
            if key:
                cues[key] += 1
            source, kind = F.source_and_kind(a.doc[i], layout)
            if source is None:
                continue
            seen[kind] += 1
            right[kind] += unit.source is not None and unit.source[0] <= source.idx < unit.source[1]
    return (
        frozenset(k for k, n in cues.items() if n >= MIN_ANCHORS),
        frozenset(
            k
            for k, n in right.items()
            if n >= MIN_ANCHORS and 3 * n >= seen[k] and k not in SPEAKERS
        ),
    )


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


Rows = tuple[list[list[str]], list[int]]


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
    """What cross-validation chooses: the screen's cut, the cue threshold, the cue model's C."""

    screen_at: float = 0.02
    threshold: float = 0.4
    c: float = 1.0


def train(articles: Sequence[Article], settings: Settings = Settings()) -> W.Model:
    """The whole model from these articles."""
    cues, sources = lexicon(articles)
    screen = fit(*screen_rows(articles, cues))
    none = W.Weights({}, 0.0)
    model = W.Model(cues, sources, screen, none, none, none, settings.screen_at, 0.5)
    part, inner = train_parts(articles, model)
    model = replace(model, part=part, inner=inner)
    cue = fit(*cue_rows(articles, model), settings.c)
    return replace(model, cue=cue, threshold=settings.threshold)


SCREEN_GRID = (0.005, 0.01, 0.02, 0.03, 0.05)
SCREEN_RECALL = 0.99  # the share of held-out gold anchors the screen must keep
C_GRID = (0.3, 1.0, 3.0)
THRESHOLD_GRID = tuple(round(0.2 + 0.05 * k, 2) for k in range(9))


def _folds(articles: Sequence[Article], folds: int, k: int) -> tuple[list[Article], list[Article]]:
    """Fold k's training and held-out articles (every folds-th article held out)."""
    train_part = [a for i, a in enumerate(articles) if i % folds != k]
    return train_part, [a for i, a in enumerate(articles) if i % folds == k]


def choose_screen(articles: Sequence[Article], folds: int) -> float:
    """The highest screen cut that keeps SCREEN_RECALL of the held-out folds' anchors."""
    kept, dropped, total = Counter[float](), 0, 0
    for k in range(folds):
        train_part, held = _folds(articles, folds, k)
        cues, _ = lexicon(train_part)
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


def choose(articles: Sequence[Article], folds: int) -> Settings:
    """The settings maximising all-attribution speaker F1 (PolNeAR scorer, `eval/quotes.py`)
    over k folds of the articles: each fold is read by a model trained on the others."""
    screen_at = choose_screen(articles, folds)
    scores = {(c, t): {k: polnear.Score() for k in polnear.CATEGORIES}
              for c in C_GRID for t in THRESHOLD_GRID}
    for k in range(folds):
        train_part, held = _folds(articles, folds, k)
        base = train(train_part, Settings(screen_at, 0.5, 1.0))
        rows, labels = cue_rows(train_part, base)
        for c in C_GRID:
            model = replace(base, cue=fit(rows, labels, c))
            for t in THRESHOLD_GRID:
                for a in held:
                    found = polnear.predicted(a.doc, a.draft, replace(model, threshold=t))
                    polnear.score(a.draft.text, found, a.gold, scores[c, t])
        print(f"fold {k + 1}/{folds} done", file=sys.stderr)
    f1 = {ct: s["all"].row()["speaker"][2] for ct, s in scores.items()}
    for c in C_GRID:
        print(f"C={c}: speaker F1 by threshold",
              {t: round(f1[c, t], 4) for t in THRESHOLD_GRID}, file=sys.stderr)
    c, t = max(f1, key=lambda ct: (f1[ct], -abs(ct[0] - 1.0), -abs(ct[1] - 0.5)))
    print(f"chosen: screen {screen_at}, C {c}, threshold {t}: CV all-attribution speaker F1 "
          f"{f1[c, t]:.4f}", file=sys.stderr)
    return Settings(screen_at, t, c)


def parse(limit: int | None = None, cache: Path | None = None) -> tuple[list[Doc], list[Named]]:
    """PolNeAR train, parsed as the pipeline parses (first annotator's file); with `cache`,
    the parses are read from (or written to) a spaCy DocBin there."""
    articles = polnear.load_split("train", limit)
    nlp = get_nlp()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == [t for _, t, _ in articles]:
            return docs, articles
    docs = list(nlp.pipe((t for _, t, _ in articles), batch_size=16))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return docs, articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=0, help="choose the settings by k-fold CV")
    parser.add_argument("--screen", type=float, default=Settings.screen_at)
    parser.add_argument("--threshold", type=float, default=Settings.threshold)
    parser.add_argument("--c", type=float, default=Settings.c, help="the cue model's C")
    parser.add_argument("--limit", type=int, help="only the first N train articles (a try)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, help="a DocBin file to keep the parses in")
    args = parser.parse_args(argv)
    if not polnear.CORPUS.exists():
        print(f"no corpus at {polnear.CORPUS}", file=sys.stderr)
        return 2
    docs, names = parse(args.limit, args.cache)
    fit_part = read([i for i in range(len(names)) if i % 5 != 4], docs, names)
    settings = Settings(args.screen, args.threshold, args.c)
    if args.folds:
        settings = choose(fit_part, args.folds)
    model = train(fit_part, settings)
    args.out.write_text(json.dumps(W.model_json(model), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(model.cues)} cue words, {settings}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
