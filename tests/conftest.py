"""Shared fixtures: the shared corpus (skipped where absent), the seed, the model."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """An ASGI app served by uvicorn on a free 127.0.0.1 port in a thread; its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=30)
