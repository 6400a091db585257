"""The corpus layer without the model: where a name given alone (a surname, a single name)
links when several holders share it, and when it stays unlinked with its reason (each test
runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsgraph.link.evidence import roles_of
from tests.linked_articles import article, by_article, corpus_id, with_gender, write


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


def test_a_part_of_two_countries_names_is_the_one_its_article_names(db_url: str) -> None:
    # "Korea" in an article on the North (a name cut short, or inside "Democratic People's
    # Republic of Korea") and in one on Seoul's markets: never one entity through the word
    arts = [
        article("Markets", "Exports went to Korea and Thailand.", [("Korea", "GPE", ["Korea"])]),
        article("Test", "Korea fired a missile, North Korea said.",
                [("Korea", "GPE", ["Korea"]), ("North Korea", "GPE", ["North Korea"])]),
        article("Talks", "South Korea spoke. Korea will talk.",
                [("South Korea", "GPE", ["South Korea"]), ("Korea", "GPE", ["Korea"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    rows = {(r["article_id"], r["name"]): r for r in store.corpus_links()}
    north = rows[(arts[1].id, "North Korea")]["corpus_entity"]
    south = rows[(arts[2].id, "South Korea")]["corpus_entity"]
    assert rows[(arts[1].id, "Korea")]["corpus_entity"] == north
    assert rows[(arts[2].id, "Korea")]["corpus_entity"] == south
    assert rows[(arts[0].id, "Korea")]["corpus_entity"] not in (north, south)
    store.close()


def test_a_person_the_model_typed_with_a_party_name_links_as_the_party(db_url: str) -> None:
    arts = [
        article("Party", "The Liberal Democrats met.",
                [("Liberal Democrats", "NORP", ["Liberal Democrats"])]),
        article("Plans", "The Lib Dems say they would fund it.",
                [("Lib Dems", "PERSON", ["Lib Dems"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    assert corpus_id(store, "Lib Dems") == corpus_id(store, "Liberal Democrats")
    store.close()


def test_the_central_bank_by_its_second_reference_name_but_not_us_conservatives(
    db_url: str,
) -> None:
    arts = [
        article("Rates", "The Federal Reserve raised rates.",
                [("Federal Reserve", "ORG", ["Federal Reserve"])]),
        article("Fed", "The Fed held rates.", [("Fed", "ORG", ["Fed"])]),
        article("Tories", "The Tories met.", [("Tories", "NORP", ["Tories"])]),
        article("Conservatives", "Conservatives cheered the vote.",
                [("Conservatives", "NORP", ["Conservatives"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    assert corpus_id(store, "Fed") == corpus_id(store, "Federal Reserve")
    assert corpus_id(store, "Conservatives") != corpus_id(store, "Tories")
    store.close()


def test_a_place_the_model_typed_as_a_person_in_one_article_is_the_place(
    db_url: str, second_db_url: str
) -> None:
    # "Glasgow" a "person" in one article, a place in the others, in either order; a
    # "person" with a title, or named by a word the census lists as a first name ("Jordan"),
    # stays a person
    arts = [
        article("Visit", "He visits Glasgow on Monday.", [("Glasgow", "GPE", ["Glasgow"])]),
        article("Tour", "Glasgow, Leeds and Leicester.", [("Glasgow", "PERSON", ["Glasgow"])]),
        article("Again", "Rain fell on Glasgow.", [("Glasgow", "GPE", ["Glasgow"])]),
        article("Mr", "Mr Leeds spoke.", [("Leeds", "PERSON", ["Leeds"], ["Mr"])]),
        article("City", "Leeds voted.", [("Leeds", "GPE", ["Leeds"])]),
        article("Game", "Jordan scored twice.", [("Jordan", "PERSON", ["Jordan"])]),
        article("Border", "Jordan closed its border.", [("Jordan", "GPE", ["Jordan"])]),
    ]  # fmt: skip
    for db, order in ((db_url, arts), (second_db_url, arts[::-1])):
        store = write(db, order)
        rows = {(r["article_id"], r["name"], r["type"]): r for r in store.corpus_links()}
        place = rows[(arts[0].id, "Glasgow", "GPE")]["corpus_entity"]
        assert rows[(arts[1].id, "Glasgow", "PERSON")]["corpus_entity"] == place
        assert rows[(arts[2].id, "Glasgow", "GPE")]["corpus_entity"] == place
        leeds = rows[(arts[4].id, "Leeds", "GPE")]["corpus_entity"]
        assert rows[(arts[3].id, "Leeds", "PERSON")]["corpus_entity"] != leeds
        jordan = rows[(arts[6].id, "Jordan", "GPE")]["corpus_entity"]
        assert rows[(arts[5].id, "Jordan", "PERSON")]["corpus_entity"] != jordan
        store.close()


def test_an_organisation_named_as_a_country_or_typed_as_a_work_is_what_its_name_says(
    db_url: str,
) -> None:
    # the model's ORG "DPRK" is North Korea (a country's name, not an ISO code: "FRA" an
    # organisation stays one); "Transport for London" a work of art is the organisation
    arts = [
        article("Test", "North Korea fired a missile.", [("North Korea", "GPE", ["North Korea"])]),
        article("Agency", "The DPRK said so.", [("DPRK", "ORG", ["DPRK"])]),
        article("France", "France voted.", [("France", "GPE", ["France"])]),
        article("FRA", "The FRA met.", [("FRA", "ORG", ["FRA"])]),
        article("Trams", "Transport for London said so.",
                [("Transport for London", "ORG", ["Transport for London"])]),
        article("Statement", "A Transport for London spokesman spoke.",
                [("Transport for London", "WORK_OF_ART", ["Transport for London"])]),
    ]  # fmt: skip
    store = write(db_url, arts)
    rows = by_article(store)
    assert rows[arts[1].id]["corpus_entity"] == rows[arts[0].id]["corpus_entity"]
    assert rows[arts[3].id]["corpus_entity"] != rows[arts[2].id]["corpus_entity"]
    assert rows[arts[5].id]["corpus_entity"] == rows[arts[4].id]["corpus_entity"]
    store.close()
