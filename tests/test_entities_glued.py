"""Names that page residue or a group's name ran together with a person's
(extract/entities/glued.py), and a company named without its legal form."""

from __future__ import annotations

from newsgraph.extract.entities.extractor import _fix_types
from newsgraph.nlp import get_nlp
from tests.read_entities import by_name, entities


def test_a_caption_run_into_a_paragraph_is_no_person() -> None:
    found = entities(
        "Equifax said hackers took data on 400,000 UK consumers.\n\n"
        "Equifax Equifax holds data on 800 million individuals.\n\nEquifax apologised."
    )
    assert "Equifax Equifax" not in {e.name for e in found}
    assert len(by_name(found, "Equifax").mentions) == 4
    found = entities(
        "Photo: Reuters Equifax holds data on millions of people. Equifax said on Thursday "
        "it was hacked, Reuters reported. Equifax shares fell."
    )
    assert {e.name: e.type for e in found} == {"Reuters": "ORG", "Equifax": "ORG"}


def test_a_credit_before_a_name_is_no_part_of_it() -> None:
    found = entities(
        "Equifax said hackers took data. Equifax shares fell.\n"
        "Reuters Equifax claimed it had no knowledge of the intrusion."
    )
    assert {e.name: e.type for e in found}.get("Equifax") == "ORG"
    assert "Reuters Equifax" not in {e.name for e in found}


def test_a_company_named_without_its_legal_form_is_the_company() -> None:
    doc = get_nlp()("Hackers broke into Equifax Inc. on Monday. Equifax said it was sorry.")
    cands = [(doc[3:5], "ORG"), (doc[8:9], "PERSON")]  # the model's guess on a lone use
    assert [label for _span, label in _fix_types(cands)] == ["ORG", "ORG"]


def test_a_group_written_before_a_name_is_a_name_of_its_own() -> None:
    text = "The all-party group, including Tories Ken Clarke and Sir George Young, said no."
    found = entities(text)
    assert [m.start for m in by_name(found, "Tories").mentions] == [text.index("Tories")]
    assert by_name(found, "Tories").type == "NORP"
    assert by_name(found, "Ken Clarke").mentions[0].text == "Ken Clarke"


def test_an_untagged_acronym_opening_a_longer_name_is_a_mention() -> None:
    text = "The NUJ said no, said Jeremy Dear, NUJ General Secretary."
    nuj = by_name(entities(text), "NUJ")
    assert [m.start for m in nuj.mentions] == [text.index("NUJ"), text.index("NUJ General")]
