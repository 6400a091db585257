"""A person's likely gender from a first name, by the US Census 1990 first-name frequencies
shipped in the MIT-licensed `names` package (a gender only where titles and pronouns say
nothing); whether a word is a first name at all (a headline's or an epithet's word)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

_COMMON = 0.01  # percent of the population with that first name


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, tuple[float, float]]:
    freq: dict[str, list[float]] = {}
    for column, filename in ((0, "dist.male.first"), (1, "dist.female.first")):
        text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
        for line in text.splitlines():
            parts = line.split()
            if len(parts) >= 2:
                freq.setdefault(parts[0].lower(), [0.0, 0.0])[column] = float(parts[1])
    return {name: (m, f) for name, (m, f) in freq.items()}


def gender_of_first_name(name: str) -> str | None:
    """ "male" or "female" when the name is at least 10 times more common for one; else None."""
    male, female = _frequencies().get(name.lower(), (0.0, 0.0))
    if male > 10 * female:
        return "male"
    if female > 10 * male:
        return "female"
    return None


def is_first_name(word: str) -> bool:
    """Whether the census lists the word as anyone's first name ("Bernie", "Hillary")."""
    return word.lower() in _frequencies()
