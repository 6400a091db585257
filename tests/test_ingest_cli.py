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
from newsgraph.corpus import Summary
from newsgraph.errors import ConfigError
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
        update(Summary(read=5, stored=3, rejected=1, duplicates=1))
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
