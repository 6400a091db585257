"""Accuracy gate: corpus entities on the gold of eval/data/entities_gold.jsonl (eval/entities.py),
floors a little below the measured figures, on the tune half, the held-apart test half and the
whole; the linker must beat today's name key on each.

    .venv/bin/python eval/entities.py --half test     # prints these figures and the baselines
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import CORPUS
from tests.eval_scripts import eval_script

# half → B-cubed F1 floors (all, PERSON, ORG+GPE), found-mention B-cubed F1, confusable pairs
# apart, most unlinked mentions. Measured 2026-12-07 (aliases the text defines, legal forms,
# groups the model typed as persons, the only holder called by a single name alone, gender
# from nouns and the next sentence's pronoun; the gold span itself wins over a name inside it;
# a lone surname whose gender or office fits no full-named holder, or only a relative, is
# someone else, whom the linker finds by the corpus's roles over time; then parties' other
# names, "the Obama White House" split, names run into the words before them, offices and
# pronouns among namesakes; then a pronoun's gender only where it can take the name up, full
# names without middle initials of two people unlinked, full names recalled below the
# headline, names a slash joins split, past presidencies named after a full name, a "person"
# with a country's name linked as the country; then a bare surname of two holders needing
# evidence near the other's full name, as staff, in a headline, or given both their offices,
# and a bare name the article names no holder of dominating all the others together; then
# a pronoun stopped by a word the article names a person by, names inside a state's branch
# of a party and after a name of another kind), on the gold with 161 tune-half mentions of
# the Bushes and Clintons added (main on it: tune 0.969, 19 of 21 apart); then names page
# residue ran together cut apart ("Equifax Equifax", "Reuters Equifax"), a company named
# without its legal form, the group before a person's name, and untagged acronyms opening
# a longer name (i13n):
#   tune: 0.976 0.974 0.978 | found 0.992 | 21 of 21 apart | 20 unlinked of 1,476
#   test: 0.925 0.935 0.911 | found 0.962 | 18 of 20 apart | 48 unlinked of 1,689
#   all:  0.944 0.950 0.936 | found 0.973 | 20 of 23 apart | 74 unlinked of 3,165
# Then 496 tune-half mentions of 15 more articles and 15 pairs added to the gold (main 44f6ab9
# on it: tune 0.962 0.959 0.967 | found 0.983 | 34 of 36 apart | 49 unlinked of 1,972), and
# headline names cut at the story's names, epithets ("Crooked Hillary"), a pronoun in the
# name's own quoted words and the agent after "by" (i13d), with i13n's changes:
#   tune: 0.969 0.968 0.971 | found 0.986 | 34 of 36 apart | 45 unlinked of 1,972
#   test: 0.926 0.936 0.911 | found 0.962 | 18 of 20 apart | 48 unlinked of 1,689
#   all:  0.945 0.949 0.937 | found 0.972 | 33 of 38 apart | 99 unlinked of 3,661
# Then 227 tune-half mentions of 10 articles drawn at random and 6 pairs added to the gold
# (main 4a3b72b on it: tune 0.963 0.967 0.958 | 40 of 42 apart | 77 unlinked of 2,199), and
# "Korea" the country its article names, parties' and the Fed's other names, a one-word
# "person" that names a place, names the model types as works, laws or events, an
# organisation's acronym that is a country's name, acronyms with small letters (i13o):
#   tune: 0.966 0.967 0.965 | found 0.988 | 40 of 42 apart | 77 unlinked of 2,199
#   test: 0.928 0.936 0.916 | found 0.964 | 18 of 20 apart | 48 unlinked of 1,689
#   all:  0.945 0.949 0.940 | found 0.974 | 40 of 44 apart | 131 unlinked of 3,888
# Then 594 tune-half mentions of 10 PolNeAR articles chosen at random and 4 pairs added (main
# 4a3b72b on it: tune 0.965 0.969 0.958 | found 0.984 | 38 of 40 apart | 66 unlinked of
# 2,566; all 0.945 0.953 0.932 | 37 of 42 | 124 of 4,255), and given names' short forms,
# mojibake folded, compound surnames alone, persons' names the model typed as something else
# (a full name, or one word typed a work, product or group) linked as the known person, and
# names glued to a prefix (i13p):
#   tune: 0.969 0.975 0.958 | found 0.987 | 38 of 40 apart | 65 unlinked of 2,566
#   test: 0.927 0.937 0.911 | found 0.963 | 18 of 20 apart | 48 unlinked of 1,689
#   all:  0.948 0.957 0.932 | found 0.974 | 37 of 42 apart | 123 unlinked of 4,255
# Both together, with a name without middle initials of two known holders unlinked (i13b),
# a defined acronym kept on the organisation naming its long form, and the review's
# narrowing of the cross-type rules (no ORG full name as a person, no first name as a
# place, no "Conservatives"):
#   tune: 0.966 0.974 0.952 | found 0.987 | 44 of 46 apart | 97 unlinked of 2,793
#   test: 0.928 0.937 0.912 | found 0.964 | 18 of 20 apart | 48 unlinked of 1,689
#   all:  0.947 0.957 0.932 | found 0.975 | 44 of 48 apart | 155 unlinked of 4,482
FLOORS: dict[str, tuple[float, float, float, float, int, int]] = {
    "tune": (0.96, 0.97, 0.95, 0.985, 44, 105),
    "test": (0.92, 0.93, 0.91, 0.96, 18, 55),
    "all": (0.943, 0.952, 0.93, 0.972, 44, 165),
}


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Any]]:
    if not (CORPUS / "polnear").is_dir() or not (CORPUS / "bbc").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set NEWSGRAPH_CORPUS)")
    ev = eval_script("entities")
    articles = ev.read_articles(sorted({g.article for g in ev.load_gold()}), None)
    return {half: ev.evaluate(half, articles=articles) for half in FLOORS}


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("half", sorted(FLOORS))
def test_floors(results: dict[str, dict[str, Any]], half: str) -> None:
    r = results[half]
    every, person, org_gpe, found, apart, unlinked = FLOORS[half]
    assert r["all"]["b3_f1"] >= every, r["all"]
    assert r["PERSON"]["b3_f1"] >= person, r["PERSON"]
    assert r["ORG+GPE"]["b3_f1"] >= org_gpe, r["ORG+GPE"]
    assert r["found mentions"]["b3_f1"] >= found, r["found mentions"]
    assert r["confusable"]["apart"] >= apart, r["confusable"]
    assert r["unlinked"] <= unlinked


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("half", sorted(FLOORS))
def test_beats_todays_name_key(results: dict[str, dict[str, Any]], half: str) -> None:
    for cls in ("PERSON", "ORG+GPE", "all"):
        row = results[half][cls]
        assert row["b3_f1"] > row["name key (before)"], (half, cls, row)
        assert row["b3_p"] >= 0.97, (half, cls, row)  # a wrong merge is worse than a missed one
