"""The working form of an entity while the article is read: one Cluster per referent."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.model import Entity, Mention, content_id, first_start


@dataclass
class Cluster:
    """Mentions of one referent, with what the text says about it (mutable while resolving)."""

    type: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None

    @property
    def first(self) -> int:
        """Offset of the first mention (`model.first_start`)."""
        return first_start((m.start, m.kind) for m in self.mentions)

    def add(self, mention: Mention) -> None:
        """Add a mention unless one with the same span is there already."""
        if all((m.start, m.end) != (mention.start, mention.end) for m in self.mentions):
            self.mentions.append(mention)

    def note(self, attribute: str, value: str) -> None:
        """Record a title, role, affiliation or alias once."""
        values: list[str] = getattr(self, attribute)
        if value and value not in values:
            values.append(value)

    def mentions_before(self, offset: int) -> list[Mention]:
        """Mentions that end before an offset."""
        return [m for m in self.mentions if m.end <= offset]

    def freeze(self, extractor: str) -> Entity:
        """The Entity of this cluster, mentions in text order."""
        kinds = {m.kind for m in self.mentions}
        confidence = 0.9 if kinds & {"name", "surname", "acronym"} else 0.6
        return Entity(
            id=content_id(self.type, self.name, length=12),
            name=self.name,
            type=self.type,
            mentions=tuple(sorted(self.mentions, key=lambda m: (m.start, m.end))),
            titles=tuple(self.titles),
            roles=tuple(self.roles),
            affiliations=tuple(self.affiliations),
            aliases=tuple(self.aliases),
            gender=self.gender,
            extractor=extractor,
            confidence=confidence,
        )
