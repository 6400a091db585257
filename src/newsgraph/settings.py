"""Documented settings, with their defaults. Environment variables override (NEWSGRAPH_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEFAULT_MAX_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Settings:
    """max_chars: largest article text read (NEWSGRAPH_MAX_CHARS, default 1,000,000 characters);
    larger inputs are rejected with the reason, as spaCy's own limit is 1,000,000."""

    max_chars: int = DEFAULT_MAX_CHARS

    @classmethod
    def from_env(cls) -> Settings:
        return cls(max_chars=_env_int("NEWSGRAPH_MAX_CHARS", DEFAULT_MAX_CHARS))
