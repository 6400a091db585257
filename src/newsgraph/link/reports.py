"""What corpus-event merging reads of one event report: its participants as corpus entities
(fitting ones only), its place, and the window of days it can have happened in.

Participants are the article entities the extractor names, linked to corpus entities, less
those that are no actors of the event:
- places and buildings: an entity of a place type (FAC, LOC; a GPE that undergoes the event),
  the event's own place, one the text puts after a preposition of place ("at the
  White House", "in Doha"; "to"/"from" for travel), what a traveller visits (travel takes
  agents and partners only), and a corpus entity that earlier events had more often as their
  place than as a participant ("the White House transition meeting": the model calls the White
  House an organisation, the corpus knows it as a place);
- a nationality or a country used as a modifier ("Afghan troops", "the Republican leaders"):
  the actor is the noun it modifies; any name but a person's right before the event's noun
  ("Oval Office meeting") says what kind of event or where;
- media outlets: the article's publisher (its name or web domain: "nytimes.com" is "New York
  Times" by initials and last word), a quote's medium in the article ("told CNN"), an
  organisation (no person, place or building: not "Times Square") whose name's head is a
  word news media are named by ("Associated Press", "Xinhua News Agency", "BFM-TV"; not
  "Post Office") or a broadcaster's affiliate ("CNN affiliate KTVT"), or a corpus entity
  seen as any of these in an earlier article (`corpus_event_roles`).

A report names its event by a definite noun phrase ("the crash", "Thursday's attack") when a
determiner or a possessive stands before its trigger: news uses it to refer back.

The window (`lo`, `hi`: ISO days) comes from the resolved time the text gives ("Tuesday"
resolved against the publication date, "November 2016", "2016-W45"), never from the
publication date alone; a day is widened by `TOLERANCE` on each side (time zones, "Wednesday
night" read against a date already past midnight). An event the text does not date lies
within `SLACK` days before its article's publication (after it when planned). An event with
neither has no window.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from newsgraph.link.names import org_norm
from newsgraph.model import Article, Entity, Event, Mention, Ref, TimeRef

SLACK = 14  # days before publication an undated report's event may lie (tune grid)
TOLERANCE = 1  # days either side of a day the text gives
PLACE_TYPES = frozenset({"FAC", "LOC"})
ACTORS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
NOT_MEDIA = frozenset({"PERSON", "GPE", "LOC", "FAC"})  # "Times Square" is no outlet
_LOCATIVE = re.compile(r"\b(?:at|in|inside|outside|near|into|across)\s+(?:the\s+)?$", re.I)
# A definite noun phrase ending in the trigger: "the crash", "Thursday's horrific attack".
_DEFINITE = re.compile(
    r"(?:\b(?:the|this|that|these|those|its|their|his|her)|'s)\s+((?:[\w-]+\s+){0,2})$", re.I
)
_DIRECTION = re.compile(r"\b(?:to|from|toward|towards)\s+(?:the\s+)?$", re.I)
# Closed-class words: "Washington and Seoul to meet" is no modifier, "Afghan troops" is.
_LOWER = re.compile(r"\b[a-z]+\b")
_BARE_WORDS = re.compile(r"^[\s\-a-z0-9']*$")
_FUNCTION_WORDS = frozenset(
    "and or but nor to of in on at by for with from as than that who which whose has have had "
    "is are was were be been will would could should may might must can did does do said says "
    "told also then".split()
)
# Words news media name themselves by (news agencies, papers, broadcasters): an outlet's name
# ends in one ("Washington Post", "Associated Press"), or in one and what the company or the
# station is called ("Xinhua News Agency", "BBC Radio 4", "BBC News Online"), or starts with
# a prefix of papers and stations ("Daily Mail", "Radio Farda", "Agence France-Presse"); or it
# ends in a "TV" call sign ("BFMTV"). Not a name where such a word modifies another noun
# ("Post Office", "Parents Television Council"), nor one of the word "Agency" alone: the CIA
# and the IAEA act.
MEDIA_WORDS = frozenset(
    "press presse news newspaper newspapers times post herald daily journal tribune gazette "
    "telegraph chronicle courier reuters xinhua broadcasting television radio tv".split()
)
MEDIA_PREFIXES = frozenset({"agence", "daily", "radio", "reuters", "xinhua"})
# What follows the medium's word in a company's or a station's name: "Agency", "Corp", "4".
MEDIA_SUFFIXES = frozenset(
    "agency agentur association corporation corp company co inc ltd limited plc group holdings "
    "media publishing information network service system channel magazine international "
    "online website live lw fm am one two three four five six seven eight nine ten".split()
)
# A name's head comes before a preposition: "News of the World", "British Academy of Film
# and Television".
_HEAD_END = re.compile(r"(?:\s(?:of|for|on|in|at)\s.*|['’]s)$")
_NAME_WORDS = re.compile(r"[\s/-]+")
_CALL_SIGN_TV = re.compile(r"^[A-Z]+TV$")
_AFFILIATE = re.compile(r"\baffiliates?\s+$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])")
_SEASON = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}
_YEAR = re.compile(r"^(\d{4})(?:-(SP|SU|FA|AU|WI))?$")


@dataclass(frozen=True, slots=True)
class Report:
    """One stored event as merging sees it (`participants`: corpus entity ids, in text order;
    `anchors`: the article entities behind them; `place`/`place_anchor` likewise)."""

    article_id: str
    event_id: str
    type: str
    status: str
    published: str | None
    participants: tuple[str, ...]
    anchors: tuple[str, ...]
    place: str | None
    place_anchor: str | None
    placed: tuple[str, ...]  # corpus entities this report shows as places
    lo: str | None
    hi: str | None
    time: str | None  # the text's own time value, when it gives one
    definite: bool = False  # the event named by a definite noun phrase: "the attack"
    trigger: str = ""  # the words that name the event

    @property
    def anchor(self) -> str:
        return f"{self.article_id}/{self.event_id}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def window(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a TIMEX3-style date value covers ("2016-11-10", "2016-11", "2016-W45",
    "2016-Q4", "2016-SU", "2016"); None for anything else (durations, PAST_REF …)."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            return dt.date(year, month, 1), _month_end(year, month)
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := _QUARTER.match(value):
            year, q = int(m[1]), int(m[2])
            return dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        if m := _YEAR.match(value):
            year = int(m[1])
            if m[2] is None:
                return dt.date(year, 1, 1), dt.date(year, 12, 31)
            first, last = _SEASON[m[2]]
            end = _month_end(year + (last > 12), (last - 1) % 12 + 1)
            return dt.date(year, first, 1), end
    except ValueError:
        return None
    return None


def report_window(
    time: TimeRef | None, status: str, published: str | None
) -> tuple[str | None, str | None, str | None]:
    """(lo, hi, the text's time value): the text's resolved time, else the `SLACK` days
    before publication (after it when planned), else no window."""
    if time is not None and time.source != "published" and (days := window(time.value)):
        lo, hi = days
        if lo != hi:
            return lo.isoformat(), hi.isoformat(), time.value
        margin = dt.timedelta(days=TOLERANCE)  # a day (a time of day counts as its day)
        return (lo - margin).isoformat(), (hi + margin).isoformat(), lo.isoformat()
    day = window(published[:10] if published else None)
    if day is None:
        return None, None, None
    slack = dt.timedelta(days=SLACK)
    lo, hi = (day[0], day[0] + slack) if status == "planned" else (day[0] - slack, day[0])
    return lo.isoformat(), hi.isoformat(), None


def _domain_names(url_or_host: str) -> set[str]:
    """The name a web domain spells: "www.nytimes.com" → {"nytimes"}."""
    host = urlparse(url_or_host).hostname if "//" in url_or_host else url_or_host
    parts = [p for p in (host or "").lower().split(".") if p and p != "www"]
    return {parts[-2]} if len(parts) >= 2 else set(parts)


def _spellings(name: str) -> set[str]:
    """How a domain may spell an outlet's name: words run together, initials, initials of all
    but the last word with the last ("New York Times" → newyorktimes, nyt, nytimes)."""
    words = [w for w in org_norm(name).split() if w]
    if not words:
        return set()
    found = {"".join(words), "".join(w[0] for w in words)}
    if len(words) > 1:
        found.add("".join(w[0] for w in words[:-1]) + words[-1])
    return found


def is_publisher(name: str, article: Article) -> bool:
    """Whether an entity's name is the article's publisher (its name or its web domain)."""
    own = org_norm(name)
    if not own:
        return False
    for publisher in filter(None, (article.publisher,)):
        other = org_norm(publisher)
        if other and (other == own or other.startswith(own + " ") or own.startswith(other + " ")):
            return True
    domains: set[str] = set()
    for source in filter(None, (article.publisher, article.url)):
        if "." in source and " " not in source.strip():
            domains |= _domain_names(source.strip())
    return bool(domains & _spellings(name))


def media_name(name: str) -> bool:
    """Whether a name is one news media are named by (`MEDIA_WORDS`): its head (the words
    before "of", "for", "&" …) ends in a medium's word, then at most words of a company's or a
    station's name ("Xinhua News Agency", "BBC Radio 4"), starts with a paper's or a station's
    prefix ("Daily Mail", "Radio Farda"), or ends in a "TV" call sign ("BFMTV", "CBS TV")."""
    words = [w for w in _NAME_WORDS.split(_HEAD_END.sub("", name.strip())) if w]
    if not words:
        return False
    lower = [w.lower() for w in words]
    if len(words) > 1 and lower[0] in MEDIA_PREFIXES:
        return True
    last = len(lower)
    while last > 1 and (lower[last - 1] in MEDIA_SUFFIXES or lower[last - 1].isdigit()):
        last -= 1
    return lower[last - 1] in MEDIA_WORDS or bool(_CALL_SIGN_TV.match(words[last - 1]))


def outlets_of(article: Article) -> set[str]:
    """The article's entities that are media outlets: its publisher, an organisation (no
    person, place or building) named as news media are or an affiliate, a quote's medium."""
    found = {
        e.id for e in article.entities
        if (e.type not in NOT_MEDIA and media_name(e.name)) or (e.type == "ORG" and (
            is_publisher(e.name, article) or any(
                _AFFILIATE.search(article.text[max(0, m.start - 12) : m.start])
                for m in e.mentions
            )
        ))
    }  # fmt: skip
    for q in article.quotes:
        if q.medium is not None and q.medium.entity:
            found.add(q.medium.entity)
    return found


def placed(event: Event, text: str, start: int) -> bool:
    """Whether the words before a participant make it a place ("at the", "in"; "to" and
    "from" for travel)."""
    before = text[max(0, start - 20) : start]
    return bool(_LOCATIVE.search(before) or (event.type == "travel" and _DIRECTION.search(before)))


def _content_words(words: str) -> bool:
    """Whether a stretch of text holds a lower-case content word ("troops", "transition")."""
    return any(w not in _FUNCTION_WORDS for w in _LOWER.findall(words))


def _modifies_noun(ref: Ref, mentions: Sequence[Mention], text: str) -> bool:
    """Whether a noun follows the entity's name, in the participant's phrase or right after
    it: "the Republican leaders", "Afghan troops", "German consulate" (the entity modifies
    the noun that takes part)."""
    inside = [m for m in mentions if ref.start <= m.start and m.end <= ref.end]
    end = max((m.end for m in inside), default=ref.end)
    if inside and _content_words(text[end : ref.end]):
        return True
    after = _LOWER.match(text, ref.end + 1) if text[ref.end : ref.end + 1] == " " else None
    return after is not None and after.group(0) not in _FUNCTION_WORDS


def _modifies_event(event: Event, ref: Ref, text: str) -> bool:
    """Whether the name stands right before the event's own noun, with at most a few
    lower-case words between: "Oval Office meeting", "White House transition meeting"."""
    gap = event.trigger.start - ref.end
    if not 0 <= gap <= 30:
        return False
    between = text[ref.end : event.trigger.start]
    return bool(_BARE_WORDS.match(between)) and not _FUNCTION_WORDS & set(between.split())


def is_actor(
    event: Event, index: int, entity_type: str, mentions: Sequence[Mention], text: str
) -> bool:
    """Whether participant `index` of the event can take part in it, by its type, role and
    words (module docstring); the corpus's evidence is `report`'s. `mentions`: the
    entity's mentions in the article."""
    ref = event.participants[index]
    role = event.roles[index] if index < len(event.roles) else None
    if entity_type in PLACE_TYPES or entity_type not in ACTORS:
        return False
    if role == "patient" and (event.type == "travel" or entity_type == "GPE"):
        return False
    if entity_type in ("NORP", "GPE") and _modifies_noun(ref, mentions, text):
        return False
    if entity_type != "PERSON" and _modifies_event(event, ref, text):
        return False
    return not (event.place is not None and event.place.entity == ref.entity)


def reports(
    article: Article, linked: Mapping[str, tuple[str, str]], excluded: set[str]
) -> list[Report]:
    """The reports of an article's events, in order: `linked` maps article entity ids to
    (corpus entity, type); `excluded` are corpus entities (and article entity ids) that are
    never participants here: media outlets, and corpus entities known as places."""
    entities = {e.id: e for e in article.entities}
    return [report(article, event, linked, excluded, entities) for event in article.events]


def report(
    article: Article,
    event: Event,
    linked: Mapping[str, tuple[str, str]],
    excluded: set[str],
    entities: Mapping[str, Entity],
) -> Report:
    """The report of one event (`reports`; `entities`: the article's, by id)."""
    participants: list[str] = []
    anchors: list[str] = []
    shown_as_places: list[str] = []
    text = article.text
    for i, ref in enumerate(event.participants):
        if not ref.entity or ref.entity not in linked or ref.entity in anchors:
            continue
        corpus, entity_type = linked[ref.entity]
        if placed(event, text, ref.start):
            shown_as_places.append(corpus)
            continue
        if corpus in excluded or ref.entity in excluded:
            continue
        mentions = entities[ref.entity].mentions if ref.entity in entities else ()
        if corpus not in participants and is_actor(event, i, entity_type, mentions, text):
            participants.append(corpus)
            anchors.append(ref.entity)
    place = place_anchor = None
    if event.place is not None and event.place.entity and event.place.entity in linked:
        place_anchor = event.place.entity
        place = linked[place_anchor][0]
        shown_as_places.insert(0, place)
    lo, hi, time = report_window(event.time, event.status, article.published)
    return Report(
        article.id, event.id, event.type, event.status, article.published,
        tuple(participants), tuple(anchors), place, place_anchor,
        tuple(dict.fromkeys(shown_as_places)), lo, hi, time,
        _definite(text, event.trigger.start), event.trigger.text,
    )  # fmt: skip


def _definite(text: str, start: int) -> bool:
    """Whether a determiner or a possessive starts the noun phrase the trigger ends, with at
    most two modifiers between and no verb or preposition ("the vehicle was travelling" is a
    clause, not a name of the event)."""
    m = _DEFINITE.search(text[max(0, start - 40) : start])
    return m is not None and not _FUNCTION_WORDS & set(m.group(1).lower().split())
