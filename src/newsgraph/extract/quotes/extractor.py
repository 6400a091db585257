"""Who said what: direct, mixed and indirect quotes with their speakers.

Content spans: a direct quote's `text` is the words INSIDE its quotation marks (the marks
themselves are not part of it); a quote split by its attribution (“X,” she said, “Y.”) is two
Quotes with the same speaker and cue; a quote running over paragraphs is one Quote per
paragraph. An indirect or mixed quote's `text` is the reported clause, without a leading
"that".

Direct quotes are found from the marks (`marks`), then classified: a quoted span that
starts a clause (after a paragraph start, a colon, a comma, a sentence end or a cue verb) is
speech; one inside a clause ("were “productive”") is a phrase, kept only as part of a mixed
quote; titles ("the film “Jaws”") and short unpunctuated scare quotes are dropped. A direct
quote is attributed from the words beside it, in the same paragraph: after it when it ends
open ("…,” she added), else before it ("A spokesman added: “…”"). An unattributed quote right
after an attributed one (same paragraph, or the next paragraph when it opens that paragraph)
continues that speaker's statement (same speaker, cue, addressee and medium), with lower
confidence. "NAME: …" headlines are quotes of NAME; a transcript's "PENCE: …" inside
marks is PENCE's, without the label; "“…” ― NAME" is NAME's.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import replace

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.quotes import weights
from newsgraph.extract.quotes.indirect import Found, IndirectFinder
from newsgraph.extract.quotes.layout import Layout
from newsgraph.extract.quotes.lexicon import TITLE_CUES, is_direct_cue
from newsgraph.extract.quotes.marks import QuoteSpan, find_quotes
from newsgraph.extract.quotes.speaker import (
    Attribution,
    according_to,
    attribute,
    speaker_from,
    subject_of,
)
from newsgraph.model import Quote, Ref, Span
from newsgraph.nlp import lemma_of

NAME = "quotes"
VERSION = "1"
_CLAUSE_START = frozenset(":,.?!;—–-(…")
_OPEN_END = frozenset(",?!—–-…")
_SENTENCE_END = frozenset({".", "?", "!"})
_DASHES = frozenset({"―", "—", "–", "-", "--"})
_NOMINAL = frozenset({"PROPN", "PRON", "NOUN"})
_WHEN = frozenset({"DATE", "TIME"})
_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})

# Confidence by how the speaker was found.
CONFIDENCE = {
    "cue": 0.9,
    "indirect": 0.7,
    "colon": 0.75,
    "continued": 0.6,
    "headline": 0.6,
    "none": 0.3,
}


def _window(frame: list[Token]) -> tuple[int, int]:
    """The token range of a frame (empty frames give an empty range)."""
    return (frame[0].i, frame[-1].i + 1) if frame else (0, 0)


def _share_in_chains(direct: list[tuple[QuoteSpan, Attribution | None, str]]) -> None:
    """Paragraphs of one quote share the attribution one of them has (in place)."""
    chains: list[list[int]] = []
    for i, (q, _, _) in enumerate(direct):
        linked = chains and q.continued and direct[chains[-1][-1]][0].continues
        if linked:
            chains[-1].append(i)
        else:
            chains.append([i])
    for chain in chains:
        found = [direct[i] for i in chain if direct[i][2] in {"cue", "colon"}]
        if not found:
            continue
        for i in chain:
            q, _, how = direct[i]
            if how not in {"cue", "colon"}:
                direct[i] = (q, found[0][1], "continued")


class QuoteExtractor:
    """Quotes of an article, with speaker, cue, addressee and medium (see module docstring).

    `model` is the attribution model (`weights.Model`); the shipped one by default.
    """

    name = NAME
    version = VERSION

    def __init__(self, model: weights.Model | None = None) -> None:
        self.model = model

    def __call__(self, doc: Doc, draft: Draft) -> list[Quote]:
        return _Reader(doc, draft, self.model or weights.model()).quotes()


class _Reader:
    """One article's quotes: the state shared by the passes over one Doc."""

    def __init__(self, doc: Doc, draft: Draft, model: weights.Model) -> None:
        self.doc = doc
        self.draft = draft
        self.layout = Layout.of(doc, draft)
        self.model = model
        self.text = draft.text
        self.paragraphs = draft.paragraphs or [Span(0, len(draft.text))]
        self.starts = doc.to_array(IDX).tolist()
        self.extractor = f"{NAME}/{VERSION}"

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
    def _quote(self, start: int, end: int, kind: str, att: Attribution | None, how: str) -> Quote:
        confidence = CONFIDENCE[how]
        if att is not None and att.speaker is not None and att.speaker.entity is None:
            confidence -= 0.1
        return Quote(
            text=self.text[start:end],
            start=start,
            end=end,
            type=kind,
            speaker=att.speaker if att else None,
            cue=att.cue if att else None,
            addressee=att.addressee if att else None,
            medium=att.medium if att else None,
            extractor=self.extractor,
            confidence=round(max(confidence, 0.05), 2),
        )

    def _headline(self, spans: list[QuoteSpan]) -> Iterator[Quote]:
        """ "NAME: words" headlines are NAME's words."""
        if len(self.paragraphs) < 2 or any(q.paragraph == 0 for q in spans):
            return
        title = self.paragraphs[0]
        tokens = self.tokens(title.start, title.end)
        colon = next((i for i, t in enumerate(tokens) if t.text == ":"), None)
        if colon is None or not 0 < colon <= 4 or len(tokens) - colon < 4:
            return
        att = self._colon(tokens[: colon + 1], (tokens[0].i, tokens[colon].i + 1))
        if att is None:
            return
        rest = tokens[colon + 1 :]
        start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
        yield self._quote(start, end, "indirect", att, "headline")

    def speech(self, spans: list[QuoteSpan]) -> list[QuoteSpan]:
        """The quoted spans that are speech (not phrases, titles or scare quotes)."""
        return [q for q in spans if self.kind(q) == "speech"]

    def regions(self, speech: list[QuoteSpan]) -> bytearray:
        """1 for every character of a direct quote, its marks included."""
        inside = bytearray(len(self.text))
        for q in speech:
            a = q.open if q.open is not None else q.start
            b = q.close + 1 if q.close is not None else q.end
            inside[a:b] = b"\x01" * (b - a)
        return inside

    def quotes(self) -> list[Quote]:
        spans = find_quotes(self.text, self.paragraphs)
        speech = self.speech(spans)
        phrases = [q for q in spans if q not in speech and self.kind(q) == "phrase"]
        out: list[Quote] = list(self._headline(spans))
        finder = IndirectFinder(self.doc, self.draft, self.layout, self.regions(speech), self.model)
        indirect = [  # a "NAME: words" headline is already NAME's quote
            f
            for f in finder.find(phrases)
            if not any(q.start < f.end and f.start < q.end for q in out)
        ]
        direct: list[tuple[QuoteSpan, Attribution | None, str]] = []
        for para in sorted({q.paragraph for q in speech}):
            group = [q for q in speech if q.paragraph == para]
            for k, q in enumerate(group):
                labelled = self._labelled(q)
                if labelled is not None:
                    direct.append((*labelled, "colon"))
                    continue
                found, how = self.attribution(group, k)
                if found is None or found.speaker is None:
                    found, how = self._continued(q, direct, indirect)
                direct.append((q, found, how))
        _share_in_chains(direct)
        out.extend(self._quote(q.start, q.end, "direct", att, how) for q, att, how in direct)
        out.extend(
            replace(
                self._quote(f.start, f.end, f.type, f.attribution, "indirect"),
                confidence=f.confidence,
                reason=f.reason,
            )
            for f in indirect
        )
        out.sort(key=lambda x: x.start)
        return out

    def _continued(
        self,
        q: QuoteSpan,
        direct: list[tuple[QuoteSpan, Attribution | None, str]],
        indirect: list[Found],
    ) -> tuple[Attribution | None, str]:
        """The speaker of the attributed quote just before q, when q continues it."""
        if q.paragraph == 0:
            return None, "none"
        para = self.paragraphs[q.paragraph]
        opened = q.open if q.open is not None else q.start
        first_in_para = not self.text[para.start : opened].strip()
        before: list[tuple[int, Attribution]] = [
            (p.start, a) for p, a, _ in direct if a is not None and a.speaker is not None
        ] + [
            (f.start, f.attribution)
            for f in indirect
            if f.attribution.speaker is not None and f.start < q.start
        ]
        if not before:
            return None, "none"
        start, att = max(before, key=lambda x: x[0])
        prev_para = self.draft.paragraph_of(start) if self.draft.paragraphs else 0
        if prev_para == q.paragraph or (
            first_in_para and prev_para == q.paragraph - 1 and prev_para > 0
        ):
            return att, "continued"
        return None, "none"


def direct_regions(doc: Doc, draft: Draft) -> bytearray:
    """1 for every character of the article's direct quotes (marks included), as the
    extractor finds them: what the indirect pass leaves alone."""
    reader = _Reader(doc, draft, weights.model())
    return reader.regions(reader.speech(find_quotes(reader.text, reader.paragraphs)))
