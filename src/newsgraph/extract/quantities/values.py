"""The value of a written number: digits with their scale ("4,500", "1.13bn", "600 m"),
spelled numbers read by text2num ("twenty - one", "tens of thousands"), and where a number's
core of digits, words and scales ends."""

from __future__ import annotations

import re
from decimal import Decimal

from spacy.tokens import Doc, Token
from text_to_num import text2num

from newsgraph.extract.quantities.lexicon import SUFFIX_SCALE, VAGUE

_JOINERS = frozenset({"hundred", "thousand", "million", "tens", "hundreds"})
_SCALE_WORDS = frozenset({"thousand", "million", "billion", "trillion"})
_DIGIT_SCALES = _SCALE_WORDS | {"hundred", "dozen"}
_NUMERAL = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([a-z]{0,3})$", re.IGNORECASE)


def is_number_word(token: Token) -> bool:
    """A spelled cardinal ("three", "million") or a vague count ("dozens")."""
    if token.lower_ in VAGUE or token.lower_ == "trillion":
        return True
    if not (token.is_alpha and token.like_num):
        return False
    try:
        text2num(token.lower_, "en")
    except ValueError:  # ordinals ("first") are like_num too
        return False
    return True


def numeral(token: Token) -> re.Match[str] | None:
    """A written number: "4,500", "3.5", "1.13bn", "5m", "30p"."""
    match = _NUMERAL.match(token.text)
    if match is None or match.group(3).lower() not in (*SUFFIX_SCALE, "", "p"):
        return None
    return match


def core_end_of(doc: Doc, i: int) -> int:
    """The end of the numeric core starting at token i (number words, scales, hyphens).

    After digits only a scale may follow ("1.5 million", "600 m"), never another number.
    """
    digits = numeral(doc[i]) is not None
    j = i + 1
    while j < len(doc):
        token, prev = doc[j], doc[j - 1]
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        if digits:
            if j > i + 1 or not (scale_word(token) or token.lower_ in _DIGIT_SCALES):
                return j
        else:
            joins = nxt is not None and is_number_word(nxt)
            hyphen = joins and token.text == "-" and is_number_word(prev)  # "twenty - one"
            conjunction = joins and token.lower_ in ("and", "of") and prev.lower_ in _JOINERS
            if not (is_number_word(token) or hyphen or conjunction):
                return j
        j += 1
    return j


def words_value(words: list[str]) -> float | None:
    """The value of spelled number words, vague counts multiplied ("tens of thousands")."""
    if not words:
        return 1.0
    if any(w in VAGUE for w in words):
        product = 1.0
        for word in words:
            if word != "of":
                value = VAGUE.get(word)
                product *= value if value is not None else (words_value([word]) or 1.0)
        return product
    if words[-1] == "trillion":  # beyond text2num's English scales
        rest = words_value(words[:-1])
        return rest * 1e12 if rest is not None else None
    try:
        return float(text2num(" ".join(words).replace(" - ", "-"), "en"))
    except ValueError:
        return None


def value_of(doc: Doc, start: int, end: int) -> tuple[float | None, float]:
    """(value, scale) of the core tokens [start, end); scale: the multiplier written."""
    tokens = [t for t in doc[start:end] if t.lower_ not in ("a", "an", "half")]
    match = numeral(tokens[0]) if tokens else None
    if match is None:
        words = [t.lower_ for t in tokens]
        value = words_value(words)
        scale = words_value(words[-1:]) if words and words[-1] in _SCALE_WORDS else 1.0
        return value, scale or 1.0
    scale = SUFFIX_SCALE.get(match.group(3).lower(), 1.0)
    words = []
    for token in tokens[1:]:
        suffix = scale_word(token)
        if suffix is not None:
            scale *= suffix
        else:
            words.append(token.lower_)
    multiplier = words_value(words)
    if multiplier is None:
        return None, scale
    scale *= multiplier
    number = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
    return float(number * Decimal(scale)), scale


def scale_word(token: Token) -> float | None:
    """The multiplier of a separate scale abbreviation: "m", "bn", "m." at a sentence end."""
    return SUFFIX_SCALE.get(token.lower_.rstrip(".")) if token.text != "." else None
