"""Articles built by hand for the corpus layer's tests, and a store that links them:
shared by the linking, corpus event and story tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from newsgraph.link import CORPUS_HOOKS
from newsgraph.model import Article, Entity, Mention, Span, content_id
from newsgraph.store import Outcome, Store, open_store
from newsgraph.store.base import Row

People = Sequence[tuple[str, str, Sequence[str]] | tuple[str, str, Sequence[str], Sequence[str]]]


def article(title: str, body: str, entities: People, published: str = "2016-09-01") -> Article:
    """An article by hand: entities (name, type, [mention texts], [titles], [roles]); each
    mention text is found in order in the text."""
    text = f"{title}\n\n{body}"
    out = []
    for spec in entities:
        name, type_, mentions = spec[0], spec[1], spec[2]
        titles = tuple(spec[3]) if len(spec) > 3 else ()  # type: ignore[misc]
        roles = tuple(spec[4]) if len(spec) > 4 else ()  # type: ignore[misc]
        found, pos = [], 0
        for m in mentions:
            start = text.index(m, pos if m == mentions[0] else 0)
            found.append(Mention(m, start, start + len(m)))
            pos = start + 1
        kinds = tuple(
            Mention(m.text, m.start, m.end, "acronym" if m.text.isupper() else "name")
            for m in found
        )
        aliases = tuple(m for m in mentions if m.isupper() and type_ != "PERSON")
        entity_id = content_id(type_, name, length=12)
        out.append(Entity(entity_id, name, type_, kinds, titles, roles, (), aliases))
    return Article(
        id=content_id(text, length=64),
        title=title,
        lede=body,
        text=text,
        published=published,
        paragraphs=(Span(0, len(title)), Span(len(title) + 2, len(text))),
        entities=tuple(out),
    )


CORPUS = [
    article("Trump rallies", "Donald Trump spoke. Trump said he would win.",
            [("Donald Trump", "PERSON", ["Donald Trump", "Trump"])]),
    article("Trump in Ohio", "Donald J. Trump visited Ohio. Trump met voters.",
            [("Donald J. Trump", "PERSON", ["Donald J. Trump", "Trump"]),
             ("Ohio", "GPE", ["Ohio"])]),
    article("First lady speaks", "Melania Trump spoke on Monday.",
            [("Melania Trump", "PERSON", ["Melania Trump"])]),
    article("Son speaks", "Donald Trump Jr. spoke to the convention.",
            [("Donald Trump Jr.", "PERSON", ["Donald Trump Jr."])]),
    article("Trump again", "Mr. Trump said the polls were wrong.",
            [("Trump", "PERSON", ["Trump"], ["Mr."])]),
    article("Kim fires missile", "Kim Jong-un watched the launch.",
            [("Kim Jong-un", "PERSON", ["Kim Jong-un"])]),
    article("Kim speaks", "Kim Jong Un spoke in Pyongyang.",
            [("Kim Jong Un", "PERSON", ["Kim Jong Un"])]),
    article("Erdoğan visits", "Recep Tayyip Erdoğan arrived.",
            [("Recep Tayyip Erdoğan", "PERSON", ["Recep Tayyip Erdoğan"])]),
    article("Erdogan speaks", "Recep Tayyip Erdogan spoke.",
            [("Recep Tayyip Erdogan", "PERSON", ["Recep Tayyip Erdogan"])]),
    article("Bushes", "George W. Bush and George H.W. Bush met.",
            [("George W. Bush", "PERSON", ["George W. Bush"]),
             ("George H.W. Bush", "PERSON", ["George H.W. Bush"])]),
    article("Committee", "The Democratic National Committee (DNC) met.",
            [("Democratic National Committee", "ORG", ["Democratic National Committee", "DNC"])]),
    article("Convention", "The Democratic National Convention (DNC) opened.",
            [("Democratic National Convention", "ORG", ["Democratic National Convention",
                                                        "DNC"])]),
    article("FBI", "The Federal Bureau of Investigation (FBI) said so.",
            [("Federal Bureau of Investigation", "ORG", ["Federal Bureau of Investigation",
                                                         "FBI"])]),
    article("FBI again", "The FBI said nothing.", [("FBI", "ORG", ["FBI"])]),
    article("US", "The U.S. and America and the United States.",
            [("U.S.", "GPE", ["U.S."]), ("America", "GPE", ["America"]),
             ("United States", "GPE", ["United States"])]),
    article("Koreas", "North Korea and South Korea talked.",
            [("North Korea", "GPE", ["North Korea"]), ("South Korea", "GPE", ["South Korea"])]),
]  # fmt: skip


def write(db: str, articles: Sequence[Article], batch: int = 64) -> Store:
    store = open_store(db)
    outcomes = [Outcome(f"{i}.txt", article=a) for i, a in enumerate(articles)]
    for i in range(0, len(outcomes), batch):
        store.write(outcomes[i : i + batch], CORPUS_HOOKS)
    return store


def links(store: Store) -> dict[tuple[str, str], str | None]:
    return {(r["article_id"], r["name"]): r["corpus_entity"] for r in store.corpus_links()}


def by_article(store: Store) -> dict[str, Row]:
    """The link of each article's one entity, by article id."""
    return {r["article_id"]: r for r in store.corpus_links()}


def with_gender(a: Article, name: str, gender: str) -> Article:
    """The article with the gender its pronouns give one entity."""
    found = [dataclasses.replace(e, gender=gender) if e.name == name else e for e in a.entities]
    return dataclasses.replace(a, entities=tuple(found))


def corpus_id(store: Store, name: str) -> str:
    found = [v for (_a, n), v in links(store).items() if n == name]
    assert found and found[0] is not None, name
    return found[0]
