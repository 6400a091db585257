"""Entities: one per referent in the article, with every mention, titles, roles and gender.

- `extractor`  `EntityExtractor`: spaCy NER made consistent within the article
- `cluster`    `Cluster`, the working form of one referent while the article is read
- `people`     persons of one article: full names by name structure, lone names placed
- `acronyms`   acronyms the text defines ("… (SRAR)") and initials
- `aliases`    other names the text defines ("Mr. Bush, known as Jeb")
- `coref`      pronouns and role nouns resolved to people, only when one person clearly leads
- `roles`      titles, roles and affiliations from the words around a name
- `nested`     names inside longer names ("Japan" in "Sea of Japan", "U.N." spelled out)
- `named`      `NamedEntities`: another language's NER alone (no English rules)
"""

from newsgraph.extract.entities.extractor import KEPT_TYPES, EntityExtractor
from newsgraph.extract.entities.named import NamedEntities

__all__ = ["KEPT_TYPES", "EntityExtractor", "NamedEntities"]
