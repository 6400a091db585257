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

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc

from newsgraph.extract.base import Draft
from newsgraph.extract.quotes import weights
from newsgraph.extract.quotes.direct import DirectReader
from newsgraph.extract.quotes.indirect import Found, IndirectFinder
from newsgraph.extract.quotes.marks import QuoteSpan, find_quotes
from newsgraph.extract.quotes.speaker import Attribution
from newsgraph.model import Quote

NAME = "quotes"
VERSION = "1"
# Confidence by how the speaker was found.
CONFIDENCE = {
    "cue": 0.9,
    "indirect": 0.7,
    "colon": 0.75,
    "continued": 0.6,
    "headline": 0.6,
    "none": 0.3,
}


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


class _Reader(DirectReader):
    """One article's quotes: the passes over one Doc."""

    extractor = f"{NAME}/{VERSION}"

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
