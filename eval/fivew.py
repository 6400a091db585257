"""Giveme5W1H gold-dev scoring of the 5W1H summary: precision of the top candidate per W.

    .venv/bin/python eval/fivew.py [--gold DIR] [--limit N] [--errors W] [--topics] [--json]

Each gold article (`../shared/corpus/giveme5w1h/gold-dev/*.json`) is read as title +
description + text (blank lines between) with `date_publish` as the publication date, through
the same `read_many` as the CLI. The top candidate of each W is scored against every phrase the
coders annotated (any agreement count): 1 when one contains the other (as token sequences) or
their token F1 ≥ 0.5, 0.5 when token F1 ≥ 0.25, else 0 — the best over the phrases. For `when`
a candidate also scores 1 when the day its resolved value names ("2016-11-09", or
"2016-11-09TMO" for that morning) equals a coder's `parsed` date (a `parsed` that is no date,
such as "None", counts as missing); both figures are printed, because those parsed dates are
often the publication date rather than the date the phrase names.

Precision = score / articles whose coders annotated a phrase for that W — an article left
unanswered scores 0 —; coverage = answered / those articles. "strict" drops the containment
rule (token F1 only), so a long candidate cannot score by swallowing a short phrase.
`--topics` also reports each topic (the gold's `category`, "tram victims" joined to "tram":
the same crash) — the split the ranking weights are cross-validated on
(`eval/fivew_train.py`). The lead baseline is scored beside newsgraph on the same scorer:
the title as what, the first entity named as who, the publication date as when and the first
place named as where.

Giveme5W1H's authors report precision from three assessors rating each top answer 0 / 0.5 / 1
(not an automatic match): p = 0.73 over all six questions and 0.82 over who/what/when/where
(Hamborg, Breitinger & Gipp 2019, 120 articles), and 0.64 / 0.79 for the earlier version
(Hamborg et al., JCDL 2018). Per-question figures are not in the repository's README.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsgraph.model import Article, Candidate, Rejection
from newsgraph.pipeline import Input, read_many

CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))
GOLD = CORPUS / "giveme5w1h" / "gold-dev"
QUESTIONS = ("who", "what", "when", "where", "why", "how")
FOUR = QUESTIONS[:4]
PUBLISHED = {"overall (5W1H)": 0.73, "who/what/when/where": 0.82}
PUBLISHED_2018 = {"overall (5W1H)": 0.64, "who/what/when/where": 0.79}
# Two categories of gold-dev report one event (the Croydon tram crash of 9 November 2016).
SAME_TOPIC = {"tram victims": "tram"}
PLACES = frozenset({"GPE", "LOC", "FAC"})
_WORD = re.compile(r"\w+")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True, slots=True)
class Phrase:
    """One annotated answer: its words, how many coders chose it, a parsed date for `when`."""

    text: str
    count: int
    parsed: str | None


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold article: the input, its topic and the annotations per W."""

    name: str
    text: str
    published: str | None
    answers: dict[str, list[Phrase]]
    topic: str = ""

    def phrases(self, w: str) -> list[Phrase]:
        """The annotated phrases of a W that have words."""
        return [p for p in self.answers.get(w, []) if p.text]


def _five_w(raw: object) -> dict[str, dict[str, object]]:
    value = ast.literal_eval(raw) if isinstance(raw, str) else raw
    return value if isinstance(value, dict) else {}


def parsed_day(raw: object) -> str | None:
    """A coder's parsed date as YYYY-MM-DD; None where it is missing or unreadable ("None")."""
    found = _DAY.match(raw) if isinstance(raw, str) else None
    return found.group() if found else None


def load(folder: Path = GOLD) -> list[Gold]:
    """The gold articles of a folder, in name order."""
    out = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        parts = [data.get(k) or "" for k in ("title", "description", "text")]
        answers: dict[str, list[Phrase]] = {}
        for w, entry in _five_w(data.get("fiveWoneH")).items():
            annotated = entry.get("annotated", []) if isinstance(entry, dict) else []
            answers[w] = [
                Phrase(
                    a.get("text") or "",
                    int(a.get("coderPhraseCount") or 0),
                    parsed_day(a.get("parsed")),
                )
                for a in annotated
                if isinstance(a, dict)
            ]
        published = (data.get("date_publish") or "")[:10] or None
        text = "\n\n".join(p.strip() for p in parts if p.strip())
        topic = str(data.get("category") or "")
        out.append(Gold(path.stem, text, published, answers, SAME_TOPIC.get(topic, topic)))
    return out


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (punctuation and quote marks dropped)."""
    return [t.lower() for t in _WORD.findall(text)]


def token_f1(a: list[str], b: list[str]) -> float:
    """Token-overlap F1 of two token lists (bags)."""
    if not a or not b:
        return 0.0
    common = 0
    rest = list(b)
    for t in a:
        if t in rest:
            rest.remove(t)
            common += 1
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def _contains(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def match(candidate: str, phrase: str, strict: bool = False) -> float:
    """1, 0.5 or 0 for a candidate against one annotated phrase."""
    a, b = tokens(candidate), tokens(phrase)
    f1 = token_f1(a, b)
    if f1 >= 0.5 or (not strict and _contains(a, b)):
        return 1.0
    return 0.5 if f1 >= 0.25 else 0.0


def _day(value: str | None) -> str | None:
    """The calendar day a resolved value names: "2016-11-09TMO" (that morning) → 2016-11-09;
    a week, month or year names no one day."""
    day = (value or "")[:10]
    return day if _DAY.fullmatch(day) else None


def score(
    top: Candidate, phrases: list[Phrase], strict: bool = False, dates: bool = False
) -> float:
    """The best score of a top candidate over a W's annotated phrases."""
    best = max((match(top.text, p.text, strict) for p in phrases if p.text), default=0.0)
    day = _day(top.value)
    if dates and day and any(p.parsed == day for p in phrases):
        best = 1.0
    return best


def gain(w: str, top: Candidate, phrases: list[Phrase]) -> float:
    """The score the headline figures use: `when` by its text or its resolved day."""
    return score(top, phrases, dates=w == "when") if top.text or w == "when" else 0.0


@dataclass
class Tally:
    """Sums for one W."""

    gold: int = 0
    answered: int = 0
    lenient: float = 0.0
    strict: float = 0.0
    dated: float = 0.0
    lead: float = 0.0

    def add(self, top: Candidate | None, lead: float, phrases: list[Phrase]) -> None:
        self.gold += 1
        self.lead += lead
        if top is None:
            return
        self.answered += 1
        self.lenient += score(top, phrases) if top.text else 0.0
        self.strict += score(top, phrases, strict=True) if top.text else 0.0
        self.dated += score(top, phrases, dates=True)

    def row(self) -> dict[str, float]:
        n = self.gold or 1
        return {
            "articles": self.gold,
            "answered": self.answered,
            "coverage": round(self.answered / n, 3),
            "precision": round(self.lenient / n, 3),
            "strict": round(self.strict / n, 3),
            "with_dates": round(self.dated / n, 3),
            "lead": round(self.lead / n, 3),
        }


def read(golds: list[Gold]) -> Iterator[tuple[Gold, Article | Rejection]]:
    """Each gold article with its reading (in order)."""
    inputs = (Input(g.text, g.published, name=g.name) for g in golds)
    yield from zip(golds, read_many(inputs), strict=True)


def top(article: Article | Rejection, w: str) -> Candidate | None:
    """newsgraph's answer to a W (None when it gives none)."""
    found = getattr(article.summary, w) if isinstance(article, Article) else ()
    return found[0] if found and (w == "when" or found[0].text) else None


def lead(article: Article | Rejection, w: str) -> Candidate | None:
    """The lead baseline's answer: the title (what), the first entity named (who), the
    publication date (when), the first place named (where); none for why and how."""
    if not isinstance(article, Article):
        return None
    if w == "what":
        return Candidate(article.title, 0, len(article.title), 1.0)
    if w == "when":
        return Candidate("", 0, 0, 1.0, article.published) if article.published else None
    if w not in ("who", "where"):
        return None
    mentions = [
        m
        for e in article.entities
        if w == "who" or e.type in PLACES
        for m in e.mentions
        if m.kind in ("name", "acronym")
    ]
    first = min(mentions, key=lambda m: m.start, default=None)
    return Candidate(first.text, first.start, first.end, 1.0) if first else None


def evaluate(
    golds: Iterable[Gold], errors: str | None = None, topics: bool = False
) -> dict[str, dict[str, dict[str, float]]]:
    """Precision (over the annotated articles), strict precision, coverage and the lead
    baseline per W (`when` also by parsed date): a table for "all", and with `topics` one
    per topic."""
    tallies: dict[str, dict[str, Tally]] = {"all": {w: Tally() for w in QUESTIONS}}
    for gold, article in read(list(golds)):
        parts = ["all", gold.topic] if topics else ["all"]
        for w in QUESTIONS:
            phrases = gold.phrases(w)
            if not phrases:
                continue
            found, baseline = top(article, w), lead(article, w)
            lead_gain = gain(w, baseline, phrases) if baseline is not None else 0.0
            for part in parts:
                tallies.setdefault(part, {q: Tally() for q in QUESTIONS})[w].add(
                    found, lead_gain, phrases
                )
            if errors == w and (found is None or gain(w, found, phrases) < 1):
                text = "—" if found is None else repr(found.text)
                print(
                    f"{gold.name[:10]} {gold.topic[:8]:8} {text} ≠ {[p.text for p in phrases]}",
                    file=sys.stderr,
                )
    return {part: {w: t.row() for w, t in ts.items()} for part, ts in tallies.items()}


def headline(rows: dict[str, dict[str, float]]) -> dict[str, float]:
    """The precision each W is judged by (`when` by its text or its resolved day)."""
    return {w: r["with_dates" if w == "when" else "precision"] for w, r in rows.items()}


def means(rows: dict[str, dict[str, float]]) -> dict[str, float]:
    """Mean precision over all six W and over who/what/when/where, named as Giveme5W1H
    publishes them (`when` also scores by its resolved date, the issue's rule)."""
    p = headline(rows)
    return {
        "overall (5W1H)": sum(p.values()) / len(p),
        "who/what/when/where": sum(p[w] for w in FOUR) / 4,
    }


def report(rows: dict[str, dict[str, float]]) -> str:
    """A plain table of the figures beside the lead baseline and Giveme5W1H's published ones."""
    lines = [
        f"{'W':6} {'gold':>5} {'ans':>5} {'cover':>6} {'P':>6} {'strict':>7} {'P+dates':>8} "
        f"{'lead':>6}"
    ]
    for w, r in rows.items():
        dated = f"{r['with_dates']:8.3f}" if w == "when" else f"{'':8}"
        lines.append(
            f"{w:6} {r['articles']:5.0f} {r['answered']:5.0f} {r['coverage']:6.3f} "
            f"{r['precision']:6.3f} {r['strict']:7.3f} {dated} {r['lead']:6.3f}"
        )
    overall, four = means(rows).values()
    baseline = sum(rows[w]["lead"] for w in FOUR) / 4
    lines.append(
        f"newsgraph mean P (when by date too): all six {overall:.3f}, "
        f"who/what/when/where {four:.3f}; lead baseline who/what/when/where {baseline:.3f}"
    )
    lines.append(
        "Giveme5W1H (published, assessor-rated): all six "
        f"{PUBLISHED['overall (5W1H)']:.2f}, who/what/when/where "
        f"{PUBLISHED['who/what/when/where']:.2f} (2019); 2018: "
        f"{PUBLISHED_2018['overall (5W1H)']:.2f} / {PUBLISHED_2018['who/what/when/where']:.2f}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--errors", choices=QUESTIONS, help="print misses of one W to stderr")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--topics", action="store_true", help="also a table per topic")
    args = parser.parse_args(argv)
    if not args.gold.is_dir():
        print(f"fivew: no gold data at {args.gold}", file=sys.stderr)
        return 2
    golds = load(args.gold)[: args.limit]
    tables = evaluate(golds, args.errors, args.topics)
    if args.json:
        print(json.dumps(tables, indent=2))
        return 0
    for part, table in tables.items():
        n = sum(g.topic == part for g in golds) if part != "all" else len(golds)
        print(f"== {part} ({n} articles) ==")
        print(report(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
