"""Throughput of `newsgraph.read_many` against raw spaCy `nlp.pipe` over the same BBC texts.

Raw is the model exactly as `spacy.load` gives it; newsgraph runs it without the lemmatizer
(lemmas are computed for the few tokens extractors ask about: `newsgraph.nlp.lemma_of`) and
with the attribute ruler's patterns applied through an index (`newsgraph.nlp_ruler`: the
same attributes, tested).

Each measurement runs in its own subprocess so that its peak RSS is its own.

    .venv/bin/python bench/throughput.py [--limit 2225] [--batch-size 16] [--repeat 3]
                                         [--sizes 300,1200]

Prints one JSON line per run and a table: articles/s, words/s, ratio ours/raw at the same
n_process, and peak RSS (parent + largest worker) at each corpus size (flat = no growth).
Both are warmed up on the first batch before the clock starts (what each loads on first
use is a one-off, not throughput: ~0.6 s for ours). Beside the wall-clock ratio, the ratio
of CPU time an article (this process and its worker processes): on a machine other work
shares, the wall-clock ratio moves with that work, the CPU ratio much less. The machine's
own speed drifts too, so raw and ours run as `--repeat` adjacent pairs, and the table gives
each pair's ratio and their median: a drift between two runs moves one pair, not the figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))


def load_texts(limit: int) -> list[str]:
    """The BBC articles in a fixed order, read as text."""
    files = sorted((CORPUS / "bbc").glob("*/*.txt"))[:limit]
    if not files:
        sys.exit(f"no BBC corpus at {CORPUS / 'bbc'}")
    return [f.read_bytes().decode("utf-8", errors="replace") for f in files]


def peak_rss_mb() -> float:
    """Peak resident memory of this process plus its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children (the workers)."""
    own, children = map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(kind: str, limit: int, n_process: int, batch_size: int) -> dict[str, object]:
    """One run in this process: `raw` (nlp.pipe) or `ours` (read_many)."""
    texts = load_texts(limit)
    words = sum(len(t.split()) for t in texts)
    if kind == "raw":  # the model as spaCy loads it, every component on
        import spacy

        from newsgraph.nlp import MODEL_PACKAGE

        nlp = spacy.load(MODEL_PACKAGE)
        list(nlp.pipe(texts[:batch_size]))  # warm-up: what is loaded on first use
        start, cpu = time.perf_counter(), cpu_seconds()
        count = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    else:
        from newsgraph import read_many
        from newsgraph.nlp import get_nlp

        get_nlp()
        list(read_many(texts[:batch_size]))  # warm-up: models and lexicons loaded on first use
        start, cpu = time.perf_counter(), cpu_seconds()
        count = sum(1 for _ in read_many(texts, n_process=n_process, batch_size=batch_size))
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return {
        "kind": kind,
        "articles": count,
        "n_process": n_process,
        "seconds": round(seconds, 2),
        "articles_per_s": round(count / seconds, 2),
        "words_per_s": round(words / seconds),
        "cpu_ms_per_article": round(cpu / count * 1000, 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def run_child(kind: str, limit: int, n_process: int, batch_size: int) -> dict[str, object]:
    args = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--limit",
        str(limit),
        "--n-process",
        str(n_process),
        "--batch-size",
        str(batch_size),
    ]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    print(json.dumps(result), flush=True)
    return result


def _ratio(ours: object, raw: object) -> float:
    return float(ours) / float(raw)  # type: ignore[arg-type]


def _pairs_row(n_process: int, pairs: list[tuple[dict[str, object], dict[str, object]]]) -> str:
    """One table row: the median and each adjacent pair's wall and CPU ratios, ours / raw."""
    walls = [_ratio(ours["articles_per_s"], raw["articles_per_s"]) for raw, ours in pairs]
    cpus = [_ratio(raw["cpu_ms_per_article"], ours["cpu_ms_per_article"]) for raw, ours in pairs]
    raw, ours = pairs[-1]
    return (
        f"n_process={n_process}: ratio {statistics.median(walls):.3f} "
        f"(pairs {', '.join(f'{r:.3f}' for r in walls)}); CPU ratio "
        f"{statistics.median(cpus):.3f} (pairs {', '.join(f'{r:.3f}' for r in cpus)}); "
        f"last pair raw {raw['articles_per_s']}/s ({raw['words_per_s']} words/s, "
        f"{raw['cpu_ms_per_article']} CPU ms an article, {raw['peak_rss_mb']} MB), ours "
        f"{ours['articles_per_s']}/s ({ours['cpu_ms_per_article']} ms, {ours['peak_rss_mb']} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2225)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="raw/ours pairs per n_process")
    parser.add_argument("--sizes", default="", help="corpus sizes for the RSS-growth check")
    parser.add_argument("--child", choices=["raw", "ours"])
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.limit, args.n_process, args.batch_size)))
        return
    rows = []
    for n_process in (1, 2):
        pairs = [
            (
                run_child("raw", args.limit, n_process, args.batch_size),
                run_child("ours", args.limit, n_process, args.batch_size),
            )
            for _ in range(args.repeat)
        ]
        rows.append(_pairs_row(n_process, pairs))
    for size in [int(s) for s in args.sizes.split(",") if s]:
        raw = run_child("raw", size, 1, args.batch_size)
        ours = run_child("ours", size, 1, args.batch_size)
        rows.append(
            f"peak RSS at {size} articles (n_process=1): raw {raw['peak_rss_mb']} MB, "
            f"ours {ours['peak_rss_mb']} MB"
        )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
