"""The Python API (`newsgraph.open`) and the query commands, over hand-built articles, on
SQLite and on PostgreSQL alike."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest

import newsgraph
from newsgraph.cli import main
from newsgraph.errors import ConfigError
from newsgraph.link import CORPUS_HOOKS
from newsgraph.store import Outcome, is_postgres, open_store
from tests.test_store import MILLEY, MILLEY_LATER, make_article

OTHER_MILLEY = make_article(
    "A Milley wins a prize",
    "Jane Milley won the county baking prize.\n\nJane Milley said she was delighted.",
    {"Jane Milley": ["Jane Milley"]},
)
TALIBAN = dataclasses.replace(
    make_article("Taliban talks resume", "Talks resumed in Doha.\n\nNo more was said.", {}),
    entities=(
        newsgraph.model.Entity("e1", "Taliban", "ORG", (newsgraph.model.Mention("Taliban", 0, 7),)),
    ),
)


@pytest.fixture
def db(db_url: str) -> str:
    with open_store(db_url) as store:
        store.write(
            [
                Outcome("a.txt", article=MILLEY),
                Outcome("b.txt", article=MILLEY_LATER),
                Outcome("t.txt", article=TALIBAN),
            ],
            CORPUS_HOOKS,
        )
    return db_url


def test_entity_gathers_one_person_across_articles(db: str) -> None:
    with newsgraph.open(db) as ng:
        page = ng.entity("Mark Milley")
        assert page is not None
        assert page["name"] == "Mark A. Milley"
        assert {a["id"] for a in page["articles"]} == {MILLEY.id, MILLEY_LATER.id}
        assert page["titles"] == ["Gen."]
        assert page["roles"] == ["Chairman of the Joint Chiefs of Staff"]
        assert len(page["mentions"]) == 3
        assert [q["text"] for q in page["quotes"]] == ["Everything else hinges on that,"]
        assert sorted(e["type"] for e in page["events"]) == ["meet", "travel"]
        assert ng.entity("Milley")["name"] == "Mark A. Milley"  # type: ignore[index]
        assert ng.entity("Ashraf Ghani") is None
        taliban = ng.entity("Taliban")
        assert taliban is not None and taliban["type"] == "ORG"


def test_a_second_first_name_keeps_a_bare_surname_apart(db_url: str) -> None:
    """Linked in arrival order: once two Milleys are known, "Milley" alone is unsure."""
    with open_store(db_url) as store:
        store.write(
            [
                Outcome("a.txt", article=MILLEY),
                Outcome("c.txt", article=OTHER_MILLEY),
                Outcome("b.txt", article=MILLEY_LATER),
            ],
            CORPUS_HOOKS,
        )
        (link,) = store.corpus_links(article_id=MILLEY_LATER.id)
        assert link["corpus_entity"] is None and "several people" in link["reason"]
    with newsgraph.open(db_url) as ng:
        mark = ng.entity("Mark Milley")
        jane = ng.entity("Jane Milley")
        assert mark is not None and jane is not None
        assert {a["id"] for a in mark["articles"]} == {MILLEY.id}
        assert {a["id"] for a in jane["articles"]} == {OTHER_MILLEY.id}
        assert ng.entity("John Milley") is None
        both = ng.entity("Milley")
        assert both is not None and both["ambiguous"]
        assert {c["name"] for c in both["candidates"]} == {"Mark A. Milley", "Jane Milley"}
        assert ng.entity(mark["id"])["name"] == "Mark A. Milley"  # type: ignore[index]


def test_open_refuses_a_missing_database(db_url: str) -> None:
    with pytest.raises(ConfigError, match="no newsgraph database"):
        newsgraph.open(db_url)
    if not is_postgres(db_url):
        assert not Path(db_url).exists()


def test_export_formats(db: str, tmp_path: Path) -> None:
    with newsgraph.open(db) as ng:
        out = tmp_path / "a.jsonl"
        assert ng.export("jsonl", out) == 3
        first = json.loads(out.read_text("utf-8").splitlines()[0])
        assert first == {**MILLEY.to_dict(), "story": MILLEY.id[:16]}  # it founded its story
        assert ng.export("csv", tmp_path / "q.csv", table="quotes") == 1
        rows = list(csv.DictReader(io.StringIO((tmp_path / "q.csv").read_text("utf-8"))))
        assert rows[0]["text"] == "Everything else hinges on that,"
        with pytest.raises(ConfigError):
            ng.export("parquet", None)
    pq = pytest.importorskip("pyarrow.parquet")
    with newsgraph.open(db) as ng:
        assert ng.export("parquet", tmp_path / "e.parquet", table="entities") == 3
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 3


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_query_commands_in_every_format(
    db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    d = ["--db", db]
    code, out = _run(capsys, "stats", *d)
    stats = json.loads(out)
    assert code == 0 and {
        "articles",
        "duplicates",
        "rejections",
        "entities",
        "quotes",
        "events",
    } <= set(stats)
    assert (stats["articles"], stats["quotes"], stats["events"]) == (3, 1, 2)
    code, out = _run(capsys, "search", "reduction in violence", *d, "--format", "json")
    assert json.loads(out)[0]["article_id"] == MILLEY.id
    code, out = _run(capsys, "search", "hinges", *d, "--format", "csv")
    assert {r["kind"] for r in csv.DictReader(io.StringIO(out))} == {"article", "quote"}
    code, out = _run(capsys, "quotes", "--speaker", "Milley", *d)
    assert "Everything else hinges" in out and out.startswith("published")
    code, out = _run(
        capsys,
        "events",
        "--type",
        "meet",
        "--who",
        "Milley",
        "--since",
        "2020-12-01",
        *d,
        "--format",
        "json",
    )
    assert [e["time"] for e in json.loads(out)] == ["2020-12-15"]
    code, out = _run(capsys, "entity", "Mark Milley", *d)
    assert code == 0 and "Mark A. Milley" in out and "Chairman of the Joint Chiefs" in out
    code, out = _run(capsys, "entity", "Nobody Here", *d)
    assert code == 1
    code, out = _run(capsys, "rejections", *d, "--format", "json")
    assert json.loads(out) == []
    code, out = _run(capsys, "export", "--table", "events", "--format", "csv", *d)
    assert len(list(csv.DictReader(io.StringIO(out)))) == 2
    assert _run(capsys, "stats", "--db", str(tmp_path / "none.db"))[0] == 2


def test_an_alias_one_article_defines_joins_the_entity_across_articles(db_url: str) -> None:
    texts = [  # the first article says "U.S." is "the United States"; the others name one only
        "Troops leave Kabul\n\nThe United States will withdraw troops, U.S. officials said.",
        "Envoy visits Doha\n\nThe U.S. envoy met Taliban negotiators in Doha on Monday.",
        "Talks in Washington\n\nThe United States hosted talks in Washington on Friday.",
    ]
    articles = [newsgraph.read(t, published="2020-12-16") for t in texts]
    with open_store(db_url) as store:
        store.write([Outcome(f"{i}.txt", article=a) for i, a in enumerate(articles)], CORPUS_HOOKS)
    with newsgraph.open(db_url) as ng:
        for name in ("U.S.", "US", "United States"):
            page = ng.entity(name)
            assert page is not None and page["name"] == "United States", name
            assert {a["id"] for a in page["articles"]} == {a.id for a in articles}, name
        kabul = ng.entity("Kabul")  # no alias, no change
        assert kabul is not None and [a["id"] for a in kabul["articles"]] == [articles[0].id]
