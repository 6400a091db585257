"""Writing systems without spaces between words (CJK, Thai, Lao, Khmer, Myanmar, Tibetan),
and Hangul, whose particles join the words: word-based tools must split these by character.

Used by the store (a trigram index for these languages, and the search of queries in these
scripts) and by near-duplicate detection (shingles of characters rather than of words).
"""

from __future__ import annotations

import re

UNSPACED_CHARS = (
    "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff"
    "\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
UNSPACED_SCRIPT = re.compile(f"[{UNSPACED_CHARS}]")
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my", "bo", "dz", "wuu", "yue"})
"""The languages (detector codes) written in those scripts."""
