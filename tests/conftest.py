"""Shared fixtures: the shared corpus (skipped where absent), the seed, the model."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
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


# --- databases: every store test runs on SQLite and on a real PostgreSQL server ------------

BACKENDS = ("sqlite", "postgresql")
PG_ENV = "NEWSGRAPH_TEST_POSTGRES"  # a server's URL; scripts/test.sh exports its own cluster


def _start_cluster(tmp: Path) -> str:
    """A throwaway cluster by scripts/postgres.sh (installs Debian's postgresql as root)."""
    script = Path(__file__).parents[1] / "scripts" / "postgres.sh"
    done = subprocess.run(
        [str(script), "start", str(tmp / "pg")], capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip() or "scripts/postgres.sh start failed")
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server: $NEWSGRAPH_TEST_POSTGRES, else a cluster started here.
    Outside CI a machine that can start none skips these tests; under CI=true they fail."""
    url = os.environ.get(PG_ENV)
    if url:
        yield url
        return
    tmp = Path(tempfile.mkdtemp(prefix="newsgraph-pg-"))  # under /tmp: the server user enters
    try:
        url = _start_cluster(tmp)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as err:
        reason = f"no PostgreSQL server could be started ({err}); set {PG_ENV}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield url
    finally:
        script = Path(__file__).parents[1] / "scripts" / "postgres.sh"
        subprocess.run([str(script), "stop", str(tmp / "pg")], check=False, timeout=120)
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def new_schema(server: str) -> Iterator[str]:
    """A fresh, empty schema of the server as a URL (dropped after use)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in server else "?"
    try:
        yield f"{server}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A PostgreSQL database of its own for one test."""
    with new_schema(postgres_server) as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A new database shared by one module's tests, on each backend in turn."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("db") / "test.db")
        return
    with new_schema(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new database's `--db`: a SQLite file, or a PostgreSQL URL (one schema per test)."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def second_db_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Another new database on `db_url`'s backend (two stores to compare)."""
    if not db_url.startswith("postgresql://"):
        yield str(tmp_path / "second.db")
        return
    with new_schema(request.getfixturevalue("postgres_server")) as url:
        yield url
