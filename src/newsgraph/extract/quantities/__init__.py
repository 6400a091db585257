"""Quantities: numbers with what they count, their unit, their change and their time.

- `extractor`  `QuantityExtractor`
- `words`      number phrases: where a quantity is written, its value, kind and unit
- `lexicon`    currencies (ISO 4217), scales, vague counts, approximators, change verbs
"""

from newsgraph.extract.quantities.extractor import QuantityExtractor

__all__ = ["QuantityExtractor"]
