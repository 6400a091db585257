"""Stage 3: the article's language (ISO 639-1 code, with the detector's probability).

Every language is kept; the language only decides which reading an article gets
(`newsgraph.pipeline`). py3langid (a naive Bayes classifier over 97+ languages, trained on
character n-grams) names the language, and English is preferred wherever it is plausible,
because a wrong "English" costs a reading with some wrong facts, while a wrong "other
language" costs every fact of an English article:

- a text written mostly in Latin letters is English unless the classifier names another
  language with at least CONFIDENT probability: it is English when it has under MIN_WORDS
  words (names and short headlines fool any classifier), or when ENGLISH_SHARE of its words
  are English function words, or when the classifier gives English at least
  ENGLISH_PLAUSIBLE, or when the classifier's best guess is an English-lexified creole
  (Nigerian Pidgin: Nigerian news in standard English is often taken for it);
- otherwise the classifier's best language, whatever the text's length (a script other
  than Latin is a strong sign by itself).

The probability given with English is the classifier's probability of English or an
English-lexified creole: that the English reading is the right one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsgraph.errors import ConfigError

_ENGLISH_WORDS = frozenset(
    "the of and to is was that for with said he she it by from has have are were this they his"
    " her at be which not but who will would been had their its an on in".split()
)
ENGLISH_SHARE = 0.08
"""English prose has ~30–45% of these function words; a text of Latin letters with at least
this share is English whatever the classifier says."""
ENGLISH_PLAUSIBLE = 0.05
"""A text of Latin letters is English when the classifier gives English this probability."""
ENGLISH_LEXIFIED = frozenset({"pcm"})
"""Creoles whose words are English: read as English (the English reading is the right one)."""
CONFIDENT = 0.9
"""Below this probability of its best guess the classifier does not overrule English."""
MIN_WORDS = 5
SAMPLE_CHARS = 5000
CLASSIFY_CHARS = 1000
"""The classifier and the script count read the text's start (a headline and a lede or two),
at a fifth of the cost of 5,000 characters; SAMPLE_CHARS when the start leaves it unsure."""
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile("[A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")


@dataclass(frozen=True, slots=True)
class Language:
    """A detected language: ISO 639-1 code (ISO 639-3 where the language has none) and the
    classifier's probability of that language."""

    code: str
    probability: float


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _rank(text: str) -> dict[str, float]:
    return {str(code): float(p) for code, p in _identifier().rank(text)}


def known_languages() -> frozenset[str]:
    """The codes the detector can give."""
    return frozenset(str(code) for code in _identifier().nb_classes)


def parse_languages(value: str | None) -> frozenset[str] | None:
    """`en,fr` → {"en", "fr"}; None for no filter; ConfigError for a code never detected."""
    if value is None:
        return None
    codes = frozenset(c.strip().lower() for c in value.split(",") if c.strip())
    unknown = sorted(codes - known_languages())
    if not codes or unknown:
        raise ConfigError(
            f"--languages wants ISO 639-1 codes separated by commas (en,fr), not {value!r}"
            + (f": {', '.join(unknown)} is not a language the detector knows" if unknown else "")
        )
    return codes


def latin_share(text: str) -> float:
    """The share of the letters of `text` that are Latin letters."""
    letters = len(_LETTER.findall(text))
    return len(_LATIN.findall(text)) / letters if letters else 1.0


def detect_language(text: str) -> Language:
    """The language of an article's text (see the module docstring for the rules)."""
    start = text[:CLASSIFY_CHARS]
    ranked = _rank(start)
    best = max(ranked, key=ranked.__getitem__)
    if best != "en" and ranked[best] < CONFIDENT:  # unsure on the start: read more
        ranked = _rank(text[:SAMPLE_CHARS])
        best = max(ranked, key=ranked.__getitem__)
    english_like = ranked.get("en", 0.0) + sum(ranked.get(c, 0.0) for c in ENGLISH_LEXIFIED)
    english = Language("en", round(english_like, 4))
    if latin_share(start) < 0.5:
        return Language(best, round(ranked[best], 4))
    words = [w.lower() for w in _WORD.findall(text[:SAMPLE_CHARS])]
    if (
        len(words) < MIN_WORDS
        or sum(w in _ENGLISH_WORDS for w in words) / len(words) >= ENGLISH_SHARE
        or ranked.get("en", 0.0) >= ENGLISH_PLAUSIBLE
        or best in ENGLISH_LEXIFIED
        or ranked[best] < CONFIDENT
    ):
        return english
    return Language(best, round(ranked[best], 4))
