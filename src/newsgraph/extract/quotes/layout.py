"""What the quote passes ask of an article over and over, computed once per article from the
Doc's arrays: each token's paragraph, and the entity mention each token lies in."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.model import Entity, Mention

_BREAK = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Layout:
    """An article's text, the paragraph of each token (lines), and for each token an entity
    mention overlaps, the mention overlapping it most (the first such, as `Draft.mention_at`
    answers for the token's characters)."""

    text: str
    paragraph: list[int]
    mentions: dict[int, tuple[Entity, Mention]]

    @classmethod
    def of(cls, doc: Doc, draft: Draft) -> Layout:
        arrays = doc.to_array([IDX, LENGTH]).astype(np.int64)
        starts, ends = arrays[:, 0], arrays[:, 0] + arrays[:, 1]
        text = draft.text
        breaks = np.array([m.start() for m in _BREAK.finditer(text)], dtype=np.int64)
        # a token ends its paragraph when a line break lies between it and the next token
        following = np.append(starts[1:], len(text))
        broken = np.searchsorted(breaks, following) > np.searchsorted(breaks, starts)
        paragraph = np.concatenate(([0], np.cumsum(broken)[:-1])).tolist() if len(doc) else []
        best: dict[int, tuple[int, Entity, Mention]] = {}
        for entity in draft.entities:
            for m in entity.mentions:
                first = max(int(np.searchsorted(starts, m.start, "right")) - 1, 0)
                for i in range(first, int(np.searchsorted(starts, m.end, "left"))):
                    overlap = min(int(ends[i]), m.end) - max(int(starts[i]), m.start)
                    if overlap > 0 and (i not in best or overlap > best[i][0]):
                        best[i] = (overlap, entity, m)
        return cls(text, paragraph, {i: (e, m) for i, (_, e, m) in best.items()})

    def together(self, a: Token, b: Token) -> bool:
        """No line break between two tokens."""
        return self.paragraph[a.i] == self.paragraph[b.i]

    def mention(self, tok: Token) -> tuple[Entity, Mention] | None:
        """The entity mention a token lies in, if any."""
        return self.mentions.get(tok.i)

    def type(self, tok: Token) -> str | None:
        """The type of the entity a token names, if any."""
        hit = self.mentions.get(tok.i)
        return hit[0].type if hit is not None else None
