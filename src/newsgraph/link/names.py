"""Name structure for the corpus layer: how an article entity is keyed and compared.

- `fold`: transliteration (anyascii: "Erdoğan" → "erdogan", "Дмитрий" → "dmitriy"), lower
  case, dotted acronyms closed up ("U.S." → "us"), hyphens and punctuation as spaces
  ("Kim Jong-un" = "Kim Jong Un"), a possessive "'s" dropped.
- `PersonName`: a person's name as given name, middle names or initials, surname and suffix,
  titles ("Gen.", "Mr.") left out. Two full names are one person only when surname, suffix
  ("Jr.") and given name agree (an initial agrees with the name it starts) and the middle
  initials, where both give them, are the same ("George W. Bush" ≠ "George H. W. Bush").
- `org_norm`: a non-person's name without a leading "the", "&" as "and".
- `country`: the ISO 3166 code a place name stands for, from pycountry (names, official and
  common names, alpha-3 codes written in capitals) and `data/countries.json` (everyday
  English names ISO lacks: "America", "Britain", "Russia", "U.S."); names that are also a
  subdivision of another country ("Georgia") are left ambiguous, and so are two-letter
  codes ("N.C." is North Carolina, not New Caledonia).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pycountry
from anyascii import anyascii

from newsgraph.text.titles import TITLES

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_POSSESSIVE = re.compile(r"['’]s?$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DATA = Path(__file__).parent / "data"


_CACHED = 1 << 16  # names recur across articles: each is folded, parsed and looked up once


@lru_cache(maxsize=_CACHED)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces."""
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text.strip())
    text = _POSSESSIVE.sub("", text)
    return _NON_WORD.sub(" ", anyascii(text).lower().replace("&", " and ")).strip()


@lru_cache(maxsize=_CACHED)
def org_norm(name: str) -> str:
    """A non-person's name as compared across articles ("The U.S." → "us")."""
    words = fold(name).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def is_acronym(name: str) -> bool:
    """"FBI", "U.S.", "NATO": one word of capitals (dots and a final "s" allowed)."""
    bare = name.replace(".", "").rstrip("s")
    return " " not in name.strip() and len(bare) >= 2 and bare.isupper() and bare.isalpha()


def initials(name: str) -> str:
    """Lower-case initials of a name's capitalised words ("Federal Bureau of Investigation"
    → "fbi", "United Nations" → "un"); empty for a name of one such word."""
    caps = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    return "".join(w[0] for w in caps).lower() if len(caps) >= 2 else ""


@dataclass(frozen=True, slots=True)
class PersonName:
    """given None: a single word ("Trump", "Hillary"), held in `surname`."""

    given: str | None
    middles: tuple[str, ...]
    surname: str
    suffix: str

    @property
    def bare(self) -> bool:
        return self.given is None

    @property
    def tokens(self) -> tuple[str, ...]:
        return (*([self.given] if self.given else []), *self.middles, self.surname)

    def key(self) -> str:
        """The structure stored as a `full` key: "george|h w|bush|"."""
        return "|".join((self.given or "", " ".join(self.middles), self.surname, self.suffix))

    @classmethod
    def from_key(cls, key: str) -> PersonName:
        given, middles, surname, suffix = key.split("|")
        return cls(given or None, tuple(middles.split()), surname, suffix)


@lru_cache(maxsize=_CACHED)
def person_name(name: str) -> PersonName | None:
    """The parts of a person's name; None when no word is left once titles are dropped."""
    words = fold(name.replace(".", ". ")).split()  # "H.W." is two initials
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    suffix = ""
    if len(words) > 1 and words[-1] in SUFFIXES:
        suffix = words.pop()
    if not words:
        return None
    if len(words) == 1:
        return PersonName(None, (), words[0], suffix)
    return PersonName(words[0], tuple(words[1:-1]), words[-1], suffix)


def _given_agree(a: str, b: str) -> bool:
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def same_person(a: PersonName, b: PersonName) -> bool:
    """Whether two full names can name one person (see the module docstring)."""
    if a.surname != b.surname or a.suffix != b.suffix or a.given is None or b.given is None:
        return False
    if not _given_agree(a.given, b.given):
        return False
    if a.middles and b.middles:
        return [m[0] for m in a.middles] == [m[0] for m in b.middles]
    return True


def compound_surname(short: PersonName, full: PersonName) -> bool:
    """A two-word name that is the end of a longer one: "Wasserman Schultz" of "Debbie
    Wasserman Schultz", "Huckabee Sanders" of "Sarah Huckabee Sanders"."""
    tokens = short.tokens
    return (
        not short.bare
        and not short.middles
        and short.suffix == full.suffix
        and len(full.tokens) > len(tokens)
        and full.tokens[-len(tokens) :] == tokens
    )


@cache
def _countries() -> dict[str, str]:
    """Folded country name → ISO alpha-2, names shared with another country's subdivision
    (the US state of Georgia) left out."""
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names[org_norm(value)] = c.alpha_2
    extra: dict[str, str] = json.loads((_DATA / "countries.json").read_text(encoding="utf-8"))
    names.update({org_norm(k): v for k, v in extra.items() if not k.startswith("_")})
    for sub in pycountry.subdivisions:
        key = org_norm(sub.name)
        if names.get(key, sub.country_code) != sub.country_code:
            names.pop(key)
    return names


@cache
def _codes() -> dict[str, str]:
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


@lru_cache(maxsize=_CACHED)
def country(name: str) -> str | None:
    """The ISO alpha-2 code a place name stands for, or None."""
    found = _countries().get(org_norm(name))
    if found is None and is_acronym(name):
        found = _codes().get(name.replace(".", ""))
    return found
