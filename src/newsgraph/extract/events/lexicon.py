"""Event types and their trigger lexicon: which words (verbs, event nouns, fixed phrases)
start an event of which type.

- meet: meet, confer, host (a person or group); "hold talks", "sit down with";
  nouns meeting, talks, summit.
- travel: travel, visit, arrive, tour; fly, land, head, return (with to/in/at);
  nouns visit, trip, arrival.
- call: phone, telephone, call (a person: not "called for", "called it"); "speak by phone";
  noun "phone call".
- statement: say, tell, announce, state, declare, claim, add, warn, insist, confirm, deny,
  admit, report, write, explain — and every quote (see extract/quotes.py).
- agreement: sign, agree, ratify; reach/strike a deal (agreement, accord, ceasefire …).
- order: order, direct, instruct, command.
- attack: attack, bomb, shoot, stab, raid, ambush, assault, shell, behead, ram; strike a
  place or a target ("Taliban strike German Consulate", "struck at the consulate", not
  "struck a penalty" or "struck a balance");
  nouns attack, bombing, shooting, stabbing, raid, airstrike, assault, ambush, blast, explosion.
- arrest: arrest, detain, jail, imprison, apprehend; nouns arrest, detention.
- death_injury: kill, die, injure, wound, murder, hurt, drown; nouns death, killing, injury;
  the adjective "dead" said of someone ("five people are dead", "found dead", "Seven dead").
- election: elect, re-elect, vote; win an election/vote/race/seat/…; nouns election, referendum.
- withdrawal: withdraw, pull out; reduce/cut troops/forces/presence; nouns withdrawal,
  pullout, drawdown.
- accident: crash, derail, collide, overturn, capsize; nouns crash, derailment, collision.
- other: the main-clause verb of a sentence with a subject (subject–verb–object), so that
  every article has a "what happened"; never a reporting or light verb (be, have, seem …).

Verbs count in any form (finite, participle, gerund); nouns only as the head of a noun
phrase. The table is the documentation: the sets below are its source.
"""

from __future__ import annotations

from spacy import symbols
from spacy.tokens import Token

from newsgraph.nlp import lemma_of

VERBS: dict[str, str] = {
    **dict.fromkeys(["meet", "confer", "host"], "meet"),
    **dict.fromkeys(
        ["travel", "visit", "arrive", "fly", "land", "tour", "head", "return"], "travel"
    ),
    **dict.fromkeys(["phone", "telephone", "call"], "call"),
    **dict.fromkeys(
        [
            "say",
            "tell",
            "announce",
            "state",
            "declare",
            "claim",
            "add",
            "warn",
            "insist",
            "confirm",
            "deny",
            "admit",
            "report",
            "write",
            "explain",
        ],
        "statement",
    ),
    **dict.fromkeys(["sign", "agree", "ratify"], "agreement"),
    **dict.fromkeys(["order", "direct", "instruct", "command"], "order"),
    **dict.fromkeys(
        ["attack", "bomb", "shoot", "stab", "raid", "ambush", "assault", "shell", "behead", "ram"],
        "attack",
    ),
    **dict.fromkeys(["arrest", "detain", "jail", "imprison", "apprehend"], "arrest"),
    **dict.fromkeys(["kill", "die", "injure", "wound", "murder", "hurt", "drown"], "death_injury"),
    **dict.fromkeys(["elect", "re-elect", "reelect", "vote"], "election"),
    **dict.fromkeys(["withdraw"], "withdrawal"),
    **dict.fromkeys(["crash", "derail", "collide", "overturn", "capsize"], "accident"),
}

NOUNS: dict[str, str] = {
    **dict.fromkeys(["meeting", "talks", "summit"], "meet"),
    **dict.fromkeys(["visit", "trip", "arrival"], "travel"),
    **dict.fromkeys(
        [
            "attack",
            "bombing",
            "shooting",
            "stabbing",
            "raid",
            "airstrike",
            "assault",
            "ambush",
            "blast",
            "explosion",
        ],
        "attack",
    ),
    **dict.fromkeys(["arrest", "detention"], "arrest"),
    **dict.fromkeys(["death", "killing", "murder", "injury"], "death_injury"),
    **dict.fromkeys(["election", "referendum", "re-election", "reelection"], "election"),
    **dict.fromkeys(["withdrawal", "pullout", "drawdown"], "withdrawal"),
    **dict.fromkeys(["crash", "derailment", "collision"], "accident"),
}

# Verbs that only make an event of a type with a matching object ("win the election",
# "reach a deal", "hold talks", "reduce troops").
OBJECT_VERBS: dict[str, tuple[frozenset[str], str]] = {
    "win": (
        frozenset(
            {
                "election",
                "vote",
                "race",
                "seat",
                "presidency",
                "primary",
                "nomination",
                "referendum",
                "majority",
                "poll",
                "ballot",
            }
        ),
        "election",
    ),
    "reach": (
        frozenset(
            {"deal", "agreement", "accord", "settlement", "compromise", "ceasefire", "truce"}
        ),
        "agreement",
    ),
    "strike": (frozenset({"deal", "agreement", "accord"}), "agreement"),
    "hold": (frozenset({"talks", "meeting", "meetings", "summit"}), "meet"),
    "reduce": (
        frozenset({"troop", "troops", "force", "forces", "soldier", "soldiers", "presence"}),
        "withdrawal",
    ),
    "cut": (frozenset({"troop", "troops", "force", "forces", "soldier", "soldiers"}), "withdrawal"),
}

# Common nouns a meeting can be with ("met the president"); plural nouns always can.
PARTY_NOUNS = frozenset(
    {
        "president",
        "minister",
        "leader",
        "king",
        "queen",
        "pope",
        "chief",
        "delegation",
        "team",
        "family",
        "ambassador",
        "envoy",
        "official",
        "counterpart",
        "chancellor",
        "premier",
        "governor",
        "mayor",
        "board",
    }
)
# Reporting verbs never make an `other` event; they make statements (with a clause or quote).
REPORTING = frozenset(t for t, kind in VERBS.items() if kind == "statement")
# Main verbs too light to stand for "what happened" on their own.
LIGHT = frozenset({"be", "have", "do", "seem", "appear", "become", "get", "remain", "let"})
TRAVEL_PREPS = frozenset({"to", "in", "into", "at"})
# What a strike is an attack on, besides a named place or organisation.
TARGETS = frozenset(
    "consulate embassy base airbase convoy city town village camp checkpoint compound hospital "
    "school market mosque church building headquarters station airport port target targets "
    "position positions outpost barracks depot".split()
)


def _struck_target(token: Token) -> bool:
    """Whether "strike" has a place or a target as its object ("Taliban strike German
    Consulate", "insurgents struck at the consulate")."""
    found = [c for c in token.children if c.dep_ in ("dobj", "obj")]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("at", "on"):
            found += [g for g in prep.children if g.dep_ == "pobj"]
    return any(
        o.ent_type_ in ("GPE", "FAC", "LOC", "ORG") or lemma_of(o).lower() in TARGETS
        for o in found
    )


def _object_words(token: Token) -> set[str]:
    words: set[str] = set()
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "attr", "nsubjpass"):
            words.add(child.lower_)
            words.update(c.lower_ for c in child.children if c.dep_ in ("compound", "amod"))
        elif child.dep_ == "prep" and child.lower_ in ("in", "to"):
            words.update(g.lower_ for g in child.children if g.dep_ == "pobj")
    return words


def _is_phone_call(token: Token) -> bool:
    """ "called X" (not "called for", "called it a …", "a man called X")."""
    if token.dep_ in ("acl", "amod") or (token.tag_ == "VBN" and token.dep_ != "ROOT"):
        return False
    kids = {c.dep_ for c in token.children}
    if kids & {"oprd", "xcomp", "ccomp", "prt"}:
        return False
    return not any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in token.children)


def _party(token: Token) -> bool:
    """Whether a noun can be met: a person, group or place's people, a pronoun, a role."""
    if token.lower_ in ("other", "another"):  # "met each other"
        return True
    if token.pos_ in ("PRON", "PROPN") or token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if lemma_of(token).lower() in PARTY_NOUNS:
        return True
    return any(c.ent_type_ in ("ORG", "NORP", "GPE") for c in token.lefts)


def _verb_type(token: Token) -> str | None:
    lemma = lemma_of(token).lower()
    if lemma == "strike" and _struck_target(token):
        return "attack"
    if lemma in OBJECT_VERBS:
        objects, object_kind = OBJECT_VERBS[lemma]
        return object_kind if _object_words(token) & objects else None
    if lemma == "pull" and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return "withdrawal"
    if lemma == "sit" and any(c.lower_ == "down" for c in token.children):
        return "meet" if any(c.lower_ == "with" for c in token.children) else None
    kind = VERBS.get(lemma)
    if kind == "call":
        if lemma == "call" and not _is_phone_call(token):
            return None
    elif kind == "travel" and lemma in ("head", "return", "land", "fly"):
        preps = {c.lower_ for c in token.children if c.dep_ == "prep"}
        return kind if preps & TRAVEL_PREPS else None
    elif kind == "meet" and lemma == "meet":
        met = [c for c in token.children if c.dep_ in ("dobj", "obj")]
        return kind if not met or any(_party(o) for o in met) else None
    elif kind == "meet" and lemma == "host":
        return (
            kind
            if any(
                c.dep_ == "dobj" and c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                for c in token.children
            )
            else None
        )
    return kind


# The parts of speech a trigger has (`trigger_type`): a pass over a sentence skips the rest.
TRIGGER_POS = frozenset({symbols.VERB, symbols.NOUN, symbols.ADJ})


def trigger_type(token: Token) -> str | None:
    """The event type a token triggers, or None."""
    if token.pos_ == "VERB":
        if lemma_of(token).lower() == "speak":
            return (
                "call" if any(c.lower_ in ("phone", "telephone") for c in token.subtree) else None
            )
        return _verb_type(token)
    if token.pos_ == "ADJ" and token.lower_ == "dead":  # "five people are dead", "Seven dead"
        predicative = token.dep_ in ("acomp", "oprd")
        return "death_injury" if predicative or token.head.like_num else None
    if token.pos_ == "NOUN":
        lemma = lemma_of(token).lower()
        if token.dep_ == "ROOT" and token.tag_ == "NNS" and lemma in VERBS:
            return VERBS[lemma]  # a headline's verb tagged as a plural noun ("Trump lands in")
        if lemma == "call":
            return (
                "call" if any(c.lower_ in ("phone", "telephone") for c in token.children) else None
            )
        return NOUNS.get(lemma) or NOUNS.get(token.lower_)
    return None


def trigger_tokens(token: Token) -> list[Token]:
    """The words of a trigger: the verb or noun with its particle, "with" after a meeting
    verb, and the object of a verb that needs one ("held talks", "reached a deal")."""
    words = [token]
    for child in token.children:
        if child.dep_ == "prt" and child.i == token.i + 1:
            words.append(child)
    lemma = lemma_of(token).lower()
    if lemma in OBJECT_VERBS and _object_words(token) & OBJECT_VERBS[lemma][0]:
        words += [c for c in token.children if c.dep_ in ("dobj", "obj") and c.i - token.i <= 3]
    last = max(w.i for w in words)
    nxt = token.doc[last + 1] if last + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ in ("with", "between") and nxt.head.i == token.i:
        words.append(nxt)
    first, last = min(w.i for w in words), max(w.i for w in words)
    return list(token.doc[first : last + 1])
