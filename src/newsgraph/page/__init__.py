"""Reading a web page: HTML → the article's body and its metadata, then the text reading.

- `html`     `read_html`, `extract_page`: trafilatura for the body, the headline and site name
- `meta`     the page's JSON-LD (with `@graph`) and `<meta>` tags, read once per page
- `authors`  the printed byline, structured data, meta tags, byline markup
- `dates`    the publication day printed around the headline, checked against what is declared

Nothing is imported here: `from newsgraph.page.html import read_html`.
"""
