"""`newsgraph ingest`: the command over the readers' interface, its summary and exit codes.

The readers (`newsgraph.ingest.iter_inputs`) are replaced by a stand-in that reads text files,
so this tests the command itself whatever the readers do.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import newsgraph.ingest
from newsgraph.cli import main
from newsgraph.cli.ingest import estimate_total, parse_mapping, progress_bar
from newsgraph.errors import ConfigError
from newsgraph.ingest.job import Summary
from newsgraph.model import Rejection
from newsgraph.pipeline import Input

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"


def _text_reader(
    sources: Sequence[str], format: str = "auto", published: Any = None, mapping: Any = None
) -> Iterator[Input | Rejection]:
    for source in sources:
        for path in (
            sorted(Path(source).rglob("*.txt")) if Path(source).is_dir() else [Path(source)]
        ):
            text = path.read_text("utf-8", errors="replace") if path.exists() else ""
            if not text:
                yield Rejection(str(path), "open", "FileNotFoundError", "no such file")
                continue
            yield Input(text, published, name=str(path))


@pytest.fixture
def texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    monkeypatch.setattr(newsgraph.ingest, "iter_inputs", _text_reader, raising=False)
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted((CORPUS / "bbc" / "sport").glob("*.txt"))[:3]:
        (folder / f.name).write_bytes(f.read_bytes())
    return folder


def test_ingest_command_summary_exit_codes_and_rerun(
    texts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(texts), "--db", db]) == 0
    err = capsys.readouterr().err
    assert "read 3, stored 3, duplicates 0, rejected 0" in err and " s (" in err
    assert main(["ingest", str(texts), str(tmp_path / "missing.txt"), "--db", db]) == 1
    assert "stored 0" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "gone.txt"), "--db", str(tmp_path / "d.db")]) == 3
    capsys.readouterr()
    assert main(["stats", "--db", db]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["articles"], stats["rejections"]) == (3, 1)
    assert main(["ingest", str(texts), "--db", db, "--workers", "0"]) == 2


def testprogress_bar_shows_rate_rejections_and_total() -> None:
    out = io.StringIO()
    progress, update = progress_bar(10, Console(file=out, force_terminal=True, width=120))
    with progress:
        update(Summary(read=5, stored=3, rejected=1, duplicates=1, decided=5))
        progress.refresh()
    shown = out.getvalue()
    assert "5/10" in shown and "1 rejected" in shown and "articles/s" in shown


def test_estimate_total_and_mapping(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text('{"a": 1}\n\n{"a": 2}\n{"a": 3}\n')
    assert estimate_total([str(tmp_path)]) == 4
    assert estimate_total([str(tmp_path / "*.txt")]) == 1
    assert estimate_total(["-"]) is None
    assert parse_mapping("text=body, title=headline") == {"text": "body", "title": "headline"}
    with pytest.raises(ConfigError):
        parse_mapping("text")


def test_real_readers_every_input_ends_somewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Giveme5W1H JSON, BBC text, a JSONL file with a broken line, a duplicate file,
    binary and empty files: each ends as an article, a duplicate or a rejection."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted((CORPUS / "giveme5w1h" / "gold-dev").glob("*.json"))[:2]:
        (folder / f.name).write_bytes(f.read_bytes())
    bbc = sorted((CORPUS / "bbc" / "politics").glob("*.txt"))[:2]
    for f in bbc:
        (folder / f"bbc-{f.name}").write_bytes(f.read_bytes())
    (folder / "zz-copy.txt").write_bytes(bbc[0].read_bytes())
    lines = [
        json.dumps(
            {
                "title": "Ministers meet in Brussels",
                "text": "The ministers met on "
                "Monday in Brussels to discuss the budget and agreed to meet again.",
                "date_publish": "2021-03-01",
            }
        ),
        '{"title": "broken", "text": ',
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "r.db")
    assert main(["ingest", str(folder), "--db", db, "--quiet"]) == 1
    capsys.readouterr()
    main(["stats", "--db", db])
    stats = json.loads(capsys.readouterr().out)
    assert (stats["articles"], stats["duplicates"]) == (5, 1)
    assert stats["sources"] == stats["articles"] + stats["duplicates"] + stats["rejections"]
    main(["rejections", "--db", db, "--format", "json"])
    rejected = {Path(r["input"]).name.split(":")[0] for r in json.loads(capsys.readouterr().out)}
    assert {"feed.jsonl", "blob.bin", "empty.txt"} <= rejected
    assert main(["ingest", str(folder), "--db", db, "--quiet"]) == 0  # nothing new: no rejection
    assert f"already stored {stats['sources']}" in capsys.readouterr().err
