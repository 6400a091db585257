"""Word lists for quantities: currencies (ISO 4217), scales, vague counts, approximators,
entity types that name rather than count, and the words of change ("rose", "cut", "drop").
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.entities import KEPT_TYPES
from newsgraph.nlp import lemma_of

# News currencies: symbols and words → ISO 4217 (a bare "$" or "dollars" is read as USD).
CURRENCY_SYMBOLS = {
    "£": "GBP",
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "a$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "hk$": "HKD",
    "nz$": "NZD",
    "s$": "SGD",
    "r$": "BRL",
    "₩": "KRW",
}
CURRENCY_WORDS = {
    "pound": "GBP",
    "sterling": "GBP",
    "dollar": "USD",
    "euro": "EUR",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rouble": "RUB",
    "ruble": "RUB",
    "franc": "CHF",
    "penny": "GBP",
    "cent": "USD",
    "rupiah": "IDR",
    "naira": "NGN",
    "rand": "ZAR",
    "baht": "THB",
    "ringgit": "MYR",
    "zloty": "PLN",
    "shekel": "ILS",
    "lira": "TRY",
}
CURRENCY_CODES = frozenset(CURRENCY_SYMBOLS.values()) | frozenset(CURRENCY_WORDS.values())
SUBUNITS = frozenset({"penny", "cent"})
SUFFIX_SCALE = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "tn": 1e12,
    "trn": 1e12,
    "trillion": 1e12,
}
VAGUE = {
    "dozen": 12.0,
    "dozens": 12.0,
    "tens": 10.0,
    "hundreds": 100.0,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
}
APPROX_WORDS = frozenset(
    "about around nearly almost roughly approximately some approx circa estimated over under "
    "upwards".split()
)
APPROX_PAIRS = frozenset(
    {
        ("more", "than"),
        ("less", "than"),
        ("fewer", "than"),
        ("at", "least"),
        ("up", "to"),
        ("close", "to"),
        ("as", "many"),
        ("as", "much"),
    }
)
NAME_TYPES = frozenset(KEPT_TYPES | {"LANGUAGE"})
_UP = frozenset(
    "rise increase grow jump climb soar surge rocket raise boost double triple treble expand "
    "gain lift hike swell leap rebound recover up widen growth advance".split()
)
_DOWN = frozenset(
    "fall drop decline decrease reduce reduction cut slash slump slide shrink lower plunge "
    "tumble sink dip ease trim halve contract narrow shed plummet dive down slip lose retreat "
    "weaken".split()
)


def change_direction(token: Token) -> str | None:
    """up / down when the word (verb or noun) says a number changed, else None."""
    lemma = lemma_of(token).lower()
    if lemma in _UP:
        return "up"
    if lemma in _DOWN:
        return "down"
    return None
