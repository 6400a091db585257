"""The structure of a person's name, shared by the article's clustering and corpus linking.

- `fold`: mojibake repaired (ftfy: "JuliÃ¡n" → "Julián", also twice encoded), transliteration
  (anyascii: "Erdoğan" → "erdogan", "Дмитрий" → "dmitriy"), lower case, dotted acronyms
  closed up ("U.S." → "us"), hyphens and punctuation as spaces ("Kim Jong-un" = "Kim Jong
  Un"), a possessive "'s" dropped.
- `PersonName`: a person's name as given name, middle names or initials, surname and suffix,
  titles ("Gen.", "Mr.") left out. Two full names are one person only when surname, suffix
  ("Jr.") and given name agree (an initial agrees with the name it starts) and the middle
  initials, where both give them, are the same ("George W. Bush" ≠ "George H. W. Bush").
  A given name agrees with its everyday short forms (`data/hypocorisms.json`: "Tim" and
  "Timothy", "Ted" and "Edward").
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from anyascii import anyascii
from ftfy import fix_encoding

from newsgraph.text.titles import TITLES

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_POSSESSIVE = re.compile(r"['’]s?$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CACHED = 1 << 16  # names recur across articles: each is folded and parsed once
_MOJIBAKE = frozenset("ÃÂâ")  # UTF-8 read as Latin-1 or Windows-1252 starts with these


@lru_cache(maxsize=_CACHED)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces."""
    text = unicodedata.normalize("NFC", text)
    if _MOJIBAKE & set(text):
        text = fix_encoding(text)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text.strip())
    text = _POSSESSIVE.sub("", text)
    return _NON_WORD.sub(" ", anyascii(text).lower().replace("&", " and ")).strip()


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


@cache
def _formal_names() -> dict[str, frozenset[str]]:
    """Short form → the given names it is short for ("ted" → edward, theodore)."""
    path = Path(__file__).parent / "data" / "hypocorisms.json"
    table: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for formal, shorts in table.items():
        for short in shorts if not formal.startswith("_") else ():
            out.setdefault(short, set()).add(formal)
    return {k: frozenset(v) for k, v in out.items()}


def _forms(given: str) -> frozenset[str]:
    return _formal_names().get(given, frozenset()) | {given}


def _given_agree(a: str, b: str) -> bool:
    """Same given name, an initial and the name it starts, or forms of one name ("Tim"
    and "Timothy", "Bill" and "Billy")."""
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    return bool(_forms(a) & _forms(b))


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
