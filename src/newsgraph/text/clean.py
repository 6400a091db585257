"""Plain text as scraped → title, lede, body paragraphs and the residue removed, with reasons.

The input is one article: its first non-empty line is the headline, the lines after it are
paragraphs, and page residue (navigation, promos, captions, share prompts) may sit anywhere —
on lines of its own or inside a paragraph line where a scraper joined blocks. The order of the
passes (measured in DESIGN.md, "Residue in already-extracted text"):

1. The headline is kept apart: never removed, never cut.
2. Lines repeated within the article go ("repeated line"); a long paragraph seen before keeps
   its first copy ("repeated paragraph"); a line equal to the headline goes ("repeated headline").
3. Lines the caller knows recur across the publisher's articles go (`known_residue`: a set of
   lines, or a mapping line → reason such as "recurring line of PUBLISHER").
4. Whole lines that are navigation labels go ("navigation": "Share", "Read more", …).
5. Residue inside a line is cut at the finest safe unit (`newsgraph.text.residue`): a prompt, a
   credit, a caption run, an embedded tweet; sentences repeated from an earlier paragraph
   (a lede the scraper also kept in the body) go ("repeated sentence").
6. A short-line classifier: a line of fewer than `SHORT_WORDS` words that is not a sentence
   (a sentence ends in . ? ! or a closing quote — a curly ” ends a sentence too) and has a
   lower-case word is residue when it stands before the first or after the last sentence of
   the article, in a block of at most `EDGE_LINES` such lines ("navigation" / "page
   footer"); in the middle it is kept as a subheading, and a longer block is a list.

A headline is "clear" when the first non-empty line has at most `MAX_TITLE_CHARS` characters
and at least one word of letters, and is not a URL; otherwise `NoTitle` is raised.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from newsgraph.errors import NoTitle
from newsgraph.model import Residue
from newsgraph.text.residue import SENTENCE_END, find_inline

MAX_TITLE_CHARS = 300
"""A first line longer than this is body text, not a headline (headlines run ≤ ~200)."""
SHORT_WORDS = 10
"""Lines under this many words without a sentence end are candidates for residue."""
REPEAT_MIN_WORDS = 8
"""Sentences shorter than this are never dropped as repeats ("No." may recur legitimately)."""
EDGE_LINES = 2
"""At most this many short lines before the first / after the last sentence are residue;
a longer block is a list (fixtures, nominees) and stays."""

_NAV_LINE = re.compile(
    r"(?:share(?: this(?: article| story| page)?)?|read more|advertisement|related"
    r"(?: stories| articles| content| topics)?|comments?|skip to (?:main )?content|sign up"
    r"|subscribe|follow us(?: on \w+)?|most (?:popular|read)|top stories|back to top|print"
    r"|e-?mail|image|video|photo|watch|listen|more on this story|you might also like)\W*",
    re.IGNORECASE,
)
_LOWER_WORD = re.compile(r"(?<!\S)[a-z]{3,}\b")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_ENDS_SENTENCE = re.compile(r"(?:[.!?][\"'”’)\]]*|[\"”’])$")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The clean article: paragraphs[0] is the title, paragraphs[1] the lede."""

    paragraphs: tuple[str, ...]
    residue: tuple[Residue, ...]

    @property
    def title(self) -> str:
        return self.paragraphs[0]

    @property
    def lede(self) -> str:
        return self.paragraphs[1] if len(self.paragraphs) > 1 else ""

    @property
    def text(self) -> str:
        """The canonical text: paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)


def check_title(line: str) -> None:
    """Raise NoTitle unless `line` can serve as a headline (see the module docstring)."""
    if len(line) > MAX_TITLE_CHARS:
        raise NoTitle(
            f"no clear title: the first line has {len(line):,} characters "
            f"(a headline has at most {MAX_TITLE_CHARS}; put the title on a line of its own)"
        )
    if _URL.fullmatch(line) or not re.search(r"[^\W\d_]{2}", line):
        raise NoTitle(f"no clear title: the first line {line[:60]!r} has no words")


def is_sentence(line: str) -> bool:
    """Whether a line ends as a sentence does (. ? ! or a closing quote, straight or curly)."""
    return bool(_ENDS_SENTENCE.search(line))


def _is_short(line: str) -> bool:
    return len(line.split()) < SHORT_WORDS and not is_sentence(line)


def _known_reason(line: str, known: Collection[str] | Mapping[str, str]) -> str | None:
    if line not in known:
        return None
    return known[line] if isinstance(known, Mapping) else "known residue line"


def _line_reason(
    line: str, counts: Counter[str], seen: set[str], title: str, known: Collection[str]
) -> str | None:
    """Why a whole line is residue (steps 2–4), or None to keep it."""
    if line == title:
        return "repeated headline"
    if counts[line] > 1 and (len(line.split()) < SHORT_WORDS or not is_sentence(line)):
        return "repeated line"
    if line in seen:
        return "repeated paragraph"
    if (reason := _known_reason(line, known)) is not None:
        return reason
    if len(line.split()) <= 6 and _NAV_LINE.fullmatch(line):
        return "navigation"
    return None


def _sentences(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(line):
        spans.append((start, m.end()))
        start = m.end()
    if line[start:].strip():
        spans.append((start, len(line)))
    return spans


def _cut_line(line: str, seen: set[str], earlier: list[str]) -> tuple[str, list[Residue]]:
    """Step 5: cut inline residue and repeated sentences; return what is left and what went."""
    cuts = [(c.start, c.end, c.reason) for c in find_inline(line)]
    for prior in earlier:
        stem = prior.rstrip(".…").removesuffix("...")
        if len(stem.split()) >= REPEAT_MIN_WORDS and line.startswith(stem + " "):
            reason = "repeated headline" if prior is earlier[0] else "repeated lede"
            cuts.append((0, len(stem), reason))
    for start, end in _sentences(line):
        sentence = " ".join(line[start:end].split())
        if len(sentence.split()) >= REPEAT_MIN_WORDS and sentence in seen:
            cuts.append((start, end, "repeated sentence"))
    cuts.sort()
    kept, removed, pos = [], [], 0
    for start, end, reason in cuts:
        start = max(start, pos)
        if end <= start:
            continue
        kept.append(line[pos:start])
        if text := line[start:end].strip():
            removed.append(Residue(text, reason))
        pos = end
    kept.append(line[pos:])
    return " ".join(" ".join(kept).split()), removed


def clean_text(
    raw: str, known_residue: Collection[str] | Mapping[str, str] = ()
) -> Cleaned:
    """Split scraped text into title, lede and paragraphs; drop page residue with reasons."""
    lines = [line for line in (" ".join(x.split()) for x in raw.splitlines()) if line]
    if not lines:
        raise NoTitle("no clear title: the text has no non-empty line")
    title, rest = lines[0], lines[1:]
    check_title(title)
    counts = Counter(rest)
    seen_lines: set[str] = set()
    seen_sentences = {" ".join(title[s:e].split()) for s, e in _sentences(title)}
    kept: list[tuple[int, str]] = []
    found: list[tuple[int, Residue]] = []
    for i, line in enumerate(rest):
        if (reason := _line_reason(line, counts, seen_lines, title, known_residue)) is not None:
            found.append((i, Residue(line, reason)))
            continue
        seen_lines.add(line)
        earlier = [title] + [k for _, k in kept[:1]]
        left, removed = _cut_line(line, seen_sentences, earlier)
        found += [(i, r) for r in removed]
        if left:
            kept.append((i, left))
            seen_sentences.update(" ".join(left[s:e].split()) for s, e in _sentences(left))
    sentence_rows = [n for n, (_, k) in enumerate(kept) if is_sentence(k)]
    first = sentence_rows[0] if sentence_rows else len(kept)
    last = sentence_rows[-1] if sentence_rows else -1
    head = [n for n in range(first) if _is_short(kept[n][1])]
    tail = [n for n in range(last + 1, len(kept)) if _is_short(kept[n][1])]
    edges = {n for block in (head, tail) if len(block) <= EDGE_LINES for n in block}
    body: list[str] = []
    for n, (i, line) in enumerate(kept):
        if n in edges and _LOWER_WORD.search(line):
            found.append((i, Residue(line, "navigation" if n < first else "page footer")))
        else:
            body.append(line)
    found.sort(key=lambda x: x[0])
    return Cleaned((title, *body), tuple(r for _, r in found))
