"""What the words around a person's name say of them: the gender a title, a noun for a
person or a pronoun taking the name up gives; the office a title gives; whether the article
introduces them as someone's relative. Read by `people` as a lone name's evidence.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.entities.coref import PRONOUN_GENDER
from newsgraph.extract.quotes.lexicon import is_direct_cue
from newsgraph.nlp import lemma_of
from newsgraph.nlp_parsed import parsed
from newsgraph.text.gender import gender_of_first_name
from newsgraph.text.titles import (
    FAMILY_NOUNS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    title_gender,
    title_role,
)

_ROLE_REACH = 5  # words back from a full name over which its role phrase is read
_POSSESSIVE = frozenset({"PRP$", "POS"})  # "his", "her", "their", "Clinton's"
_PRESIDENCY = frozenset({"administration", "presidency"})


def _word_before(span: Span) -> str:
    return span.doc[span.start - 1].text if span.start > 0 else ""


def title_gender_before(span: Span) -> str | None:
    """The gender a title just before a name says ("Mrs. Clinton" → female)."""
    return title_gender(_word_before(span))


def title_role_before(span: Span) -> str | None:
    """The role a title or role noun just before a name says ("President Clinton",
    "Sen. Clinton" → "president", "senator"); None for none, an honorific alone, or an
    office the indefinite article makes hypothetical ("the prospect of a President Clinton")."""
    if span.start > 1 and span.doc[span.start - 2].lower_ in ("a", "an"):
        return None
    return title_role(_word_before(span))


def of_a_presidency(span: Span) -> bool:
    """A lone surname naming a past presidency: "worked in the Clinton White House", "the
    Bush administration had", not "a (potential) Clinton White House" nor "the Clinton
    administration is going to" (a campaign's hypothetical one): the clause's verb in the
    past tense."""
    doc = span.doc
    i = span.end + (span.end < len(doc) and doc[span.end].tag_ == "POS")
    nxt = doc[i : i + 2]
    if not nxt or not (nxt[0].lower_ in _PRESIDENCY or nxt.text == "White House"):
        return False
    head = nxt[-1] if nxt.text == "White House" else nxt[0]
    if any(t.dep_ == "det" and t.lower_ in ("a", "an") for t in head.children):
        return False  # "a (potential) Clinton White House"
    verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.tag_ in ("VBD", "VBN")


def _quoted(span: Span) -> bool:
    """Whether a name stands inside a quotation opened earlier in its sentence."""
    before = span.doc.text[span.sent.start_char : span.start_char]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _speaker(span: Span, pronoun: Token) -> bool:
    """Whether a pronoun is the speaker reporting what is said of a name: the subject of a
    reporting verb (`quotes.lexicon.is_direct_cue`) that governs the name's clause or stands
    as a parenthetical ("Clinton arrived late, he said"; "If Clinton wins, he said, …"; not
    "Clinton was popular -- by Election Day, he was …"), a pronoun outside the quotation
    that holds the name ("“Secretary Clinton has cooperated.” He also said"), or one inside
    a quotation of the name's own words ("Trump said. “She is a liar”")."""
    head = pronoun.head
    governs = head in span.root.ancestors or head.dep_ == "parataxis"
    if governs and is_direct_cue(lemma_of(head)):
        return True
    between = span.doc.text[span.end_char : pronoun.idx]
    if _quoted(span) and ("”" in between or '"' in between):
        return True
    # the name's own words, in a quotation still open at the pronoun: "Trump said Friday.
    # “She's a liar”" (no one speaks of himself as "she")
    cue = span.root.dep_ == "nsubj" and is_direct_cue(lemma_of(span.root.head))
    return cue and (between.count("“") > between.count("”") or between.count('"') % 2 == 1)


def _agent(span: Span) -> bool:
    """Whether a name is the doer after "by" ("a lawsuit filed by Clinton", "defamation by
    Clinton over her statements"): the subject of the passive or of the action noun."""
    by = span.root.head
    return span.root.dep_ == "pobj" and by.lower_ == "by" and by.dep_ in ("agent", "prep")


def pronoun_gender(span: Span) -> str | None:
    """The gender of the pronoun that takes up a name as subject, before any other name or
    singular noun for a person: in its sentence ("Clinton said she would", "Obama and his
    aides"; not "Clinton will work with the Vermont senator and his supporters", nor the
    speaker of "If Clinton wins, he said"), else as the first subject of the next sentence
    ("Clinton spoke on Monday. She said …"; not "“We will,” he said", nor after a name
    quoted: "said: “Secretary Clinton has cooperated.” He also said", the speaker). A name
    as agent (`_agent`) is taken up by a possessive in its sentence only ("defamation by
    Clinton over her statements"; not the "he" of "Obama was praised by Clinton, and he
    thanked them"). The name's own title taken up as a noun is the name ("President Obama
    is campaigning. The president told them he …")."""
    agent = span.root.dep_ not in ("nsubj", "nsubjpass")
    if agent and not _agent(span):
        return None
    doc = span.doc
    title = title_role_before(span)
    index = parsed(doc)
    sent_end = index.sentence(span.start)[1]
    following = index.sentence(sent_end)[1] if sent_end < len(doc) else sent_end
    people = index.person_words
    for tok in doc[span.end : following]:
        if tok.ent_type_ == "PERSON" or (
            tok.pos_ == "PROPN" and (not tok.ent_type_ or tok.text in people)
        ):
            return None  # another name that may be a person's ("Monday" is none)
        if tok.tag_ == "NN" and title is not None and title_role(tok.text) == title:
            continue  # the name's own title: the name taken up
        if tok.tag_ == "NN" and (tok.lower_ in PERSON_NOUNS or tok.lower_ in ROLE_NOUNS):
            return None  # another person a pronoun may take up ("the senator … his")
        later = tok.i >= sent_end
        deps = ("nsubj", "nsubjpass") if later else ("nsubj", "nsubjpass", "poss")
        if tok.lower_ in PRONOUN_GENDER and tok.dep_ in deps:
            if _speaker(span, tok) or (agent and (later or tok.dep_ != "poss")):
                return None  # an agent's pronoun is a possessive in its sentence
            return PRONOUN_GENDER[tok.lower_]
        if later and tok.dep_ in deps and tok.tag_ not in ("WP", "WDT"):
            return None  # the next sentence's subject is someone or something else
    return None


def _noun_gender(span: Span) -> str | None:
    """The gender a noun for a person right before a name says ("his wife, Melania Trump",
    "daughter Ivanka Trump")."""
    i = span.start - 1
    if i >= 0 and span.doc[i].text == ",":
        i -= 1
    return PERSON_NOUNS.get(span.doc[i].lower_) if i >= 0 else None


def person_gender(spans: list[Span]) -> str | None:
    """A named person's gender: a title or a noun for a person before a full mention, else
    the first name where one gender holds it ten times as often (US Census), else a
    pronoun taking a full mention up (a "he" in the next sentence may be someone else:
    "… that Hillary Clinton is hiding health problems. He showed a video")."""
    full = [s for s in spans if words(s) >= 2]
    for span in spans:
        noun = _noun_gender(span) if words(span) >= 2 else None
        if (gender := title_gender_before(span) or noun) is not None:
            return gender
    if (gender := gender_of_first_name(spans[0][0].text)) is not None:
        return gender
    for span in full:
        if (gender := pronoun_gender(span)) is not None:
            return gender
    return None


def offices(spans: list[Span]) -> set[str]:
    """The offices capitalised titles give a person before a full mention, back over the
    title phrase ("former President Bill Clinton", "Secretary of State Hillary Clinton" →
    president, secretary), "first lady", and a past presidency named after them ("veterans
    of George W. Bush's White House had"); news style writes a formal title before a name
    capitalised and a job that describes in lower case ("presidential candidate")."""
    found = set()
    for span in spans:
        if words(span) < 2:
            continue
        if of_a_presidency(span):  # "who worked in George W. Bush's White House"
            found.add("president")
        doc = span.doc
        sent_start = parsed(doc).sentence(span.start)[0]
        for tok in reversed(doc[max(sent_start, span.start - _ROLE_REACH) : span.start]):
            if tok.lower_ == "lady" and tok.i > 0 and doc[tok.i - 1].lower_ == "first":
                found.add("first lady")  # the office a president's spouse holds
                break
            if not (tok.text[:1].isupper() or tok.lower_ in ("of", "former")):
                break  # a lower-case job ("presidential candidate") describes, not titles
            if (role := title_role(tok.text)) is not None:
                found.add(office(role))
    return found


def office(role: str) -> str:
    """The office a title names, elected or held ("President-elect" → president)."""
    return role.removesuffix("-elect")


def relative(spans: list[Span]) -> bool:
    """Whether the article introduces the person as someone's relative: a family noun after
    a possessive (adjectives between) right before a full mention, or its title ("his wife,
    Michelle Obama", "the candidate's glamorous wife Melania Trump", "his wife First Lady
    Michelle Obama"), or in the apposition after it ("Ivanka Trump, the nominee's eldest
    daughter")."""
    for span in spans:
        doc = span.doc
        i = span.start - 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        while i >= 0 and doc[i].text[:1].isupper() and _title_word(doc[i].text):
            i -= 1  # "wife First Lady Michelle Obama"
        if i >= 1 and doc[i].lower_ in FAMILY_NOUNS and _possessed(doc, i):
            return True
        after = doc[span.end : span.end + 8]
        if len(after) > 1 and after[0].text == "," and after[1].lower_ == "the":
            for tok in after[2:]:
                if tok.lower_ in FAMILY_NOUNS:
                    return _possessed(doc, tok.i)
                if tok.is_punct:
                    break
    return False


def _title_word(word: str) -> bool:
    return title_role(word) is not None or word.lower() in ("first", "lady")


def _possessed(doc: Doc, i: int) -> bool:
    """Whether the family noun at token i follows a possessive, adjectives between ("his
    wife", "the nominee's eldest daughter")."""
    i -= 1
    while i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    return i >= 0 and doc[i].tag_ in _POSSESSIVE


def words(span: Span) -> int:
    return len(span.text.split())
