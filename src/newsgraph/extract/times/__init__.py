"""Times: TIMEX3-style expressions resolved against the publication date.

- `extractor`  `TimeExtractor`
- `find`       candidates: spaCy DATE/TIME entities plus token patterns
- `norm`       one expression → type, value, granularity and modifier
- `rules`      the HeidelTime-style normalisation rules
- `calendar`   names, numbers and anchoring against the document date
"""

from newsgraph.extract.times.extractor import TimeExtractor

__all__ = ["TimeExtractor"]
