"""The CLI as a user meets it: --version, a --help that loads nothing heavy, files of any
format for extract/quotes/events with their filters, and one clear line for usage mistakes."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.ingest.job import Ingest, Summary
from newsgraph.model import EVENT_TYPES
from newsgraph.pipeline import Input
from newsgraph.store.sqlite import SqliteStore

PAGE = Path(__file__).parent / "data" / "article.html"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsgraph {importlib.metadata.version('newsgraph')}"


def test_help_imports_neither_the_model_nor_the_readers() -> None:
    """What made `--help` take seconds: spaCy, trafilatura and datasketch (scipy) at import."""
    code = (
        "import sys\nfrom newsgraph.cli import build_parser\nbuild_parser().format_help()\n"
        "print(sorted(m for m in ('spacy', 'trafilatura', 'datasketch', 'rich.progress')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_extract_reads_an_html_page_as_ingest_does(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(PAGE), "--format", "json"]) == 0
    article = json.loads(capsys.readouterr().out)
    assert article["title"] == "Harbour council approves new ferry terminal"
    assert article["publisher"] == "The Coastal Ledger"
    assert article["published"].startswith("2021-03-04")
    assert "<p>" not in article["text"] and article["authors"] == ["Maria Ostrowski"]


def test_extract_reads_each_line_of_a_jsonl_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {"title": "Council approves budget", "text": "The council approved the budget on Monday."},
        {"title": "Ferry service resumes", "text": "The ferry service resumed on Tuesday morning."},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    assert main(["extract", str(path), "--format", "jsonl"]) == 0
    titles = [json.loads(x)["title"] for x in capsys.readouterr().out.splitlines()]
    assert titles == ["Council approves budget", "Ferry service resumes"]


def _rows(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, str]]:
    assert main([*argv, "--format", "json"]) == 0
    rows: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return rows


def test_file_output_is_filtered_as_the_database_is(capsys: pytest.CaptureFixture[str]) -> None:
    every = _rows(capsys, "quotes", str(PAGE))
    berg = _rows(capsys, "quotes", str(PAGE), "--speaker", "tomas berg")
    assert berg and len(berg) < len(every) and {q["speaker"] for q in berg} == {"Tomas Berg"}
    traffic = _rows(capsys, "quotes", str(PAGE), "--contains", "traffic")
    assert traffic and all("traffic" in q["quote"] for q in traffic)
    events = _rows(capsys, "events", str(PAGE))
    statements = _rows(capsys, "events", str(PAGE), "--type", "statement")
    assert statements and len(statements) < len(events)
    assert {e["type"] for e in statements} == {"statement"}
    assert _rows(capsys, "events", str(PAGE), "--since", "2022-01-01") == []


def test_an_unknown_event_type_lists_the_types(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["events", str(PAGE)], ["events", "--db", "missing.db"]):
        assert main([*argv, "--type", "meat"]) == 2
        err = capsys.readouterr().err.strip()
        assert err == f"newsgraph: no event type 'meat'; one of {', '.join(EVENT_TYPES)}"


def test_a_database_in_a_missing_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "no" / "such" / "kb.db"
    assert main(["ingest", str(PAGE), "--db", str(db), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"newsgraph: cannot create the database {db}: no folder {db.parent}"
    assert not db.parent.exists()


def test_progress_moves_with_every_article(tmp_path: Path) -> None:
    """The progress hook sees each input decided, one at a time, not one commit at a time."""
    seen: list[int] = []

    def progress(s: Summary) -> None:
        if not seen or s.decided != seen[-1]:
            seen.append(s.decided)

    texts = [f"Ferry news {i}\n\nThe ferry number {i} sailed on time on Monday." for i in range(6)]
    items = [Input(text, name=f"n{i}") for i, text in enumerate(texts)]
    with SqliteStore(tmp_path / "kb.db") as store:
        summary = Ingest(store, progress=progress, commit_every=100).run(items)
    assert summary.stored == 6
    assert seen == [1, 2, 3, 4, 5, 6]
