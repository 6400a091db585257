"""Page metadata rules (newsgraph.page.meta, page_authors, html): synthetic snippets."""

from __future__ import annotations

from trafilatura.utils import load_html

from newsgraph.page.authors import authors, byline
from newsgraph.page.meta import structured

GRAPH = """<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "@id": "https://x.example/#site", "name": "X Daily"},
  {"@type": ["NewsArticle"], "headline": "Rates rise again",
   "datePublished": "2024-05-02T08:00:00+00:00", "dateModified": "2024-06-01T08:00:00+00:00",
   "author": {"@id": "https://x.example/#/person/1"}},
  {"@type": "Person", "@id": "https://x.example/#/person/1", "name": "jroe"}
]}</script></head><body><p>text</p></body></html>"""


def _authors(html: str, header: list[str] | None = None, site: set[str] | None = None) -> tuple:
    tree = load_html(html)
    return authors(None, header or [], tree, structured(tree), site or set())


def test_json_ld_graph_with_id_references() -> None:
    meta = structured(load_html(GRAPH))
    assert meta.authors == ("jroe",)  # resolved through @id, kept as written
    assert meta.author_orgs == ()


def test_broken_json_ld_is_skipped() -> None:
    meta = structured(load_html('<script type="application/ld+json">{"a": </script><p>x</p>'))
    assert meta.authors == () and meta.author_orgs == ()


def test_byline_with_colon_and_organisations_signed_by_name() -> None:
    assert byline(["by: Ziyi Xu, Dec 17, 2025"]) == ("Ziyi Xu",)
    assert byline(["Written by:", "Elise Nass"]) == ("Elise Nass",)
    assert byline(["By 3i Global"]) == ("3i Global",)
    assert byline(["This post was written by", "Ana Lima"]) == ("Ana Lima",)
    assert byline(["Medically reviewed", "by", "Kim Roe RDN", "Written by", "Jill Doe"]) == (
        "Jill Doe",
    )
    assert byline(["By 2030 the city will grow"]) == ()


def test_one_word_meta_author_is_kept() -> None:
    html = '<html><head><meta name="author" content="StephenT"></head><body>x</body></html>'
    assert _authors(html) == ("StephenT",)
    html = '<html><head><meta name="author" content="https://facebook.com/me"></head></html>'
    assert _authors(html) == ()


def test_written_by_label_of_twitter_cards() -> None:
    html = (
        '<meta name="twitter:label1" content="Est. reading time">'
        '<meta name="twitter:data1" content="7 minutes">'
        '<meta name="twitter:label2" content="Written by">'
        '<meta name="twitter:data2" content="Paramita Ghosh"><p>x</p>'
    )
    assert _authors(html) == ("Paramita Ghosh",)


def test_site_name_signs_only_when_nobody_else_does() -> None:
    html = (
        '<html><head><meta name="author" content="USA TODAY"></head><body>'
        '<span class="byline__name">Brian Truitt</span></body></html>'
    )
    assert _authors(html, site={"usa today"}) == ("Brian Truitt",)
    html = '<html><head><meta name="author" content="Supermove"></head><body>x</body></html>'
    assert _authors(html, site={"supermove"}) == ("Supermove",)


def test_h1_equal_to_the_title_suffix_names_the_site() -> None:
    from newsgraph.page.html import headline

    tree = load_html(
        "<html><head><title>Reflections on building a UI pipeline | Playful Tones</title></head>"
        "<body><h1>Playful Tones</h1><p>text</p></body></html>"
    )
    title = headline(tree, structured(tree), "Playful Tones", set())
    assert title == "Reflections on building a UI pipeline"


def test_date_printed_above_the_title_block_is_the_header_date() -> None:
    from newsgraph.page.html import extract_page

    body = " ".join(["The council met on Tuesday and voted on the harbour plan."] * 6)
    html = (
        "<html><head><title>Harbour plan approved</title>"
        '<meta property="og:updated_time" content="2024-07-05T14:20:08-04:00"></head><body>'
        '<div class="bar"><span>March 1, 2024</span></div>'
        '<div class="title"><h1>Harbour plan approved</h1></div>'
        f"<article><p>{body}</p></article></body></html>"
    )
    assert extract_page(html).published == "2024-03-01"


def test_title_printed_as_a_heading_beats_an_unrelated_h1() -> None:
    from newsgraph.page.html import headline

    tree = load_html(
        "<html><head><title>Progress report 39 | Ann's Blog</title></head><body>"
        "<h1>Lessons Learned</h1><h2>Progress report 39</h2><p>text</p></body></html>"
    )
    assert headline(tree, structured(tree), None, set()) == "Progress report 39"
    tree = load_html(  # the same <h1> without the title printed anywhere stays the headline
        "<html><head><title>Progress report 39 | Ann's Blog</title></head><body>"
        "<h1>Lessons Learned in Report 39</h1><p>text</p></body></html>"
    )
    assert headline(tree, structured(tree), None, set()) == "Lessons Learned in Report 39"


def test_trafilatura_names_lose_their_byline_words() -> None:
    tree = load_html("<html><body><p>x</p></body></html>")
    found = authors(
        "This post was written by Danielle Padula; Head", [], tree, structured(tree), set()
    )
    assert found[0] == "Danielle Padula"


def _dated_page(printed: str, elsewhere: str) -> str:
    body = " ".join(["The council met on Tuesday and voted on the harbour plan."] * 6)
    return (
        "<html><head><title>Harbour plan approved</title></head><body>"
        f"<h1>Harbour plan approved</h1><p>{printed}</p>"
        f"<article><p>{body}</p></article><aside><p>{elsewhere}</p></aside></body></html>"
    )


def test_ambiguous_numeric_date_takes_the_page_order() -> None:
    from newsgraph.page.html import extract_page

    us = extract_page(_dated_page("03/01/2017", "Older post: 01/31/2017"))
    assert us.published == "2017-03-01"
    eu = extract_page(_dated_page("03/01/2017", "Older post: 31/01/2017"))
    assert eu.published == "2017-01-03"


def test_template_placeholders_are_not_authors() -> None:
    html = '<html><head><meta name="author" content="undefined"></head><body>x</body></html>'
    assert _authors(html) == ()
    html = '<html><head><meta name="author" content="admin"></head><body>x</body></html>'
    assert _authors(html) == ()


def test_title_part_inside_the_h1_does_not_shorten_it() -> None:
    from newsgraph.page.html import headline

    tree = load_html(
        "<html><head><title>Choosing a tutor | Tutor Blog</title></head><body>"
        '<h1><span class="entry-title">Choosing a tutor</span> A guide for parents</h1>'
        "<p>text</p></body></html>"
    )
    assert headline(tree, structured(tree), None, set()) == "Choosing a tutor A guide for parents"


def test_web_addresses_are_not_names() -> None:
    tree = load_html("<html><body><p>x</p></body></html>")
    assert authors("Www Facebook Com; paperium.net", [], tree, structured(tree), set()) == ()
