"""TempEval-3 scoring of the times extractor over TimeBank + AQUAINT (TBAQ-cleaned, TimeML).

    .venv/bin/python eval/times.py [--corpus DIR] [--limit N] [--errors N] [--cache DIR]

Each document's `<DCT>` is the publication date; its `<TEXT>` (tags stripped) is parsed with
the project's spaCy pipeline and read by `TimeExtractor`. Scoring follows TempEval-3 (UzZaman
et al. 2013): a system expression matches a gold one when their spans overlap (relaxed);
span P = matched system / system, R = matched gold / gold. Value P/R/F1 count a value as
correct only on a matched pair (one-to-one, largest overlap first) whose values are equal, over
the same denominators. The DCT itself is input, not scored. Prints per sub-corpus and overall
figures and the extractor's CPU time per document (the spaCy parse is timed apart).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin

from newsgraph.extract.base import Draft
from newsgraph.extract.times.extractor import TimeExtractor
from newsgraph.model import Span, TimeExpr
from newsgraph.nlp import get_nlp

CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))
TBAQ = CORPUS / "tempeval3" / "TBAQ-cleaned"
SUBCORPORA = ("TimeBank", "AQUAINT")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One annotated TIMEX3 inside the document text."""

    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """A TimeML document: its text, publication date and gold time expressions."""

    name: str
    subcorpus: str
    dct: dt.date
    text: str
    timexes: tuple[GoldTimex, ...]


def load_timeml(path: Path, subcorpus: str = "") -> TimeMLDoc:
    """Read one .tml file: `<TEXT>` with tags stripped, TIMEX3 offsets into that text."""
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT/TIMEX3")
    if dct_el is None:
        raise ValueError(f"{path}: no DCT")
    dct = dt.date.fromisoformat(dct_el.get("value", "")[:10])
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no TEXT")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    length = 0

    def walk(el: ET.Element) -> None:
        nonlocal length
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            start = length
            walk(child)
            if child.tag == "TIMEX3":
                text = "".join(parts)[start:length]
                timexes.append(
                    GoldTimex(start, length, child.get("type", ""), child.get("value", ""), text)
                )
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)

    walk(body)
    return TimeMLDoc(path.stem, subcorpus, dct, "".join(parts), tuple(timexes))


def load_corpus(root: Path = TBAQ, subcorpora: Sequence[str] = SUBCORPORA) -> list[TimeMLDoc]:
    """Every document of the named sub-corpora, in a fixed order."""
    return [
        load_timeml(path, sub) for sub in subcorpora for path in sorted((root / sub).glob("*.tml"))
    ]


@dataclass
class Counts:
    """Relaxed-match and value counts, summed over documents."""

    gold: int = 0
    system: int = 0
    matched_gold: int = 0
    matched_system: int = 0
    value_correct: int = 0
    type_correct: int = 0
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.system += other.system
        self.matched_gold += other.matched_gold
        self.matched_system += other.matched_system
        self.value_correct += other.value_correct
        self.type_correct += other.type_correct
        self.errors.extend(other.errors)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def span_prf(self) -> tuple[float, float, float]:
        p = self.matched_system / self.system if self.system else 0.0
        r = self.matched_gold / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def value_prf(self) -> tuple[float, float, float]:
        p = self.value_correct / self.system if self.system else 0.0
        r = self.value_correct / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def type_f1(self) -> float:
        p = self.type_correct / self.system if self.system else 0.0
        r = self.type_correct / self.gold if self.gold else 0.0
        return self._f1(p, r)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def score_document(name: str, gold: Sequence[GoldTimex], system: Sequence[TimeExpr]) -> Counts:
    """TempEval-3 relaxed span matching and value accuracy on matched pairs for one document."""
    counts = Counts(gold=len(gold), system=len(system))
    counts.matched_gold = sum(
        any(_overlap((g.start, g.end), (s.start, s.end)) > 0 for s in system) for g in gold
    )
    counts.matched_system = sum(
        any(_overlap((g.start, g.end), (s.start, s.end)) > 0 for g in gold) for s in system
    )
    pairs = sorted(
        (
            (-_overlap((g.start, g.end), (s.start, s.end)), gi, si)
            for gi, g in enumerate(gold)
            for si, s in enumerate(system)
            if _overlap((g.start, g.end), (s.start, s.end)) > 0
        ),
    )
    used_g: set[int] = set()
    used_s: set[int] = set()
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        g, s = gold[gi], system[si]
        counts.type_correct += g.type == s.type
        if g.value == s.value:
            counts.value_correct += 1
        else:
            counts.errors.append((name, f"{g.text!r} {g.value}", f"{s.text!r}", str(s.value)))
    for gi, g in enumerate(gold):
        if gi not in used_g:
            counts.errors.append((name, f"{g.text!r} {g.value}", "MISSED", ""))
    for si, s in enumerate(system):
        if si not in used_s:
            counts.errors.append((name, "SPURIOUS", f"{s.text!r}", str(s.value)))
    return counts


def _parse(docs: Sequence[TimeMLDoc], cache: Path | None) -> tuple[list[Doc], bool]:
    """The spaCy parse of every text, and whether it came from the cache (a DocBin keyed by
    the texts, when a cache directory is given)."""
    nlp = get_nlp()
    key = hashlib.sha256("\x1e".join(d.text for d in docs).encode()).hexdigest()[:16]
    path = cache / f"tempeval3-{key}.spacy" if cache else None
    if path and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab)), True
    parsed = list(nlp.pipe(d.text for d in docs))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=parsed, store_user_data=False).to_disk(path)
    return parsed, False


@dataclass
class Report:
    """Counts by sub-corpus and the extractor's time."""

    by_subcorpus: dict[str, Counts]
    overall: Counts
    documents: int
    parse_seconds: float
    extract_seconds: float
    parse_cached: bool = False


def evaluate(docs: Iterable[TimeMLDoc], cache: Path | None = None) -> Report:
    """Parse, extract and score every document."""
    docs = list(docs)
    t0 = time.process_time()
    parsed, cached = _parse(docs, cache)
    parse_seconds = time.process_time() - t0
    extractor = TimeExtractor()
    by_sub: dict[str, Counts] = {}
    overall = Counts()
    extract_seconds = 0.0
    for doc, spacy_doc in zip(docs, parsed, strict=True):
        draft = Draft(text=doc.text, published=doc.dct, paragraphs=[Span(0, len(doc.text))])
        t1 = time.process_time()
        found = list(extractor(spacy_doc, draft))
        extract_seconds += time.process_time() - t1
        counts = score_document(doc.name, doc.timexes, found)
        by_sub.setdefault(doc.subcorpus, Counts()).add(counts)
        overall.add(counts)
    return Report(by_sub, overall, len(docs), parse_seconds, extract_seconds, cached)


def format_report(report: Report) -> str:
    """A small table: span P/R/F1, value P/R/F1, type F1 per sub-corpus and overall."""
    header = f"{'corpus':<10} {'gold':>5} {'sys':>5}  span P / R / F1"
    lines = [f"{header}      value P / R / F1    type F1"]
    for name, c in [*sorted(report.by_subcorpus.items()), ("overall", report.overall)]:
        sp, sr, sf = c.span_prf()
        vp, vr, vf = c.value_prf()
        lines.append(
            f"{name:<10} {c.gold:>5} {c.system:>5}  {sp:.3f} {sr:.3f} {sf:.3f}    "
            f"{vp:.3f} {vr:.3f} {vf:.3f}    {c.type_f1():.3f}"
        )
    per_doc = 1000 * report.extract_seconds / max(report.documents, 1)
    parse_doc = 1000 * report.parse_seconds / max(report.documents, 1)
    lines.append(
        f"{report.documents} documents; extractor {per_doc:.2f} CPU ms/doc "
        f"(spaCy parse {parse_doc:.1f} CPU ms/doc{', from cache' if report.parse_cached else ''})"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=TBAQ, help="the TBAQ-cleaned directory")
    parser.add_argument("--subcorpus", action="append", choices=SUBCORPORA, help="default: both")
    parser.add_argument("--limit", type=int, default=0, help="first N documents per sub-corpus")
    parser.add_argument("--errors", type=int, default=0, help="print N value/span errors")
    parser.add_argument("--cache", type=Path, help="directory to cache the spaCy parse in")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"TempEval-3 corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    docs = []
    for sub in args.subcorpus or SUBCORPORA:
        found = load_corpus(args.corpus, [sub])
        docs.extend(found[: args.limit] if args.limit else found)
    report = evaluate(docs, args.cache)
    print(format_report(report))
    for error in report.overall.errors[: args.errors]:
        print("\t".join(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
