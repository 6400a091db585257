"""Bad input through the CLI: one clear line on stderr, a documented exit code, no traceback,
and the other files of the same call still read.

Exit codes (newsgraph.cli): 0 all read; 1 some inputs rejected, the others read; 2 bad usage or
setting; 3 no input could be read.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.text.clean import MAX_TITLE_CHARS

GOOD = (
    "Council approves new budget\n\n"
    "The city council approved its budget for next year on Monday evening.\n\n"
    "Councillors argued for three hours before the vote, which passed by 12 votes to 9.\n"
)
GERMAN = (
    "Regierung beschließt neue Steuern\n\n"
    "Die Regierung hat am Dienstag beschlossen, die Steuern für große Unternehmen zu erhöhen. "
    "Der Finanzminister sagte, das Geld werde für Schulen und Krankenhäuser gebraucht.\n"
)


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Each bad input and the words its stderr line must carry."""
    rng = random.Random(3)
    files = {
        "empty": (b"", "empty"),
        "blank": (b"\n   \n\t\n", "empty"),
        "binary": (b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(3000)), "binary"),
        "no-title": (("word " * (MAX_TITLE_CHARS // 4)).encode(), "no clear title"),
        "url-title": (b"https://example.com/a\n\nThe council met on Monday.\n", "no clear title"),
    }
    out = {}
    for name, (data, words) in files.items():
        path = tmp / f"{name}.txt"
        path.write_bytes(data)
        out[name] = (path, words)
    return out


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, list[str]]:
    code = main(["extract", "--format", "jsonl", *argv])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if line]


@pytest.fixture()
def bad(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    return _bad_files(tmp_path)


@pytest.mark.parametrize("name", ["empty", "blank", "binary", "no-title", "url-title"])
def test_each_bad_input_alone(
    name: str, bad: dict[str, tuple[Path, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, words = bad[name]
    code, out, err = _run(capsys, str(path))
    assert code == 3
    assert out == ""
    assert len(err) == 1
    assert err[0].startswith(f"newsgraph: {path}: rejected at ")
    assert words in err[0]
    assert "Traceback" not in err[0]


def test_over_large_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSGRAPH_MAX_CHARS", "2000")
    big = tmp_path / "big.txt"
    big.write_text("Big story\n\n" + "The council met again today. " * 400, "utf-8")
    code, out, err = _run(capsys, str(big))
    assert (code, out, len(err)) == (3, "", 1)
    assert "over the limit of 2,000" in err[0]


def test_missing_file_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, str(tmp_path / "nope.txt"), str(tmp_path))
    assert code == 3
    assert len(err) == 2
    assert all("rejected at open" in line for line in err)


def test_bad_publication_date_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    code, out, err = _run(capsys, "--published", "not a date", str(good))
    assert (code, out) == (2, "")
    assert len(err) == 1
    assert err[0].startswith("newsgraph: cannot read the publication date 'not a date': give ")


@pytest.mark.slow
def test_bad_files_do_not_stop_the_good_ones(
    tmp_path: Path, bad: dict[str, tuple[Path, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    legacy = tmp_path / "cp1252.txt"
    legacy.write_bytes(
        "Fares rise\n\nFares will rise by £5 from May, the operator said on “Monday”.\n".encode(
            "cp1252"
        )
    )
    german = tmp_path / "german.txt"
    german.write_text(GERMAN, "utf-8")
    paths = [str(bad[n][0]) for n in ("empty", "binary")]
    paths += [str(good), str(german), str(legacy), str(bad["no-title"][0])]
    code, out, err = _run(capsys, *paths)
    assert code == 1
    read = [json.loads(line) for line in out.splitlines()]
    titles = ["Council approves new budget", "Regierung beschließt neue Steuern", "Fares rise"]
    assert [a["title"] for a in read] == titles
    assert [a["language"] for a in read] == ["en", "de", "en"]
    assert read[1]["entities"] == [] and read[1]["skipped"][0]["stage"] == "nlp"
    assert "£5" in read[2]["text"] and "“Monday”" in read[2]["text"]
    assert len(err) == 3
    for name in ("empty", "binary", "no-title"):
        path, words = bad[name]
        assert any(line.startswith(f"newsgraph: {path}:") and words in line for line in err)


def test_entry_point_reports_without_traceback(bad: dict[str, tuple[Path, str]]) -> None:
    exe = Path(sys.executable).with_name("newsgraph")
    if not exe.exists():
        pytest.skip(f"entry point not installed beside {sys.executable}")
    paths = [str(bad[n][0]) for n in ("empty", "binary")]
    result = subprocess.run(
        [str(exe), "extract", *paths], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 3
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "Traceback" not in result.stderr
