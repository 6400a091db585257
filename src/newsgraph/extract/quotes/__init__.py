"""Quotes: who said what — direct, mixed and indirect speech with speaker, cue and addressee.

- `extractor`  `QuoteExtractor`
- `marks`      quotation marks → quoted spans, from the text alone
- `indirect`   "NAME said (that) CLAUSE", "according to NAME, CLAUSE"
- `speaker`    from a cue to the speaker, addressee and medium
- `lexicon`    cue words; `data/cues.json` and `data/frames.json` learned from PolNeAR train
"""

from newsgraph.extract.quotes.extractor import QuoteExtractor

__all__ = ["QuoteExtractor"]
