"""HTML extraction quality: AEB body P/R/F1 and WCXB date/author/title accuracy.

    .venv/bin/python eval/pages.py [--corpus DIR] [--only aeb|wcxb] [--limit N] [--errors N]
                                   [--half even|odd] [--engine ours|stored|trafilatura|…]

AEB (scrapinghub/article-extraction-benchmark): the body `newsgraph.page.html.extract_page` finds
is scored against `articleBody` as the benchmark's evaluate.py does it: \\w+ tokens, 4-token
shingles counted as multisets, per-page tp/fp/fn normalised to sum 1, precision and recall
averaged over pages, F1 the harmonic mean of the two averages.

`--engine`: `ours` scores `Page.body` (what `extract_page` finds), `stored` the body as
newsgraph stores it (the clean article's paragraphs after the headline, page residue
removed), `trafilatura` trafilatura 2.3.1's `extract` alone with its defaults and
`trafilatura-nocomments` with `include_comments=False` (the baselines beside ours).
The AEB scores are also given per language (the true body's language, `text.language`).

WCXB (article pages): its body (`main_content`) is scored as AEB's; a page's date is right
when its day equals `publish_date` (over pages that have one); its author matches when the
case- and accent-folded words of the first true author and of one extracted author contain
one another (over pages that name an author); its title is right when those folded words
are equal to the true headline's (over all pages);
`title_contains` (reported, not gated) counts one containing the other, the looser rule
of WCXB's own trafilatura baseline.
`--half` scores only the pages whose name's sha1 is even (or odd), on both benchmarks:
rules are designed on one half and checked on the other, so that they do not fit single
pages (body rules were designed on the even half of AEB; the odd half is held apart).
Pages whose extraction fails count as wrong. Timing is for extraction only (no model;
`stored` adds the cleaning).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsgraph.page.html import Page

CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The benchmark's shingles: n-grams of \\w+ tokens (one short gram for short texts)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """tp, fp, fn over shingles, normalised so that every page weighs the same."""
    gold, got = shingles(true), shingles(pred)
    tp, fp, fn = sum((gold & got).values()), sum((got - gold).values()), sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def body_prf(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision, mean recall and their harmonic mean, as evaluate.py computes them."""
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in rows if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in rows if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fold(text: str | None) -> str:
    """Case- and accent-folded words, for comparing titles and names."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_TOKEN.findall(bare))


def author_matches(true: str, authors: tuple[str, ...]) -> bool:
    """The first true author and one extracted author contain one another (folded)."""
    first = fold(re.split(r",| and | & ", true)[0]) or fold(true)
    return any(first in got or got in first for got in map(fold, authors) if got)


def _extract(html: bytes, url: str | None) -> Page | None:
    from newsgraph.errors import InputError  # imported late: see the __main__ block
    from newsgraph.page.html import extract_page

    try:
        return extract_page(html, url)
    except InputError:
        return None


ENGINES = ("ours", "stored", "trafilatura", "trafilatura-nocomments")


def body_of(html: bytes, url: str | None, engine: str = "ours") -> str:
    """The body text one engine finds on a page ("" when it finds none)."""
    if engine.startswith("trafilatura"):
        import trafilatura

        comments = engine == "trafilatura"
        return trafilatura.extract(html, url=url, include_comments=comments) or ""
    page = _extract(html, url)
    if page is None:
        return ""
    if engine == "ours":
        return page.body
    from newsgraph.errors import InputError
    from newsgraph.text.clean import clean_text

    try:
        return "\n".join(clean_text(page.text).paragraphs[1:])
    except InputError:
        return ""


def _language(text: str) -> str:
    from newsgraph.text.language import detect_language

    return detect_language(text).code


def aeb(
    root: Path, limit: int | None, errors: int, half: str | None = None, engine: str = "ours"
) -> dict[str, float]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    rows, worst, started = [], [], time.perf_counter()
    by_language: dict[str, list[tuple[float, float, float]]] = {}
    for key in [k for k in sorted(truth) if in_half(k, half)][:limit]:
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        gold = truth[key]["articleBody"]
        row = page_counts(gold, body_of(html, truth[key].get("url"), engine))
        rows.append(row)
        by_language.setdefault(_language(gold), []).append(row)
        worst.append((2 * row[0] / (2 * row[0] + row[1] + row[2] or 1), key))
    seconds = time.perf_counter() - started
    p, r, f1 = body_prf(rows)
    for f, key in sorted(worst)[:errors]:
        print(f"  AEB F1 {f:.3f} {key[:12]} {truth[key].get('url', '')}")
    for code, lang_rows in sorted(by_language.items(), key=lambda x: -len(x[1])):
        print(f"  AEB {code}: pages={len(lang_rows)} f1={body_prf(lang_rows)[2]:.3f}")
    return {
        "pages": len(rows),
        "precision": p,
        "recall": r,
        "f1": f1,
        "pages_per_s": len(rows) / seconds,
    }


def in_half(key: str, half: str | None) -> bool:
    """Whether a page belongs to the even or odd half (by the sha1 of its name); None: all."""
    return half is None or int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == (half == "odd")


def _wcxb_pages(
    root: Path, limit: int | None, half: str | None = None
) -> Iterator[tuple[str, bytes, dict[str, str]]]:
    paths = [p for p in sorted((root / "ground-truth").glob("*.json")) if in_half(p.stem, half)]
    for path in paths[:limit]:
        data = json.loads(path.read_text(encoding="utf-8"))
        truth = {**data["ground_truth"], "url": data.get("url") or ""}
        yield (
            path.stem,
            gzip.decompress((root / "html" / f"{path.stem}.html.gz").read_bytes()),
            truth,
        )


def wcxb(
    root: Path, limit: int | None, errors: int, half: str | None = None, engine: str = "ours"
) -> dict[str, float]:
    n = Counter[str]()
    bodies: list[tuple[float, float, float]] = []
    wrong: dict[str, list[str]] = {"date": [], "author": [], "title": []}
    started = time.perf_counter()
    for key, html, truth in _wcxb_pages(root, limit, half):
        page = _extract(html, truth["url"] or None)
        n["pages"] += 1
        body = page.body if page and engine == "ours" else ""
        if engine != "ours":
            body = body_of(html, truth["url"] or None, engine)
        bodies.append(page_counts(truth.get("main_content") or "", body))
        gold_title, got_title = fold(truth["title"]), fold(page.title if page else "")
        contained = gold_title in got_title or got_title in gold_title
        n["title_contains"] += bool(got_title) and contained
        if gold_title == got_title:
            n["title"] += 1
        else:
            wrong["title"].append(f"{key} {truth['title']!r} got {page.title if page else None!r}")
        if truth.get("publish_date"):
            n["dated"] += 1
            got = (page.published or "")[:10] if page else ""
            if got and got == truth["publish_date"]:
                n["date"] += 1
            else:
                wrong["date"].append(f"{key} {truth['publish_date']} got {got or None}")
        if truth.get("author"):
            n["authored"] += 1
            if page and author_matches(truth["author"], page.authors):
                n["author"] += 1
            else:
                wrong["author"].append(
                    f"{key} {truth['author']!r} got {page.authors if page else None}"
                )
        elif page and page.authors:
            n["spurious_author"] += 1
    seconds = time.perf_counter() - started
    for kind, lines in wrong.items():
        for line in lines[:errors]:
            print(f"  WCXB {kind}: {line}")
    return {
        "pages": n["pages"],
        "body_f1": body_prf(bodies)[2],
        "date": n["date"] / max(n["dated"], 1),
        "author": n["author"] / max(n["authored"], 1),
        "title": n["title"] / max(n["pages"], 1),
        "title_contains": n["title_contains"] / max(n["pages"], 1),
        "author_on_unauthored": n["spurious_author"] / max(n["pages"] - n["authored"], 1),
        "pages_per_s": n["pages"] / seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", choices=["aeb", "wcxb"])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--errors", type=int, default=0, help="print the N worst/wrong pages")
    parser.add_argument("--half", choices=["even", "odd"], help="only one hash half")
    parser.add_argument("--engine", choices=ENGINES, default="ours", help="whose body to score")
    args = parser.parse_args(argv)
    runs: dict[str, Callable[[Path], dict[str, float]]] = {
        "aeb": lambda root: aeb(root, args.limit, args.errors, args.half, args.engine),
        "wcxb": lambda root: wcxb(root, args.limit, args.errors, args.half, args.engine),
    }
    for name, run in runs.items():
        root = args.corpus / name
        if args.only not in (None, name):
            continue
        if not root.is_dir():
            print(f"{name}: corpus not found at {root}", file=sys.stderr)
            continue
        scores = run(root)
        print(
            name,
            " ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in scores.items()
            ),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
