"""A story as the story linker sees it (`Profile`: size, dates, vector sums, label), as
stored (compact JSON); the decoded profiles a process keeps (`Decoded`); and
the features of an article against a story (`pair_features`), which the model weighs.
"""

from __future__ import annotations

import math
import threading
import zlib
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, replace
from typing import Any, cast

import orjson

from newsgraph.link.features import (
    KEEP,
    VIEWS,
    Headline,
    Vector,
    Weighted,
    added,
    days_between,
    dot,
    heaviest,
    norm,
)

FEATURES = (
    "text_centroid", "entities_average", "title_average", "lead_average", "gap_log_days",
    "text_founder", "subject",
)
WINDOW_DAYS = 365  # a story whose dates lie a year or more away is not joined
SUMMED = tuple(v for v in VIEWS if v != "what")  # the founder's what is compared alone
WHO_KEEP = 20  # who-counts a story keeps for its label


@dataclass(slots=True)
class Profile:
    """A story as the linker sees it: its size, dates, vector sums and label."""

    id: str
    size: int = 0
    first: str | None = None
    last: str | None = None
    sums: dict[str, Vector] = field(default_factory=dict)
    founder: dict[str, Vector] = field(default_factory=dict)  # its first member's vectors
    founded_when: str = ""  # and the when of its main event
    label: dict[str, str] = field(default_factory=dict)
    whos: dict[str, int] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict, repr=False)  # not stored: `norm`

    def pack(self) -> bytes:
        """As stored: compact JSON (orjson). Not compressed: its floats compress by half
        only, at 15 times the cost of writing them, once per article."""
        fields = {name: getattr(self, name) for name in self.__slots__ if name != "derived"}
        return orjson.dumps(fields)

    @classmethod
    def unpack(cls, blob: bytes) -> Profile:
        """A stored profile (zlib-compressed as stories stored before were)."""
        text = blob if blob[:1] == b"{" else zlib.decompress(blob)
        return cls(**orjson.loads(text))

    def distance(self, day: str | None) -> int | None:
        """Days between `day` and the story's span (0 inside it), None when undated."""
        if day is None or self.first is None or self.last is None:
            return None
        return max(0, days_between(day, self.last), days_between(self.first, day))

    def joined(self, w: Weighted) -> Profile:
        """The story with one more member: sums, dates and the label's who (this profile
        unchanged: decoded ones are shared, `Decoded`)."""
        p = replace(
            self, size=self.size + 1, sums=dict(self.sums), whos=dict(self.whos), derived={}
        )
        if not p.founder:
            p.founder = {v: heaviest(w.vectors[v], KEEP[v]) for v in VIEWS}
            p.founded_when = w.counts.headline.when
        for view in SUMMED:
            p.sums[view] = added(p.sums.get(view, {}), w.vectors[view], KEEP[view])
        day = w.counts.day
        if day is not None:
            p.first = min(p.first or day, day)
            p.last = max(p.last or day, day)
        h = w.counts.headline
        who = h.who_key
        if who:
            p.whos[who] = p.whos.get(who, 0) + 1
            p.whos = dict(sorted(p.whos.items(), key=lambda kv: (-kv[1], kv[0]))[:WHO_KEEP])
        label_who = Headline(**p.label).who_key if p.label else ""
        if not p.label or (who and p.whos.get(who, 0) > p.whos.get(label_who, 0)):
            p.label = asdict(h)
        return p

    def norm(self, view: str) -> float:
        """The length of a view's sum (once per profile: a kept one is scored again)."""
        if view not in self.derived:
            self.derived[view] = norm(self.sums.get(view, {}))
        return float(self.derived[view])

    def subject(self) -> str | None:
        """Its heaviest entity (ties by key), once per profile."""
        if "subject" not in self.derived:
            ents = self.sums.get("ents", {})
            top = min(ents.items(), key=lambda kv: (-kv[1], kv[0]))[0] if ents else None
            self.derived["subject"] = top
        return cast("str | None", self.derived["subject"])

    def founding(self) -> Profile:
        """The story as its first report alone (its vectors, no dates)."""
        return Profile(self.id, size=1, sums=self.founder, founder=self.founder)

    def label_text(self) -> str:
        return Headline(**self.label).text() if self.label else ""


class Decoded:
    """Stored profiles decoded, the most recently used kept by story id with the bytes they
    were decoded from, up to `budget` stored bytes in all: a profile read again is decoded
    again only when its stored bytes differ, so a kept one can never stand for another state
    of the store (a write rolled back, another process's, another store). Kept profiles are
    shared: never changed in place (`Profile.joined`)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._kept: OrderedDict[str, tuple[bytes, Profile]] = OrderedDict()
        self._bytes = 0  # stored bytes of those kept
        self._lock = threading.Lock()

    def get(self, story_id: str, blob: bytes) -> Profile:
        """The profile stored as `blob`."""
        with self._lock:
            kept = self._kept.get(story_id)
        profile = kept[1] if kept is not None and kept[0] == blob else Profile.unpack(blob)
        self.keep(blob, profile)
        return profile

    def keep(self, blob: bytes, profile: Profile) -> None:
        with self._lock:
            before = self._kept.get(profile.id)
            self._bytes += len(blob) - (len(before[0]) if before is not None else 0)
            self._kept[profile.id] = (blob, profile)
            self._kept.move_to_end(profile.id)
            while self._bytes > self.budget and len(self._kept) > 1:
                self._bytes -= len(self._kept.popitem(last=False)[1][0])


def pair_features(w: Weighted, story: Profile) -> list[float]:
    """The features of (article, story), in `FEATURES` order: the text's cosine to the
    story's centroid, the average cosine of entities, title and lead to its members, the
    gap in days (log), the text's cosine to its first report, and the article's weight on
    the story's subject (`subject`). When either is undated the gap is the window's full
    width: without a date the text and names must carry the match whatever the dates would
    have been, never a typical gap assumed."""
    n = max(story.size, 1)
    gap = story.distance(w.counts.day)
    text = story.sums.get("text", {})
    return [
        dot(w.vectors["text"], text) / (story.norm("text") or 1.0),
        dot(w.vectors["ents"], story.sums.get("ents", {})) / n,
        dot(w.vectors["title"], story.sums.get("title", {})) / n,
        dot(w.vectors["lead"], story.sums.get("lead", {})) / n,
        math.log1p(WINDOW_DAYS if gap is None else gap),
        dot(w.vectors["text"], story.founder.get("text", {})),
        subject(w, story),
    ]


def subject(w: Weighted, story: Profile) -> float:
    """The article's weight (in its unit entity vector) on the story's heaviest entity: does
    it report on what the story is about (Equifax in every report of its breach, weeks
    apart), or only on something alike (two airline incidents of one day, with no name in
    common but an airport)?"""
    top = story.subject()
    return 0.0 if top is None else w.vectors["ents"].get(top, 0.0)
