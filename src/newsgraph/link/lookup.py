"""Find corpus entities by what a user types: an id (or a unique prefix of one) or a name in
any form ("Mark Milley", "Milley", "U.S.", "the FBI"), through the same blocking keys the
linker uses — never a scan of every entity.

`find` ranks the candidates: a name that is the entity's own canonical name first, then by
articles. `resolve` says whether one of them is the answer: an id, an exact canonical name,
the only candidate, or one with `DOMINANCE` times the articles of the next; otherwise the
name is ambiguous and the candidates are the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsgraph.link.choice import DOMINANCE
from newsgraph.link.names import country, is_acronym, org_norm
from newsgraph.store.base import Row, Store
from newsgraph.text.person_names import PersonName, fold, person_name, same_person

_ID = re.compile(r"^[0-9a-f]{6,16}$")


@dataclass(slots=True)
class Found:
    """What a name or id finds: `entity` when one answer stands out, and every candidate."""

    entity: Row | None
    candidates: list[Row] = field(default_factory=list)


def _keys(text: str) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    pn = person_name(text)
    if pn is not None:
        if pn.bare:
            keys += [("surname", pn.surname), ("given", pn.surname), ("bare", pn.surname)]
        else:
            keys.append(("surname", pn.surname))
    norm = org_norm(text)
    keys += [("norm", norm), ("alias", norm)]
    if is_acronym(text.strip()):
        keys.append(("initials", norm))
    if (code := country(text)) is not None:
        keys.append(("country", code))
    return keys


def _person_fits(pn: PersonName | None, fulls: Sequence[PersonName], matched: set[str]) -> bool:
    """A full name finds the persons it can be; a single name those it is a word of."""
    if pn is None or pn.bare or "surname" not in matched or matched - {"surname"}:
        return True
    return bool(fulls) and all(same_person(pn, f) for f in fulls)


def find(store: Store, text: str) -> list[Row]:
    """Corpus entities an id or a name can mean, best first."""
    text = " ".join(text.split())
    if not text:
        return []
    if _ID.match(text) and (row := store.corpus_entity(text)) is not None:
        return [row]
    found: dict[str, Row] = {}
    for r in store.corpus_lookup(_keys(text)):
        found.setdefault(r["id"], {**r, "matched": set()})["matched"].add(r["key_kind"])
    pn = person_name(text)
    fulls: dict[str, list[PersonName]] = {}
    for r in store.corpus_keys(sorted(found), "full"):
        fulls.setdefault(r["entity"], []).append(PersonName.from_key(r["key"]))
    rows = [
        r for r in found.values() if _person_fits(pn, fulls.get(r["id"], []), r["matched"])
    ]
    want = fold(text)
    for r in rows:
        r.pop("key_kind", None)
        r.pop("key", None)
        r["matched"] = sorted(r["matched"])
        r["exact"] = fold(r["name"]) == want
    return sorted(rows, key=lambda r: (not r["exact"], -int(r["articles"]), r["id"]))


def resolve(store: Store, text: str) -> Found:
    """The one corpus entity an id or a name means, if one stands out (module docstring)."""
    rows = find(store, text)
    if not rows:
        return Found(None)
    top = rows[0]
    if (
        len(rows) == 1
        or top.get("exact")
        or int(top["articles"]) >= DOMINANCE * int(rows[1]["articles"])
    ):
        return Found(top, rows)
    return Found(None, rows)
