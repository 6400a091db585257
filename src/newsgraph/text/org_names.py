"""An organisation's name without its legal form ("Equifax Inc." → "Equifax", "Deutsche Bank
AG" → "Deutsche Bank"), by cleanco's list of legal forms of many countries; shared by the
article's clustering and corpus linking, so "Equifax Inc." and "Equifax" are one name."""

from __future__ import annotations

from functools import lru_cache

from cleanco import basename, prepare_default_terms
from cleanco.clean import normalized, strip_punct, strip_tail

# the last word of each legal form cleanco knows, normalised as cleanco compares them
_LAST_WORDS = frozenset(parts[-1] for _size, parts in prepare_default_terms())


@lru_cache(maxsize=1 << 14)
def without_legal_form(name: str) -> str:
    """The name without a trailing legal form; the name itself when it is one word, when
    nothing but "the" would be left ("The Company"), or when the form is a short word in
    lower case, which is English more likely ("Interlagos as": "AS" is Norwegian)."""
    if len(name.split()) < 2:
        return name
    base = _basename(name).strip()
    left = [w for w in base.split() if w.lower() != "the"]
    form = name[len(base) :].strip(" .,") if name.startswith(base) else ""
    if form.islower() and len(form) <= 2:
        return name
    return base if left and len(base) >= 2 else name


def _basename(name: str) -> str:
    """cleanco's basename, without its test of every legal form (the cost of a name) when
    the name's last word, normalised as cleanco compares, ends none: cleanco then removes
    nothing and only tidies the tail and the spaces, as here."""
    words = [strip_punct(w) for w in normalized(strip_tail(name)).split()]
    if words and words[-1] in _LAST_WORDS:
        return str(basename(name))
    return str(strip_tail(" ".join(strip_tail(name).split())))
