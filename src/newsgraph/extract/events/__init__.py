"""Events: who did what to or with whom, where, when, and whether it happened.

- `extractor`  `EventExtractor`
- `lexicon`    event types and their triggers (verbs, event nouns, fixed phrases)
- `args`       participants, place and time read off the dependency tree
- `status`     happened, planned, uncertain, denied or hypothetical
- `merge`      the mentions of one event within an article merged
"""

from newsgraph.extract.events.extractor import EventExtractor

__all__ = ["EventExtractor"]
