"""Quotation marks → quoted spans, from the text alone (no parse).

Every style is read: “ ” ‘ ’ " ' '' « » ‹ › „ ‚, straight and curly mixed ("…” opens straight and
closes curly). A straight or ambiguous mark is an opener or a closer by what is on either side
of it; an apostrophe (don’t, Clinton’s, ’90s) is neither. Marks are paired paragraph by
paragraph, so an unbalanced mark costs at most its own quote, never the rest of the article:

- an opener left open at the end of a paragraph continues into the next paragraph when that
  paragraph starts with an opener (the multi-paragraph convention); otherwise the quote runs
  to the end of its paragraph and is flagged `balanced=False`;
- a second double opener while one is open drops the first (its closer is missing), unless
  the first ends a sentence: then they are paragraphs of one quote run together on one line
  (`"A. "B."`), and the first is kept, flagged as continuing;
- a closer without an opener is dropped, unless the paragraph before ended inside a quote.

Single marks make a quote only outside double quotes (British style and headlines); inside
double quotes they are nested quotes, part of the outer quote's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newsgraph.model import Span

DOUBLE_OPEN = frozenset("“„«‹")
DOUBLE_CLOSE = frozenset("”»›")
SINGLE_OPEN = frozenset("‘‚")
SINGLE_CLOSE = frozenset("’")
STRAIGHT = frozenset("\"'")
ALL_MARKS = DOUBLE_OPEN | DOUBLE_CLOSE | SINGLE_OPEN | SINGLE_CLOSE | STRAIGHT
_MARK = re.compile("[" + re.escape("".join(sorted(ALL_MARKS))) + "]")
_SENTENCE_END = frozenset(".?!…")
_LEFT_BOUND = set(" \t\n\xa0([{—–―-/") | DOUBLE_OPEN | SINGLE_OPEN
_RIGHT_BOUND = set(" \t\n\xa0.,;:!?)]}—–―-/…") | DOUBLE_CLOSE | SINGLE_CLOSE


@dataclass(frozen=True, slots=True)
class Mark:
    """One quotation mark: its offset, role (open | close) and weight (double | single)."""

    pos: int
    role: str
    double: bool
    size: int = 1


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """The words between a pair of marks, in one paragraph.

    `start`/`end` bound the words inside the marks (whitespace trimmed); `open`/`close` are
    the marks' offsets (`close` is None when the quote runs on past the paragraph or is
    unbalanced). `continued` says an earlier paragraph's quote goes on here; `continues`
    that this one goes on into the next paragraph.
    """

    open: int | None
    start: int
    end: int
    close: int | None
    paragraph: int
    double: bool = True
    balanced: bool = True
    continued: bool = False
    continues: bool = False


def _bounded_left(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in _LEFT_BOUND or text[i - 1] in STRAIGHT


def _bounded_right(text: str, i: int) -> bool:
    return i + 1 >= len(text) or text[i + 1] in _RIGHT_BOUND or text[i + 1] in STRAIGHT


def classify(text: str, i: int) -> Mark | None:
    """The role of the mark at `text[i]`, or None for an apostrophe or a stray mark."""
    c = text[i]
    left, right = _bounded_left(text, i), _bounded_right(text, i)
    if c in DOUBLE_OPEN or c in DOUBLE_CLOSE:
        opener = c in DOUBLE_OPEN
        if opener and right and not left:  # “ used as a closer: word“ .
            opener = False
        elif not opener and left and not right:  # ” used as an opener: ”Word
            opener = True
        return Mark(i, "open" if opener else "close", True)
    if c == '"':
        if left and not right:
            return Mark(i, "open", True)
        if right and not left:
            return Mark(i, "close", True)
        if left and right and i > 0 and text[i - 1] in "'’‘":  # …a little bit,'" he said
            return Mark(i, "close", True)
        if left and right and i > 1 and text[i - 1] == " " and text[i - 2] in "'’":  # …,' " he
            return Mark(i, "close", True)
        if left and right and i + 1 < len(text) and text[i + 1] in "'‘’":  # "'Meh,' …
            return Mark(i, "open", True)
        return None
    # single marks: apostrophes are the rule, quotes the exception
    prev_alnum = i > 0 and text[i - 1].isalnum()
    next_alnum = i + 1 < len(text) and text[i + 1].isalnum()
    if prev_alnum and next_alnum:
        return None  # don’t, O’Brien
    opener = c in SINGLE_OPEN or c == "'"
    if opener and left and next_alnum and not text[i + 1 : i + 3].isdigit():  # not ’90s
        return Mark(i, "open", False)
    if c in SINGLE_CLOSE or c == "'":
        if right and not left and text[i - 1] not in "sS":  # not plural possessive Jones’
            return Mark(i, "close", False)
        if right and not left and i >= 2 and text[i - 2] in ".,!?":
            return Mark(i, "close", False)
    return None


def marks_in(text: str, start: int, end: int) -> list[Mark]:
    """The marks of text[start:end]; two apostrophes ('' , some archives' double quote) are one."""
    out: list[Mark] = []
    skip = -1
    for found in _MARK.finditer(text, start, end):
        i = found.start()
        if i <= skip:
            continue
        if text[i] == "'" and text[i + 1 : i + 2] == "'":
            before = text[i - 1] if i > 0 else " "
            after = text[i + 2] if i + 2 < len(text) else " "
            if before in _LEFT_BOUND and after not in _RIGHT_BOUND:
                out.append(Mark(i, "open", True, 2))
            elif after in _RIGHT_BOUND and before not in _LEFT_BOUND:
                out.append(Mark(i, "close", True, 2))
            skip = i + 1
            continue
        m = classify(text, i)
        if m is not None:
            out.append(m)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pair_singles(text: str, marks: list[Mark], para: int) -> list[QuoteSpan]:
    """Single-mark quotes: an opener with the next closer, no nesting."""
    out: list[QuoteSpan] = []
    opened: Mark | None = None
    for m in marks:
        if m.role == "open":
            opened = m
        elif opened is not None:
            s, e = _trim(text, opened.pos + opened.size, m.pos)
            if e > s:
                out.append(QuoteSpan(opened.pos, s, e, m.pos, para, double=False))
            opened = None
    return out


def _pair_paragraph(
    text: str, para: Span, index: int, carried: bool, next_opens: bool
) -> tuple[list[QuoteSpan], bool]:
    """Quotes of one paragraph; also whether a quote is left open at its end."""
    marks = marks_in(text, para.start, para.end)
    out: list[QuoteSpan] = []
    opened: Mark | None = None
    start_of_carried = para.start if carried and not _starts_with_opener(text, para) else None
    singles: list[Mark] = []
    chained = False
    for m in marks:
        if not m.double:
            if opened is None and start_of_carried is None:
                singles.append(m)
            continue
        if m.role == "open":
            if start_of_carried is not None:  # carried quote never closed: cut before this
                start_of_carried = None
            chained = False
            if opened is not None:
                s, e = _trim(text, opened.pos + opened.size, m.pos)
                if e > s and text[e - 1] in _SENTENCE_END:  # "A. "B." : paragraphs run together
                    out.append(
                        QuoteSpan(opened.pos, s, e, None, index, balanced=False, continues=True)
                    )
                    chained = True
            opened = m  # else a second opener drops the first
            continue
        if opened is not None:
            s, e = _trim(text, opened.pos + opened.size, m.pos)
            if e > s:
                out.append(QuoteSpan(opened.pos, s, e, m.pos, index, continued=chained))
            opened = None
            chained = False
        elif start_of_carried is not None:
            s, e = _trim(text, start_of_carried, m.pos)
            if e > s:
                out.append(QuoteSpan(None, s, e, m.pos, index, continued=True))
            start_of_carried = None
    if opened is not None:
        s, e = _trim(text, opened.pos + opened.size, para.end)
        if e > s:
            out.append(
                QuoteSpan(opened.pos, s, e, None, index, balanced=next_opens, continues=next_opens)
            )
    out.extend(_pair_singles(text, singles, index))
    return out, opened is not None


def _starts_with_opener(text: str, para: Span) -> bool:
    s, e = _trim(text, para.start, para.end)
    if s >= e:
        return False
    marks = marks_in(text, s, min(e, s + 2))
    return bool(marks) and marks[0].pos == s and marks[0].role == "open" and marks[0].double


def find_quotes(text: str, paragraphs: list[Span]) -> list[QuoteSpan]:
    """Every quoted span of the text, in order; never raises."""
    if not paragraphs:
        paragraphs = [Span(0, len(text))]
    out: list[QuoteSpan] = []
    carried = False
    for k, para in enumerate(paragraphs):
        if para.end <= para.start:
            continue
        next_opens = k + 1 < len(paragraphs) and _starts_with_opener(text, paragraphs[k + 1])
        found, left_open = _pair_paragraph(text, para, k, carried, next_opens)
        if carried and found and found[0].open is not None and found[0].start - 1 <= para.start:
            found[0] = replace(found[0], continued=True)
        out.extend(found)
        carried = left_open
    out.sort(key=lambda q: q.start)
    return out
