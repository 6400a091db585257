"""Lexicon of titles and role nouns (no spaCy import: tokenizer and resolvers share it).

TITLES maps a title as written before a name (lower case, without the final dot) to the role
noun it stands for and the gender it implies, if any. ROLE_NOUNS are heads of role phrases
("the Chairman of …", "a spokesperson for …"); ROLE_GENDER the gender some of them imply.
"""

from __future__ import annotations

TITLES: dict[str, tuple[str, str | None]] = {
    "gen": ("general", None),
    "general": ("general", None),
    "lt": ("lieutenant", None),
    "lieutenant": ("lieutenant", None),
    "col": ("colonel", None),
    "colonel": ("colonel", None),
    "maj": ("major", None),
    "major": ("major", None),
    "capt": ("captain", None),
    "captain": ("captain", None),
    "cmdr": ("commander", None),
    "cdr": ("commander", None),
    "commander": ("commander", None),
    "adm": ("admiral", None),
    "admiral": ("admiral", None),
    "sgt": ("sergeant", None),
    "sergeant": ("sergeant", None),
    "cpl": ("corporal", None),
    "corporal": ("corporal", None),
    "pvt": ("private", None),
    "brig": ("brigadier", None),
    "brigadier": ("brigadier", None),
    "marshal": ("marshal", None),
    "sen": ("senator", None),
    "senator": ("senator", None),
    "rep": ("representative", None),
    "gov": ("governor", None),
    "governor": ("governor", None),
    "amb": ("ambassador", None),
    "ambassador": ("ambassador", None),
    "dr": ("doctor", None),
    "prof": ("professor", None),
    "professor": ("professor", None),
    "rev": ("reverend", None),
    "reverend": ("reverend", None),
    "fr": ("father", "male"),
    "hon": ("honourable", None),
    "supt": ("superintendent", None),
    "insp": ("inspector", None),
    "inspector": ("inspector", None),
    "det": ("detective", None),
    "detective": ("detective", None),
    "judge": ("judge", None),
    "justice": ("justice", None),
    "mr": ("mr", "male"),
    "mrs": ("mrs", "female"),
    "ms": ("ms", "female"),
    "miss": ("miss", "female"),
    "sir": ("sir", "male"),
    "dame": ("dame", "female"),
    "lord": ("lord", "male"),
    "lady": ("lady", "female"),
    "king": ("king", "male"),
    "queen": ("queen", "female"),
    "prince": ("prince", "male"),
    "princess": ("princess", "female"),
    "pope": ("pope", "male"),
    "sheikh": ("sheikh", "male"),
    "rabbi": ("rabbi", None),
    "imam": ("imam", None),
    "cardinal": ("cardinal", None),
    "bishop": ("bishop", None),
}

# Abbreviations the tokenizer must keep whole ("Cmdr." is one token, not a sentence end).
ABBREVIATIONS = (
    "Cmdr.",
    "Cdr.",
    "Lt.",
    "Col.",
    "Capt.",
    "Sgt.",
    "Maj.",
    "Brig.",
    "Cpl.",
    "Pvt.",
    "Supt.",
    "Insp.",
    "Det.",
    "Amb.",
    "Hon.",
    "Fr.",
    "Adm.",
    "Gen.",
    "Sen.",
    "Rep.",
    "Gov.",
    "Dr.",
    "Prof.",
    "Rev.",
    "Mr.",
    "Mrs.",
    "Ms.",
)

# Titles that say only how a person is addressed, not an office they hold.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "sir", "dame", "lord", "lady"})

ROLE_NOUNS = frozenset(
    """
president vice-president chairman chairwoman chair chairperson secretary minister
prime director chief ceo cfo coo executive spokesman spokeswoman spokesperson ambassador
senator governor mayor leader commander representative speaker king queen prince princess
chancellor judge attorney coach manager founder co-founder editor officer professor envoy
head deputy general admiral colonel captain lieutenant sergeant major premier emir sultan
pope bishop archbishop cardinal counsel adviser advisor aide negotiator diplomat
congressman congresswoman lawmaker mp councillor councilor commissioner inspector
superintendent detective constable sheriff prosecutor lawyer analyst economist researcher
scientist author actor actress singer star striker midfielder defender goalkeeper
captain boss owner chairman-elect president-elect candidate nominee justice official
""".split()
)

ROLE_GENDER: dict[str, str] = {
    "spokesman": "male",
    "spokeswoman": "female",
    "chairman": "male",
    "chairwoman": "female",
    "congressman": "male",
    "congresswoman": "female",
    "actress": "female",
    "king": "male",
    "queen": "female",
    "prince": "male",
    "princess": "female",
}

# Role nouns that name the same job ("the spokesman" refers to "a spokesperson for …").
ROLE_SYNONYMS: dict[str, str] = {
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "congressman": "representative",
    "congresswoman": "representative",
    "advisor": "adviser",
    "actress": "actor",
}


def title_key(word: str) -> str:
    """The TITLES key of a word as written ("Gen." → "gen")."""
    return word.lower().rstrip(".")


def role_class(noun: str) -> str:
    """A role noun's class, so synonyms compare equal ("spokesman" → "spokesperson")."""
    word = noun.lower()
    return ROLE_SYNONYMS.get(word, word)


def title_gender(word: str) -> str | None:
    """The gender a title as written says ("Mrs." → female), or None."""
    return TITLES.get(title_key(word), ("", None))[1]


def title_role(word: str) -> str | None:
    """The office a title or role noun before a name says, as a role class ("Sen." →
    senator, "President" → president); None for an honorific ("Mr.") or any other word."""
    key = title_key(word)
    role = TITLES[key][0] if key in TITLES else key if key in ROLE_NOUNS else ""
    return role_class(role) if role and role not in HONORIFICS else None


# Common nouns for people, with the gender they imply (None: either). Unnamed people of
# the text ("her husband", "the driver") compete with named ones for pronouns.
PERSON_NOUNS: dict[str, str | None] = {
    **{w: None for w in (
        "driver passenger victim friend neighbour neighbor colleague child teenager person "
        "resident witness officer spokesperson official worker student teacher doctor nurse "
        "patient suspect reporter journalist fan player partner relative cousin parent "
        "spouse owner customer pilot soldier manager coach leader member employee lawyer"
    ).split()},
    **{w: "male" for w in (
        "man boy husband father son brother grandfather uncle nephew boyfriend gentleman "
        "spokesman chairman king prince dad"
    ).split()},
    **{w: "female" for w in (
        "woman girl wife mother daughter sister grandmother aunt niece girlfriend lady "
        "spokeswoman chairwoman queen princess mum mom"
    ).split()},
}

# Nouns for relatives: after a possessive before a name they introduce someone's relative
# ("his wife, Michelle Obama"), whom news style names in full.
FAMILY_NOUNS = frozenset(
    "husband wife father mother son daughter brother sister grandfather grandmother uncle "
    "aunt nephew niece cousin spouse stepfather stepmother stepson stepdaughter".split()
)
