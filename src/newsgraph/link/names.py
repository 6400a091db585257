"""Names of organisations and places for the corpus layer (persons' names: text/person_names).

- `org_norm`: a non-person's name without a leading "the", "&" as "and", nor a legal form
  ("Inc.", `text.org_names`), `fold`ed.
- `country`: the ISO 3166 code a place name stands for, from pycountry (names, official and
  common names, alpha-3 codes written in capitals) and `data/countries.json` (everyday
  English names ISO lacks: "America", "Britain", "Russia", "U.S."); names that are also a
  subdivision of another country ("Georgia") are left ambiguous, and so are two-letter
  codes ("N.C." is North Carolina, not New Caledonia);
- `countries_named_in`: the countries whose names hold a name that is none of them
  ("Korea": North and South), which the name alone does not tell apart;
- `own_name`: the party or institution a name news style uses for it stands for ("GOP",
  "Tories", "Fed").
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path

import pycountry

from newsgraph.text.org_names import without_legal_form
from newsgraph.text.person_names import fold

_DATA = Path(__file__).parent / "data"
_CACHED = 1 << 16  # names recur across articles: each is looked up once


@lru_cache(maxsize=_CACHED)
def org_norm(name: str) -> str:
    """A non-person's name as compared across articles ("The U.S." → "us", "Equifax Inc."
    → "equifax")."""
    words = fold(without_legal_form(name)).split()
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
def _other_names() -> dict[str, str]:
    table: dict[str, str] = json.loads((_DATA / "organisations.json").read_text(encoding="utf-8"))
    return {org_norm(k): org_norm(v) for k, v in table.items() if not k.startswith("_")}


def own_name(name: str) -> str | None:
    """The own name (normalised) of the party or institution news style also calls by
    `name` (`data/organisations.json`: "GOP" → "republican party", "Fed"), or None."""
    return _other_names().get(org_norm(name))


def is_party(norm: str) -> bool:
    """Whether a normalised name is one `data/organisations.json` gives, or gives a name
    (a party's or an institution's)."""
    table = _other_names()
    return norm in table or norm in table.values()


# the common words of countries' names: compass points, forms of state, connectives
_GENERIC = frozenset(
    "north south east west northern southern eastern western central new saint st united "
    "states state kingdom republic democratic people s peoples federal federated islands "
    "island arab islamic socialist plurinational bolivarian of the and".split()
)


@cache
def _name_parts() -> dict[str, frozenset[str]]:
    """Every run of words of a country's names (`_countries`) → the countries it is in;
    runs of common words only ("South", "Republic", "United States") left out, as they
    name no country of their own."""
    parts: dict[str, set[str]] = {}
    for name, code in _countries().items():
        words = name.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                if not _GENERIC.issuperset(words[i:j]):
                    parts.setdefault(" ".join(words[i:j]), set()).add(code)
    return {k: frozenset(v) for k, v in parts.items()}


@lru_cache(maxsize=_CACHED)
def countries_named_in(name: str) -> frozenset[str]:
    """The ISO codes of the two or more countries whose names hold `name` as whole words,
    when it names no country itself ("Korea": KP and KR); else none."""
    if country(name) is not None:
        return frozenset()
    codes = _name_parts().get(org_norm(name), frozenset())
    return codes if len(codes) >= 2 else frozenset()


@cache
def _codes() -> dict[str, str]:
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


@lru_cache(maxsize=_CACHED)
def country(name: str, codes: bool = True) -> str | None:
    """The ISO alpha-2 code a place name stands for, or None; with `codes`, an alpha-3 code
    written in capitals too ("FRA")."""
    found = _countries().get(org_norm(name))
    if found is None and codes and is_acronym(name):
        found = _codes().get(name.replace(".", ""))
    return found
