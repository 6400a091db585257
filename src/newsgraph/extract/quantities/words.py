"""Number phrases of a Doc: where a quantity is written, its value, kind and unit.

A phrase is a run of numeric tokens ("4,500", "1.13bn", "twenty - one", "tens of thousands")
with what marks its kind around it: a currency symbol or word (money, ISO 4217 code), "%" or
"per cent" (percent), the unit of a spaCy QUANTITY entity (measure); otherwise a count.
Values are read by `values`. Numbers that name rather than count are left out:
those in dates and times, inside names ("Article 50", "Channel 4"), years, ages after a
name ("Donald Collett, 62,"), phone-like runs, scores ("2-1") and reference numbers
("No 10").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.attrs import ENT_TYPE, LIKE_NUM, LOWER, SHAPE
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from text_to_num import alpha2digit

from newsgraph.extract.quantities.lexicon import (
    APPROX_PAIRS,
    APPROX_WORDS,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    NAME_TYPES,
    SUBUNITS,
    VAGUE,
)
from newsgraph.extract.quantities.values import (
    core_end_of,
    is_number_word,
    numeral,
    value_of,
)
from newsgraph.nlp import lemma_of
from newsgraph.nlp_parsed import parsed

_NOT_COUNTS = NAME_TYPES | {"DATE", "TIME"}
_CLOCK = frozenset({"am", "pm", "gmt", "bst", "utc", "hrs", "h"})
_CLOCK_AND_ERA = frozenset({"o'clock", "ad", "bc", "bce", "ce"})
_CLOCK_PREPOSITIONS = frozenset({"at", "by", "until", "till", "from", "before", "after", "since"})
_FUNCTION_POS = frozenset({"ADP", "CCONJ", "SCONJ", "DET", "PART", "PRON", "AUX", "VERB"})
_AGE_NEXT = frozenset({",", ")", "from", "who"})
_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
_A_WORDS = frozenset({"dozen", "hundred", "thousand", "million", "billion", "trillion"})
_VAGUE_PLURAL = frozenset(VAGUE) - {"dozen"}
_REFERENCE = frozenset({"no", "no.", "nos", "number", "#", "num", "aged", "age", "ages"})
_START_WORDS = frozenset(get_string_id(w) for w in (*VAGUE, "a", "an", "half"))  # as hashes
_ORDINAL_ID = get_string_id("ORDINAL")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A number phrase: tokens [start, end) of the Doc and what they were taken to mean."""

    start: int
    end: int
    value: float | None
    kind: str
    unit: str | None
    approximate: bool
    scale: float
    sent_start: int

    def compatible(self, other: Phrase) -> bool:
        """Whether two phrases can be the two ends of one change or range."""
        if "ordinal" in (self.kind, other.kind):
            return False
        if self.kind == other.kind:
            return self.unit == other.unit or None in (self.unit, other.unit)
        return "count" in (self.kind, other.kind)

    def aligned(self, other: Phrase) -> Phrase:
        """This phrase with the kind, unit and scale it shares with `other` ("4 to 5 million")."""
        kind, unit = (other.kind, other.unit) if self.kind == "count" else (self.kind, self.unit)
        value = self.value
        if value is not None and self.scale == 1 and other.scale > 1 and value < 1000:
            value *= other.scale
        return dataclasses.replace(self, kind=kind, unit=unit, value=value)


def _approximate(doc: Doc, start: int, sent_start: int) -> bool:
    """Whether words before the phrase say it is approximate ("about", "more than")."""
    prev = [doc[k].lower_ for k in range(max(sent_start, start - 2), start)]
    if prev and prev[-1] in APPROX_WORDS:
        return True
    return len(prev) == 2 and (prev[0], prev[1]) in APPROX_PAIRS


def _currency_before(doc: Doc, start: int) -> str | None:
    if start == 0:
        return None
    token = doc[start - 1]
    if token.text.upper() in CURRENCY_CODES:
        return token.text.upper()
    return CURRENCY_SYMBOLS.get(token.lower_)


def _marker_after(doc: Doc, end: int, core_last: Token) -> tuple[str, str | None, int]:
    """(kind, unit, new end) from what follows the core: %, per cent, currency, unit."""
    nxt = doc[end] if end < len(doc) else None
    if nxt is None:
        return "count", None, end
    low = nxt.lower_
    if low in ("%", "percent", "pc"):
        return "percent", "%", end + 1
    after = doc[end + 1].lower_ if end + 1 < len(doc) else ""
    if low == "per" and after == "cent":
        return "percent", "%", end + 2
    if low == "percentage" and after in ("point", "points"):
        return "percent", "percentage points", end + 2
    if nxt.text.upper() in CURRENCY_CODES and nxt.is_upper:
        return "money", nxt.text.upper(), end + 1
    if nxt.pos_ in ("NOUN", "PROPN") and lemma_of(nxt).lower() in CURRENCY_WORDS:
        return "money", CURRENCY_WORDS[lemma_of(nxt).lower()], end + 1
    unit_end = end
    if core_last.ent_type_ == "QUANTITY":
        while unit_end < len(doc) and doc[unit_end].ent_iob_ == "I" and _unit_word(doc[unit_end]):
            unit_end += 1
    elif core_last.whitespace_ == "" and _unit_word(nxt) and not is_number_word(nxt):
        unit_end = end + 1  # a unit written onto the number: "400g", "20km/h"
        if unit_end + 1 < len(doc) and doc[unit_end].text == "/" and doc[unit_end + 1].is_alpha:
            unit_end += 2
    if unit_end == end:
        return "count", None, end
    unit = doc[end:unit_end].text
    return ("time" if unit.lower().replace(".", "") in _CLOCK else "measure"), unit, unit_end


def _marked_entity(token: Token) -> bool:
    """The entity around the token holds a percent or currency mark."""
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return any(t.lower_ in ("%", "cent", "percent") or _currency_word(t) for t in doc[start:end])


def _unit_word(token: Token) -> bool:
    """A word that can be (part of) a unit: "kg", "square metres", "g." at a sentence end."""
    text = token.text[:-1] if token.text.endswith(".") else token.text
    return text.isalpha() and token.pos_ not in _FUNCTION_POS and not token.like_num


def _names_not_counts(doc: Doc, start: int, end: int, kind: str) -> bool:
    """Whether the number names something (date, name, year, age, phone, reference)."""
    core = doc[start:end]
    first = core[0]
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    if kind in ("count", "measure") and {t.ent_type_ for t in core} & _NOT_COUNTS:
        return not _marked_entity(first)  # unless a mislabelled "between 10 and 15 per cent"
    text = first.text
    if (
        kind == "count"
        and first.is_digit
        and len(core) == 1
        and ((len(text) == 4 and 1000 <= int(text) <= 2100) or (len(text) > 1 and text[0] == "0"))
    ):
        return True  # a year; a phone or reference number
    if prev is not None and (prev.lower_ in _REFERENCE or prev.is_digit or prev.like_url):
        return True
    if kind == "count" and prev is not None and prev.tag_ == "NNP" and prev.dep_ == "compound":
        return True  # part of a name: "FTSE 100 companies"
    if nxt is not None and (nxt.is_digit or _hyphen_word(doc, end)):
        return True  # "0800 555 111"; "a 10-point lead", "five-year"
    if prev is not None and prev.text in (",", "(") and len(core) == 1 and first.is_digit:
        person = doc[start - 2].ent_type_ == "PERSON"
        bare = nxt is not None and nxt.lower_ in _AGE_NEXT and int(text) <= 110
        if person or bare:
            return True  # an age: "Donald Collett, 62,", "The driver of a tram, 42 from …"
    if nxt is not None and nxt.lower_.replace(".", "") in _CLOCK_AND_ERA:
        return True  # "6 o'clock", "190 AD"
    if first.is_alpha and first.is_title and not first.is_sent_start:
        return prev is None or prev.is_alpha  # in a title or a name: "One Flew Over …"
    if kind == "count" and len(core) == 1 and (_age(first) or _clock(first, prev)):
        return True
    if prev is not None and prev.text == "-" and prev.whitespace_ == "" and start >= 2:
        word = doc[start - 2]
        if word.is_alpha and word.whitespace_ == "" and word.lower_ != "multi":
            return True  # "mum-of-two"
    if text.lower() == "one" and len(core) == 1 and (first.dep_ != "nummod" or _of_from(nxt)):
        return True  # the pronoun: "one of the biggest"
    if kind == "count" and nxt is not None and _fraction_word(doc, end):
        return True  # "two thirds", "three-quarters"
    if kind == "count" and prev is not None and prev.lower_ == "the":
        return core[-1].dep_ in _NOUN_DEPS  # "the two were ripe": a reference, not a count
    if kind != "count" or prev is None or prev.tag_ not in ("NNP", "NN"):
        return False
    return nxt is None or nxt.tag_ != "NNS"  # a label after a noun: "Channel 4", "lap 48"


def _fraction_word(doc: Doc, i: int) -> bool:
    """Token i (or the one after a hyphen) makes the number a fraction: "two thirds"."""
    if doc[i].text == "-" and i + 1 < len(doc):
        i += 1
    lemma = lemma_of(doc[i]).lower()
    return lemma in ("half", "quarter") or _ORDINAL.match(alpha2digit(lemma, "en", 0)) is not None


def _of_from(token: Token | None) -> bool:
    """ "one of the factors", "one from the airlines": a pronoun, not a count."""
    return token is not None and token.lower_ in ("of", "from")


def _hyphen_word(doc: Doc, i: int) -> bool:
    """Token i is a hyphen joining the number to a word: "10-point", "five-year"."""
    return (
        doc[i].text in ("-", "–")
        and doc[i - 1].whitespace_ == ""
        and i + 1 < len(doc)
        and doc[i + 1].is_alpha
        and not is_number_word(doc[i + 1])
    )


def _metres(doc: Doc, i: int, core_end: int) -> bool:
    """A bare "m" with no currency and no counted plural after it: metres ("the 60m")."""
    match = numeral(doc[i])
    bare_m = (match is not None and match.group(3).lower() == "m") or (
        core_end == i + 2 and doc[i + 1].lower_ in ("m", "m.")
    )
    after = doc[core_end] if core_end < len(doc) else None
    if not bare_m or (after is not None and after.tag_ == "NNS"):
        return False
    start, end = parsed(doc).sentence(i)
    return not any(_currency_word(t) for t in doc[start:end])  # "77m euros, up from 38m"


def _currency_word(token: Token) -> bool:
    return token.lower_ in CURRENCY_SYMBOLS or lemma_of(token).lower() in CURRENCY_WORDS


def _clock(token: Token, prev: Token | None) -> bool:
    """A time of day written as a decimal: "called at 6.13"."""
    match = re.fullmatch(r"(\d{1,2})\.(\d\d)", token.text)
    if match is None or prev is None or prev.lower_ not in _CLOCK_PREPOSITIONS:
        return False
    return int(match.group(1)) <= 24 and int(match.group(2)) < 60


def _age(token: Token) -> bool:
    """A bare number said of a person with "be": "when she will be 34"."""
    head = token.head
    if token.dep_ != "attr" or lemma_of(head) != "be":
        return False
    return any(
        c.dep_ == "nsubj" and (c.lower_ in ("he", "she") or c.ent_type_ == "PERSON")
        for c in head.children
    )


def _ordinal(token: Token) -> float | None:
    """The value of an ordinal that modifies a noun ("his second meeting"), else None."""
    head = token.head
    if head.pos_ != "NOUN" or token.dep_ not in ("amod", "nummod", "compound"):
        return None
    if lemma_of(head).lower() == "time":  # "for the first time"
        return None
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is None or not (before.pos_ in ("DET", "PRON") or before.tag_ in ("POS", "PRP$")):
        return None  # "first lady": a name, not a rank
    match = _ORDINAL.match(token.text) or _ORDINAL.match(alpha2digit(token.lower_, "en", 0))
    return float(match.group(1)) if match else None


def _article_lead(doc: Doc, i: int) -> int:
    """How many words ("a"; "half a") come before a scale word at token i, else 0."""
    words = [t.lower_ for t in doc[i : i + 3]]
    for lead in (["a"], ["an"], ["half", "a"]):
        n = len(lead)
        if words[:n] == lead and len(words) > n and words[n] in _A_WORDS:
            return n
    return 0


def _phrase_at(doc: Doc, i: int) -> tuple[Phrase | None, int]:
    """The number phrase starting at token i, if any, and where to look next."""
    token = doc[i]
    sent_start = parsed(doc).sentence(i)[0]
    if token.ent_type_ == "ORDINAL" and (token.is_alpha or _ORDINAL.match(token.text)):
        value = _ordinal(token)
        phrase = Phrase(i, i + 1, value, "ordinal", None, False, 1.0, sent_start)
        return (phrase if value is not None else None), i + 1
    lead = _article_lead(doc, i)  # "a dozen", "half a trillion"
    if not (lead or numeral(token) is not None or is_number_word(token)):
        return None, i + 1
    core_end = core_end_of(doc, i + lead)
    value, scale = value_of(doc, i, core_end)
    if value is not None and token.lower_ == "half":
        value /= 2
    currency = _currency_before(doc, i)
    kind, unit, end = _marker_after(doc, core_end, doc[core_end - 1])
    pence = numeral(doc[core_end - 1])
    pence_suffix = pence is not None and pence.group(3).lower() == "p"
    if kind == "count" and (currency is not None or pence_suffix):
        kind, unit = "money", currency or "GBP"
    if (
        value is not None
        and currency is None
        and (pence_suffix or (kind == "money" and lemma_of(doc[end - 1]).lower() in SUBUNITS))
    ):
        value /= 100
    if kind == "count" and value is not None and _metres(doc, i, core_end):
        kind, unit, value, scale = "measure", "m", value / 1e6, 1.0
    if value is None or kind == "time" or _names_not_counts(doc, i, core_end, kind):
        return None, max(end, i + 1)
    start = i - 1 if currency is not None else i
    approximate = any(t.lower_ in _VAGUE_PLURAL for t in doc[i:core_end]) or (
        i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "multi"
    )
    approximate = approximate or _approximate(doc, start, sent_start)
    return Phrase(start, end, value, kind, unit, approximate, scale, sent_start), end


def _may_start(doc: Doc) -> list[int]:
    """The tokens that could begin a number phrase, by a cheap test over the Doc's arrays:
    like a number, starting with a digit, a vague or article word, or an ORDINAL."""
    strings = doc.vocab.strings
    rows = doc.to_array([LIKE_NUM, LOWER, ENT_TYPE, SHAPE]).tolist()
    digit = {shape for shape in {row[3] for row in rows} if strings[shape][:1] == "d"}
    return [
        i
        for i, (number, lower, ent, shape) in enumerate(rows)
        if number or shape in digit or lower in _START_WORDS or ent == _ORDINAL_ID
    ]


def number_phrases(doc: Doc, taken: Sequence[tuple[int, int]] = ()) -> list[Phrase]:
    """Every number phrase of the Doc that counts or measures, in text order.

    `taken`: character ranges already read as times; numbers inside them, and day numbers
    beside them ("the 11 September 2001 attacks"), are skipped.
    """
    timed: set[int] = set()
    for begin, finish in taken:
        span = doc.char_span(begin, finish, alignment_mode="expand")
        if span is not None:
            timed.update(range(span.start, span.end))
    phrases: list[Phrase] = []
    i = 0
    for start in _may_start(doc):
        if start < i or start in timed:
            continue
        phrase, i = _phrase_at(doc, start)
        if phrase is None:
            continue
        single = phrase.end - phrase.start == 1
        day = phrase.kind == "count" and single and (phrase.value or 0) <= 31
        beside = [k for k in (phrase.start - 1, phrase.end) if 0 <= k < len(doc)]
        if day and any(k in timed and doc[k].is_title for k in beside):
            continue  # a day of a month
        phrases.append(phrase)
    return phrases
