"""When and where tied to the events they belong to (extract/summary/anchors.py), on real
headlines and ledes of Giveme5W1H (gold-dev and clusters-dev)."""

from __future__ import annotations

from newsgraph.extract.summary.anchors import country
from newsgraph.extract.summary.rank import Option
from newsgraph.extract.summary.summarise import options
from newsgraph.model import Article
from newsgraph.nlp import get_nlp
from newsgraph.pipeline import Input, drafts
from tests.test_events import real, real_article

OBAMA_TITLE = "Donald Trump and Barack Obama hold 90-minute White House transition meeting"
OBAMA_LEDE = (
    "President Barack Obama and president-elect Donald Trump met at the White House this "
    "morning for more than 90 minutes in a public display of unity following Tuesday's election"
)


def _options(text: str, published: str | None, w: str) -> list[Option]:
    ((_, doc, draft),) = drafts([Input(text, published)])
    return options(doc, draft)[1].get(w)


def test_a_time_modifying_another_event_ranks_below_the_main_events() -> None:
    a = real_article(OBAMA_TITLE, OBAMA_LEDE)
    assert [c.text for c in a.summary.when[:2]] == ["this morning", "Tuesday"]
    found = _options(a.text, "2016-11-10", "when")
    tuesday = next(o for o in found if o.text == "Tuesday")
    morning = next(o for o in found if o.text == "this morning")
    assert tuesday.features["modifier"] == 1 and tuesday.features["other_event_modifier"] == 1
    assert morning.features.get("modifier", 0) == 0 and morning.features["time_of_day"] == 1


def test_a_time_that_cannot_be_resolved_is_offered_with_its_text() -> None:
    title = "Terror attack kills scores in Nice, France, Hollande says"
    lede = (
        "Scores of people were killed Thursday night when a large truck plowed through a crowd "
        "celebrating Bastille Day in Nice, France, President Francois Hollande says."
    )
    real(title)
    real(lede)
    a = _read_undated(f"{title}\n\n{lede}")
    assert [(c.text, c.value) for c in a.summary.when] == [("Thursday night", None)]


def _read_undated(text: str) -> Article:
    from newsgraph import read

    return read(text)  # no publication date: relative dates stay unresolved


def test_a_dateline_is_a_where_of_its_sentences_events() -> None:
    title = "China opposes DPRK's missile launch: FM spokesperson"
    lede = (
        "BEIJING -- China on Friday said it opposes ballistic missile launches by the "
        "Democratic People's Republic of Korea (DPRK) against UN Security Council resolutions."
    )
    a = real_article(title, lede)
    assert "BEIJING" in [c.text for c in a.summary.where]
    beijing = next(o for o in _options(a.text, "2017-09-15", "where") if o.text == "BEIJING")
    assert beijing.features["dateline"] == 1 and beijing.features.get("event_pos", 0) > 0


def test_where_people_come_from_is_no_where() -> None:
    a = real("Croydon tram crash: Last victims named as three adults from South London")
    assert "South London" not in [c.text for c in a.summary.where]


def test_a_place_the_headline_puts_after_at_is_offered_though_no_entity_names_it() -> None:
    title = (
        "Croydon tram derailment: Several dead and dozens injured after tram overturns at "
        "Sandilands"
    )
    real(title)
    assert "Sandilands" not in [e.text for e in get_nlp()(title).ents]
    found = _options(title, "2016-11-09", "where")
    place = next(o for o in found if o.text == "Sandilands")
    assert place.features["unnamed"] == 1 and place.features["title"] == 1


def test_countries_and_regions_are_known_by_name_and_code() -> None:
    assert country(["Afghanistan"]) and country(["the United States"]) and country(["U.S."])
    assert country(["UK"]) and country(["Europe"])
    assert not country(["Croydon"]) and not country(["Mazar-i-Sharif"]) and not country(["Kabul"])
