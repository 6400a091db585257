"""newsgraph: raw news → who said what, who met whom, where, when; every fact with its span.

`read`, `read_many` and `Input` load spaCy, so they are imported on first use: the store,
the query API and the server (`newsgraph.store`, `newsgraph.serve`) run without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsgraph.model import Article, Rejection
from newsgraph.query import Newsgraph, open

if TYPE_CHECKING:
    from newsgraph.page.html import read_html
    from newsgraph.pipeline import Input, read, read_many

__all__ = ["Article", "Input", "Newsgraph", "Rejection", "open", "read", "read_html", "read_many"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in ("Input", "read", "read_many"):
        from newsgraph import pipeline

        return getattr(pipeline, name)
    if name == "read_html":
        from newsgraph.page.html import read_html

        return read_html
    raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")
