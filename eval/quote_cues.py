"""Learn the direct-quote cue verbs (`src/newsgraph/extract/quotes/data/cues.json`) from
PolNeAR train's fit part: for each verb lemma, how often it is inside a gold cue span and how
often it is a verb at all (`extract/quotes/lexicon.py` keeps the lemmas with enough cue uses
and a high enough share of them). The held-out fifth (`eval/quotes.py --split holdout`) is
left out, as `eval/attribution.py` leaves it out.

    .venv/bin/python eval/quote_cues.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quotes import CORPUS, DATA, load_split

from newsgraph.nlp import get_nlp, lemma_of

LEXICON = DATA / "cues.json"


def learn(split: str = "fit") -> dict[str, list[int]]:
    """[times inside a gold cue span, times a verb] per verb lemma of the split's articles."""
    articles = [(text, units) for _, text, units in load_split(split)]
    nlp = get_nlp()
    total: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    with nlp.select_pipes(disable=["ner"]):
        texts = (t for t, _ in articles)
        for doc, (_, units) in zip(nlp.pipe(texts, batch_size=16), articles, strict=True):
            for tok in doc:
                if tok.pos_ != "VERB" and tok.lower_ != "according":
                    continue
                lemma = lemma_of(tok).lower()
                total[lemma] += 1
                cue[lemma] += any(any(a <= tok.idx < b for a, b in u.cue) for u in units)
    return {k: [cue[k], total[k]] for k in sorted(total) if cue[k] >= 3 and k.isalpha()}


def main() -> int:
    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    LEXICON.write_text(json.dumps(learn(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {LEXICON}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
