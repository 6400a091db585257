"""Indirect, mixed and belief attributions: every cue the learned model accepts (`frames`).

The content is what the cue's chosen parts cover ("said (that) …", "endorsed [Clinton]",
"pointed to [the example of Indiana]", "according to X, [CLAUSE]"), within the cue's
paragraph, as one run of words without a leading "that" (two runs, two Founds, when the
cue is set off inside it: "Many of the closures, he said, have involved …"). A content that
holds a quoted phrase ("said the talks were “productive”") is mixed, and a quoted phrase it
opens runs on to its closing mark; one that is mostly a direct quote is left to the
direct-quote pass; a cue of a state of mind ("believes", "hopes", "wants") makes a belief.
The source is the cue's subject, agent or owner; when it is no person or organisation (or
there is none: "it was reported that …") the attribution is kept with no speaker and the
reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.quotes import frames
from newsgraph.extract.quotes.features import source_features
from newsgraph.extract.quotes.layout import Layout
from newsgraph.extract.quotes.lexicon import BELIEFS, MEDIA
from newsgraph.extract.quotes.marks import QuoteSpan
from newsgraph.extract.quotes.speaker import Attribution, attribute
from newsgraph.extract.quotes.weights import Model
from newsgraph.nlp import lemma_of

_DASHES = frozenset({"―", "—", "–", "-", "--"})
_JOINS = frozenset({",", "and", "but", ";", "—", "–"})
_ASIDE = frozenset({",", "—", "–", "-", "--", "(", ")"})
_LEADING = frozenset({"that", ",", ":", "—", "–", "-", "and", "but"})
# Source kinds (`frames.source_kind`) that name a person or an organisation; of other words
# the speaker model (`weights.Model.speaker`) judges.
SPEAKERS = frozenset({"pron", "who", "propn", "ent:PERSON", "ent:ORG", "ent:NORP", "ent:GPE"})

NO_SOURCE = "no source in the sentence"
PASSIVE = "agentless passive"
NOT_A_SPEAKER = "the source is no person or organisation"


@dataclass(frozen=True, slots=True)
class Found:
    """One indirect, mixed or belief attribution: its content span, type and attribution."""

    start: int
    end: int
    type: str
    attribution: Attribution
    confidence: float
    reason: str | None = None


def _trim(tokens: list[Token]) -> list[Token]:
    """Without a leading "that", a dateline ("WASHINGTON ―"), or a trailing "— and"."""
    dash = next((k for k, t in enumerate(tokens[:4]) if t.text in _DASHES), None)
    if dash and all(t.is_upper or t.is_punct or t.is_space for t in tokens[:dash]):
        tokens = tokens[dash + 1 :]
    while tokens and (tokens[0].lower_ in _LEADING or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].pos_ == "CCONJ"):
        if tokens[-1].text in "”’\"'":
            break
        tokens = tokens[:-1]
    return tokens


def _runs(tokens: list[Token]) -> list[list[Token]]:
    """The runs of consecutive tokens."""
    runs: list[list[Token]] = []
    for tok in tokens:
        if runs and tok.i == runs[-1][-1].i + 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def _pieces(tokens: list[Token], cue: Token) -> list[Token]:
    """The longest run of consecutive tokens (a clause minus an inserted phrase), with the
    runs beside it that only the cue's own words, set off as an aside, part from it ("Many
    of the closures, he said, have involved …"), each trimmed (`_trim`)."""
    runs = _runs(tokens)
    if len(runs) <= 1:
        return _trim(tokens)
    own = {t.i for t in cue.subtree}
    doc = cue.doc

    def bridged(a: list[Token], b: list[Token]) -> bool:
        gap = [t for t in doc[a[-1].i + 1 : b[0].i] if not t.is_space]
        if gap and gap[-1].pos_ == "CCONJ":  # "…, he said, and …"
            gap = gap[:-1]
        return (
            len(gap) > 2
            and gap[0].text in _ASIDE
            and gap[-1].text in _ASIDE
            and all(t.i in own or t.is_punct for t in gap)
        )

    first = last = max(range(len(runs)), key=lambda k: len(runs[k]))
    while last + 1 < len(runs) and bridged(runs[last], runs[last + 1]):
        last += 1
    while first > 0 and bridged(runs[first - 1], runs[first]):
        first -= 1
    return [t for run in runs[first : last + 1] for t in _trim(run)]


def _speaker(cand: frames.Candidate, model: Model) -> tuple[Token | None, str | None]:
    """The source word to name as speaker, or None with the reason: a name or pronoun is
    named; another word ("a spokesman", "many", "the poll") when the speaker model says it
    is the source often enough (`weights.Model.speaker_at`)."""
    if cand.source is None:
        return None, PASSIVE if cand.passive else NO_SOURCE
    if cand.kind in SPEAKERS:
        return cand.source, None
    features = source_features(cand.source, cand.kind, cand.key)
    if model.speaker.probability(features) >= model.speaker_at:
        return cand.source, None
    return None, NOT_A_SPEAKER


# A candidate the model accepts: with its probability and content words.
Accepted = tuple[frames.Candidate, float, list[Token]]


class IndirectFinder:
    """Finds indirect, mixed and belief attributions outside the direct quotes of a Doc."""

    def __init__(
        self, doc: Doc, draft: Draft, layout: Layout, inside: bytearray, model: Model
    ) -> None:
        self.doc = doc
        self.draft = draft
        self.layout = layout
        self.inside = inside  # 1 where a direct quote is (marks included)
        self.model = model

    def accepted(self) -> list[Accepted]:
        """Each candidate the model accepts, with its probability and content words."""
        model = self.model
        inside = self.inside
        out = []
        for cand in frames.candidates(self.doc, inside, self.layout, model):
            reading = frames.read_above(cand, model, self.draft)
            if reading is None or reading.probability < model.threshold or not reading.content:
                continue
            content = _pieces(reading.content, cand.cue)
            if not content:
                continue
            start, end = content[0].idx, content[-1].idx + len(content[-1].text)
            if inside[start:end].count(1) * 2 <= end - start:  # else the direct pass has them
                out.append((cand, reading.probability, content))
        return out

    def find(self, quoted: Sequence[QuoteSpan]) -> Iterator[Found]:
        """Each attribution the model accepts, in text order, none inside another's content
        (`unnested`)."""
        for cand, probability, content in unnested(self.accepted()):
            start, end = content[0].idx, content[-1].idx + len(content[-1].text)
            # a quoted phrase the content opens runs to its closing mark, over sentences
            # ("added that “not everyone can afford … . That's why …”")
            through = max((q.end for q in quoted if start <= q.start < end < q.end), default=end)
            source, reason = _speaker(cand, self.model)
            if any(start <= q.start and q.end <= through for q in quoted):
                kind = "mixed"
            else:
                kind = "belief" if cand.key.split("|")[0] in BELIEFS else "indirect"
            cue = cand.cue
            sent = cue.sent  # the medium is looked for beside the content, not inside it
            before = cue.i < content[0].i
            window = (sent.start, content[0].i) if before else (content[-1].i + 1, sent.end)
            found = attribute(self.doc, cue, source, self.layout, window)
            spoken = found.speaker
            runs = _runs(content)
            for k, run in enumerate(runs):  # a content split by its cue: one Found per piece
                first, last = run[0].idx, run[-1].idx + len(run[-1].text)
                last = through if k == len(runs) - 1 else last
                if spoken is not None and spoken.start < last and first < spoken.end:
                    continue  # a speaker inside what is said: the frame is misread
                yield Found(first, last, kind, found, round(probability, 2), reason)


def _coordinated(cue: Token) -> bool:
    """A cue that starts a clause of its own beside the one it hangs from ("…, and urged",
    "…, adding that")."""
    if cue.dep_ not in {"conj", "advcl", "parataxis"}:
        return False
    edge = cue.left_edge
    before = cue.doc[edge.i - 1].lower_ if edge.i > 0 else ""
    return before in _JOINS or any(c.dep_ == "cc" for c in cue.lefts)


def _through_medium(cue: Token, outer: Token) -> bool:
    """A cue that is a participle of a statement or another medium its outer cue made
    ("released a statement saying", "sent a tweet calling for")."""
    noun = cue.head
    return (
        cue.dep_ == "acl"
        and lemma_of(noun).lower() in MEDIA
        and noun.head.i == outer.i
        and noun.dep_ in {"dobj", "nsubjpass"}
    )


def unnested(found: list[Accepted]) -> list[Accepted]:
    """The attributions, none with its cue inside another's content: PolNeAR (like a reader)
    gives a report inside a report ("X said Y believes Z") to its outer source, so the inner
    one is dropped (but for a statement that says it: "released a statement saying X" is
    the report of X, `_through_medium`); a second report coordinated with the first ("X said
    A, and urged B") ends the first one's content before it instead, and has the first one's
    source when the parse found its own inside the first one's content (it hung "urged" from
    A's verb)."""
    ends: dict[int, int] = {}
    dropped: set[int] = set()
    shared: dict[int, frames.Candidate] = {}
    for k, (inner_cand, _, _) in enumerate(found):
        cue = inner_cand.cue
        for j, (outer, _, content) in enumerate(found):
            if j == k or not content[0].i <= cue.i <= content[-1].i:
                continue
            if _through_medium(cue, outer.cue):
                dropped.add(j)  # "released a statement saying X": X is the report
                continue
            if not _coordinated(cue):
                dropped.add(k)
                continue
            ends[j] = min(ends.get(j, content[-1].i + 1), cue.left_edge.i)
            source = inner_cand.source
            if source is None or content[0].i <= source.i <= content[-1].i:
                shared[k] = outer
    out = []
    for k, (cand, probability, content) in enumerate(found):
        if k in dropped:
            continue
        if k in ends:
            content = _trim([t for t in content if t.i < ends[k]])
        if k in shared:
            cand = replace(cand, source=shared[k].source, kind=shared[k].kind)
        if content:
            out.append((cand, probability, content))
    return out
