"""The seed article's events as EXPECTED.md lists them (published 2020-12-16)."""

from __future__ import annotations

from newsgraph.model import Article, Event


def _names(event: Event) -> set[str]:
    return {p.name or p.text for p in event.participants}


def _meetings(seed: Article) -> list[Event]:
    return [e for e in seed.events if e.type == "meet"]


def test_doha_meeting_on_tuesday_with_milley_and_the_taliban(seed: Article) -> None:
    doha = [e for e in _meetings(seed) if e.place is not None and e.place.name == "Doha"]
    assert len(doha) == 1
    e = doha[0]
    assert {"Mark A. Milley", "Taliban"} <= _names(e)
    assert e.time is not None and e.time.value == "2020-12-15" and e.time.text == "Tuesday"
    assert e.place_in is not None and e.place_in.name == "Qatar"
    assert e.status == "happened"
    groups = {p.text: p for p in e.participants}
    # groups are kept as descriptions linked to their organisation
    assert groups["Taliban negotiators"].name == "Taliban"
    assert groups["SRAR negotiators"].entity is not None
    evidence = " ".join(ev.text for ev in e.evidence)
    # the lede and the body's statement are one meeting with both evidences
    assert "unannounced visit to Qatar" in evidence
    assert "Taliban representatives in Doha, Qatar" in evidence


def test_june_meeting_is_another_meeting(seed: Article) -> None:
    june = [e for e in _meetings(seed) if e.time is not None and e.time.value == "2020-06"]
    assert len(june) == 1
    assert "Mark A. Milley" in _names(june[0])
    assert june[0].time is not None and june[0].time.text == "early June"


def test_travel_to_kabul(seed: Article) -> None:
    travel = [e for e in seed.events if e.type == "travel" and e.place and e.place.name == "Kabul"]
    assert travel and "Mark A. Milley" in _names(travel[0])
    assert travel[0].place_in is not None and travel[0].place_in.name == "Afghanistan"


def test_meeting_with_ghani_in_kabul(seed: Article) -> None:
    ghani = [e for e in _meetings(seed) if "Ashraf Ghani" in _names(e)]
    assert len(ghani) == 1
    assert ghani[0].place is not None and ghani[0].place.name == "Kabul"
    assert "Mark A. Milley" in _names(ghani[0])


def test_planned_troop_reduction_and_uncertain_pullout(seed: Article) -> None:
    withdrawals = {e.trigger.text: e for e in seed.events if e.type == "withdrawal"}
    reduce = next(e for t, e in withdrawals.items() if t.startswith("reduce"))
    assert reduce.status == "planned"
    assert reduce.time is not None and reduce.time.value == "2021-01"
    pullout = withdrawals["pullout"]
    assert pullout.status == "uncertain"
    assert pullout.time is not None and pullout.time.value == "2021-05"


def test_order_by_trump_happened(seed: Article) -> None:
    order = [e for e in seed.events if e.type == "order"]
    assert order and order[0].status == "happened" and "Donald Trump" in _names(order[0])


def test_published_fallback_is_marked(seed: Article) -> None:
    travel = next(e for e in seed.events if e.type == "travel" and e.trigger.text == "traveled")
    assert travel.time is not None
    assert travel.time.source == "published" and travel.time.value == "2020-12-16"


def test_spans_ids_and_statements(seed: Article) -> None:
    ids = [e.id for e in seed.events]
    assert len(ids) == len(set(ids))
    for e in seed.events:
        refs = [e.trigger, *e.participants, *e.evidence, e.place, e.place_in]
        for ref in refs:
            if ref is not None:
                assert seed.text[ref.start : ref.end] == ref.text
        if e.time is not None and e.time.source == "text":
            assert seed.text[e.time.start : e.time.end] == e.time.text
    statements = [e for e in seed.events if e.type == "statement"]
    assert any("Sarah Flaherty" in _names(s) for s in statements)
