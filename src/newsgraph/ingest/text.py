"""Plain-text articles (seed style: the headline on the first line, then the paragraphs)."""

from __future__ import annotations

from newsgraph.errors import InputError
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from newsgraph.text.decode import decode_bytes


def rejection(name: str, err: InputError) -> Rejection:
    """A Rejection from an input error, with the error's stage and class as its type (and
    retryable when the error is: a failed fetch that may work later)."""
    retryable = bool(getattr(err, "retryable", False))
    return Rejection(name, err.stage, type(err).__name__, str(err), retryable)


def read_text(data: bytes, name: str, published: str | None = None) -> Input | Rejection:
    """One text file → Input; empty or binary data → Rejection (stage "decode")."""
    try:
        text = decode_bytes(data)
    except InputError as err:
        return rejection(name, err)
    return Input(text=text, published=published, name=name)
