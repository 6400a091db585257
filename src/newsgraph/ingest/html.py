"""HTML pages (a file, a WARC record, a fetched URL) → Input, through `newsgraph.page.html`."""

from __future__ import annotations

from newsgraph.errors import InputError
from newsgraph.ingest.text import rejection
from newsgraph.model import Rejection
from newsgraph.page.html import extract_page, page_input
from newsgraph.pipeline import Input
from newsgraph.text.decode import decode_bytes


def read_page(
    data: bytes, name: str, url: str | None = None, published: str | None = None
) -> Input | Rejection:
    """One page → Input. The page's own date wins; `published` fills in when it has none.

    Empty or binary data, and pages without an article (stage "html"), become Rejections.
    """
    try:
        decode_bytes(data)  # refuses empty and binary data with a clear reason
        page = extract_page(data, url)
    except InputError as err:
        return rejection(name, err)
    return page_input(page, name, page.published or published)
