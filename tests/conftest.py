"""Shared fixtures: the shared corpus (skipped where absent), the seed, the model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsgraph import Article, read

DATA = Path(__file__).parent / "data"
CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))
SEED_PUBLISHED = "2020-12-16"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite golden files from current output"
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus beside the repository, or a skip saying it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set NEWSGRAPH_CORPUS)")
    return CORPUS


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (DATA / "abcnews-milley-taliban.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(seed_text: str) -> Article:
    """The reference article read with its publication date."""
    return read(seed_text, published=SEED_PUBLISHED)
