"""Quotes: who said or believes what — direct, mixed, indirect and belief attributions with
speaker, cue, addressee and medium.

- `extractor`  `QuoteExtractor`
- `marks`      quotation marks → quoted spans, from the text alone
- `indirect`   every attribution the learned model accepts, outside the direct quotes
- `frames`     cue candidates (lexicon words past the screen), their content parts, source
- `features`   what the attribution model reads of a word, its parts and its frame
- `weights`    the attribution model of `data/attribution.json` (trained on PolNeAR train
               by `eval/attribution.py`), applied as sums of weights
- `layout`     per article, once: each token's paragraph and entity mention
- `speaker`    from a cue to the speaker, addressee and medium
- `lexicon`    direct-quote cue words (`data/cues.json`, from PolNeAR train), media, beliefs
"""

from newsgraph.extract.quotes.extractor import QuoteExtractor

__all__ = ["QuoteExtractor"]
