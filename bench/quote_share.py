"""CPU time of the quote pass as a share of the spaCy pass, on the same parsed BBC texts.

The spaCy pass (`newsgraph.nlp.get_nlp().pipe`) is timed once; the quote pass
(`QuoteExtractor` over the parsed Docs, entities found first and not timed) `--repeat` times,
keeping the least. Both are `time.process_time` (this process's CPU), so a busy machine moves
the share far less than wall time would.

    .venv/bin/python bench/quote_share.py [--limit 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import load_texts

from newsgraph.extract.base import Draft
from newsgraph.extract.entities.extractor import EntityExtractor
from newsgraph.extract.quotes.extractor import QuoteExtractor
from newsgraph.model import Span
from newsgraph.nlp import get_nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = load_texts(args.limit)
    nlp = get_nlp()
    nlp("Warm up.")
    started = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=16))
    spacy_cpu = time.process_time() - started
    drafts = []
    for text, doc in zip(texts, docs, strict=True):
        draft = Draft(text, None, [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)])
        draft.entities = list(EntityExtractor()(doc, draft))
        drafts.append(draft)
    extractor = QuoteExtractor()
    extractor(docs[0], drafts[0])  # loads the model and the lemmatizer
    runs = []
    quotes = 0
    for _ in range(args.repeat):
        started = time.process_time()
        quotes = sum(len(extractor(doc, draft)) for doc, draft in zip(docs, drafts, strict=True))
        runs.append(time.process_time() - started)
    print(json.dumps({
        "articles": len(texts),
        "quotes": quotes,
        "spacy_cpu_s": round(spacy_cpu, 2),
        "quote_cpu_s": [round(r, 3) for r in runs],
        "share": round(min(runs) / spacy_cpu, 4),
    }))


if __name__ == "__main__":
    main()
