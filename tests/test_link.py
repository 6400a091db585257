"""The corpus layer without the model: name keys, linking decisions, stable ids, overrides,
relink and export, over articles built by hand and a real store (every test that takes
`db_url` runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import newsgraph
from newsgraph.cli import main
from newsgraph.errors import ConfigError
from newsgraph.link import CORPUS_HOOKS, overrides
from newsgraph.link.evidence import roles_of
from newsgraph.link.names import country
from newsgraph.link.relink import relink
from newsgraph.model import Article, Entity, Mention, Span, content_id
from newsgraph.store import Outcome, Store, open_store
from newsgraph.store.base import Row
from newsgraph.text.org_names import without_legal_form
from newsgraph.text.person_names import fold, person_name, same_person

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


def test_names_fold_transliterate_and_keep_relatives_apart() -> None:
    assert fold("Erdoğan") == "erdogan" and fold("U.S.") == "us"
    assert person_name("Kim Jong-un") == person_name("Kim Jong Un")
    assert not same_person(person_name("George W. Bush"), person_name("George H.W. Bush"))  # type: ignore[arg-type]
    assert not same_person(person_name("Donald Trump"), person_name("Donald Trump Jr."))  # type: ignore[arg-type]
    assert same_person(person_name("Gen. Mark A. Milley"), person_name("Mark Milley"))  # type: ignore[arg-type]
    assert [country(n) for n in ("America", "U.S.", "USA", "North Korea", "Britain")] == [
        "US", "US", "US", "KP", "GB",
    ]  # fmt: skip
    assert country("Georgia") is None and country("N.C.") is None and country("Korea") is None
    # headline abbreviations and the names the two Koreas use for themselves
    assert [country(n) for n in ("S. Korea", "N. Korea", "Republic of Korea", "DPRK")] == [
        "KR", "KP", "KR", "KP",
    ]  # fmt: skip


def test_linking_joins_forms_and_keeps_confusable_entities_apart(db_url: str) -> None:
    store = write(db_url, CORPUS)
    ids = links(store)
    trump = corpus_id(store, "Donald Trump")
    assert corpus_id(store, "Donald J. Trump") == trump
    assert corpus_id(store, "Trump") == trump  # "Mr. Trump": the male holder that dominates
    assert corpus_id(store, "Melania Trump") != trump
    assert corpus_id(store, "Donald Trump Jr.") != trump
    assert corpus_id(store, "Kim Jong-un") == corpus_id(store, "Kim Jong Un")
    assert corpus_id(store, "Recep Tayyip Erdoğan") == corpus_id(store, "Recep Tayyip Erdogan")
    assert corpus_id(store, "George W. Bush") != corpus_id(store, "George H.W. Bush")
    committee = corpus_id(store, "Democratic National Committee")
    assert corpus_id(store, "Democratic National Convention") != committee
    assert corpus_id(store, "FBI") == corpus_id(store, "Federal Bureau of Investigation")
    us = {corpus_id(store, n) for n in ("U.S.", "America", "United States")}
    assert len(us) == 1
    assert corpus_id(store, "North Korea") != corpus_id(store, "South Korea")
    assert None not in ids.values()
    page = newsgraph.query.Newsgraph(store).entity("Donald Trump")
    assert page is not None and page["name"] in ("Donald Trump", "Donald J. Trump")
    assert {f["form"] for f in page["forms"]} >= {"Donald Trump", "Donald J. Trump", "Trump"}
    assert all(link["reason"] and 0 < link["confidence"] <= 1 for link in page["links"])
    store.close()


def test_a_bare_surname_of_two_holders_stays_unlinked_with_its_reason(db_url: str) -> None:
    two = [
        article("Bill", "Bill Clinton spoke.", [("Bill Clinton", "PERSON", ["Bill Clinton"])]),
        article("Hillary", "Hillary Clinton spoke.",
                [("Hillary Clinton", "PERSON", ["Hillary Clinton"])]),
        article("Clinton", "Clinton spoke.", [("Clinton", "PERSON", ["Clinton"])]),
        article("Mrs. Clinton", "Mrs. Clinton spoke.",
                [("Clinton", "PERSON", ["Clinton"], ["Mrs."])]),
    ]  # fmt: skip
    store = write(db_url, two)
    rows = by_article(store)
    bare = rows[two[2].id]
    assert bare["corpus_entity"] is None and "several people" in bare["reason"]
    assert rows[two[3].id]["corpus_entity"] == corpus_id(store, "Hillary Clinton")  # by the title
    store.close()


def test_a_bare_surname_with_an_office_joins_the_namesake_known_in_it(db_url: str) -> None:
    three = [
        article("Bill", "Former President Bill Clinton spoke.",
                [("Bill Clinton", "PERSON", ["Bill Clinton"], [], ["former President"])]),
        article("Hillary", "Secretary of State Hillary Clinton spoke.",
                [("Hillary Clinton", "PERSON", ["Hillary Clinton"], [], ["Secretary of State"])]),
        article("Hillary again", "Hillary Clinton spoke.",
                [("Hillary Clinton", "PERSON", ["Hillary Clinton"])]),
        article("President Clinton", "President Clinton spoke.",
                [("Clinton", "PERSON", ["Clinton"], [], ["President"])]),
        article("Vice President Clinton", "Vice President Clinton spoke.",
                [("Clinton", "PERSON", ["Clinton"], [], ["Vice President"])]),
    ]  # fmt: skip
    store = write(db_url, three)
    rows = by_article(store)
    president = rows[three[3].id]
    assert president["corpus_entity"] == corpus_id(store, "Bill Clinton")
    assert "known as president" in president["reason"]
    assert rows[three[4].id]["corpus_entity"] is None  # no Clinton known as vice-president
    store.close()


def test_two_full_names_of_one_article_never_join_one_person(db_url: str) -> None:
    arts = [
        article("W", "George W. Bush spoke.", [("George W. Bush", "PERSON", ["George W. Bush"])]),
        article("Both", "George Bush and George W. Bush spoke.",
                [("George Bush", "PERSON", ["George Bush"]),
                 ("George W. Bush", "PERSON", ["George W. Bush"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    by_name = {n: v for (_a, n), v in links(store).items()}
    assert by_name["George W. Bush"] is not None
    assert by_name["George Bush"] != by_name["George W. Bush"]
    store.close()


def test_a_long_name_joins_the_entity_known_by_the_acronym_it_spells(db_url: str) -> None:
    arts = [
        article("UN", "The U.N. met.", [("U.N.", "ORG", ["U.N."])]),
        article("United Nations", "The United Nations met.",
                [("United Nations", "ORG", ["United Nations"])]),
        article("Ukrainian News", "Ukrainian News said so.",
                [("Ukrainian News", "PERSON", ["Ukrainian News"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    rows = by_article(store)
    un = rows[arts[0].id]["corpus_entity"]
    assert rows[arts[1].id]["corpus_entity"] == un and "initials" in rows[arts[1].id]["reason"]
    assert rows[arts[2].id]["corpus_entity"] != un  # a person is no organisation
    store.close()


def test_a_person_joins_by_the_given_name_the_text_says_they_are_known_by(db_url: str) -> None:
    jeb = article("Jeb", "Jeb Bush spoke. Bush waved.", [("Jeb Bush", "PERSON", ["Jeb Bush"])])
    known = article("Known as Jeb", "John Ellis Bush, known as Jeb, grew up in Texas.",
                    [("John Ellis Bush", "PERSON", ["John Ellis Bush"])])  # fmt: skip
    entity = dataclasses.replace(known.entities[0], aliases=("Jeb",))
    known = dataclasses.replace(known, entities=(entity,))
    george = article("W", "George W. Bush spoke.",
                     [("George W. Bush", "PERSON", ["George W. Bush"])])  # fmt: skip
    store = write(db_url, [jeb, known, george])
    assert corpus_id(store, "John Ellis Bush") == corpus_id(store, "Jeb Bush")
    assert corpus_id(store, "George W. Bush") != corpus_id(store, "Jeb Bush")
    store.close()


def test_a_single_name_joins_the_only_holder_called_by_it_alone(db_url: str) -> None:
    barack = [("Barack Obama", "PERSON", ["Barack Obama", "Obama"])]
    michelle = [("Michelle Obama", "PERSON", ["Michelle Obama"])]
    arts = [
        article("B1", "Barack Obama spoke. Obama left.", barack),
        article("M1", "Michelle Obama spoke.", michelle),
        article("B2", "Barack Obama spoke again. Then Obama left.", barack),
        article("M2", "Michelle Obama spoke again.", michelle),
        article("Obama", "Obama's former strategist spoke.", [("Obama", "PERSON", ["Obama"])]),
        article("Both", "Michelle Obama and Barack Obama came. Obama spoke.",
                [*michelle, *[("Barack Obama", "PERSON", ["Barack Obama"])],
                 ("Obama", "PERSON", ["Obama"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    rows = {(r["article_id"], r["name"]): r for r in store.corpus_links()}
    alone = rows[(arts[4].id, "Obama")]
    assert alone["corpus_entity"] == corpus_id(store, "Barack Obama")
    assert "the only one called 'Obama' alone" in alone["reason"]
    both = rows[(arts[5].id, "Obama")]  # the article names both in full: nothing says which
    assert both["corpus_entity"] is None and "names in full" in both["reason"]
    store.close()


def test_a_bare_name_no_holder_dominates_all_others_of_stays_unlinked(
    db_url: str, second_db_url: str
) -> None:
    # George W. Bush in 6 articles, Jeb and Laura Bush in 2 each: 6 is three times the next
    # holder's but not all the others' together, so an article's lone "Bush" stays unlinked;
    # with Laura named once only, George W. dominates the rest and takes it
    def named(name: str, n: int) -> list[Article]:
        return [article(f"{name} {i}", f"{name} spoke {i}.", [(name, "PERSON", [name])])
                for i in range(n)]  # fmt: skip

    bare = article("Bush", "Bush spoke.", [("Bush", "PERSON", ["Bush"])])
    close = [*named("George W. Bush", 6), *named("Jeb Bush", 2), *named("Laura Bush", 2), bare]
    store = write(db_url, close)
    row = by_article(store)[bare.id]
    assert row["corpus_entity"] is None and "several people" in row["reason"]
    store.close()
    clear = [*named("George W. Bush", 6), *named("Jeb Bush", 1), bare]
    store = write(second_db_url, clear)
    row = by_article(store)[bare.id]
    assert row["corpus_entity"] == corpus_id(store, "George W. Bush")
    assert "dominant holder" in row["reason"]
    store.close()


def test_a_group_the_model_typed_as_a_person_joins_the_group(
    db_url: str, second_db_url: str
) -> None:
    party = article("Labour", "Labour won.", [("Labour", "ORG", ["Labour"])])
    person = article("Labour again", "Labour lost.", [("Labour", "PERSON", ["Labour"])])
    titled = article("Mr Labour", "Mr Labour lost.", [("Labour", "PERSON", ["Labour"], ["Mr"])])
    for db, order in ((db_url, [party, person, titled]), (second_db_url, [person, party, titled])):
        store = write(db, order)
        rows = {r["article_id"]: r["corpus_entity"] for r in store.corpus_links()}
        assert rows[party.id] == rows[person.id] is not None
        assert rows[titled.id] != rows[party.id]  # a title says it is a person
        store.close()


def test_a_word_only_given_names_a_person_by_but_an_organisation_bears_is_it(
    db_url: str,
) -> None:
    glued = ("Equifax Twitter", "PERSON", ["Equifax Twitter"])  # page residue, a "person"
    arts = [
        article("Hack", "Equifax was hacked.", [("Equifax", "ORG", ["Equifax"])]),
        article("Posts", "Equifax Twitter posts.", [glued]),
        article("Again", "Equifax apologised.", [("Equifax", "PERSON", ["Equifax"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    rows = {r["article_id"]: r["corpus_entity"] for r in store.corpus_links()}
    assert rows[arts[2].id] == rows[arts[0].id] != rows[arts[1].id]
    store.close()


def test_an_organisation_joins_without_its_legal_form(db_url: str) -> None:
    assert without_legal_form("Equifax Inc.") == "Equifax"
    assert without_legal_form("The Company") == "The Company"
    arts = [
        article("Hack", "Equifax Inc. was hacked.", [("Equifax Inc.", "ORG", ["Equifax Inc."])]),
        article("Again", "Equifax apologised.", [("Equifax", "ORG", ["Equifax"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    assert corpus_id(store, "Equifax Inc.") == corpus_id(store, "Equifax")
    store.close()


def test_ids_do_not_depend_on_batches_and_relink_keeps_them(
    db_url: str, second_db_url: str
) -> None:
    once = write(db_url, CORPUS)
    daily = write(second_db_url, CORPUS, batch=3)
    assert links(once) == links(daily)
    before = links(once)
    report = relink(once)
    assert links(once) == before
    assert report.changed_links == 0 and not report.merged and not report.split
    once.close()
    daily.close()


def test_writers_linking_at_once_on_postgresql_link_as_one_writer_would(
    postgres_url: str,
) -> None:
    """Four writers, each its own copies of the corpus in batches of two, all at once: the
    corpus lock makes them link one batch after another, so no entity is founded twice and
    relinking the store in article order changes nothing."""
    copies = [
        [
            dataclasses.replace(a, id=content_id(f"{w}/{i}", a.text, length=64))
            for i, a in enumerate(CORPUS)
        ]
        for w in range(4)
    ]
    open_store(postgres_url).close()  # migrated before the writers start
    start = threading.Barrier(len(copies))
    failures: list[BaseException] = []

    def writer(w: int) -> None:
        try:
            with open_store(postgres_url) as store:
                outcomes = [Outcome(f"{w}/{i}.txt", article=a) for i, a in enumerate(copies[w])]
                start.wait()
                for i in range(0, len(outcomes), 2):
                    store.write(outcomes[i : i + 2], CORPUS_HOOKS)
        except BaseException as err:  # reported below, in the test's thread
            failures.append(err)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(len(copies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    with open_store(postgres_url) as store:
        before = links(store)
        assert len(store.corpus_links()) == 4 * sum(len(a.entities) for a in CORPUS)
        people = store.rows("SELECT count(*) AS n FROM corpus_entities WHERE name LIKE 'Kim%'")
        assert people[0]["n"] == 1
        report = relink(store)
        assert report.changed_links == 0 and report.new == 0 and report.gone == 0
        assert links(store) == before


def _tables(store: Store) -> dict[str, list[Any]]:
    out = {}
    for table in ("corpus_entities", "corpus_keys", "corpus_names", "corpus_links",
                  "corpus_overrides", "corpus_cooccur"):  # fmt: skip
        out[table] = sorted(tuple(r.values()) for r in store.rows(f"SELECT * FROM {table}"))
    return out


def test_bad_overrides_change_nothing(db_url: str) -> None:
    store = write(db_url, CORPUS)
    before = _tables(store)
    trump, ohio = corpus_id(store, "Donald Trump"), corpus_id(store, "Ohio")
    for bad in (
        lambda: overrides.merge(store, [trump, "ffffffffffff"]),  # unknown id
        lambda: overrides.merge(store, [trump, ohio]),  # different types
        lambda: overrides.merge(store, [trump, trump]),  # one entity
        lambda: overrides.split(store, ohio, form="Ohio"),  # takes the last mention
        lambda: overrides.split(store, trump, mentions=["nothing/here"]),
        lambda: overrides.split(store, trump),
        lambda: overrides.rename(store, trump, "   "),
        lambda: overrides.rename(store, "0000000000", "Name"),
    ):
        with pytest.raises(ConfigError):
            bad()
    assert _tables(store) == before
    store.close()


def test_overrides_apply_and_survive_relink_and_new_articles(db_url: str) -> None:
    store = write(db_url, CORPUS)
    trump = corpus_id(store, "Donald Trump")
    son = corpus_id(store, "Donald Trump Jr.")
    merged = overrides.merge(store, [trump, son])
    assert merged["id"] == trump and corpus_id(store, "Donald Trump Jr.") == trump
    anchor = next(f"{r['article_id']}/{r['entity']}" for r in store.corpus_links(trump)
                  if r["name"] == "Donald Trump Jr.")  # fmt: skip
    split = overrides.split(store, trump, mentions=[anchor])
    assert corpus_id(store, "Donald Trump Jr.") == split["id"] != trump
    overrides.rename(store, trump, "Donald John Trump")
    state = links(store)
    relink(store)
    assert links(store) == state
    assert store.corpus_entity(trump)["name"] == "Donald John Trump"  # type: ignore[index]
    later = article("More Trump", "Donald Trump spoke again.",
                    [("Donald Trump", "PERSON", ["Donald Trump"])])  # fmt: skip
    store.write([Outcome("later.txt", article=later)], CORPUS_HOOKS)
    assert links(store)[(later.id, "Donald Trump")] == trump
    assert store.corpus_entity(trump)["name"] == "Donald John Trump"  # type: ignore[index]
    assert [o["action"] for o in store.corpus_overrides()] == ["merge", "split", "rename"]
    store.close()


def test_export_carries_corpus_entities(db_url: str, tmp_path: Path) -> None:
    write(db_url, CORPUS).close()
    with newsgraph.open(db_url) as ng:
        mentions = list(ng.rows("mentions"))
        assert mentions and all(r["corpus_entity"] for r in mentions)
        entities = {r["id"]: r for r in ng.rows("corpus_entities")}
        assert {r["corpus_entity"] for r in mentions} <= set(entities)
        assert ng.export("csv", tmp_path / "ce.csv", table="corpus_entities") == len(entities)
        row = next(csv.DictReader(io.StringIO((tmp_path / "ce.csv").read_text("utf-8"))))
        assert {"id", "name", "type", "articles", "names"} <= set(row)
        pq = pytest.importorskip("pyarrow.parquet")
        ng.export("parquet", tmp_path / "m.parquet", table="mentions")
        assert "corpus_entity" in pq.read_table(tmp_path / "m.parquet").column_names


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_entity_commands(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = write(db_url, CORPUS)
    trump, ohio = corpus_id(store, "Donald Trump"), corpus_id(store, "Ohio")
    son = corpus_id(store, "Donald Trump Jr.")
    store.close()
    d = ["--db", db_url]
    code, out, _ = _run(capsys, "entity", "Kim Jong Un", *d, "--format", "json")
    assert code == 0 and json.loads(out)["name"] in ("Kim Jong-un", "Kim Jong Un")
    assert _run(capsys, "entity", "merge", trump, ohio, *d)[0] == 2
    assert _run(capsys, "entity", "merge", trump, "ffffff", *d)[0] == 2
    assert _run(capsys, "entity", "split", son, "--form", "Donald Trump Jr.", *d)[0] == 2
    code, out, _ = _run(capsys, "entity", "merge", trump, son, *d, "--format", "json")
    assert code == 0 and json.loads(out)["id"] == trump
    code, out, _ = _run(capsys, "entity", "split", trump, "--form", "Donald Trump Jr.", *d)
    assert code == 0
    assert _run(capsys, "entity", "rename", trump, "The", "Donald", *d)[0] == 0
    code, out, _ = _run(capsys, "relink", *d)
    assert code == 0 and json.loads(out)["changed_links"] == 0
    code, out, _ = _run(capsys, "entity", trump, *d, "--format", "json")
    assert json.loads(out)["name"] == "The Donald"


def test_a_single_name_the_article_kept_apart_never_joins_its_full_named_person(
    db_url: str,
) -> None:
    # the extractor joins a full-named person every lone use its evidence fits: "President
    # Obama" left apart from "first lady Michelle Obama" is someone else
    arts = [
        article("Michelle", "First lady Michelle Obama spoke.",
                [("Michelle Obama", "PERSON", ["Michelle Obama"])]),
        article("Meeting", "President Obama met Donald Trump. First lady Michelle Obama smiled.",
                [("Obama", "PERSON", ["Obama"], [], ["President"]),
                 ("Michelle Obama", "PERSON", ["Michelle Obama"])]),
        article("Barack", "President Barack Obama spoke.",
                [("Barack Obama", "PERSON", ["Barack Obama"], [], ["President"])]),
        article("Meeting again", "President Obama met Donald Trump. Michelle Obama smiled.",
                [("Obama", "PERSON", ["Obama"], [], ["President"]),
                 ("Michelle Obama", "PERSON", ["Michelle Obama"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    rows = {(r["article_id"], r["name"]): r for r in store.corpus_links()}
    first = rows[(arts[1].id, "Obama")]  # no other Obama known yet: a person of its own …
    assert first["corpus_entity"] != corpus_id(store, "Michelle Obama")
    assert "not the person this article names in full" in first["reason"]
    barack = corpus_id(store, "Barack Obama")  # … whom the first "Barack Obama" adopts
    assert first["corpus_entity"] == barack
    assert rows[(arts[3].id, "Obama")]["corpus_entity"] == barack
    store.close()


def test_a_role_of_a_relative_gives_the_person_no_office() -> None:
    assert roles_of([], ["daughter of former President Bill Clinton"]) == ()
    assert roles_of([], ["former Secretary of State"]) == ("secretary",)
    assert roles_of(["Sen."], ["Vice President"]) == ("senator", "vice-president")


def test_a_single_name_beside_two_namesakes_is_told_apart_by_the_article(db_url: str) -> None:
    # both Clintons have been called president somewhere, so the corpus's offices do not
    # tell them apart; the article's own ("former President Bill Clinton") does, and where
    # it gives none, the gender its pronouns give the single name
    def clinton(roles: Sequence[str] = ()) -> tuple[Any, ...]:
        return ("Clinton", "PERSON", ["Clinton"], [], roles)

    arts = [
        article("Bill", "President Bill Clinton spoke.",
                [("Bill Clinton", "PERSON", ["Bill Clinton"], [], ["President"])]),
        article("Hillary", "President Hillary Clinton, the ad imagined, spoke.",
                [("Hillary Clinton", "PERSON", ["Hillary Clinton"], [], ["President"])]),
        article("Both", "Former President Bill Clinton and Hillary Clinton came. "
                        "President Clinton spoke.",
                [("Bill Clinton", "PERSON", ["Bill Clinton"], [], ["Former President"]),
                 ("Hillary Clinton", "PERSON", ["Hillary Clinton"]),
                 clinton(["President"])]),
        article("Both again", "Bill Clinton and Hillary Clinton came. Clinton said she won.",
                [("Bill Clinton", "PERSON", ["Bill Clinton"]),
                 ("Hillary Clinton", "PERSON", ["Hillary Clinton"]), clinton()]),
        article("Both once more", "Bill Clinton and Hillary Clinton came. Clinton spoke.",
                [("Bill Clinton", "PERSON", ["Bill Clinton"]),
                 ("Hillary Clinton", "PERSON", ["Hillary Clinton"]), clinton()]),
    ]  # fmt: skip
    arts[3] = with_gender(arts[3], "Clinton", "female")
    store = write(db_url, arts)
    rows = {(r["article_id"], r["name"]): r for r in store.corpus_links()}
    bill, hillary = corpus_id(store, "Bill Clinton"), corpus_id(store, "Hillary Clinton")
    president = rows[(arts[2].id, "Clinton")]
    assert president["corpus_entity"] == bill, president
    assert "names in full as president" in president["reason"]
    she = rows[(arts[3].id, "Clinton")]
    assert she["corpus_entity"] == hillary and "pronouns" in she["reason"], she
    assert rows[(arts[4].id, "Clinton")]["corpus_entity"] is None  # nothing tells
    store.close()


def test_a_single_name_given_the_offices_of_two_namesakes_stays_unlinked(db_url: str) -> None:
    # the extractor kept "Secretary Clinton" and "President Clinton" apart from both full
    # names, as one entity "Clinton": the corpus knows each office of a different Clinton,
    # so it is both of them, and its pronouns ("she") must not pick one
    arts = [
        article("Bill", "President Bill Clinton spoke.",
                [("Bill Clinton", "PERSON", ["Bill Clinton"], [], ["President"])]),
        article("Hillary", "Secretary of State Hillary Clinton spoke.",
                [("Hillary Clinton", "PERSON", ["Hillary Clinton"], [], ["Secretary"])]),
        article("Both", "Bill Clinton and Hillary Clinton came. Secretary Clinton wants "
                        "President Clinton to help, she said.",
                [("Bill Clinton", "PERSON", ["Bill Clinton"]),
                 ("Hillary Clinton", "PERSON", ["Hillary Clinton"]),
                 ("Clinton", "PERSON", ["Clinton"], [], ["Secretary", "President"])]),
    ]  # fmt: skip
    arts[2] = with_gender(arts[2], "Clinton", "female")
    store = write(db_url, arts)
    row = {(r["article_id"], r["name"]): r for r in store.corpus_links()}[(arts[2].id, "Clinton")]
    assert row["corpus_entity"] is None and "offices" in row["reason"], row
    store.close()


def test_a_party_joins_the_name_news_style_gives_it_in_any_order(
    db_url: str, second_db_url: str
) -> None:
    arts = [
        article("GOP", "The GOP met.", [("GOP", "ORG", ["GOP"])]),
        article("Party", "The Republican Party met.",
                [("Republican Party", "ORG", ["Republican Party"])]),
        article("G.O.P.", "The G.O.P. met.", [("G.O.P.", "ORG", ["G.O.P."])]),
        article("Tories", "The Tories met.", [("Tories", "NORP", ["Tories"])]),
        article("Conservatives", "The Conservative Party met.",
                [("Conservative Party", "ORG", ["Conservative Party"])]),
        article("Democrats", "The Democratic Party met.",
                [("Democratic Party", "ORG", ["Democratic Party"])]),
    ]  # fmt: skip
    for db, order in ((db_url, arts), (second_db_url, arts[::-1])):
        store = write(db, order)
        gop = corpus_id(store, "GOP")
        assert gop == corpus_id(store, "Republican Party") == corpus_id(store, "G.O.P.")
        assert corpus_id(store, "Tories") == corpus_id(store, "Conservative Party")
        assert corpus_id(store, "Democratic Party") not in (gop, corpus_id(store, "Tories"))
        assert store.corpus_entity(gop)["name"] == "Republican Party"  # type: ignore[index]
        store.close()


def test_a_name_run_into_the_words_before_it_joins_the_full_name_it_ends(db_url: str) -> None:
    arts = [
        article("Hillary", "Hillary Clinton spoke.",
                [("Hillary Clinton", "PERSON", ["Hillary Clinton"])]),
        article("Paul", "Paul Jones spoke.", [("Paul Jones", "PERSON", ["Paul Jones"])]),
        article("Rival", "Rival Hillary Clinton spoke. Hillary Clinton left.",
                [("Rival Hillary Clinton", "PERSON", ["Rival Hillary Clinton"]),
                 ("Hillary Clinton", "PERSON", ["Hillary Clinton"])]),
        article("Pro", "The pro-Hillary Clinton crowd cheered.",
                [("pro-Hillary Clinton", "PERSON", ["pro-Hillary Clinton"])]),
        article("John Paul Jones", "John Paul Jones sailed.",
                [("John Paul Jones", "PERSON", ["John Paul Jones"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    rows = {(r["article_id"], r["name"]): r for r in store.corpus_links()}
    hillary = corpus_id(store, "Hillary Clinton")
    rival = rows[(arts[2].id, "Rival Hillary Clinton")]
    assert rival["corpus_entity"] == hillary and "ends" in rival["reason"]
    assert rows[(arts[2].id, "Hillary Clinton")]["corpus_entity"] == hillary  # still one
    assert rows[(arts[3].id, "pro-Hillary Clinton")]["corpus_entity"] == hillary
    assert corpus_id(store, "John Paul Jones") != corpus_id(store, "Paul Jones")  # a given name
    keys = {r["key"] for r in store.corpus_keys([hillary], "full")}
    assert keys == {"hillary||clinton|"}  # the junk words found no key
    store.close()


def test_a_single_name_of_the_other_gender_joins_the_namesake_of_that_gender(
    db_url: str,
) -> None:
    # "Clinton said as he introduced his wife" beside "Hillary Clinton" alone: Bill Clinton,
    # known to the corpus; with no namesake of its gender known, the single name the article
    # kept apart from the person it names in full joins no one (a wrong merge is worse)
    arts = [
        article("Bill", "Bill Clinton spoke.", [("Bill Clinton", "PERSON", ["Bill Clinton"])]),
        article("Hillary", "Hillary Clinton spoke.",
                [("Hillary Clinton", "PERSON", ["Hillary Clinton"])]),
        article("Axelrod", "David Axelrod spoke.",
                [("David Axelrod", "PERSON", ["David Axelrod"])]),
        with_gender(article("Hudson", "Hillary Clinton came. Clinton said as he introduced her.",
                            [("Hillary Clinton", "PERSON", ["Hillary Clinton"]),
                             ("Clinton", "PERSON", ["Clinton"])]), "Clinton", "male"),
        with_gender(article("Her", "David Axelrod came. Axelrod said her plan was good.",
                            [("David Axelrod", "PERSON", ["David Axelrod"]),
                             ("Axelrod", "PERSON", ["Axelrod"])]), "Axelrod", "female"),
    ]  # fmt: skip
    store = write(db_url, arts)
    rows = {(r["article_id"], r["name"]): r for r in store.corpus_links()}
    he = rows[(arts[3].id, "Clinton")]
    assert he["corpus_entity"] == corpus_id(store, "Bill Clinton") and "pronouns" in he["reason"]
    her = rows[(arts[4].id, "Axelrod")]
    assert her["corpus_entity"] is None and "no namesake of that gender" in her["reason"]
    store.close()


def test_a_single_name_given_an_office_is_told_apart_before_its_pronouns(db_url: str) -> None:
    # "Secretary Clinton" in a quotation beside "Bill Clinton", a "he" after it misread:
    # the office the corpus knows her in decides, not the pronoun
    arts = [
        article("Hillary", "Secretary of State Hillary Clinton spoke.",
                [("Hillary Clinton", "PERSON", ["Hillary Clinton"], [], ["Secretary of State"])]),
        article("Email", "Bill Clinton hired him. Secretary Clinton has cooperated, he said.",
                [("Bill Clinton", "PERSON", ["Bill Clinton"]),
                 ("Clinton", "PERSON", ["Clinton"], [], ["Secretary"])]),
    ]  # fmt: skip
    arts[1] = with_gender(arts[1], "Clinton", "male")
    store = write(db_url, arts)
    rows = {(r["article_id"], r["name"]): r for r in store.corpus_links()}
    secretary = rows[(arts[1].id, "Clinton")]
    assert secretary["corpus_entity"] == corpus_id(store, "Hillary Clinton")
    assert "known as secretary" in secretary["reason"]
    store.close()


def test_a_person_the_model_typed_with_a_country_name_links_as_the_country(db_url: str) -> None:
    # "World leaders denounce N. Korea test": the model's "person"; "Jordan" stays a person
    arts = [
        article("Test", "North Korea fired a missile.", [("North Korea", "GPE", ["North Korea"])]),
        article("Leaders", "World leaders denounce N. Korea test.",
                [("N. Korea", "PERSON", ["N. Korea"])]),
        article("Jordan", "Michael Jordan spoke. Jordan smiled.",
                [("Michael Jordan", "PERSON", ["Michael Jordan", "Jordan"])]),
        article("Amman", "Jordan closed its border.", [("Jordan", "GPE", ["Jordan"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    rows = by_article(store)
    assert rows[arts[1].id]["corpus_entity"] == rows[arts[0].id]["corpus_entity"]
    assert "ISO 3166" in rows[arts[1].id]["reason"]
    assert rows[arts[2].id]["corpus_entity"] != rows[arts[3].id]["corpus_entity"]
    store.close()


def test_a_full_name_without_middle_initials_of_two_people_stays_unlinked(
    db_url: str, second_db_url: str
) -> None:
    # "George Bush" can be George W. or George H.W. Bush: no link without the initials
    arts = [
        article("43", "President George W. Bush spoke.",
                [("George W. Bush", "PERSON", ["George W. Bush"])]),
        article("41", "George H.W. Bush spoke.",
                [("George H.W. Bush", "PERSON", ["George H.W. Bush"])]),
        article("Either", "George Bush spoke.", [("George Bush", "PERSON", ["George Bush"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    either = by_article(store)[arts[2].id]
    assert either["corpus_entity"] is None and "middle initials" in either["reason"]
    store.close()
    # "George W. Bush" joins the person known by that very name, not one an article wrote
    # apart from him ("George Bush and George W. Bush"), whom "George Bush" joins
    arts = [
        article("Both", "George Bush and George W. Bush spoke.",
                [("George Bush", "PERSON", ["George Bush"]),
                 ("George W. Bush", "PERSON", ["George W. Bush"])]),
        article("43", "George W. Bush spoke.", [("George W. Bush", "PERSON", ["George W. Bush"])]),
        article("41", "George Bush spoke.", [("George Bush", "PERSON", ["George Bush"])]),
    ]  # fmt: skip
    store = write(second_db_url, arts)
    rows = {(r["article_id"], r["name"]): r for r in store.corpus_links()}
    w, bare = rows[(arts[1].id, "George W. Bush")], rows[(arts[2].id, "George Bush")]
    assert w["corpus_entity"] == rows[(arts[0].id, "George W. Bush")]["corpus_entity"]
    assert bare["corpus_entity"] == rows[(arts[0].id, "George Bush")]["corpus_entity"]
    assert "the others only agree" in w["reason"] and "the others only agree" in bare["reason"]
    store.close()
