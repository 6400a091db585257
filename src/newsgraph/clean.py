"""Plain text as scraped → title, lede, body paragraphs and the residue removed, with reasons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from newsgraph.errors import NoTitle
from newsgraph.model import Residue


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The clean article: paragraphs[0] is the title, paragraphs[1] the lede."""

    paragraphs: tuple[str, ...]
    residue: tuple[Residue, ...]

    @property
    def title(self) -> str:
        return self.paragraphs[0]

    @property
    def lede(self) -> str:
        return self.paragraphs[1] if len(self.paragraphs) > 1 else ""

    @property
    def text(self) -> str:
        """The canonical text: paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)


def clean_text(raw: str, known_residue: Collection[str] = ()) -> Cleaned:
    """Split scraped text into paragraphs and drop page residue, recording each removal."""
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise NoTitle("no non-empty line to take as the title")
    counts = Counter(lines[1:])
    kept: list[str] = [lines[0]]
    residue: list[Residue] = []
    for line in lines[1:]:
        if line in known_residue:
            residue.append(Residue(line, "known residue"))
        elif counts[line] > 1:
            residue.append(Residue(line, "repeated line"))
        else:
            kept.append(line)
    return Cleaned(tuple(kept), tuple(residue))
