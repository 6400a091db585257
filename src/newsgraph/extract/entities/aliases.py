"""Other names the text gives an entity: "Mr. Bush, known as Jeb", "Mahmoud Abbas, also known
as Abu Mazen", "Burma, also known as Myanmar", "Moya, nicknamed Charly".

The name right before the phrase gets the alias, and an entity of the article that is only
that alias (or, for a person's one-word alias, the alias with the person's surname: "Jeb
Bush") is the same referent: its mentions join. Coordinated names ("Anthony McPartlin and
Declan Donnelly, known as Ant and Dec") name a group, not one of them: no alias.
"""

from __future__ import annotations

import re

from newsgraph.extract.entities.cluster import Cluster

_NAME = r"[A-Z][\w.'’-]*"
_KNOWN_AS = re.compile(
    rf"(?:,|\s\()\s*(?:also |better |more commonly |widely |popularly )?"
    rf"(?:known as|nicknamed)\s+[\"'“‘]?(?P<alias>{_NAME}(?:\s{_NAME})*)"
)
NAME_KINDS = frozenset({"name", "surname"})


def _host(clusters: list[Cluster], end: int, text: str) -> Cluster | None:
    """The entity named right before offset `end`, unless that name closes a list."""
    for c in clusters:
        for m in c.mentions:
            if m.end == end and m.kind in NAME_KINDS:
                before = text[max(0, m.start - 5) : m.start]
                return None if re.search(r"(?:\band|,)\s*$", before) else c
    return None


def _alias_forms(host: Cluster, alias: str) -> set[str]:
    """The names an entity of the alias alone may go by: the alias, and for a person's
    one-word alias the alias with the person's surname."""
    forms = {alias}
    if host.type == "PERSON" and " " not in alias and len(host.name.split()) >= 2:
        forms.add(f"{alias} {host.name.split()[-1]}")
    return forms


def define_aliases(text: str, clusters: list[Cluster]) -> None:
    """Note each alias the text defines on its entity and merge into it the entities that
    are only that alias (see the module docstring); `text` is the article text."""
    for match in _KNOWN_AS.finditer(text):
        alias = match.group("alias").rstrip(".")
        tail = text[match.end("alias") : match.end("alias") + 5]
        if re.match(r"\s+and\b", tail):
            continue
        host = _host(clusters, match.start(), text)
        if host is None or alias == host.name:
            continue
        host.note("aliases", alias)
        forms = _alias_forms(host, alias)
        for other in clusters:
            if other is not host and other.type == host.type and other.name in forms:
                for m in other.mentions:
                    host.add(m)
                other.mentions = []
    clusters[:] = [c for c in clusters if c.mentions]
