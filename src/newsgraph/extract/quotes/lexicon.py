"""Words that mark reported speech: cue verbs learned from PolNeAR train, media, title cues.

`data/cues.json` maps a verb lemma to `[times it was a gold cue, times it was a verb]`
in PolNeAR's train split; `data/frames.json` maps "lemma relation" (ccomp, dobj, xcomp,
beside) to `[times that complement was the gold content, times seen]` (both written by
`python eval/quotes.py --learn`). A lemma's share of
cue uses is its precision as a cue; direct quotes, whose marks already say "speech", accept
looser cues than indirect speech, which has only the verb to go on.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

# Thresholds on the learned counts: (minimum cue uses, minimum share of uses that are cues).
DIRECT_CUE = (3, 0.3)
INDIRECT_CUE = (5, 0.45)
# A verb's complement is reported content when it was in train: (minimum hits, share).
REPORTS = (3, 0.5)
RELATIONS = ("ccomp", "dobj", "xcomp", "beside", "noun")

# Verbs whose object is the one spoken to ("told an Associated Press reporter").
ADDRESSEE_VERBS = frozenset(
    {"tell", "ask", "inform", "assure", "warn", "remind", "urge", "advise", "brief", "promise"}
)

# Nouns naming the channel a statement came through ("in a statement", "on Twitter").
MEDIA = frozenset(
    {
        "statement",
        "interview",
        "tweet",
        "post",
        "email",
        "e-mail",
        "letter",
        "speech",
        "release",
        "conference",
        "call",
        "op-ed",
        "column",
        "memo",
        "message",
        "broadcast",
        "appearance",
        "video",
        "podcast",
        "briefing",
        "hearing",
        "remarks",
        "address",
        "rally",
        "debate",
        "testimony",
        "filing",
        "twitter",
        "facebook",
        "instagram",
        "radio",
        "television",
        "show",
        "blog",
        "essay",
        "article",
        "editorial",
        "note",
        "text",
        "session",
        "program",
        "programme",
        "event",
        "town",
        "documentary",
    }
)
MEDIUM_PREPOSITIONS = frozenset({"in", "on", "during", "via", "through", "at", "over"})

# Words before a quoted span that make it a name, not speech ("the film “Jaws”").
TITLE_CUES = frozenset(
    {
        "film",
        "movie",
        "book",
        "song",
        "album",
        "show",
        "series",
        "play",
        "novel",
        "titled",
        "entitled",
        "called",
        "dubbed",
        "named",
        "so-called",
        "headline",
        "poem",
        "article",
        "column",
        "episode",
        "documentary",
        "hashtag",
        "slogan",
        "term",
        "word",
        "words",
        "phrase",
        "nickname",
        "nicknamed",
        "program",
        "programme",
        "magazine",
        "report",
        "podcast",
        "painting",
        "musical",
        "opera",
        "track",
        "single",
        "video",
    }
)

# Subjects that are not speakers ("it is said", "there").
NON_SPEAKERS = frozenset({"it", "there", "this", "that", "which", "what"})


@lru_cache(maxsize=1)
def cue_counts() -> dict[str, tuple[int, int]]:
    """The learned cue counts: lemma → (cue uses, verb uses)."""
    raw = resources.files("newsgraph.extract.quotes").joinpath("data/cues.json").read_text()
    return {lemma: (int(c), int(t)) for lemma, (c, t) in json.loads(raw).items()}


def _passes(lemma: str, threshold: tuple[int, float]) -> bool:
    counts = cue_counts().get(lemma)
    return counts is not None and _share(counts, threshold)


@lru_cache(maxsize=1)
def frame_counts() -> dict[str, tuple[int, int]]:
    """Learned "lemma relation" → (times its complement was the gold content, times seen)."""
    raw = resources.files("newsgraph.extract.quotes").joinpath("data/frames.json").read_text()
    return {key: (int(c), int(t)) for key, (c, t) in json.loads(raw).items()}


@lru_cache(maxsize=8192)
def reports(lemma: str, relation: str | None = None) -> bool:
    """Whether a verb's complement of this relation is reported content (any, if None).

    A ccomp of an indirect cue always is; otherwise the learned share must pass REPORTS.
    """
    lemma = lemma.lower()
    if relation is None:
        return any(reports(lemma, r) for r in RELATIONS)
    if relation in {"ccomp", "beside"} and is_indirect_cue(lemma):
        return True
    counts = frame_counts().get(f"{lemma} {relation}")
    return counts is not None and _share(counts, REPORTS)


def _share(counts: tuple[int, int], threshold: tuple[int, float]) -> bool:
    hits, total = counts
    return hits >= threshold[0] and hits / max(total, 1) >= threshold[1]


@lru_cache(maxsize=4096)
def is_direct_cue(lemma: str) -> bool:
    """A verb that can introduce or follow a direct quote."""
    return _passes(lemma.lower(), DIRECT_CUE)


@lru_cache(maxsize=4096)
def is_indirect_cue(lemma: str) -> bool:
    """A verb that reports speech or a stance in its complement clause."""
    return _passes(lemma.lower(), INDIRECT_CUE)
