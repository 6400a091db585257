"""Pages of results: a size limit, opaque cursors and the `{"items", "next"}` envelope.

A cursor is URL-safe base64 of a small JSON object; clients pass back `next` unchanged.
Keyset cursors (`after`) keep pages stable while rows are added; offset cursors are used
where the query API orders rows stably but pages only by count, capped at `MAX_OFFSET`.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any

from fastapi import Query

from newsgraph.serve.errors import ApiError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 10_000

Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"items per page (at most {MAX_LIMIT})")
]
Cursor = Annotated[str | None, Query(max_length=200, description="`next` of the previous page")]


def encode(state: dict[str, Any]) -> str:
    """An opaque cursor for `state`."""
    raw = json.dumps(state, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None) -> dict[str, Any]:
    """The state in a cursor ({} for none); a 400 for one we did not make."""
    if not cursor:
        return {}
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        state = json.loads(raw)
    except (binascii.Error, ValueError):
        raise ApiError(400, "invalid cursor: pass `next` from the previous page unchanged",
                       code="invalid_cursor") from None
    if not isinstance(state, dict):
        raise ApiError(400, "invalid cursor", code="invalid_cursor")
    return state


def offset_of(cursor: str | None) -> int:
    """The offset an offset cursor holds."""
    offset = decode(cursor).get("o", 0)
    if not isinstance(offset, int) or offset < 0:
        raise ApiError(400, "invalid cursor", code="invalid_cursor")
    if offset > MAX_OFFSET:
        raise ApiError(400, f"cannot page past {MAX_OFFSET} items: narrow the query",
                       code="too_deep")
    return offset


def page(rows: list[Any], offset: int, limit: int) -> dict[str, Any]:
    """The envelope for rows fetched as `offset + limit + 1` from the start."""
    items = rows[offset : offset + limit]
    more = len(rows) > offset + limit
    return {"items": items, "next": encode({"o": offset + limit}) if more else None}
