"""Quotes: who said or believes what — direct, mixed, indirect and belief attributions with
speaker, cue, addressee and medium.

- `extractor`  `QuoteExtractor`
- `marks`      quotation marks → quoted spans, from the text alone
- `indirect`   every attribution the learned model accepts, outside the direct quotes
- `frames`     cue candidates, their content parts and source; the model of
               `data/attribution.json` (trained on PolNeAR train by `eval/attribution.py`)
- `speaker`    from a cue to the speaker, addressee and medium
- `lexicon`    direct-quote cue words (`data/cues.json`, from PolNeAR train), media, beliefs
"""

from newsgraph.extract.quotes.extractor import QuoteExtractor

__all__ = ["QuoteExtractor"]
