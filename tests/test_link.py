"""The corpus layer without the model: name keys, linking decisions, stable ids, overrides,
relink and export, over articles built by hand and a real store (every test that takes
`db_url` runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import threading
from pathlib import Path
from typing import Any

import pytest

import newsgraph
from newsgraph.cli import main
from newsgraph.errors import ConfigError
from newsgraph.link import CORPUS_HOOKS, overrides
from newsgraph.link.names import countries_named_in, country
from newsgraph.link.relink import relink
from newsgraph.model import Article, content_id
from newsgraph.store import Outcome, Store, open_store
from newsgraph.text.org_names import without_legal_form
from newsgraph.text.person_names import fold, person_name, same_person
from tests.linked_articles import CORPUS, article, by_article, corpus_id, links, write


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
    assert countries_named_in("Korea") == {"KP", "KR"} and not countries_named_in("Guinea")
    assert not any(map(countries_named_in, ("South", "Republic", "New", "United States")))
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
