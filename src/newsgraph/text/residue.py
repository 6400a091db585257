"""Page residue inside a paragraph line: scrapers join blocks, so captions and prompts sit mid-line.

`find_inline(line)` returns the spans to cut, each with a reason. Each detector removes the
finest unit that is safe: a fixed prompt by itself, a credit by itself, a caption run from its
marker to a clear boundary. Where no clear boundary is found only the marker goes, so a body
sentence is never swallowed to remove a caption.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A sentence ends at . ? ! (optionally followed by closing quotes or brackets) — or at a
# closing curly quote, which in news text ends a quoted sentence.
SENTENCE_END = re.compile(r"(?:[.!?][\"'”’)\]]*|”)(?=\s|$)")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_AGENCY = (
    r"(?:Getty Images|Getty|GETTY|PA wire|PA Wire|PA|EPA|AFP|AP|Reuters|REUTERS|Rex Features|Rex"
    r"|REX|Shutterstock|Alamy|Press Association|Associated Press|Bloomberg)"
)
# Words that open a news sentence: where a run of captions gives way to the body.
_STARTERS = (
    "The|A|An|He|She|It|They|We|I|His|Her|Its|Their|But|And|As|After|Before|When|While|This|"
    "That|These|Those|There|Meanwhile|However|Mr|Mrs|Ms|Dr|One|Two|Three|Four|Five|Six|Seven|"
    "Eight|Nine|Ten|More|Some|Many|Most|Earlier|Later|Previously|Yesterday|Today|Now|Since|"
    "Despite|Although|Following|During|Then"
)
_STARTER = re.compile(rf"(?<=[a-z0-9,;:)'’]) (?=(?:{_STARTERS})\b)")
_AGENCY_END = re.compile(rf"(?<![\w(]){_AGENCY}(?= [A-Z\"“‘'])")
_QUOTE_OPEN = re.compile(r"(?<= )[\"“](?=[A-Z])")
_AGENCY_WORD = re.compile(_AGENCY)


def is_agency(word: str) -> bool:
    """Whether a word is a photo agency's credit ("Reuters", "AFP", "Getty")."""
    return _AGENCY_WORD.fullmatch(word) is not None


# Fixed prompts and widgets, removed by themselves. Each pattern comes with cues: literal
# text that every match contains, so that a line holding none of them is not scanned.
FIXED: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(p), reason, cues)
    for p, reason, cues in (
        (r"(?:Click to share on [A-Za-z+]+ \(Opens in new window\)\s*)+", "share buttons",
         ("Click to share on ",)),
        (r"Read or Share this story: \S+", "share prompt", ("Read or Share this story: ",)),
        (r"(?:Skip Ad )?Ad Loading\.\.\.(?: x Embed)?(?: x Share)?", "video player controls",
         ("Ad Loading...",)),
        (r"Video Loading Video Unavailable.{0,300}?Watch Next", "video player controls",
         ("Video Loading Video Unavailable",)),
        (
            r"(?:Get [\w ]{0,40}?directly to your inbox\s*)?\+ Subscribe"
            r"(?: Thank you for subscribing!)?(?: Could not subscribe, try again later)?"
            r"(?: Invalid Email)?",
            "newsletter sign-up",
            ("+ Subscribe",),
        ),
        (
            r"Follow (?:[A-Z][\w'.-]* ){1,4}on (?:Twitter|Facebook|Instagram)(?::? @\w+)?",
            "follow prompt",
            ("Follow ",),
        ),
        (r"Advertisement Continue reading the main story|\bADVERTISEMENT\b", "advertisement",
         ("Advertisement Continue reading the main story", "ADVERTISEMENT")),
        (r"\d+ of \d+ Full Screen Autoplay Close.{0,1500}?Wait \d+ seconds? to continue\.",
         "photo gallery", (" Full Screen Autoplay Close",)),
        (r"\bBuy Photo\b", "photo gallery", ("Buy Photo",)),
        (r"Your browser does not support this interactive content\.(?: You must [^.]{0,120}\.)?",
         "interactive widget", ("Your browser does not support this interactive content.",)),
        (r"Copyright \d{4} The Associated Press\. All rights reserved\.(?: This material may not be"
         r" published, broadcast, rewritten or redistributed\.)?", "copyright notice",
         (" The Associated Press. All rights reserved.",)),
        (
            r"\bBy [A-Z][\w'-]+ [A-Z][\w'-]+, (?:[A-Z][\w.]* ){1,4}"
            r"(?:reporter|correspondent|editor)\b",
            "byline",
            ("By ",),
        ),
        (r"\bMORE GREAT STORIES FROM(?: THE SUN)?\b", "related links",
         ("MORE GREAT STORIES FROM",)),
        (rf"\bImage copyright [A-Z][\w.&/-]*(?: (?!(?:{_STARTERS})\b)[A-Z][\w.&/-]*){{0,3}}",
         "photo credit", ("Image copyright ",)),
        (r"\((?:Photo|Image|Picture|Video)s?: [^()]{1,80}\)", "photo credit",
         ("(Photo", "(Image", "(Picture", "(Video")),
        (r"\((?:[A-Z@][^()/,]{0,40}/)+\s*[A-Z][^()/,]{0,40}\)(?=\s+[A-Z\"“]|\s*$)", "photo credit",
         ("/",)),
        (rf"(?<=[.!?\"”] )\((?:{_AGENCY}|The Associated Press|The Washington Post)\)(?= [A-Z])",
         "photo credit", (" (",)),
        (r"(?:^|(?<=[.!?\"”] ))Photo (?=[A-Z]{2,})", "photo placeholder", ("Photo ",)),
        (r"(?:^|(?<=[.!?\"”] ))\[[A-Z][^\[\]]{15,200}\](?= [A-Z\"“]|$)", "related link",
         ("[",)),
        (r"(?:^|(?<=[.!?\"”'’] ))[^.!?\"“”|]{5,200} \| [^.!?\"“”|]{3,60} Read more\b",
         "related link", (" Read more",)),
        (r"\bRead more:?\s*$", "related link", ("Read more",)),
    )
)
_PAREN_CREDIT = re.compile(
    rf"\((?:(?:Photo|Image|Picture)s?: [^()]{{1,80}}"
    rf"|(?:[A-Z@][^()/,]{{0,40}}/)+\s*[A-Z][^()/,]{{0,40}}|{_AGENCY}|[A-Z][a-z]+ [A-Z][a-z]+)\)"
    r"(?= [A-Z\"“])"
)
_AGENCY_ONLY = re.compile(rf"\({_AGENCY}\)")
_LABEL_CAPTION = re.compile(r"[A-Z][a-z]+: [^.!?\"“”]{5,200}")
_TWEET_SIGN = re.compile(
    rf"(?:pic\.twitter\.com/\w+\s*)?(?:--|—) [^()]{{1,60}}\(@\w+\) {_MONTH} \d{{1,2}}, \d{{3,4}}"
)
_SOCIAL = re.compile(r"(?<!\w)[#@]\w")
_TWEET_PIC = re.compile(r"pic\.twitter\.com/\w+")
_RELATED = re.compile(r"\b(?:related (?:stories|articles)|you might also like:)", re.IGNORECASE)
_GALLERY_HEAD = re.compile(
    r"(?P<t>[A-Z][^.!?]{2,80}?) (?P<n>\d{1,3}) show all (?P=t) (?=1/(?P=n)\b)"
)
_OF_N = re.compile(r"(?<!\S)(\d{1,3})/(\d{1,3})(?= [A-Z0-9@\"'‘“])")
_COUNT = re.compile(
    r"(?<=[A-Za-z:])(?<!Formula)(?<!Channel) (\d{1,2}) (?=([A-Z'\"‘“]\S*))"
)
_IMAGE_CAPTION = re.compile(r"\b(?:Image|Media) caption ")
_SLIDESHOW = re.compile(rf"Play slideshow (?:{_AGENCY} )?\d+ of \d+(?: {_AGENCY})?")
_CAPS_CREDIT = re.compile(r"(?:GETTY|REUTERS|AFP|EPA|PA|AP)(?:\*[A-Z]+)*(?= [A-Z])")
_SHOW_DATE = re.compile(rf"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), {_MONTH} \d{{1,2}}, \d{{4}}")

_FULL_STOP = re.compile(r"(?<!\.)\.(?!\.)(?=\s+[A-Z\"“])")
_QUERY = re.compile(r"[?!](?= )")
_JOIN = re.compile(
    r"(?:^|\s)[a-z][\w'’-]* (?=(?:But|He|She|They|His|Her|Their|These|There|However|Meanwhile)"
    r" [a-z])"
    r"|(?:^|\s)[A-Za-z][\w'’-]* (?=(?:The|In|At|After|While|With|Immediately) [a-z])"
)
_WIDGET = re.compile(
    r"to your inbox|not a robot|invalid email|please re-enter|select a newsletter|^sign up\b"
    r"|thank you for subscribing|could not subscribe|error has occurred|try again later"
    r"|special offers|view all [\w ]{0,40}newsletters",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Cut:
    """A span [start, end) of a line to remove, and why."""

    start: int
    end: int
    reason: str


def sentence_start(line: str, pos: int, floor: int = 0) -> int:
    """Where the sentence holding `pos` begins (after the previous sentence end, ≥ floor)."""
    start = floor
    for m in SENTENCE_END.finditer(line, floor, pos):
        if m.end() <= pos:
            start = m.end()
    while start < pos and line[start].isspace():
        start += 1
    return start


def caption_end(line: str, pos: int, limit: int = 400, max_words: int = 12) -> int | None:
    """Where a caption starting at `pos` gives way to body text, or None when unclear.

    The earliest of: a sentence end within `max_words` words, or — before the first sentence
    end — after an agency credit, before a sentence-opening word or before an opening quote.
    A caption that runs into a longer sentence has no safe end.
    """
    stop = min(len(line), pos + limit)
    m = SENTENCE_END.search(line, pos, stop)
    if m and len(line[pos : m.end()].split()) <= max_words:
        stop = m.end()
        ends = [m.end()]
    else:
        stop = m.start() if m else stop
        ends = [len(line)] if stop == len(line) else []
    for pattern, after in ((_AGENCY_END, True), (_STARTER, False), (_QUOTE_OPEN, False)):
        if found := pattern.search(line, pos, stop):
            ends.append(found.end() if after else found.start())
    return min(ends) if ends else None


def _credit_start(line: str, pos: int) -> int:
    """Start of a short credit (≤ 6 words, no sentence end) just before a caption marker."""
    start = sentence_start(line, pos)
    words = line[start:pos].split()
    return start if len(words) <= 6 else pos


def _fixed(line: str) -> Iterator[Cut]:
    for pattern, reason, cues in FIXED:
        if not any(cue in line for cue in cues):
            continue
        for m in pattern.finditer(line):
            yield Cut(m.start(), m.end(), reason)


def _tweets(line: str) -> Iterator[Cut]:
    """An embedded tweet: its signature or picture link, the sentence it ends, and the
    sentences before that carry #hashtags or @handles (the rest of the tweet) — never
    reaching back past the previous tweet."""
    found = sorted(
        (m.start(), m.end()) for p in (_TWEET_SIGN, _TWEET_PIC) for m in p.finditer(line)
    )
    marks: list[tuple[int, int]] = []
    for m_start, m_end in found:
        if marks and m_start < marks[-1][1]:
            marks[-1] = (marks[-1][0], max(m_end, marks[-1][1]))
        else:
            marks.append((m_start, m_end))
    floor = 0
    for m_start, m_end in marks:
        start = sentence_start(line, m_start, floor)
        while start > floor:
            before = sentence_start(line, max(floor, len(line[:start].rstrip()) - 1), floor)
            text = line[before:start]
            if line[start:m_start].strip() and not _SOCIAL.search(text):
                break
            if before == start or len(text.split()) > 30:
                break
            start = before
        yield Cut(start, m_end, "embedded tweet")
        floor = m_end


def _captioned_credits(line: str) -> Iterator[Cut]:
    """A caption without a full stop ending in a credit: "Scene: the tram (BBC/ITN)"."""
    for m in _PAREN_CREDIT.finditer(line):
        start = sentence_start(line, m.start())
        before = line[start : m.start()]
        label = _LABEL_CAPTION.fullmatch(before.strip())
        credit = m.group()
        sure = label or "/" in credit or "Photo" in credit or _AGENCY_ONLY.fullmatch(credit)
        short = label or len(before.split()) <= 25
        if sure and short and before.strip() and not any(q in before for q in "\"“”"):
            yield Cut(start, m.end(), "photo caption")


def _runs(line: str, markers: list[tuple[int, int]], gap: int) -> Iterator[Cut]:
    """Caption runs: markers at most `gap` words apart form one run, cut to a safe end."""
    markers.sort()
    i = 0
    while i < len(markers):
        start = _credit_start(line, markers[i][0])
        j = i
        while j + 1 < len(markers) and len(line[markers[j][1] : markers[j + 1][0]].split()) <= gap:
            j += 1
        end = caption_end(line, markers[j][1])
        yield Cut(start, markers[j][1] if end is None else end, "photo caption")
        i = j + 1


def _galleries(line: str) -> Iterator[Cut]:
    """Photo galleries: "T 8 show all T 1/8 … 8/8 …", repeated counts "Getty Images 22 …"."""
    numbered = [(m.start(), m.end()) for m in _GALLERY_HEAD.finditer(line)]
    by_total: dict[str, list[re.Match[str]]] = {}
    for m in _OF_N.finditer(line):
        by_total.setdefault(m.group(2), []).append(m)
    for matches in by_total.values():
        if len({m.group(1) for m in matches}) >= 2:
            numbered += [(m.start(), m.end()) for m in matches]
    yield from _runs(line, numbered, gap=80)
    counts = list(_COUNT.finditer(line))
    followers: dict[str, set[str]] = {}
    for m in counts:
        followers.setdefault(m.group(1), set()).add(m.group(2))
    counted = [(m.start() + 1, m.end()) for m in counts if len(followers[m.group(1)]) >= 3]
    yield from _runs(line, counted, gap=35)
    yield from _runs(line, [(m.start(), m.end()) for m in _IMAGE_CAPTION.finditer(line)], gap=0)


def _slideshows(line: str) -> Iterator[Cut]:
    """A slideshow teaser: "<headline> Wed, November 9, 2016 <blurb> Play slideshow 1 of 10 …"."""
    for m in _SLIDESHOW.finditer(line):
        date = None
        for d in _SHOW_DATE.finditer(line, max(0, m.start() - 300), m.start()):
            date = d
        start = sentence_start(line, date.start() if date else m.start())
        end = caption_end(line, m.end())
        yield Cut(start, m.end() if end is None else end, "slideshow teaser")
    for m in _CAPS_CREDIT.finditer(line):
        if m.start() == 0 or line[: m.start()].rstrip().endswith(tuple(".!?'’\"”")):
            end = caption_end(line, m.end())
            yield Cut(m.start(), m.end() if end is None else end, "photo caption")


def _related(line: str) -> Iterator[Cut]:
    """A block of related-story links (headlines carry no full stops): up to the opening quote
    where the body resumes, or the last ? or ! before a speech-introducing colon; never past
    the first full stop. Without such an end only the heading goes."""
    for m in _RELATED.finditer(line):
        window = min(len(line), m.end() + 1000)
        stop = window
        if quote := _QUOTE_OPEN.search(line, m.end(), window):
            stop = quote.start()
        if period := _FULL_STOP.search(line, m.end(), stop):
            stop, quote = period.start(), None
        marks = [x.end() for x in _QUERY.finditer(line, m.end(), stop)]
        if quote and not (marks and line[marks[-1] : stop].rstrip().endswith(":")):
            end = quote.start()
        else:
            end = marks[-1] if marks else m.end()
        yield Cut(m.start(), end, "related links")




def _joined_blocks(line: str) -> Iterator[Cut]:
    """A caption or headline joined to the next sentence without a full stop: "… he has seen
    But the teenager …" — the words before the boundary never ended as a sentence."""
    for m in _JOIN.finditer(line):
        start = sentence_start(line, m.end())
        before = line[start : m.end()]
        if 3 <= len(before.split()) <= 40 and not any(q in before for q in "\"“”"):
            yield Cut(start, m.end(), "caption (no sentence end)")




def _widgets(line: str) -> Iterator[Cut]:
    """A sign-up widget: two or more consecutive short sentences of sign-up wording."""
    start, run = 0, []
    for m in [*SENTENCE_END.finditer(line), None]:
        end = m.end() if m else len(line)
        sentence = line[start:end].strip()
        if len(sentence.split()) <= 25 and _WIDGET.search(sentence):
            run.append((start, end))
        else:
            if len(run) >= 2:
                yield Cut(run[0][0], run[-1][1], "newsletter sign-up")
            run = []
        start = end
    if len(run) >= 2:
        yield Cut(run[0][0], run[-1][1], "newsletter sign-up")


DETECTORS = (
    _widgets,
    _joined_blocks,
    _fixed,
    _tweets,
    _captioned_credits,
    _galleries,
    _slideshows,
    _related,
)


def find_inline(line: str) -> list[Cut]:
    """The residue spans of one line, merged where they overlap (the first reason is kept)."""
    cuts = sorted((c for d in DETECTORS for c in d(line)), key=lambda c: (c.start, -c.end))
    merged: list[Cut] = []
    for c in cuts:
        if c.end <= c.start:
            continue
        if merged and c.start <= merged[-1].end:
            last = merged[-1]
            if c.end > last.end:
                merged[-1] = Cut(last.start, c.end, last.reason)
        else:
            merged.append(c)
    return merged
