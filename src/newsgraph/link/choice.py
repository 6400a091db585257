"""What every linking rule shares: the decision it returns, candidate rows grouped by
corpus entity, and the choice among several candidates (`Choosing._choose`): the one the
article's entities already linked co-occur with (`corpus_cooccur`: for each person, the
articles shared with each of the first `CONTEXT` persons, organisations and places of an
article; `DOMINANCE` times the next), else the one with `DOMINANCE` times the articles of
the next (of all the others together for a single name no holder of which the article
names), else none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsgraph.store.base import Row, Store

DOMINANCE = 3.0  # the chosen holder of a shared name: this many times the next one's evidence
MIN_EVIDENCE = 2  # articles (of co-occurrence, or of the holder) before evidence counts
CONTEXT = 20  # entities of an article whose co-occurrence is counted (the first in the text)
FOUNDED = "founded: no corpus entity matched"


@dataclass(frozen=True, slots=True)
class Decision:
    """corpus entity id (None: leave unlinked, or found a new one when `found`)."""

    entity: str | None
    confidence: float
    reason: str
    found: bool = False
    adopt: bool = False  # the entity was known by a single name until now
    known_as: str | None = None  # the name its keys are taken from, if not the entity's own


def unlinked(reason: str) -> Decision:
    return Decision(None, 0.0, reason)


def founded(reason: str = FOUNDED) -> Decision:
    return Decision(None, 1.0, reason, found=True)


def grouped(rows: Iterable[Row]) -> dict[str, Row]:
    """Lookup rows by corpus entity, with the key kinds each matched."""
    out: dict[str, Row] = {}
    for r in rows:
        row = out.setdefault(r["id"], {**r, "matched": set()})
        row["matched"].add(r["key_kind"])
    return out


def leader(cands: Sequence[Row], score: Mapping[str, int], of_all: bool = False) -> Row | None:
    """The candidate whose score is DOMINANCE times the next one's (ties by id), or with
    `of_all` DOMINANCE times all the others' together."""
    ranked = sorted(cands, key=lambda c: (-score.get(c["id"], 0), c["id"]))
    top = score.get(ranked[0]["id"], 0)
    rest = [score.get(c["id"], 0) for c in ranked[1:]]
    second = sum(rest) if of_all else rest[0]
    return ranked[0] if top >= DOMINANCE * second and top >= MIN_EVIDENCE else None


def listing(cands: Sequence[Row]) -> str:
    """The leading candidates, with their articles, for a reason."""
    ranked = sorted(cands, key=lambda c: (-int(c["articles"]), c["id"]))
    return ", ".join(f"{c['name']} {c['articles']}" for c in ranked[:4])


class Choosing:
    """The state of linking one article (it lives in the store otherwise)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._context: list[str] = []  # corpus entities linked so far in this article
        self._people: list[str] = []  # the persons among them
        self._named: set[str] = set()  # the persons a full name of this article linked to
        self._offices: dict[str, tuple[str, ...]] = {}  # their offices in this article

    def _choose(self, cands: Sequence[Row], bare: bool = False) -> tuple[Row, str] | None:
        """One of several candidates: the one the article's other entities co-occur with
        (DOMINANCE times the next), else the one with DOMINANCE times the articles of the
        next — for a `bare` name the article names no holder of, of all the others together
        (the riskiest link: it must dominate clearly); None when neither evidence decides."""
        if len(cands) == 1:
            return cands[0], "the only candidate"
        if self._context:
            ids = [c["id"] for c in cands]
            together = self.store.corpus_cooccurrence(ids, self._context[:CONTEXT])
            best = leader(cands, together)
            if best is not None:
                return best, f"co-occurs with this article's entities ({listing(cands)})"
        best = leader(cands, {c["id"]: int(c["articles"]) for c in cands}, of_all=bare)
        return (best, f"the dominant holder ({listing(cands)})") if best is not None else None
