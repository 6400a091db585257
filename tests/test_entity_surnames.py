"""Whose a surname (or a first name) standing alone is, when the article names several people
who bear it: titles, gender, relatives, the evidence around each use (model-dependent)."""

from __future__ import annotations

import pytest

from newsgraph.model import Entity
from tests.read_entities import by_name, entities


def test_a_lone_surname_is_the_first_holder_unless_a_title_says_otherwise() -> None:
    text = (
        "Donald Trump arrived with his wife, Melania Trump, on Monday. "
        "Trump told reporters the trip went well. Mrs. Trump smiled."
    )
    found = entities(text)
    donald, melania = by_name(found, "Donald Trump"), by_name(found, "Melania Trump")
    assert [m.text for m in donald.mentions if m.kind != "pronoun"] == ["Donald Trump", "Trump"]
    assert text.rindex("Trump") in [m.start + len(m.text) - 5 for m in melania.mentions]


def test_a_lone_surname_after_a_title_goes_to_the_holder_given_that_title() -> None:
    text = (
        "Hillary Clinton campaigned in Ohio with former President Bill Clinton on Monday. "
        "Clinton said the economy would grow. Later, President Clinton told the crowd a story."
    )
    found = entities(text)
    hillary, bill = by_name(found, "Hillary Clinton"), by_name(found, "Bill Clinton")
    last = text.rindex("Clinton")
    assert last in [m.start for m in bill.mentions]  # "President Clinton": the president
    # right after both are named in full, a bare "Clinton" with no evidence is neither's
    said = text.index("Clinton said")
    assert said not in [m.start for m in [*hillary.mentions, *bill.mentions]]


def test_a_lone_surname_goes_to_the_holder_of_the_gender_the_text_gives() -> None:
    # "his daughter, Ivanka Trump": a woman, though the census knows no "Ivanka"
    text = (
        "His daughter, Ivanka Trump, arrived first. Donald Trump followed her. "
        "Trump said he was tired."
    )
    found = entities(text)
    assert text.rindex("Trump") in [m.start for m in by_name(found, "Donald Trump").mentions]
    # the pronoun that takes the name up as the next sentence's subject
    text = "Sasha Obama and Barack Obama arrived. Obama spoke at length on Monday. He said so."
    found = entities(text)
    assert text.index("Obama spoke") in [m.start for m in by_name(found, "Barack Obama").mentions]


def _uses(entity: Entity, word: str) -> list[int]:
    return [m.start + len(m.text) - len(word) for m in entity.mentions if m.text.endswith(word)]


def test_a_surname_whose_evidence_contradicts_the_full_named_holder_is_someone_else() -> None:
    # the Washington Post's report of 10 Nov 2016: Barack Obama is only ever "President
    # Obama" or "Obama"; Michelle Obama is named in full, as the first lady
    text = (
        "Trump meets with Obama at the White House.\n\n"
        "President Obama said he was very encouraged after meeting Donald Trump. "
        "Melania Trump met separately with Michelle Obama. "
        "Trump said he expects to work closely with Obama. "
        "At the White House, first lady Michelle Obama and Melania Trump met for tea. "
        "It is something President Obama has thought about extensively."
    )
    found = entities(text)
    michelle, obama = by_name(found, "Michelle Obama"), by_name(found, "Obama")
    assert [m.text for m in michelle.mentions if m.kind != "pronoun"] == ["Michelle Obama"] * 2
    bare = [i for i in range(len(text)) if text.startswith("Obama", i)]
    assert set(bare) - set(_uses(michelle, "Obama")) <= set(_uses(obama, "Obama"))
    assert len(_uses(obama, "Obama")) == 4


def test_a_surname_names_no_one_the_article_introduces_as_a_relative() -> None:
    text = (
        "Clinton campaigned in Iowa on Monday. Her husband, Bill Clinton, spoke in Ohio. "
        "Clinton's campaign raised more money than expected."
    )
    bill = by_name(entities(text), "Bill Clinton")
    assert _uses(bill, "Clinton") == [text.index("Bill Clinton") + 5]
    # … but a title that fits the relative names them ("Mrs. Trump": his wife)
    text = (
        "Donald Trump arrived with his wife, Melania Trump, on Monday. Mrs. Trump smiled."
    )
    melania = by_name(entities(text), "Melania Trump")
    assert text.rindex("Trump") in _uses(melania, "Trump")


JEB = (
    "Former Florida Gov. Jeb Bush spoke in Iowa on Monday. "
    "Bush said former President Bush, his brother, would campaign for him."
)
CLINTONS = (
    "Hillary Clinton and Bill Clinton arrived in Ohio on Monday. "
    "Supporters said Secretary Clinton spoke first."
)
SURNAME_USES = {  # text, the person named in full, the use (its first place), whether theirs
    "a lone surname is the full-named holder's": (JEB, "Jeb Bush", "Bush said", True),
    "an office the holder was never given is someone else's": (
        JEB, "Jeb Bush", "President Bush", False
    ),
    # "He" takes up the writer's subject, not "Hillary Clinton"
    "a first name says the gender before a pronoun of the next sentence": (
        "He showed a video of a gesture Mrs. Clinton was making to reporters. "
        "The host said that Hillary Clinton is hiding health problems. He showed it twice.",
        "Hillary Clinton",
        "Mrs. Clinton",
        True,
    ),
    "an office-elect is the office": (
        "President-elect Donald Trump met Barack Obama on Thursday. "
        "The effort to get ready for President Trump is not just inside the West Wing.",
        "Donald Trump",
        "President Trump",
        True,
    ),
    "a past presidency is the president's": (
        "Hillary Clinton and former President Bill Clinton spoke on Monday. "
        "Simmons, who worked in the Clinton White House, introduced them.",
        "Bill Clinton",
        "Clinton White House",
        True,
    ),
    "a past presidency named after a full name gives the office": (
        "Former Florida governor Jeb Bush lost the primary in February. The campaign enlisted "
        "two veterans of George W. Bush's White House, who drafted a speech. \"It's total "
        "amateur hour,\" said a speechwriter who worked in the Bush White House.",
        "George W. Bush",
        "Bush White House",
        True,
    ),
    "a potential presidency is no evidence of the office": (
        "Hillary Clinton and former President Bill Clinton spoke on Monday. "
        "They met voters for an hour. "
        "Perez was in the running for a bigger job in a potential Clinton White House.",
        "Hillary Clinton",
        "Clinton White House",
        True,
    ),
    "a hypothetical presidency is no evidence of the office": (
        "Hillary Clinton and former President Bill Clinton spoke on Monday. "
        "They met voters for an hour. "
        "Critics asked what the foundation would do during a Clinton presidency.",
        "Hillary Clinton",
        "Clinton presidency",
        True,
    ),
    # a pronoun is evidence of a name's gender only where it can take the name up
    "a pronoun after another singular person noun is no evidence": (
        "Hillary Clinton spoke in Ohio on Monday. Bill Clinton spoke in Iowa. "
        "They met voters for an hour. "
        "Cummings said Clinton did not appear concerned about working with the Vermont "
        "senator to ensure that his supporters will rally behind her.",
        "Hillary Clinton",
        "Clinton did",
        True,
    ),
    "a pronoun after a word the article names a person by is no evidence": (
        "Hillary Clinton and Bill Clinton spoke on Monday. They met voters for an hour. "
        "Clinton has been mocked by Trump already as an overly prepared debater, in "
        "contrast to his own style. Donald Trump laughed.",  # the model: "Trump" an ORG
        "Hillary Clinton",
        "Clinton has",
        True,
    ),
    "the speaker a quotation is told by is no evidence": (
        "Hillary Clinton spoke in Ohio on Monday. Bill Clinton spoke in Iowa. "
        "They met voters for an hour. "
        "Podesta said Clinton was committed to a 50-state strategy. "
        "“We have a commitment to running a campaign in all 50 states,” he said.",
        "Hillary Clinton",
        "Clinton was",
        True,
    ),
    "the speaker of a parenthetical is no evidence": (
        "Hillary Clinton spoke in Ohio on Monday. Bill Clinton spoke in Iowa. "
        "They met voters for an hour. "
        "If Clinton is elected, he said, the country will suffer.",
        "Hillary Clinton",
        "Clinton is",
        True,
    ),
    "a pronoun subject of a clause that governs the name, not a reporting verb, counts": (
        "Hillary Clinton's success will be tied to President Obama. In 2000, Al Gore "
        "distanced himself from then-president Bill Clinton. This was trickier, though, "
        "because Clinton had a high approval rating -- by Election Day, he was at 66 percent.",
        "Bill Clinton",
        "Clinton had",
        True,
    ),
    "the name's own title taken up as the next subject is the name": (
        "With leaders worried about Hillary Clinton, President Obama is campaigning this "
        "week. The president told supporters on Saturday he would take it as an insult if "
        "they stayed home. "
        "Michelle Obama spoke in Virginia on Sunday.",
        "Michelle Obama",
        "President Obama",
        False,
    ),
    "an office after an indefinite article is hypothetical": (
        "Former Secretary of State Hillary Clinton and former President Bill Clinton spoke "
        "in Iowa. They met voters for an hour. "
        "Democrats mourned what could have been under a President Clinton.",
        "Hillary Clinton",
        "President Clinton",
        True,
    ),
    # two holders: a bare name right after the other one is named in full needs evidence
    "a bare name just after another holder's full name is not the first holder's": (
        "Bill Clinton spoke in Nashua on Monday. On Sunday, Hillary Clinton rebuffed a "
        "heckler. Clinton told the woman she was rude.",
        "Bill Clinton",
        "Clinton told",
        False,
    ),
    "nor the other holder's": (
        "Bill Clinton spoke in Nashua on Monday. On Sunday, Hillary Clinton rebuffed a "
        "heckler. Clinton told the woman she was rude.",
        "Hillary Clinton",
        "Clinton told",
        False,
    ),
    "a relative named just before takes no bare name (possessive, adjective)": (
        "Donald Trump spoke in Ohio on Monday. The candidate's glamorous wife Melania Trump "
        "gave a speech as the Trump team sought to recover.",
        "Donald Trump",
        "Trump team",
        True,
    ),
    "a relative named just before takes no bare name (apposition)": (
        "Donald Trump spoke in Ohio on Monday. Ivanka Trump, the nominee's eldest daughter, "
        "noted the rule. Trump told reporters the plan was ready.",
        "Donald Trump",
        "Trump told",
        True,
    ),
    "a bare name saying whose staff someone is, of two holders, is neither's": (
        "Former Florida Gov. Jeb Bush spoke in Iowa on Monday. The CIA used waterboarding "
        "under President George W. Bush. Voters met him for an hour. Cruz said it was no "
        "torture, relying on Bush lawyer John Yoo's definition of the term.",
        "Jeb Bush",
        "Bush lawyer",
        False,
    ),
    "a headline's bare name before two holders are named is neither's": (
        "Clinton hints at a role for her husband\n\nIn a year when Bill Clinton's record "
        "faced scrutiny, Hillary Clinton is shaping his role.",
        "Bill Clinton",
        "Clinton hints",
        False,
    ),
    "an office neither of two holders was given decides nothing (one)": (
        CLINTONS, "Hillary Clinton", "Secretary Clinton", False
    ),
    "an office neither of two holders was given decides nothing (other)": (
        CLINTONS, "Bill Clinton", "Secretary Clinton", False
    ),
    # the quoted "she" is Clinton, of whom Trump speaks: no evidence of Trump's gender
    "a pronoun in the name's own quoted words says nothing of its gender": (
        "Donald Trump spoke in Ohio with his son, Eric Trump. Eric Trump praised Hillary "
        'Clinton\'s rivals. "Remember when she said she was poor?" Trump said Friday. '
        '"She is a liar," he added.',
        "Donald Trump",
        "Trump said",
        True,
    ),
    "a pronoun after the quotation has closed is the speaker's": (
        "Bill Clinton toured Ohio with his wife, Hillary Clinton. Clinton said "
        '"we will win." She then left for Iowa.',
        "Hillary Clinton",
        "Clinton said",
        True,
    ),
    "the agent after 'by' is taken up by a possessive like a subject": (
        "Patricia Smith sued Hillary Clinton on Monday. Her lawyer has long targeted the "
        "administration of President Bill Clinton in the 1990s. The lawsuit also alleges "
        "defamation by Clinton over her public statements.",
        "Hillary Clinton",
        "by Clinton",
        True,
    ),
    "the agent after 'by' is not the subject pronoun of the next clause": (
        "Hillary Clinton toured Ohio with her husband, Bill Clinton. Barack Obama was "
        "praised by Clinton in Toledo, and he thanked the crowd.",
        "Bill Clinton",
        "by Clinton",
        False,
    ),
}


def test_a_surname_kept_apart_by_a_pronoun_has_its_gender() -> None:
    # a voter quoted on Bill Clinton's wife, whom the article never names in full
    text = (
        "Voters speak up\n\nParker Eaton, who voted for JFK and Bill Clinton, said there is "
        "only one choice.\n\n\"I understand Clinton has already got millions of dollars from "
        "China. So who in the hell does she owe favors to?\""
    )
    found = entities(text)
    assert _uses(by_name(found, "Bill Clinton"), "Clinton") == [text.index("Bill") + 5]
    assert by_name(found, "Clinton").gender == "female"


@pytest.mark.parametrize(
    ("text", "person", "use", "theirs"), list(SURNAME_USES.values()), ids=list(SURNAME_USES)
)
def test_whose_a_lone_surname_is(text: str, person: str, use: str, theirs: bool) -> None:
    word = person.split()[-1]
    at = text.index(use) + use.index(word)
    assert (at in _uses(by_name(entities(text), person), word)) is theirs
