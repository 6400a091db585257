"""Train the attribution model (`src/newsgraph/extract/quotes/data/attribution.json`) on
PolNeAR train with scikit-learn.

    .venv/bin/python eval/attribution.py            # train on the fit part, write the JSON
    .venv/bin/python eval/attribution.py --folds 3  # also pick the cue threshold by CV

Data: PolNeAR (E. Newell, D. Margolin, D. Ruths, LREC 2018), a research corpus whose
repository states no licence; only weights learned from it are shipped. The train split is
cut once, before any tuning, into a fit part (articles whose sorted index % 5 != 4) and a
held-out part (index % 5 == 4), which `eval/quotes.py --split holdout` scores; dev is never
read here.

Each gold attribution is tied to its *anchor*: the word of its cue that governs its content
(the cue word whose child, or whose preposition's object, heads the content; or the cue word
hanging from the content's clause: "according to", "…, she said"). The lexicon is every
"lemma|POS" that anchors at least two attributions. Three logistic regressions follow:
- part: which children of an anchor carry the content (a child is content when at least
  half of its words are the gold content's);
- inner: which children of a content part's head stay in it (a trailing ", which …" may not);
- cue: whether a lexicon word is an anchor, given its chosen parts and its source.
The cue threshold is the one that maximises the cue-level F1 in k-fold cross-validation over
the fit part's articles. Source nouns (a "poll", a "spokesman") are the noun lemmas heading a
gold source at least twice.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin, Token

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quotes as polnear
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from newsgraph.extract.base import Draft
from newsgraph.extract.entities.extractor import EntityExtractor
from newsgraph.extract.quotes import frames as F
from newsgraph.extract.quotes.extractor import direct_regions
from newsgraph.model import Span
from newsgraph.nlp import get_nlp, lemma_of

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


def _candidates(article: Article, cues: frozenset[str]) -> list[F.Candidate]:
    inside = article.inside
    layout = F.Layout.of(article.doc, article.draft)
    return F.candidates((t for t in article.doc if not inside[t.idx]), layout, cues)


def _in_gold(tokens: Iterable[Token], unit: polnear.Unit) -> int | None:
    """1 when at least half of the words are the unit's content, None for no words."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if not words:
        return None
    inside = sum(any(a <= t.idx < b for a, b in unit.fragments) for t in words)
    return int(2 * inside >= len(words))


def lexicon(articles: Sequence[Article]) -> tuple[frozenset[str], frozenset[str]]:
    """Anchor words ("lemma|POS") seen MIN_ANCHORS times, and the nouns heading sources."""
    cues: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for a in articles:
        for i, unit in a.anchors.items():
            key = F.cue_key(a.doc[i])
            if key:
                cues[key] += 1
            head = _root(_tokens(a.doc, [unit.source])) if unit.source else None
            if head is not None and head.pos_ == "NOUN":
                sources[lemma_of(head).lower()] += 1
    return (
        frozenset(k for k, n in cues.items() if n >= MIN_ANCHORS),
        frozenset(k for k, n in sources.items() if n >= MIN_ANCHORS),
    )


def _fit(rows: list[list[str]], labels: list[int], c: float = 1.0) -> F.Weights:
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(r, 1) for r in rows])
    regression = LogisticRegression(C=c, max_iter=3000)
    regression.fit(matrix, labels)
    names = vectorizer.feature_names_
    coef = {n: round(float(w), 4) for n, w in zip(names, regression.coef_[0], strict=True)}
    bias = round(float(regression.intercept_[0]), 4)
    return F.Weights({n: w for n, w in coef.items() if w}, bias)


def train_parts(articles: Sequence[Article], cues: frozenset[str]) -> tuple[F.Weights, F.Weights]:
    """The part and inner regressions, from the anchors' children."""
    rows, labels, inner_rows, inner_labels = [], [], [], []
    for a in articles:
        for cand in _candidates(a, cues):
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
                for child, child_features in F.inner(part, cand.cue):
                    child_label = _in_gold(child.subtree, unit)
                    if child_label is not None:
                        inner_rows.append(child_features)
                        inner_labels.append(child_label)
    return _fit(rows, labels), _fit(inner_rows, inner_labels)


def cue_rows(articles: Sequence[Article], model: F.Model) -> tuple[list[list[str]], list[int]]:
    """The cue features of every candidate, and whether it anchors a gold attribution."""
    rows, labels = [], []
    for a in articles:
        for cand in _candidates(a, model.cues):
            rows.append(F.read(cand, model, a.draft).features)
            labels.append(int(cand.cue.i in a.anchors))
    return rows, labels


def train(articles: Sequence[Article], threshold: float = 0.5) -> F.Model:
    """The whole model from these articles."""
    cues, sources = lexicon(articles)
    part, inner = train_parts(articles, cues)
    partial = F.Model(cues, sources, part, inner, F.Weights({}, 0.0), threshold)
    cue = _fit(*cue_rows(articles, partial))
    return F.Model(cues, sources, part, inner, cue, threshold)


def choose_threshold(articles: Sequence[Article], folds: int) -> float:
    """The cue threshold maximising cue-level F1 over k folds of the articles."""
    grid = [round(0.25 + 0.05 * k, 2) for k in range(10)]
    tp, pred, gold = Counter[float](), Counter[float](), 0
    for k in range(folds):
        model = train([a for i, a in enumerate(articles) if i % folds != k])
        rows, labels = cue_rows([a for i, a in enumerate(articles) if i % folds == k], model)
        gold += sum(labels)
        for row, label in zip(rows, labels, strict=True):
            p = model.cue.probability(row)
            for t in grid:
                pred[t] += p >= t
                tp[t] += p >= t and label
        print(f"fold {k + 1}/{folds} done", file=sys.stderr)
    f1 = {t: 2 * tp[t] / (pred[t] + gold) for t in grid}
    print("cue-level F1 by threshold:", {t: round(v, 3) for t, v in f1.items()}, file=sys.stderr)
    return max(grid, key=lambda t: f1[t])


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
    parser.add_argument("--folds", type=int, default=0, help="pick the threshold by k-fold CV")
    parser.add_argument("--threshold", type=float, default=0.4)
    parser.add_argument("--limit", type=int, help="only the first N train articles (a try)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, help="a DocBin file to keep the parses in")
    args = parser.parse_args(argv)
    if not polnear.CORPUS.exists():
        print(f"no corpus at {polnear.CORPUS}", file=sys.stderr)
        return 2
    docs, names = parse(args.limit, args.cache)
    fit = read([i for i in range(len(names)) if i % 5 != 4], docs, names)
    threshold = choose_threshold(fit, args.folds) if args.folds else args.threshold
    model = train(fit, threshold)
    args.out.write_text(json.dumps(F.model_json(model), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(model.cues)} cue words, threshold {threshold}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
