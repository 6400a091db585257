"""newsgraph.page.html: a page → headline, body, date, authors, site; then the text reading."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.page.authors import byline
from newsgraph.page.html import (
    NoArticle,
    Page,
    extract_page,
    headline,
    page_input,
    read_html,
    site_keys,
)
from newsgraph.page.meta import structured

DATA = Path(__file__).parent / "data"
CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))
ARTICLE = (DATA / "article.html").read_bytes()


def test_extract_page_takes_headline_date_author_site_and_body() -> None:
    page = extract_page(ARTICLE)
    assert page.title == "Harbour council approves new ferry terminal"
    assert page.published == "2021-03-04"
    assert page.authors == ("Maria Ostrowski",)
    assert page.sitename == "The Coastal Ledger"
    assert page.url == "https://ledger.example/news/2021/03/harbour-ferry-terminal"
    assert page.language == "en"
    assert page.paragraphs[0].startswith("The harbour council voted seven to two")
    assert any("48 million euros" in p for p in page.paragraphs)
    body = page.body
    for residue in ("Subscribe for 1 dollar", "All rights reserved", "Privacy policy"):
        assert residue not in body
    assert page.title not in body  # the headline is not repeated as the first paragraph
    assert page.text.startswith(page.title + "\n\n")


def test_headline_drops_the_site_name_of_a_title_without_h1() -> None:
    html = ARTICLE.replace(b"<h1>", b"<h2>").replace(b"</h1>", b"</h2>")
    html = html.replace(
        b'<meta property="og:title" content="Harbour council approves new ferry terminal">', b""
    )
    page = extract_page(html)
    assert page.title == "Harbour council approves new ferry terminal"


def test_h1_naming_the_site_is_not_the_headline() -> None:
    from trafilatura.utils import load_html

    tree = load_html(
        "<html><head><title>Rates rise again | Daily Planet</title></head><body>"
        "<h1>Daily Planet</h1><p>text</p></body></html>"
    )
    site = site_keys("Daily Planet", "https://dailyplanet.example/x")
    assert headline(tree, structured(tree), None, site) == "Rates rise again"


def test_updated_date_in_the_header_does_not_replace_the_publication_date() -> None:
    html = ARTICLE.replace(
        b'<time datetime="2021-03-04">March 4, 2021</time>', b"<span>Updated March 9, 2021</span>"
    )
    assert extract_page(html).published == "2021-03-04"


def test_update_label_in_its_own_element_is_seen() -> None:
    html = ARTICLE.replace(
        b'<time datetime="2021-03-04">March 4, 2021</time>',
        b"<span>Updated</span> <span>March 9, 2021</span>",
    )
    assert extract_page(html).published == "2021-03-04"


def test_h1_of_two_words_beside_a_long_title_is_a_section_label() -> None:
    from trafilatura.utils import load_html

    tree = load_html(
        "<html><head><title>Index Funds: How to Invest Without a Broker | Money Desk</title>"
        "</head><body><h1>Index funds</h1><h2>Pulse!</h2><p>text</p></body></html>"
    )
    site = site_keys("Money Desk", "https://moneydesk.example/x")
    for meta_title in (None, "Pulse!"):  # nor is a label that the metadata reader took
        got = headline(tree, structured(tree), meta_title, site)
        assert got == "Index Funds: How to Invest Without a Broker"


def test_headline_stops_at_a_bar_after_some_words() -> None:
    from trafilatura.utils import load_html

    site = site_keys("Coastal Ledger", "https://ledger.example/x")
    for h1, want in (
        ("How tides shape the harbour | Opinion", "How tides shape the harbour"),
        ("Opinion | Tides", "Opinion | Tides"),  # too short a part to be the headline
    ):
        tree = load_html(
            f"<html><head><title>{h1} | Coastal Ledger</title></head>"
            f"<body><h1>{h1}</h1><p>text</p></body></html>"
        )
        assert headline(tree, structured(tree), None, site) == want


def test_headline_read_as_latin1_is_read_again_as_utf8() -> None:
    from trafilatura.utils import load_html

    site = site_keys("Coastal Ledger", "https://ledger.example/x")
    for mangled in ("An investor\u00e2\u0080\u0099s guide", "An investor\u00e2\u20ac\u2122s guide"):
        tree = load_html(f"<html><body><h1>{mangled}</h1><p>text</p></body></html>")
        assert headline(tree, structured(tree), None, site) == "An investor\u2019s guide"
    tree = load_html("<html><body><h1>S\u00e3o Paulo \u00e2 la carte</h1></body></html>")
    assert headline(tree, structured(tree), None, site) == "S\u00e3o Paulo \u00e2 la carte"


def test_time_inside_the_h1_is_not_part_of_the_headline() -> None:
    html = ARTICLE.replace(
        b"<h1>Harbour council",
        b'<h1><a href="/x"><time datetime="2021-03-04">Mar <span>4</span> 2021</time>'
        b" Harbour council",
    ).replace(b"ferry terminal</h1>", b"ferry terminal</a></h1>")
    page = extract_page(html)
    assert page.title == "Harbour council approves new ferry terminal"
    assert page.authors == ("Maria Ostrowski",)  # the header is still found by the headline


def _ld_in_body(html: bytes) -> bytes:
    """The page with its JSON-LD moved from `<head>` to the end of `<body>`."""
    start, end = html.index(b'<script type="application/ld+json">'), html.index(b"</script>") + 9
    script = html[start:end]
    return (html[:start] + html[end:]).replace(b"</body>", script + b"</body>")


def test_update_date_is_shown_when_the_head_declares_no_earlier_date() -> None:
    html = _ld_in_body(ARTICLE).replace(
        b'<time datetime="2021-03-04">March 4, 2021</time>', b"<span>Updated March 9, 2021</span>"
    )
    assert extract_page(html).published == "2021-03-09"


def test_header_day_in_another_time_zone_takes_the_declared_day() -> None:
    late = b'"datePublished": "2021-03-04T02:15:00+00:00"'
    html = ARTICLE.replace(b'"datePublished": "2021-03-04T08:15:00+00:00"', late)
    for printed, day in ((b"March 3, 2021", "2021-03-04"), (b"March 2, 2021", "2021-03-02")):
        shown = html.replace(b'<time datetime="2021-03-04">March 4, 2021</time>', printed)
        assert extract_page(shown).published == day  # two days off is no time zone


def test_numeric_header_date_takes_the_day_month_order_of_the_declared_date() -> None:
    html = ARTICLE.replace(
        b'<time datetime="2021-03-04">March 4, 2021</time>', b"<span>03/04/2021</span>"
    )
    assert extract_page(html).published == "2021-03-04"


def test_author_link_when_metadata_names_nobody() -> None:
    html = ARTICLE.replace(b'"author": {"@type": "Person", "name": "Maria Ostrowski"},', b"")
    html = html.replace(b"By <a", b"<a")
    assert extract_page(html).authors == ("Maria Ostrowski",)


def test_category_link_after_by_is_not_the_author() -> None:
    html = ARTICLE.replace(
        b'By <a href="/author/maria-ostrowski">',
        b'By <a href="/local" rel="category tag">Local Politics</a> '
        b'<a href="/author/maria-ostrowski">',
    )
    assert extract_page(html).authors == ("Maria Ostrowski",)


def test_page_without_an_article_is_refused_with_a_reason() -> None:
    html = b"<html><head><title>Home</title></head><body><nav><a href='/a'>News</a></nav></body>"
    with pytest.raises(NoArticle) as err:
        extract_page(html)
    assert err.value.stage == "html"
    assert isinstance(err.value, InputError)
    assert "no article text" in str(err.value)


def test_page_input_prefers_the_given_date_and_carries_metadata() -> None:
    page = Page(
        "Title", ("A body paragraph.",), "2020-01-02", ("A. Writer",), "Site", "https://x.example/a"
    )
    item = page_input(page, "name-1", published="2021-05-06")
    assert (item.published, item.publisher, item.authors, item.url, item.name) == (
        "2021-05-06",
        "Site",
        ("A. Writer",),
        "https://x.example/a",
        "name-1",
    )
    assert item.text == "Title\n\nA body paragraph."
    assert page_input(page, "n").published == "2020-01-02"


@pytest.mark.corpus
def test_read_html_on_a_real_page_is_the_text_reading() -> None:
    truth_path = CORPUS / "aeb" / "ground-truth.json"
    if not truth_path.is_file():
        pytest.skip(f"AEB corpus not found at {truth_path.parent}")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    key = sorted(truth)[1]
    html = gzip.decompress((truth_path.parent / "html" / f"{key}.html.gz").read_bytes())
    article = read_html(html, url=truth[key]["url"])
    assert article.title and article.text.startswith(article.title + "\n\n")
    assert article.published is not None and article.url == truth[key]["url"]
    assert article.authors and article.publisher
    assert article.entities, "the reading found no entities"
    for entity in article.entities:
        for mention in entity.mentions:
            assert article.text[mention.start : mention.end] == mention.text
    assert read_html(html, url=truth[key]["url"], published="2019-01-01").published == "2019-01-01"


def test_byline_printed_near_the_headline() -> None:
    assert byline(["Politics", "By Jane Roe and John de Vries | Staff writers", "May 2, 2024"]) == (
        "Jane Roe",
        "John de Vries",
    )
    assert byline(["Written by", "Ana Lima", "3 min read"]) == ("Ana Lima",)
    assert byline(["by the way, this is not a byline"]) == ()
    assert byline(["Updated May 2, 2024"]) == ()


def test_headline_broken_by_br_keeps_a_space_and_drops_comments() -> None:
    html = ARTICLE.replace(
        b"<h1>Harbour council approves new ferry terminal</h1>",
        b"<h1>Harbour council approves<br>new ferry <!-- x -->terminal</h1>",
    )
    assert extract_page(html).title == "Harbour council approves new ferry terminal"
