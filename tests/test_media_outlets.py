"""Media outlets, which are never the participants of an event (link/reports.py): an
organisation whose name's head is a medium's word, a station as an affiliate; not a place or
building, nor a name where such a word modifies another noun ("Post Office")."""

from __future__ import annotations

import pytest

from newsgraph.link.reports import media_name, outlets_of
from tests.built_articles import build_article


def test_news_media_are_outlets_by_name_or_as_affiliates() -> None:
    """Agencies, papers and broadcasters are media by the words they are named with, a
    station by being an affiliate; a legislature, a ministry or an agency that acts is no
    outlet, nor a square or an office named with a paper's word."""
    names = {
        "Associated Press": "ORG", "Boston Herald": "ORG", "BFMTV": "ORG", "KTVT": "ORG",
        "Congress": "ORG", "WHO": "ORG", "Xinhua News Agency": "ORG",
        "Central Intelligence Agency": "ORG", "Times Square": "FAC", "Post Office": "ORG",
    }  # fmt: skip
    article = build_article(
        "Crash", "The Associated Press and the Boston Herald said Congress and WHO met.",
        ["Witnesses told BFMTV and CNN affiliate KTVT what they saw.",
         "Xinhua News Agency said the Central Intelligence Agency met them.",
         "Crowds in Times Square cheered; the Post Office closed."],
        {name: (type_, [name]) for name, type_ in names.items()},
    )  # fmt: skip
    media = {e.name for e in article.entities if e.id in outlets_of(article)}
    assert media == {"Associated Press", "Boston Herald", "BFMTV", "KTVT", "Xinhua News Agency"}


@pytest.mark.parametrize(
    "name",
    [
        "New York Times", "Washington Post", "Agence France-Presse", "Fox News", "CBS TV",
        "China Daily", "Daily Mail", "Radio Farda", "BBC Radio 4", "BBC News Online",
        "Canadian Broadcasting Corporation", "News of the World", "Times of India",
        "Associated Press news agency", "BBC Radio 4's",
    ],
)  # fmt: skip
def test_names_of_news_media(name: str) -> None:
    assert media_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "Post Office", "Times Square", "Parents Television Council",
        "European Broadcasting Union", "Royal Television Society", "Post-Production",
        "British Academy of Film and Television", "Central Intelligence Agency", "Congress",
    ],
)  # fmt: skip
def test_names_where_a_medium_s_word_modifies_another_noun(name: str) -> None:
    assert not media_name(name)
