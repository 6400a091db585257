"""Direct quotes' attribution from the words beside them: whether a quoted span is speech, a
phrase or a title (`kind`), the cue verb or noun after or before it (`attribution`), a colon
("A spokesman added: “…”"), a dash ("“…” ― NAME") or a transcript label ("PENCE: …"). The
state of one article's reading (`DirectReader`) is what `extractor._Reader` builds on."""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.quotes import weights
from newsgraph.extract.quotes.layout import Layout
from newsgraph.extract.quotes.lexicon import TITLE_CUES, is_direct_cue
from newsgraph.extract.quotes.marks import QuoteSpan
from newsgraph.extract.quotes.speaker import (
    Attribution,
    according_to,
    attribute,
    speaker_from,
    subject_of,
)
from newsgraph.model import Ref, Span
from newsgraph.nlp import lemma_of

_CLAUSE_START = frozenset(":,.?!;—–-(…")
_OPEN_END = frozenset(",?!—–-…")
_SENTENCE_END = frozenset({".", "?", "!"})
_DASHES = frozenset({"―", "—", "–", "-", "--"})
_NOMINAL = frozenset({"PROPN", "PRON", "NOUN"})
_WHEN = frozenset({"DATE", "TIME"})
_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _window(frame: list[Token]) -> tuple[int, int]:
    """The token range of a frame (empty frames give an empty range)."""
    return (frame[0].i, frame[-1].i + 1) if frame else (0, 0)


class DirectReader:
    """One article's state shared by the passes over its Doc, and the attribution of its
    direct quotes from the words beside them (the extractor's `_Reader` adds the passes)."""

    def __init__(self, doc: Doc, draft: Draft, model: weights.Model) -> None:
        self.doc = doc
        self.draft = draft
        self.layout = Layout.of(doc, draft)
        self.model = model
        self.text = draft.text
        self.paragraphs = draft.paragraphs or [Span(0, len(draft.text))]
        self.starts = doc.to_array(IDX).tolist()

    # -- tokens -----------------------------------------------------------------------------
    def tokens(self, start: int, end: int) -> list[Token]:
        """Non-space tokens lying wholly inside [start, end)."""
        out = []
        for i in range(bisect.bisect_left(self.starts, start), len(self.doc)):
            tok = self.doc[i]
            if tok.idx + len(tok.text) > end:
                break
            if not tok.is_space:
                out.append(tok)
        return out

    def _before_word(self, q: QuoteSpan) -> Token | None:
        if q.open is None:
            return None
        i = bisect.bisect_left(self.starts, q.open) - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        return self.doc[i] if i >= 0 else None

    # -- classification -----------------------------------------------------------------------
    def kind(self, q: QuoteSpan) -> str:
        """speech | phrase (inside a clause: a mixed quote's part) | other (title, scare)."""
        if q.continued:
            return "speech"
        para = self.paragraphs[q.paragraph]
        before = self.text[para.start : q.open].rstrip() if q.open is not None else ""
        prev = self._before_word(q) if before else None
        if prev is not None and prev.lower_ in TITLE_CUES:
            return "other"
        words = [t for t in self.tokens(q.start, q.end) if t.is_alpha]
        last = self.text[q.end - 1]
        after = self.text[q.close + 1 : q.close + 2] if q.close is not None else ""
        punctuated = last in ".?!,…—" or after == ","
        after_cue = prev is not None and prev.pos_ == "VERB" and is_direct_cue(lemma_of(prev))
        starts_clause = (
            not before
            or before[-1] in _CLAUSE_START
            or before[-1] in "”’\"'"
            or (after_cue and (punctuated or len(words) >= 8))  # said “we will win.”
        )
        if not starts_clause:
            return "phrase"
        if len(words) < 3 and not punctuated:
            return "other"
        long_words = [w for w in words if len(w.text) > 3]
        titled = len(long_words) >= 2 and all(w.text[0].isupper() for w in long_words)
        if titled and len(words) <= 8 and q.paragraph > 0 and last != ",":
            return "other"  # "Coal Isn't the Villain." — a headline or a title
        return "speech"

    # -- attribution ----------------------------------------------------------------------------
    def _beside(self, verb: Token, lo: int, hi: int) -> Token | None:
        """The speaker by position when the parse gives none: "…,” Jordan said / said Jordan."""
        doc = self.doc
        prev = doc[verb.i - 1] if verb.i > 0 else None
        if prev is not None and lo <= prev.idx < hi and prev.pos_ in _NOMINAL:
            return prev if prev.ent_type_ not in _WHEN else None
        j = verb.i + 1
        if j < len(doc) and doc[j].pos_ == "DET":
            j += 1
        k = j
        while k < len(doc) and doc[k].idx < hi and doc[k].pos_ == "PROPN":
            k += 1
        return doc[k - 1] if k > j and doc[k - 1].ent_type_ not in _WHEN else None

    def _cue_in(
        self,
        frame: list[Token],
        after: bool,
        window: tuple[int, int],
        beside: bool,
        reach: int | None = None,
    ) -> Attribution | None:
        """The first cue of a frame with its speaker (nearest the quote first).

        With `beside`, any verb right beside the quote is a cue ("She continued, “…”",
        "“…,” he joked"), not only the learned ones; `reach` limits how far from the quote
        the cue may be (in tokens).
        """
        lo, hi = (frame[0].idx, frame[-1].idx + len(frame[-1].text)) if frame else (0, 0)
        candidates = frame if after else frame[::-1]
        candidates = candidates if reach is None else candidates[:reach]
        for n, tok in enumerate(candidates):
            if tok.lower_ == "according":
                speaker = according_to(tok)
            elif tok.pos_ in {"VERB", "AUX"} and (
                is_direct_cue(lemma_of(tok)) or (beside and tok.pos_ == "VERB" and n <= 3)
            ):
                speaker = subject_of(tok, self.layout, (lo, hi)) or self._beside(tok, lo, hi)
            else:
                continue
            if speaker is not None and lo <= speaker.idx < hi:
                return attribute(self.doc, tok, speaker, self.layout, window)
        return None

    def _colon(self, frame: list[Token], window: tuple[int, int]) -> Attribution | None:
        """ "Milley on the talks: “…”" — a named speaker before a colon, no cue verb."""
        if not frame or frame[-1].text != ":":
            return None
        for tok in frame[:-1]:
            hit = self.layout.mention(tok)
            if tok.pos_ in {"PROPN", "PRON"} and hit is not None and hit[0].type in _SPEAKER_TYPES:
                return attribute(self.doc, frame[-1], tok, self.layout, window)
        return None

    def _dash(self, q: QuoteSpan, frame: list[Token]) -> Attribution | None:
        """ "“…” ― Sonya Herridge": a name after a dash, no cue verb (the dash is the cue)."""
        if q.close is None or not frame:
            return None
        at = q.close + 1
        while at < len(self.text) and self.text[at] in " \xa0":
            at += 1
        if self.text[at : at + 1] not in _DASHES:
            return None
        names = []
        for tok in frame:
            if tok.idx <= at:
                continue
            if tok.pos_ != "PROPN":
                break
            names.append(tok)
        if not names:
            return None
        speaker = speaker_from(self.doc, names[-1], self.layout)
        return Attribution(speaker, Ref(self.text[at], at, at + 1))

    def label(self, start: int, end: int) -> tuple[Token, int] | None:
        """A transcript's speaker label at the start of [start, end) ("PENCE: Well, …").

        The label is one to three upper-case words and a colon; returns its last word and
        where the words spoken begin.
        """
        tokens = self.tokens(start, min(end, start + 60))
        for k, tok in enumerate(tokens[:4]):
            if tok.text == ":" and k > 0 and k + 1 < len(tokens):
                return tokens[k - 1], tokens[k + 1].idx
            if not (tok.is_upper and len(tok.text.strip(".")) >= 2 and tok.text[0].isalpha()):
                return None
        return None

    def _labelled(self, q: QuoteSpan) -> tuple[QuoteSpan, Attribution] | None:
        """A quote opening with a transcript label: the words after it, and the label's speaker."""
        labelled = self.label(q.start, q.end)
        if labelled is None:
            return None
        head, begins = labelled
        found = attribute(self.doc, head, head, self.layout, (head.i, head.i + 1))
        return replace(q, start=begins), Attribution(found.speaker, None)

    def _frames(self, group: list[QuoteSpan], k: int) -> tuple[list[Token], list[Token]]:
        """The words before and after quote k of a paragraph, up to the neighbouring quotes."""
        q = group[k]
        para = self.paragraphs[q.paragraph]
        lo = para.start
        if k > 0:
            prev = group[k - 1]
            lo = prev.close + 1 if prev.close is not None else prev.end
        hi = para.end
        if k + 1 < len(group) and group[k + 1].open is not None:
            hi = group[k + 1].open or hi
        before = self.tokens(lo, q.open if q.open is not None else q.start)
        after = self.tokens(q.close + 1, hi) if q.close is not None else []
        ends = [i for i, t in enumerate(before) if t.text in _SENTENCE_END]
        before = before[ends[-1] + 1 :] if ends else before
        if not before and k == 0 and q.paragraph > 1 and not q.continued:
            prev_para = self.paragraphs[q.paragraph - 1]
            tail = self.tokens(prev_para.start, prev_para.end)
            if tail and tail[-1].text == ":":
                ends = [i for i, t in enumerate(tail) if t.text in _SENTENCE_END]
                before = tail[ends[-1] + 1 :] if ends else tail
        ends = [i for i, t in enumerate(after) if t.text in _SENTENCE_END]
        after = after[: ends[0] + 1] if ends else after
        return before, after

    def attribution(self, group: list[QuoteSpan], k: int) -> tuple[Attribution | None, str]:
        """The attribution of quote k of a paragraph's speech quotes, and how it was found."""
        q = group[k]
        before, after = self._frames(group, k)
        last = self.text[q.end - 1]
        ends_open = last in _OPEN_END or (
            q.close is not None and self.text[q.close + 1 : q.close + 2] == ","
        )
        if q.continued and not ends_open:
            return None, "none"  # a later paragraph of a quote: its first paragraph's speaker
        if after and after[-1].text == ":":
            after = []  # "…” Then a spokesman said: “…”" introduces the next quote
        opens = bool(before) and before[-1].text in {",", ":"}
        order = [(after, True), (before, False)] if ends_open else [(before, False), (after, True)]
        for frame, is_after in order:
            beside = ends_open if is_after else opens
            reach = None if beside or not is_after else 4  # “….” he said: the cue comes first
            found = self._cue_in(frame, is_after, _window(frame), beside, reach)
            if found is not None:
                return found, "cue"
        colon = self._colon(before, _window(before)) or self._dash(q, after)
        return (colon, "colon") if colon is not None else (None, "none")

    # -- passes ---------------------------------------------------------------------------------
