"""Quote extraction measured on PolNeAR dev, side by side with textacy's `direct_quotations`.

    .venv/bin/python eval/quotes.py                 # newsgraph vs textacy on dev (84 articles)
    .venv/bin/python eval/quotes.py --split holdout # the fifth of train the model never saw
    .venv/bin/python eval/quotes.py --limit 20      # a quicker look

Units: a gold unit is one PolNeAR attribution (its content may be several fragments: a quote
split by its attribution, or running over paragraphs); a predicted unit is one quote. Words
are `\\w+` runs; a leading "that" is not counted (PolNeAR's content includes it, ours not).
- content ≥50%: a prediction belongs to the gold unit holding at least half of its words; a
  gold unit is found when its predictions together hold at least half of its words (so a
  split quote counts whether it is kept as one unit or two). Precision: predictions whose
  gold unit is found; recall: gold units found. Exact: the predictions' words are exactly
  the gold unit's words.
- speaker: a ≥50% match whose speaker is the gold source — the same text span, or the same
  person by name (the gold source's last capitalised word among the predicted entity's names),
  or the predicted entity has a mention on the gold source span (a resolved pronoun), or
  the gold source is a relative pronoun ("who") right after the predicted speaker.
  Precision counts predictions that name a speaker (gold units without a source are left
  out of both sides); recall counts gold units with a source.
Gold type: direct when every fragment is wholly inside quotation marks, mixed when it holds
some, else indirect. Rows are by type (a prediction's own type, a gold unit's own type; a
predicted belief counts as indirect, as PolNeAR has no belief type) and "all".
Articles are parsed as the pipeline parses English (`parse`: a title-case headline's common
words lowercased for the parser, its verbs mended), so that headline cues read as verbs.
Splits: dev; holdout, the train articles whose sorted index % 5 == 4, which the attribution
model (`eval/attribution.py`) leaves out of its training.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear"
DATA = Path(__file__).resolve().parents[1] / "src/newsgraph/extract/quotes/data"
OPENERS = "“„«‹‘\"'"
CLOSERS = "”»›’\"'"
_WORD = re.compile(r"\w+")
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "gov", "rep", "gen", "president", "the", "a", "an"}


@dataclass
class Unit:
    """A gold attribution or a predicted quote group."""

    fragments: list[tuple[int, int]]
    type: str
    source: tuple[int, int] | None = None
    names: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    words: frozenset[int] = frozenset()
    cue: list[tuple[int, int]] = field(default_factory=list)


def words(text: str, fragments: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Start offsets of the word tokens in the fragments, less a leading "that"."""
    out = sorted(m.start() + s for s, e in fragments for m in _WORD.finditer(text[s:e]))
    if out and text[out[0] : out[0] + 5].lower() == "that " :
        out = out[1:]
    return frozenset(out)


def gold_type(text: str, fragments: list[tuple[int, int]]) -> str:
    """direct | mixed | indirect, from the quotation marks of the content."""
    inside = [text[s:e].strip().rstrip(".,;:") for s, e in fragments]
    if all(f and f[0] in OPENERS and f.rstrip(".,;:!?")[-1:] in CLOSERS for f in inside):
        return "direct"
    return "mixed" if any(c in text[s:e] for s, e in fragments for c in "“”\"") else "indirect"


def _spans(field_: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (p.split() for p in field_.split(";"))]


def read_ann(path: Path, text: str) -> list[Unit]:
    """The attributions of one brat file."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    units = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(where))
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":", 1) for r in parts[1].split())
            if "Content" not in roles or roles["Content"] not in spans:
                continue
            content = spans[roles["Content"]][1]
            source = spans.get(roles.get("Source", ""), ("", []))[1]
            src = (min(s for s, _ in source), max(e for _, e in source)) if source else None
            names = {w.lower() for w in _WORD.findall(text[src[0] : src[1]])} if src else set()
            cue = spans.get(roles.get("Cue", ""), ("", []))[1]
            units.append(Unit(content, gold_type(text, content), src, names,
                              words=words(text, content), cue=cue))
    return units


def load_split(split: str, limit: int | None = None) -> list[tuple[str, str, list[Unit]]]:
    """(name, text, gold units) per article; the first annotator's file where there are two.

    "holdout" is every fifth train article (index % 5 == 4), which the models never saw;
    "fit" the rest of train, which they learn from.
    """
    folder = "train" if split in ("holdout", "fit") else split
    out = []
    for path in sorted((CORPUS / folder / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        anns = sorted((CORPUS / folder / "attributions").glob(path.stem + "_*.ann"))
        if anns:
            out.append((path.stem, text, read_ann(anns[0], text)))
    if split in ("holdout", "fit"):
        out = [a for i, a in enumerate(out) if (i % 5 == 4) == (split == "holdout")]
    return out[:limit]


def parse(nlp: object, texts: list[str], batch_size: int = 16) -> Iterator[object]:
    """The texts' Docs, parsed as the pipeline parses English (`pipeline._parse_text`,
    `_finish`): a title-case headline's common words lowercased for the parser, then the
    words as written put back and the headline's verbs mended ("Fiorina Endorses Cruz")."""
    from spacy.language import Language

    from newsgraph.text.headline_case import for_parse, restore
    from newsgraph.text.headline_verbs import mend

    assert isinstance(nlp, Language)
    docs = nlp.pipe((for_parse(t) for t in texts), batch_size=batch_size)
    for text, doc in zip(texts, docs, strict=True):
        yield mend(restore(doc, text))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Each non-empty line is a paragraph."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def surname(text: str, span: tuple[int, int]) -> str | None:
    """The last capitalised word of a gold source, less titles."""
    caps = [w for w in _WORD.findall(text[span[0] : span[1]]) if w[0].isupper()]
    caps = [w for w in caps if w.lower() not in _TITLES]
    return caps[-1].lower() if caps else None


def _units(text: str, quotes: Iterable[tuple[str, Unit]]) -> list[Unit]:
    """Predicted quotes as units, with their words (a belief is scored as indirect)."""
    out = []
    for kind, unit in quotes:
        unit.type = "indirect" if kind == "belief" else kind
        unit.words = words(text, unit.fragments)
        out.append(unit)
    return out


def ours(doc: object, text: str) -> list[Unit]:
    """newsgraph's quotes, through a Draft with the entity extractor's entities."""
    from newsgraph.extract.base import Draft
    from newsgraph.extract.entities.extractor import EntityExtractor
    from newsgraph.model import Span

    draft = Draft(text, None, [Span(s, e) for s, e in paragraphs(text)])
    draft.entities = list(EntityExtractor()(doc, draft))  # type: ignore[arg-type]
    return predicted(doc, draft)


def predicted(doc: object, draft: object, model: object = None) -> list[Unit]:
    """The quotes of a parsed article (its Draft holding its entities) as units; `model` is
    an attribution model (`weights.Model`) other than the shipped one."""
    from newsgraph.extract.base import Draft
    from newsgraph.extract.quotes.extractor import QuoteExtractor

    assert isinstance(draft, Draft)
    found = []
    for q in QuoteExtractor(model)(doc, draft):  # type: ignore[arg-type]
        sp = q.speaker
        unit = Unit([(q.start, q.end)], q.type)
        if sp is not None:
            unit.source = (sp.start, sp.end)
            entity = draft.entity(sp.entity)
            names = [sp.text]
            if entity is not None:
                names += [entity.name] + [m.text for m in entity.mentions]
            unit.names = {w.lower() for n in names for w in _WORD.findall(n)}
            unit.mentions = [(m.start, m.end) for m in entity.mentions] if entity else []
        found.append((q.type, unit))
    return _units(draft.text, found)


def textacy_quotes(doc: object, text: str) -> list[Unit] | None:
    """textacy's direct_quotations; None when it raises on the article."""
    from textacy.extract.triples import direct_quotations

    found = []
    try:
        triples = list(direct_quotations(doc))  # type: ignore[arg-type]
    except Exception:  # textacy raises ValueError on unbalanced marks
        return None
    for t in triples:
        unit = Unit([(t.content.start_char, t.content.end_char)], "direct")
        if t.speaker:
            s, e = t.speaker[0].idx, t.speaker[-1].idx + len(t.speaker[-1].text)
            unit.source = (s, e)
            unit.names = {w.lower() for w in _WORD.findall(text[s:e])}
        found.append(("direct", unit))
    return _units(text, found)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def speaker_ok(text: str, pred: Unit, gold: Unit) -> bool:
    """Whether the predicted speaker is the gold source (see module docstring)."""
    if pred.source is None or gold.source is None:
        return False
    if _overlap(pred.source, gold.source) or any(_overlap(m, gold.source) for m in pred.mentions):
        return True
    if text[gold.source[0] : gold.source[1]].lower() in {"who", "which", "that"}:
        return 0 <= gold.source[0] - pred.source[1] <= 3  # "Mr. Kamin, who said": antecedent
    name = surname(text, gold.source)
    return name is not None and name in pred.names


@dataclass
class Matching:
    """Which gold unit each prediction belongs to, and which gold units were found."""

    owner: dict[int, Unit]  # id(pred) → gold unit holding ≥ half of its words
    found: dict[int, list[Unit]]  # id(gold) → its predictions, when they cover ≥ half of it
    exact: set[int]  # id(gold) whose predictions have exactly its words


def match(pred: list[Unit], gold: list[Unit]) -> Matching:
    """Each prediction goes to the gold unit holding most of its words (at least half).

    A gold unit is found when its predictions together hold at least half of its words, so a
    quote split in two is found whether the gold (or the tool) keeps it as one unit or two.
    """
    owner: dict[int, Unit] = {}
    parts: dict[int, list[Unit]] = {}
    for p in pred:
        best = max(gold, key=lambda g: len(p.words & g.words), default=None)
        if best is not None and p.words and 2 * len(p.words & best.words) >= len(p.words):
            owner[id(p)] = best
            parts.setdefault(id(best), []).append(p)
    found, exact = {}, set()
    for g in gold:
        covered = frozenset().union(*(p.words for p in parts.get(id(g), [])))
        if g.words and 2 * len(covered & g.words) >= len(g.words):
            found[id(g)] = parts[id(g)]
            if covered == g.words:
                exact.add(id(g))
    return Matching(owner, found, exact)


class Score:
    """Counts for one tool and one category."""

    def __init__(self) -> None:
        self.n = {k: 0 for k in ("pred", "gold", "exact_p", "exact_g", "half_p", "half_g",
                                 "spk_pred", "spk_gold", "spk_ok", "spk_found")}

    def prf(self, tp_p: str, tp_g: str, pred: str, gold: str) -> tuple[float, float, float]:
        p = self.n[tp_p] / self.n[pred] if self.n[pred] else 0.0
        r = self.n[tp_g] / self.n[gold] if self.n[gold] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def row(self) -> dict[str, tuple[float, float, float]]:
        return {
            "content_exact": self.prf("exact_p", "exact_g", "pred", "gold"),
            "content_50": self.prf("half_p", "half_g", "pred", "gold"),
            "speaker": self.prf("spk_ok", "spk_found", "spk_pred", "spk_gold"),
        }


CATEGORIES = ("direct", "mixed", "indirect", "all")


def score(text: str, pred: list[Unit], gold: list[Unit], scores: dict[str, Score]) -> None:
    """Add one article's counts to per-category scores ("direct", "indirect", "all")."""
    m = match(pred, gold)
    for p in pred:
        g = m.owner.get(id(p))
        hit = g is not None and id(g) in m.found
        for cat in (p.type, "all"):
            s = scores[cat].n
            s["pred"] += 1
            s["half_p"] += hit
            s["exact_p"] += hit and id(g) in m.exact
            if p.source is not None and not (hit and g is not None and g.source is None):
                s["spk_pred"] += 1
                s["spk_ok"] += hit and g is not None and speaker_ok(text, p, g)
    for g in gold:
        preds = m.found.get(id(g), [])
        for cat in (g.type, "all"):
            s = scores[cat].n
            s["gold"] += 1
            s["half_g"] += bool(preds)
            s["exact_g"] += id(g) in m.exact
            if g.source is not None:
                s["spk_gold"] += 1
                s["spk_found"] += any(speaker_ok(text, p, g) for p in preds)


def evaluate(
    split: str = "dev", limit: int | None = None, textacy: bool = True
) -> dict[str, object]:
    """Scores per tool and category, with run times."""
    from newsgraph.nlp import get_nlp

    articles = load_split(split, limit)
    # "…-readable": the same scores over only the articles textacy could read (no raise)
    tools = ["newsgraph"]
    if textacy:
        tools += ["textacy", "newsgraph-readable", "textacy-readable"]
    scores = {t: {c: Score() for c in CATEGORIES} for t in tools}
    seconds = dict.fromkeys(tools[:2], 0.0)
    raised = 0
    nlp = get_nlp()
    if textacy:  # textacy reads token.lemma_; newsgraph runs without the lemmatizer (lemma_of
        nlp.enable_pipe("lemmatizer")  # gives the same lemmas), so turn it on for the shared pass
    started = time.perf_counter()
    for doc, (_, text, gold) in zip(parse(nlp, [t for _, t, _ in articles], 8), articles,
                                   strict=True):
        t0 = time.perf_counter()
        mine = ours(doc, text)
        score(text, mine, gold, scores["newsgraph"])
        seconds["newsgraph"] += time.perf_counter() - t0
        if textacy:
            t0 = time.perf_counter()
            found = textacy_quotes(doc, text)
            seconds["textacy"] += time.perf_counter() - t0
            raised += found is None
            score(text, found or [], gold, scores["textacy"])
            if found is not None:
                score(text, mine, gold, scores["newsgraph-readable"])
                score(text, found, gold, scores["textacy-readable"])
    # the shared spaCy pass counts towards each tool's time
    return {
        "split": split,
        "articles": len(articles),
        "seconds_total": round(time.perf_counter() - started, 1),
        "seconds_extractor": {t: round(v, 1) for t, v in seconds.items()},
        "textacy_raised_on": raised,
        "scores": {t: {c: s.row() for c, s in cats.items()} for t, cats in scores.items()},
        "counts": {t: {c: s.n for c, s in cats.items()} for t, cats in scores.items()},
    }


def table(result: dict[str, object]) -> Iterator[str]:
    """The scores as a plain-text table."""
    yield f"PolNeAR {result['split']}: {result['articles']} articles, {result['seconds_total']} s"
    heads = ("exact P/R/F1", "≥50% P/R/F1", "speaker P/R/F1")
    yield f"{'tool':18} {'quotes':8} " + " ".join(f"{h:>20}" for h in heads)
    scores = result["scores"]
    assert isinstance(scores, dict)
    for tool, cats in scores.items():
        for cat, row in cats.items():
            cells = [" ".join(f"{v:.3f}" for v in row[k])
                     for k in ("content_exact", "content_50", "speaker")]
            yield f"{tool:18} {cat:8} " + " ".join(f"{c:>20}" for c in cells)
    yield f"textacy raised on {result['textacy_raised_on']} articles (scored as no quotes)"
    yield f"extractor seconds (after the shared spaCy pass): {result['seconds_extractor']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--no-textacy", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    result = evaluate(args.split, args.limit, textacy=not args.no_textacy)
    print(json.dumps(result, indent=1) if args.json else "\n".join(table(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
