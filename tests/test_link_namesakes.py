"""The corpus layer without the model: a full name that two known namesakes can be, told
apart only by middle initials the name lacks ("George Bush": George W. or George H. W.),
stays unlinked however the first of its uses went (each test runs on SQLite and on
PostgreSQL)."""

from __future__ import annotations

import pytest

from newsgraph.model import Article
from tests.linked_articles import article, by_article, corpus_id, write


def _george(title: str, name: str) -> Article:
    return article(title, f"{name} spoke.", [(name, "PERSON", [name])])


@pytest.mark.parametrize("first", ["George Bush", "George W. Bush"])
def test_a_name_without_middle_initials_never_joins_one_of_two_namesakes(
    db_url: str, first: str
) -> None:
    # "George Bush" joins George W. Bush while he is the only George Bush known (or he
    # joins the "George Bush" known first): that first guess makes the name one of his
    # full names, but it is no evidence once George H. W. Bush is known too
    second = "George W. Bush" if first == "George Bush" else "George Bush"
    arts = [
        _george("First", first),
        _george("Second", second),
        _george("Father", "George H. W. Bush"),
        _george("Either", "George Bush"),
        _george("Son", "George W. Bush"),
    ]
    store = write(db_url, arts)
    rows = by_article(store)
    son, father = rows[arts[4].id]["corpus_entity"], corpus_id(store, "George H. W. Bush")
    assert son is not None and son != father
    either = rows[arts[3].id]
    assert either["corpus_entity"] is None, either
    assert "middle initials tell them apart" in either["reason"]
    store.close()
