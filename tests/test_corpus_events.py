"""Corpus events without the model, over hand-built articles and a real store (every test
that takes `db_url` runs on SQLite and on PostgreSQL): one corpus event per real event
whatever the number of reports, different meetings of the same people apart, places and
outlets never participants, ids from the founding report, the same in any batch size and
after relink, export, and the entity page listing each event once."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

import pytest

import newsgraph
from newsgraph.link import CORPUS_HOOKS
from newsgraph.link.events import stem
from newsgraph.link.relink import relink
from newsgraph.link.reports import report_window, window
from newsgraph.model import Article, TimeRef, content_id
from newsgraph.store import Outcome, Store
from tests.built_articles import build_article
from tests.linked_articles import write


def meeting(
    n: int, published: str, time: str | None,
    names: Sequence[str] = ("Donald Trump", "Barack Obama"), publisher: str = "Example News",
) -> Article:  # fmt: skip
    """An article reporting a meeting of `names` (the text's resolved time, or none)."""
    who = " and ".join(names)
    return build_article(
        f"{who} meet ({n})", f"{who} met on Tuesday.", [f"Report number {n}."],
        {name: ("PERSON", [name]) for name in names},
        events=[("meet", "met", list(names), None, time)],
        published=published, publisher=publisher,
    )  # fmt: skip


def corpus_event_of(store: Store, article: Article) -> str:
    rows = store.rows(
        "SELECT l.corpus_event FROM corpus_event_links l JOIN articles a ON a.n = l.article "
        "WHERE a.id = ?",
        (article.id,),
    )
    return str(rows[0]["corpus_event"])


def tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {
        t: sorted(tuple(r.values()) for r in store.rows(f"SELECT * FROM {t}"))
        for t in (
            "corpus_events",
            "corpus_event_entities",
            "corpus_event_roles",
            "corpus_event_redirects",
        )
    } | {
        "links": sorted(
            tuple(r.values())
            for r in store.rows(
                "SELECT a.id, l.event, l.corpus_event, l.participants, l.place "
                "FROM corpus_event_links l JOIN articles a ON a.n = l.article"
            )
        )
    }


# The 2016-11-08 ("Tuesday") meeting reported on three days, once with no time at all; a
# second meeting of the same two men a month later; Trump meeting someone else that Tuesday.
TUESDAY = [
    meeting(1, "2016-11-09", "2016-11-08"),
    meeting(2, "2016-11-10", "2016-11-08"),
    meeting(3, "2016-11-11", "2016-11-08"),
    meeting(4, "2016-11-09", None),
]
LATER = meeting(5, "2016-12-20", "2016-12-19")
ABE = meeting(6, "2016-11-09", "2016-11-08", ("Donald Trump", "Shinzo Abe"))


def test_time_windows() -> None:
    day = dt.date.fromisoformat
    assert window("2016-11") == (day("2016-11-01"), day("2016-11-30"))
    assert window("2016-W45") == (day("2016-11-07"), day("2016-11-13"))
    assert window("2016-Q4") == (day("2016-10-01"), day("2016-12-31"))
    assert window("PAST_REF") is None and window("P3M") is None
    told = TimeRef("2016-11-08TMO", "Tuesday morning", 0, 7)
    assert report_window(told, "happened", "2016-11-09") == (
        "2016-11-07", "2016-11-09", "2016-11-08"  # a day, one either side
    )
    published = TimeRef("2016-11-09", "", 0, 0, source="published")
    week = report_window(published, "happened", "2016-11-09")
    assert week == ("2016-10-26", "2016-11-09", None)
    ahead = report_window(published, "planned", "2016-11-09")
    assert ahead == ("2016-11-09", "2016-11-23", None)
    assert report_window(None, "happened", None) == (None, None, None)


def test_one_corpus_event_per_real_meeting(db_url: str) -> None:
    with write(db_url, [*TUESDAY, LATER, ABE]) as store:
        ids = {a.id: corpus_event_of(store, a) for a in [*TUESDAY, LATER, ABE]}
        assert len({ids[a.id] for a in TUESDAY}) == 1  # four reports, one meeting
        tuesday = ids[TUESDAY[0].id]
        assert tuesday == content_id("event", TUESDAY[0].id, "v0")  # the founding report's hash
        assert ids[LATER.id] != tuesday and ids[ABE.id] != tuesday  # other meetings stay apart
        (row,) = store.corpus_event_rows([tuesday])
        assert (row["time"], row["sources"], row["reports"]) == ("2016-11-08", 4, 4)
        assert {p["name"] for p in row["participants"]} == {"Donald Trump", "Barack Obama"}
        assert [a["id"] for a in row["articles"]] == [a.id for a in TUESDAY]
        # the entity page and `events --who` list the meeting once, with its sources
        with newsgraph.Newsgraph(store) as ng:
            page = ng.entity("Barack Obama")
            assert page is not None
            assert [(e["time"], e["sources"]) for e in page["events"]] == [
                ("2016-11-08", 4), ("2016-12-19", 1)
            ]
            met = ng.events(type="meet", who="Donald Trump")
            assert sorted((e["time"], e["sources"]) for e in met) == [
                ("2016-11-08", 1), ("2016-11-08", 4), ("2016-12-19", 1)
            ]
            (story,) = [e for e in ng.corpus_events_of([TUESDAY[1].id, ABE.id])
                        if e["sources"] == 4]  # fmt: skip
            assert story["corpus_event"] == tuesday


def test_places_buildings_and_outlets_are_no_participants(db_url: str) -> None:
    text = {
        "Donald Trump": ("PERSON", ["Donald Trump"]),
        "Barack Obama": ("PERSON", ["Barack Obama"]),
        "White House": ("ORG", ["White House"]),
        "Oval Office": ("FAC", ["Oval Office"]),
        "New York Times": ("ORG", ["New York Times"]),
    }
    article = build_article(
        "Trump meets Obama", "Donald Trump met Barack Obama at the White House.",
        ["They talked in the Oval Office, the New York Times reported."], text,
        events=[("meet", "met", ["Donald Trump", "Barack Obama", "White House", "Oval Office",
                                  "New York Times"], None, "2016-11-10")],
        published="2016-11-10", publisher="nytimes.com",
    )  # fmt: skip
    with write(db_url, [article]) as store:
        (row,) = store.corpus_event_rows([corpus_event_of(store, article)])
        assert {p["name"] for p in row["participants"]} == {"Donald Trump", "Barack Obama"}
        roles = {r["entity"]: r for r in store.rows("SELECT * FROM corpus_event_roles")}
        names = {r["id"]: r["name"] for r in store.rows("SELECT id, name FROM corpus_entities")}
        by_name = {names[e]: r for e, r in roles.items()}
        assert by_name["New York Times"]["outlet"] == 1  # the publisher (nytimes.com)
        assert by_name["White House"]["place"] == 1  # "at the White House"


def test_ids_do_not_depend_on_batches_and_relink_rebuilds_them(
    db_url: str, second_db_url: str
) -> None:
    corpus = [*TUESDAY, LATER, ABE]
    with write(db_url, corpus) as once, write(second_db_url, corpus, batch=1) as daily:
        assert tables(once) == tables(daily)
        before = tables(once)
        report = relink(once)
        assert tables(once) == before
        assert report.corpus_events == len(before["corpus_events"])
        assert report.changed_event_links == 0


def test_export_and_hand_merges_keep_events_consistent(db_url: str) -> None:
    split_obama = meeting(7, "2016-11-09", "2016-11-08", ("Donald Trump", "Barry Obama"))
    with write(db_url, [*TUESDAY, split_obama]) as store, newsgraph.Newsgraph(store) as ng:
        apart = corpus_event_of(store, split_obama)
        assert apart != corpus_event_of(store, TUESDAY[0])
        out = io.StringIO()
        rows = list(store.table("corpus_events"))
        assert {r["id"] for r in rows} == {apart, corpus_event_of(store, TUESDAY[0])}
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writerows(rows)
        events = list(store.table("events"))
        assert all(e["corpus_event"] for e in events)
        obama = ng.entity_ids("Barack Obama")
        other = [e for e in ng.entity_ids("Barry Obama") if e not in obama]
        ng.merge([*obama, *other])
        (row,) = store.corpus_event_rows([apart])
        assert {p["id"] for p in row["participants"]} >= set(obama)  # now names the merged one
        ng.relink()  # merged by hand, the reports are one meeting from now on
        assert corpus_event_of(store, split_obama) == corpus_event_of(store, TUESDAY[0])


@pytest.mark.parametrize("status", ["denied", "hypothetical"])
def test_unreal_events_do_not_join_real_ones(db_url: str, status: str) -> None:
    import dataclasses

    real = TUESDAY[0]
    unreal = meeting(8, "2016-11-09", "2016-11-08")
    unreal = dataclasses.replace(
        unreal, events=(dataclasses.replace(unreal.events[0], status=status),)
    )
    with write(db_url, [real, unreal]) as store:
        assert corpus_event_of(store, real) != corpus_event_of(store, unreal)


def test_a_place_identifies_an_attack_not_a_trip_and_the_attack_refers_back(db_url: str) -> None:
    """Two reports at one place with no one named are one attack, not one trip: a landing in
    the Pacific joins another only in articles about the same subject (the model's features
    are then the judge), and here the probe's article is about nothing the missile's is."""
    places = {"Nice": ("GPE", ["Nice"]), "Pacific": ("LOC", ["Pacific"])}
    first = build_article(
        "Truck attack in Nice", "Witnesses fled the attack on the promenade.",
        ["A missile landed in the Pacific."], places,
        events=[("attack", "attack", [], "Nice", None), ("attack", "attack", [], None, None),
                ("travel", "landed", [], "Pacific", None)],
        published="2016-07-15",
    )  # fmt: skip
    second = build_article(
        "Nice mourns", "The attack in Nice shocked France.", ["Flags flew at half mast."],
        {"Nice": places["Nice"]}, events=[("attack", "attack", [], "Nice", None)],
        published="2016-07-16",
    )  # fmt: skip
    probe = build_article(
        "Probe back", "A probe landed in the Pacific.", ["Scientists cheered."],
        {"Pacific": ("LOC", ["Pacific"])},
        events=[("travel", "landed", [], "Pacific", None)], published="2016-07-16",
    )  # fmt: skip
    with write(db_url, [first, second, probe]) as store:
        links = {
            (r["id"], r["event"]): r["corpus_event"]
            for r in store.rows(
                "SELECT a.id, l.event, l.corpus_event FROM corpus_event_links l "
                "JOIN articles a ON a.n = l.article"
            )
        }
        nice = links[(first.id, "v0")]
        assert links[(first.id, "v1")] == nice  # "the attack" on the promenade: the same one
        assert links[(second.id, "v0")] == nice  # the attack in Nice, a day later
        assert links[(first.id, "v2")] != links[(probe.id, "v0")]  # landing there: no trip


def test_a_trip_known_by_its_destination_joins_one_of_the_same_subject(db_url: str) -> None:
    """With no traveller named, a destination identifies a trip only between articles about
    the same thing (two corpus entities in common besides the place): the flight that
    returned to Los Angeles on Tuesday, not another landing there that day."""
    subject = {"Los Angeles": ("GPE", ["Los Angeles"]), "Tokyo": ("GPE", ["Tokyo"]),
               "All Nippon Airways": ("ORG", ["All Nippon Airways"])}  # fmt: skip

    def flight(n: int, lede: str, entities: dict[str, tuple[str, list[str]]]) -> Article:
        return build_article(
            f"Flight turns back ({n})", lede, [f"Report number {n}."], entities,
            events=[("travel", "returned", [], "Los Angeles", "2017-12-26")],
            published=f"2017-12-{26 + n}",
        )  # fmt: skip

    tokyo = "The All Nippon Airways plane for Tokyo returned to Los Angeles."
    one, two = flight(1, tokyo, subject), flight(2, tokyo, subject)
    other = flight(3, "A cargo plane returned to Los Angeles.",
                   {"Los Angeles": ("GPE", ["Los Angeles"])})  # fmt: skip
    with write(db_url, [one, two, other]) as store:
        assert corpus_event_of(store, one) == corpus_event_of(store, two)
        assert corpus_event_of(store, other) != corpus_event_of(store, one)


def test_the_same_people_meeting_in_june_and_december_are_two_meetings(db_url: str) -> None:
    """Milley met the Taliban in June and again in December: reports dated by the text or
    only by their publication never join across the months."""
    names = ("Mark Milley", "Taliban")
    june = [meeting(11, "2020-06-03", "2020-06-02", names), meeting(12, "2020-06-04", None, names)]
    december = [meeting(13, "2020-12-16", "2020-12-15", names),
                meeting(14, "2020-12-17", None, names)]  # fmt: skip
    with write(db_url, [*june, *december]) as store:
        ids = [corpus_event_of(store, a) for a in [*june, *december]]
        assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]


def test_stems_of_triggers() -> None:
    assert stem("returned") == stem("returning") == stem("returns") == "return"
    assert stem("crashes") == stem("crashing") == "crash"
    assert stem("derailment") == stem("derailed") == "derail"
    assert stem("talks with") == "talk" and stem("met") == "met"


def test_reports_naming_no_one_join_by_their_word_in_articles_on_one_subject(db_url: str) -> None:
    """Reports that name neither a traveller nor a place are one event when articles about
    two of the same subjects (besides the event's own) name it by the same word: the Tokyo
    flight that "returned"; a flight that "landed" in the same articles is another event, and
    so is a flight that "returned" in an article about something else (or only one of the
    same subjects: the airline's cargo plane)."""
    ana = {"All Nippon Airways": ("ORG", ["All Nippon Airways", "ANA"]),
           "Tokyo": ("GPE", ["Tokyo"]), "Chrissy Teigen": ("PERSON", ["Chrissy Teigen"])}

    def flight(n: int, lede: str, trigger: str, entities: dict[str, tuple[str, list[str]]],
               published: str = "2017-12-27") -> Article:
        return build_article(
            f"Flight news ({n})", lede, [f"Report number {n}."], entities,
            events=[("travel", trigger, [], None, None)], published=published,
        )  # fmt: skip

    lede = "The All Nippon Airways plane for Tokyo {} with Chrissy Teigen. ANA apologised."
    one = flight(1, lede.format("returned"), "returned", ana)
    two = flight(2, lede.format("returning"), "returning", ana, "2017-12-28")
    landed = flight(3, lede.format("landed"), "landed", ana)
    delta = flight(4, "A Delta plane for Atlanta returned with Dua Lipa.", "returned",
                   {"Delta": ("ORG", ["Delta"]), "Atlanta": ("GPE", ["Atlanta"]),
                    "Dua Lipa": ("PERSON", ["Dua Lipa"])})  # fmt: skip
    late = flight(5, lede.format("returned"), "returned", ana, "2018-02-20")
    cargo = flight(6, "An All Nippon Airways cargo plane returned with Dua Lipa.", "returned",
                   {"All Nippon Airways": ("ORG", ["All Nippon Airways"]),
                    "Dua Lipa": ("PERSON", ["Dua Lipa"])})  # fmt: skip
    articles = [one, two, landed, delta, late, cargo]
    with write(db_url, articles) as store:
        ids = {a.id: corpus_event_of(store, a) for a in articles}
        assert ids[one.id] == ids[two.id]  # one flight, two reports a day apart
        others = [ids[a.id] for a in articles[2:]]
        assert len({ids[one.id], *others}) == 5  # another word, subject or month: apart


def test_an_attack_told_as_a_crash_at_the_same_place_is_one_event(db_url: str) -> None:
    """A lorry driven into a crowd is an attack in one report and a crash in another: at the
    same place on the same days they are one event; a crash elsewhere, or at that place a
    month later, is another."""

    def told(n: int, type_: str, trigger: str, place: str, published: str) -> Article:
        return build_article(
            f"Lorry in {place} ({n})", f"The {trigger} in {place} left many dead.",
            [f"Report number {n}."], {place: ("GPE", [place])},
            events=[(type_, trigger, [], place, None)], published=published,
        )  # fmt: skip

    attack = told(1, "attack", "attack", "Nice", "2016-07-15")
    crash = told(2, "accident", "crash", "Nice", "2016-07-16")
    elsewhere = told(3, "accident", "crash", "Lyon", "2016-07-16")
    later = told(4, "accident", "crash", "Nice", "2016-08-20")
    articles = [attack, crash, elsewhere, later]
    with write(db_url, articles) as store:
        ids = [corpus_event_of(store, a) for a in articles]
        assert ids[0] == ids[1] and len(set(ids)) == 3


def shooting(n: int, who: list[str], place: str | None, published: str) -> Article:
    """A report of the Orlando shooting naming `who` and `place` (either may be empty)."""
    entities = {name: ("PERSON", [name]) for name in who}
    if place:
        entities[place] = ("GPE", [place])
    words = " in ".join(filter(None, [" and ".join(who) or "A gunman", place]))
    return build_article(
        f"Shooting ({n})", f"{words}: the shooting left 49 dead.", [f"Report number {n}."],
        entities, events=[("attack", "shooting", who, place, "2016-06-12")],
        published=published,
    )  # fmt: skip


def test_a_report_that_fits_two_events_shows_them_one(db_url: str) -> None:
    """The gunman named in one report, the town in another: a third naming both folds the
    two corpus events into one with every report. A report naming only Trump that day fits
    his meeting with Obama and his meeting with Abe, which stay apart."""

    gunman = shooting(1, ["Omar Mateen"], None, "2016-06-12")
    town = shooting(2, [], "Orlando", "2016-06-13")
    both = shooting(3, ["Omar Mateen"], "Orlando", "2016-06-13")
    obama, abe = TUESDAY[0], ABE
    trump = meeting(9, "2016-11-09", "2016-11-08", ("Donald Trump",))
    articles = [gunman, town, obama, abe, both, trump]
    with write(db_url, articles[:4]) as store:
        assert corpus_event_of(store, gunman) != corpus_event_of(store, town)
        store.write([Outcome(f"{i}.txt", article=a) for i, a in enumerate(articles) if i >= 4],
                    CORPUS_HOOKS)  # fmt: skip
        ids = [corpus_event_of(store, a) for a in [gunman, town, both, obama, abe, trump]]
        assert ids[0] == ids[1] == ids[2] and len(set(ids)) == 3
        (row,) = store.corpus_event_rows([ids[0]])
        assert (row["sources"], row["reports"], row["place"]) == (3, 3, "Orlando")
        assert [p["name"] for p in row["participants"]] == ["Omar Mateen"]
        assert store.rows("SELECT count(*) AS n FROM corpus_events")[0]["n"] == 3
