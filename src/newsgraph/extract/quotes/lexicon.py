"""Words that mark reported speech: direct-quote cue verbs learned from PolNeAR train,
media, title cues, and the verbs and nouns of a state of mind.

`data/cues.json` maps a verb lemma to `[times it was a gold cue, times it was a verb]`
in PolNeAR train's fit part (written by `python eval/quote_cues.py`); a lemma's share of
cue uses is its precision as a cue. Indirect speech has its own learned model
(`frames`, `data/attribution.json`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

# Thresholds on the learned counts: (minimum cue uses, minimum share of uses that are cues).
DIRECT_CUE = (3, 0.3)

# Cues of a state of mind rather than of words said: an attribution they make is a belief
# (thinking, believing, feeling, wanting, intending, expecting).
BELIEFS = frozenset(
    {
        "believe", "think", "feel", "hope", "fear", "worry", "want", "wish", "expect",
        "plan", "intend", "doubt", "suspect", "assume", "know", "understand", "consider",
        "view", "see", "regard", "prefer", "like", "love", "hate", "favor", "trust",
        "belief", "concern", "worried", "convinced", "confident",
        "sure", "aware", "skeptical", "optimistic", "hopeful", "afraid",
    }
)

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


def _share(counts: tuple[int, int], threshold: tuple[int, float]) -> bool:
    hits, total = counts
    return hits >= threshold[0] and hits / max(total, 1) >= threshold[1]


@lru_cache(maxsize=4096)
def is_direct_cue(lemma: str) -> bool:
    """A verb that can introduce or follow a direct quote."""
    return _passes(lemma.lower(), DIRECT_CUE)
