"""Stories over real stores (SQLite and PostgreSQL), with articles built by hand (no model
needed).

Online assignment inside the batch's write (a corpus hook, after entity linking), the time
window, the rebuild giving the same stories, all-or-nothing batches, the index read a bounded
number of rows, and the export.
"""

from __future__ import annotations

import dataclasses
import json
import re
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from newsgraph.link import CORPUS_HOOKS, link_entities, stories
from newsgraph.link.features import analyze, counts, headline, weighted
from newsgraph.link.stories import PER_KEY, StoryLinker, load_model, restory, story_view
from newsgraph.link.story_profile import Decoded, Profile, subject
from newsgraph.model import Article, Candidate, Entity, Mention, Summary, content_id
from newsgraph.query import Newsgraph
from newsgraph.store import Outcome, Store, open_store

SHIP = [
    (
        "Tourist ship strikes highway bridge in Germany; 25 hurt",
        "A Dutch river cruise ship carrying 150 passengers crashed into a highway bridge pylon "
        "on the Rhine near Duisburg in Germany, injuring 25 people, police said.",
        "The Swiss-registered ship was travelling from Amsterdam to Basel when it struck the "
        "bridge pylon late on Tuesday. Firefighters said most passengers were bruised.",
    ),
    (
        "Rhine cruise ship hits bridge pylon near Duisburg, 27 injured",
        "Twenty-seven people were hurt when a cruise ship on the Rhine hit a highway bridge "
        "pylon near Duisburg in Germany, police in Germany said on Wednesday.",
        "The ship, bound for Basel from Amsterdam with 150 passengers, struck the pylon. "
        "Police said the cause of the crash on the Rhine was being investigated.",
    ),
]
SNOW = (
    "Erie smashes snowfall record with flakes still falling",
    "Erie in Pennsylvania has broken its all-time record for snowfall in a two-day period, "
    "with more than five feet of snow, the National Weather Service said.",
    "Residents of Erie dug out cars buried by the snowfall while forecasters warned that more "
    "lake-effect snow would fall on the city through the week.",
)
NAMES = ["Duisburg", "Rhine", "Germany", "Basel", "Amsterdam", "Erie", "Pennsylvania",
         "National Weather Service"]


def article(parts: tuple[str, str, str], published: str, publisher: str) -> Article:
    """An article of title, lede and body with its place and organisation names as entities
    and a 5W1H summary naming its first entity and its headline's verb phrase."""
    title, lede, body = parts
    text = f"{title}\n\n{lede}\n\n{body}"
    entities = []
    for i, name in enumerate(n for n in NAMES if n in text):
        mentions = tuple(Mention(name, m.start(), m.end()) for m in re.finditer(name, text))
        kind = "ORG" if "Service" in name else "GPE"
        entities.append(Entity(f"e{i}", name, kind, mentions))
    who = entities[0].mentions[0] if entities else None
    tuesday = Candidate("late on Tuesday", 0, 1, 0.7, "2017-12-26T22")
    summary = Summary(
        who=(Candidate(who.text, who.start, who.end, 0.9),) if who else (),
        what=(Candidate(title.split(" ", 2)[-1], 0, len(title), 0.8),),
        when=(tuesday,) if "Tuesday" in text else (),
    )
    return Article(
        id=content_id(text, length=64), title=title, lede=lede, text=text,
        published=published, publisher=publisher, entities=tuple(entities), summary=summary,
    )


def stored(store: Store, *articles: Article) -> list[str]:
    """Write the articles in one batch with the corpus hooks; the story of each."""
    store.write([Outcome(f"in-{a.id[:8]}", article=a) for a in articles], CORPUS_HOOKS)
    return [store.article_story(a.id) or "" for a in articles]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


def _tables(store: Store) -> list[list[tuple[Any, ...]]]:
    """Every story table's rows (a story's founding number aside: PostgreSQL never reuses
    one)."""
    return [
        sorted(tuple(r.values()) for r in store.rows(f"SELECT {columns} FROM {table}"))
        for table, columns in (
            ("stories", "id, label, first, last, size, profile"),
            ("story_articles", "*"),
            ("story_keys", "*"),
            ("story_df", "*"),
        )
    ]


def test_reports_of_one_happening_join_one_story_and_another_happening_founds_its_own(
    store: Store,
) -> None:
    first = article(SHIP[0], "2017-12-27T06:57:28", "nytimes.com")
    second = article(SHIP[1], "2017-12-27T08:27:55", "dailymail.co.uk")
    snow = article(SNOW, "2017-12-27T09:00:00", "abcnews.go.com")
    ships, other = stored(store, first, snow), stored(store, second)
    assert ships[0] == other[0] == first.id[:16]
    assert ships[1] == snow.id[:16] != ships[0]
    story = Newsgraph(store).story(first.id[:8])
    assert story is not None
    assert [a["publisher"] for a in story["articles"]] == ["nytimes.com", "dailymail.co.uk"]
    assert (story["first"], story["last"], story["size"]) == ("2017-12-27", "2017-12-27", 2)
    assert story["label"].startswith("Duisburg")
    assert {e["name"] for e in story["entities"]} >= {"Duisburg", "Rhine", "Germany"}


def test_the_same_report_a_year_later_founds_a_new_story(store: Store) -> None:
    first = article(SHIP[0], "2017-12-27", "nytimes.com")
    later = article((SHIP[1][0], SHIP[1][1], SHIP[1][2] + " A year on."), "2019-01-02", "x.com")
    stories = stored(store, first, later)
    assert stories[0] != stories[1]


def test_restory_rebuilds_exactly_the_stories_of_the_online_run(store: Store) -> None:
    items = [
        article(SHIP[0], "2017-12-27", "a.com"), article(SNOW, "2017-12-27", "b.com"),
        article(SHIP[1], "2017-12-28", "c.com"), article(SNOW[::-1], "2017-12-28", "d.com"),
    ]
    for item in items:
        stored(store, item)
    online = _tables(store)
    assert restory(store) == len(online[0]) < len(items)
    assert _tables(store) == online


def test_frequencies_written_and_forgotten_midway_give_the_same_stories(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [
        article(SHIP[0], "2017-12-27", "a.com"), article(SNOW, "2017-12-27", "b.com"),
        article(SHIP[1], "2017-12-28", "c.com"),
    ]  # fmt: skip
    stored(store, *items)
    online = _tables(store)
    monkeypatch.setattr(stories, "TERMS_KEPT", 10)  # a linker over more terms than it keeps
    restory(store)
    assert _tables(store) == online


def test_a_batch_that_fails_in_the_linker_stores_neither_articles_nor_stories(
    store: Store,
) -> None:
    seen: list[str] = []

    def failing(store: Store, articles: Sequence[Article]) -> None:
        for article in articles:
            StoryLinker(store).add(article.to_dict())
            seen.append(article.id)
        raise RuntimeError("linker failed")

    items = [article(SHIP[0], "2017-12-27", "a.com"), article(SNOW, "2017-12-27", "b.com")]
    with pytest.raises(RuntimeError):
        store.write([Outcome(f"in-{a.id[:8]}", article=a) for a in items], (link_entities, failing))
    stats = store.stats()
    assert (stats["articles"], stats["stories"], stats["corpus_entities"], len(seen)) == (
        0, 0, 0, 2
    )  # fmt: skip
    assert store.rows("SELECT count(*) AS c FROM story_df")[0]["c"] == 0


def test_a_batch_rolled_back_after_its_stories_leaves_no_trace_in_the_next(
    store: Store, second_db_url: str
) -> None:
    """The failed batch's stories were decoded and kept in this process (`DECODED`): the
    next batch must read what is stored, as a store that never saw the failure does."""
    first, second = article(SHIP[0], "2017-12-27", "a.com"), article(SHIP[1], "2017-12-28", "b.com")
    stored(store, first)

    def failing(store: Store, articles: Sequence[Article]) -> None:
        raise RuntimeError("after the stories")

    with pytest.raises(RuntimeError):
        store.write([Outcome("in-2", article=second)], (*CORPUS_HOOKS, failing))
    stored(store, second)
    with open_store(second_db_url) as clean:
        stored(clean, first)
        stored(clean, second)
        for columns, table in (
            ("id, label, first, last, size, profile", "stories"),
            ("article, story, day", "story_articles"),  # arrival numbers aside: PostgreSQL's
            ("key, story, day", "story_keys"),  # sequence is not rolled back
            ("term, df", "story_df"),
        ):
            sql = f"SELECT {columns} FROM {table}"
            assert sorted(map(str, store.rows(sql))) == sorted(map(str, clean.rows(sql)))


def test_a_kept_profile_stands_only_for_the_bytes_it_was_decoded_from() -> None:
    ship, same = (
        weighted(counts(article(p, "2017-12-27", "a.com").to_dict(), {}), {}) for p in SHIP
    )
    story = Profile("s").joined(ship)
    blob = story.pack()
    kept = Decoded(2 * len(blob))
    kept.keep(blob, story)
    assert kept.get("s", blob) is story
    grown = story.joined(same)
    assert (story.size, grown.size) == (1, 2) and story.sums != grown.sums  # not in place
    read = kept.get("s", grown.pack())  # stored since by another linker
    assert read is not story and (read.size, read.sums) == (2, grown.sums)
    assert Profile.unpack(blob) == story


def test_decoded_profiles_are_kept_up_to_their_stored_bytes() -> None:
    ship = weighted(counts(article(SHIP[0], "2017-12-27", "a.com").to_dict(), {}), {})
    stories = [Profile(s).joined(ship) for s in "abc"]
    blobs = [p.pack() for p in stories]
    kept = Decoded(len(blobs[0]) + len(blobs[1]))
    for blob, story in zip(blobs, stories, strict=True):
        kept.keep(blob, story)
    assert kept.get("c", blobs[2]) is stories[2] and kept.get("b", blobs[1]) is stories[1]
    assert kept.get("a", blobs[0]) is not stories[0]  # the least recent went first
    alone = Decoded(1)  # a budget under one profile's bytes still keeps the last
    alone.keep(blobs[0], stories[0])
    assert alone.get("a", blobs[0]) is stories[0]


def test_a_profile_is_stored_as_json_and_one_stored_compressed_still_reads() -> None:
    ship = weighted(counts(article(SHIP[0], "2017-12-27", "a.com").to_dict(), {}), {})
    story = Profile("s").joined(ship)
    blob = story.pack()
    assert blob.startswith(b"{") and Profile.unpack(blob) == story  # JSON, not compressed
    assert Profile.unpack(zlib.compress(blob, 1)) == story  # as stores before 0011 hold it


def test_the_index_reads_a_bounded_number_of_rows_per_key(store: Store) -> None:
    base = article(SHIP[0], "2017-12-27", "a.com")
    copies = [
        dataclasses.replace(base, id=content_id(f"{base.text} {i}", length=64))
        for i in range(PER_KEY + 5)
    ]
    stored(store, *copies)
    keys = [r["key"] for r in store.rows("SELECT DISTINCT key FROM story_keys")]
    found = store.story_candidates(keys, PER_KEY)
    assert sum(n for _, n, _ in found) == PER_KEY * len(keys)  # not (PER_KEY + 5) per key


def test_candidates_are_the_newest_rows_of_each_key_ranked_by_keys_shared(store: Store) -> None:
    ships = [article(SHIP[0], "2017-12-20", "a.com"), article(SHIP[1], "2018-01-05", "a.com")]
    stored(store, *ships, article(SNOW, "2017-12-27", "b.com"))
    rows = store.rows("SELECT key, n, story, day FROM story_keys")
    keys = [*sorted({r["key"] for r in rows}, reverse=True), "no such key"]
    days = ("2017-12-21", "2018-01-31")
    shared: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, key in enumerate(keys):  # each key's newest row, in days: as the index reads
        for r in sorted((r for r in rows if r["key"] == key), key=lambda r: -r["n"])[:1]:
            if days[0] <= r["day"] <= days[1]:
                shared[r["story"]] = shared.get(r["story"], 0) + 1
                first[r["story"]] = min(first.get(r["story"], 2**62), i * 2**40 - r["n"])
    expected = sorted(((s, n, first[s]) for s, n in shared.items()), key=lambda t: (-t[1], t[2]))
    assert len(expected) == 2
    assert store.story_candidates(keys, 1, days) == expected
    assert store.story_candidates(keys, 1, days, limit=1) == expected[:1]


def test_export_rows_carry_the_story(store: Store, tmp_path: Path) -> None:
    ship = article(SHIP[0], "2017-12-27", "a.com")
    snow = article(SNOW, "2017-12-27", "b.com")
    stored(store, ship, snow)
    rows = list(store.table("articles"))
    assert [r["story"] for r in rows] == [ship.id[:16], snow.id[:16]]
    stories = list(store.table("stories"))
    assert [(s["id"], s["size"], s["first"]) for s in stories] == [
        (ship.id[:16], 1, "2017-12-27"), (snow.id[:16], 1, "2017-12-27"),
    ]
    out = tmp_path / "articles.jsonl"
    Newsgraph(store).export("jsonl", out)
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert [a["story"] for a in exported] == [ship.id[:16], snow.id[:16]]


def test_the_label_is_the_main_event_of_the_summary() -> None:
    a = article(SHIP[0], "2017-12-27", "a.com").to_dict()
    h = headline(a)
    assert h.text() == "Duisburg strikes highway bridge in Germany; 25 hurt (2017-12-26)"
    assert headline({**a, "summary": {}}).text() == SHIP[0][0]
    assert counts(a, {}).day == "2017-12-27"
    assert "e:duisburg" in counts(a, {}).views["ents"]
    linked = counts(a, {"e0": "0123456789abcdef"}).views["ents"]  # Duisburg's corpus entity
    assert linked["c:0123456789abcdef"] == linked["e:duisburg"] > 0  # its name keys it too


def test_the_subject_is_the_weight_on_the_storys_heaviest_entity() -> None:
    """A report of the same crash weighs the story's subject (Germany, named in the first
    report's title and lede); the snow in Erie names nothing of it."""
    ship, same, snow = (
        weighted(counts(article(p, "2017-12-27", "a.com").to_dict(), {}), {})
        for p in (*SHIP, SNOW)
    )
    story = Profile("s").joined(ship)
    assert max(story.sums["ents"], key=story.sums["ents"].__getitem__) == "e:germany"
    assert subject(same, story) == same.vectors["ents"]["e:germany"] > 0.4
    assert subject(snow, story) == 0.0 == subject(snow, Profile("empty"))


def test_words_are_those_scikit_learns_analyzer_counts() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    sklearn = TfidfVectorizer(stop_words="english").build_analyzer()
    texts = [" ".join(parts) for parts in (*SHIP, SNOW)]
    texts += ["İstanbul's ÉLAN: a 2-0 win, we'd've said — naïve co-op façade 3G x y_z"]
    for text in texts:
        assert analyze(text) == sklearn(text)


def test_the_story_view_reads_as_the_whole_article_does() -> None:
    a = article(SHIP[1], "2017-12-28", "b.com")
    mentions = (Mention("Police", 0, 6), Mention("they", 9, 13, "pronoun"))
    police = Entity("e9", "Police", "ORG", mentions)
    a = dataclasses.replace(a, entities=(*a.entities, police))
    for corpus in ({}, {"e1": "0123456789abcdef"}):
        assert counts(story_view(a), corpus) == counts(a.to_dict(), corpus)
    assert len(json.dumps(story_view(a))) < len(json.dumps(a.to_dict()))


def test_stories_api_and_pages(store: Store, db_url: str) -> None:
    from newsgraph.serve import create_app
    from tests.built_articles import TestClient

    evil = ("Hackers strike <script>alert(1)</script> site", *SNOW[1:])
    ship = [article(SHIP[0], "2017-12-27", "a.com"), article(SHIP[1], "2017-12-28", "b.com")]
    snow = article(evil, "2017-12-29", "c.com")
    stored(store, *ship, snow)
    with TestClient(create_app(db_url)) as client:
        items = client.get("/api/v1/stories").json()["items"]
        assert [(s["id"], s["size"]) for s in items] == [(snow.id[:16], 1), (ship[0].id[:16], 2)]
        assert [s["id"] for s in client.get("/api/v1/stories?min_size=2").json()["items"]] == [
            ship[0].id[:16]
        ]
        one = client.get(f"/api/v1/stories/{ship[0].id[:8]}").json()
        assert [a["href"] for a in one["articles"]] == [f"/articles/{a.id}" for a in ship]
        assert one["outlets"] == ["a.com", "b.com"]
        assert client.get("/api/v1/stories/00000000").status_code == 404
        assert client.get("/api/v1/stories/abc").status_code == 404
        page = client.get(f"/stories/{snow.id[:16]}").text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
        home = client.get("/").text
        assert f'href="/stories/{ship[0].id[:16]}"' in home
        assert f'href="/stories/{snow.id[:16]}"' not in home  # one article is no story yet


def test_undated_reports_join_only_when_they_tell_the_first_reports_who_what_and_when(
    store: Store,
) -> None:
    """Without publication dates the text alone cannot tell a happening from its topic: an
    article joins only when it shares the story's first report's who, what and when."""
    told_tuesday = (SHIP[1][0], SHIP[1][1], SHIP[1][2] + " It hit the pylon late on Tuesday.")
    first = article(SHIP[0], "", "nytimes.com")
    same = article(told_tuesday, "", "dw.com")
    no_when = article(SHIP[1], "", "dailymail.co.uk")  # the same crash, its when unstated
    snow = article(SNOW, "", "abcnews.go.com")
    stories = stored(store, first, same, no_when, snow)
    assert stories[1] == stories[0] == first.id[:16]
    assert len({stories[0], stories[2], stories[3]}) == 3


def test_an_undated_report_joins_only_as_close_as_reports_of_one_happening_are(
    store: Store,
) -> None:
    """The undated bar (`Model.undated_text`, the training reports' median text cosine to
    their story's first report): the same pair joins under the shipped bar, not above it."""
    told_tuesday = (SHIP[1][0], SHIP[1][1], SHIP[1][2] + " It hit the pylon late on Tuesday.")
    first, same = article(SHIP[0], "", "nytimes.com"), article(told_tuesday, "", "dw.com")
    assert stored(store, first, same) == [first.id[:16]] * 2
    strict = dataclasses.replace(load_model(), undated_text=0.99)
    with store.transaction():
        StoryLinker(store, strict).rebuild()
    assert store.article_story(same.id) == same.id[:16] != store.article_story(first.id)
