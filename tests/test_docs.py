"""Docs as tests: every CLI command, option and setting is documented in the README."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from newsgraph.cli import build_parser

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_command_and_its_options_are_documented(name: str) -> None:
    assert f"newsgraph {name}" in README, f"README does not show `newsgraph {name}`"
    sub = _subcommands()[name]
    for action in sub._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert option in README, f"README does not document {name} {option}"


def test_every_setting_is_documented() -> None:
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "src").rglob("*.py"))
    for name in sorted(set(re.findall(r"NEWSGRAPH_[A-Z_]+", source))):
        assert f"`{name}`" in README, f"README does not document {name}"
