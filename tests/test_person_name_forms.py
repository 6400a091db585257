"""A person's name in other forms: its everyday short form ("Tim" for "Timothy"), mojibake
of it, and a compound surname standing alone ("Wasserman Schultz")."""

from __future__ import annotations

from newsgraph.text.person_names import PersonName, fold, person_name, same_person
from tests.linked_articles import article, corpus_id, write
from tests.read_entities import by_name, entities


def _name(text: str) -> PersonName:
    pn = person_name(text)
    assert pn is not None
    return pn


def test_a_short_form_of_the_given_name_is_the_same_person() -> None:
    assert same_person(_name("Tim Kaine"), _name("Sen. Timothy M. Kaine"))
    assert same_person(_name("Ted Kennedy"), _name("Edward M. Kennedy"))
    assert same_person(_name("Jen Palmieri"), _name("Jennifer Palmieri"))
    assert same_person(_name("Bill Clinton"), _name("Billy Clinton"))  # two forms of William
    assert not same_person(_name("Ron Paul"), _name("Rand Paul"))
    assert not same_person(_name("Christine Smith"), _name("Christopher Smith"))  # both "Chris"
    assert not same_person(_name("Ted Cruz"), _name("Heidi Cruz"))
    # names of their own that a broad nickname table relates ("Ian" a form of "John")
    for a, b in (("Ian", "John"), ("Fred", "Bill"), ("Rick", "Eric"), ("Joe", "Joshua")):
        assert not same_person(_name(f"{a} Smith"), _name(f"{b} Smith")), (a, b)


def test_mojibake_folds_as_the_name_it_garbles() -> None:
    assert fold("JuliÃ¡n Castro") == fold("Julián Castro") == "julian castro"
    twice = "JuliA\u0303\u0083A\u0302\u00a1n Castro"  # encoded twice, accents decomposed
    assert fold(twice) == "julian castro"
    assert fold("Benoît Hamon") == "benoit hamon"


def test_a_short_form_links_to_the_person_named_in_full_elsewhere(db_url: str) -> None:
    full = article("Veepstakes", "Sen. Timothy M. Kaine spoke in Richmond.",
                   [("Timothy M. Kaine", "PERSON", ["Timothy M. Kaine"])])  # fmt: skip
    short = article("Kaine speaks", "Tim Kaine told the crowd he was ready.",
                    [("Tim Kaine", "PERSON", ["Tim Kaine"])])  # fmt: skip
    twice = article("Castro", "JuliA\u0303\u0083A\u0302\u00a1n Castro spoke.",
                    [("JuliA\u0303\u0083A\u0302\u00a1n Castro", "PERSON",
                      ["JuliA\u0303\u0083A\u0302\u00a1n Castro"])])  # fmt: skip
    once = article("Castro again", "JuliÃ¡n Castro spoke again.",
                   [("JuliÃ¡n Castro", "PERSON", ["JuliÃ¡n Castro"])])  # fmt: skip
    store = write(db_url, [full, short, twice, once])
    assert corpus_id(store, "Tim Kaine") == corpus_id(store, "Timothy M. Kaine")
    assert corpus_id(store, "JuliÃ¡n Castro") == corpus_id(
        store, "JuliA\u0303\u0083A\u0302\u00a1n Castro"
    )
    store.close()


def test_a_compound_surname_alone_is_the_person_it_ends() -> None:
    text = (
        "Representative Debbie Wasserman Schultz of Florida appointed the committee. "
        "Critics asked how Ms. Wasserman Schultz had chosen its members."
    )
    found = entities(text)
    debbie = by_name(found, "Debbie Wasserman Schultz")
    assert text.rindex("Wasserman Schultz") in [
        m.end - len("Wasserman Schultz") for m in debbie.mentions
    ]
    assert not any(e.name == "Wasserman Schultz" for e in found)


def test_a_persons_name_the_model_typed_otherwise_links_to_the_person(db_url: str) -> None:
    bernie = article("Sanders rally", "Bernie Sanders spoke. Sanders waved.",
                     [("Bernie Sanders", "PERSON", ["Bernie Sanders", "Sanders"])])  # fmt: skip
    quoted = article("Tweet", "He wrote: “Sanders aide Jeff Weaver told me.”",
                     [("Sanders", "WORK_OF_ART", ["Sanders"])])  # fmt: skip
    lewis = article("March", "John Lewis marched. Lewis spoke.",
                    [("John Lewis", "PERSON", ["John Lewis", "Lewis"])])  # fmt: skip
    as_org = article("Retail", "John Lewis raised its sales.",
                     [("John Lewis", "ORG", ["John Lewis"])])  # fmt: skip
    as_work = article("Book", "He read “Tyrone Woods” again.",
                      [("Tyrone Woods", "WORK_OF_ART", ["Tyrone Woods"])])  # fmt: skip
    woods = article("Benghazi", "Tyrone Woods died in Benghazi. Woods was a SEAL.",
                    [("Tyrone Woods", "PERSON", ["Tyrone Woods", "Woods"])])  # fmt: skip
    walt = article("Walt", "Walt Disney drew. Disney smiled.",
                   [("Walt Disney", "PERSON", ["Walt Disney", "Disney"])])  # fmt: skip
    company = article("Studio", "Disney reported profits.", [("Disney", "ORG", ["Disney"])])
    cup = article("Tennis", "The Davis Cup began.", [("Davis Cup", "PERSON", ["Davis Cup"])])
    event = article("Final", "The Davis Cup final.", [("Davis Cup", "WORK_OF_ART", ["Davis Cup"])])
    arts = [bernie, quoted, lewis, as_org, woods, as_work, walt, company, cup, event]
    store = write(db_url, arts)
    rows = {r["article_id"]: r["corpus_entity"] for r in store.corpus_links()}
    assert rows[quoted.id] == rows[bernie.id] is not None
    assert rows[as_work.id] == rows[woods.id] is not None  # a full name typed a work
    assert rows[as_org.id] not in (None, rows[lewis.id])  # a company named after a person
    assert rows[company.id] not in (None, rows[walt.id])  # a one-word ORG: a company
    assert rows[event.id] not in (None, rows[cup.id])  # a "person" never called by surname
    assert store.corpus_entity(rows[bernie.id])["type"] == "PERSON"  # not retyped by the join
    store.close()


def test_a_name_glued_to_a_prefix_is_the_persons() -> None:
    text = (
        "Florida Sen. Marco Rubio rose in the polls. "
        "An increasing share of pro-Rubio messages are coming from his campaign."
    )
    rubio = by_name(entities(text), "Marco Rubio")
    assert text.index("Rubio messages") in [m.start for m in rubio.mentions]
    text = "Barack Obama spoke. Democrats face the post-Obama era."
    obama = by_name(entities(text), "Barack Obama")
    assert text.index("Obama era") in [m.start for m in obama.mentions]
