"""Requests/s and latency of the API and pages: per endpoint, then a mixed load run.

    .venv/bin/python bench/serve.py [--db FILE] [--n 200] [--clients 20] [--requests 2000]
                                    [--seconds 30] [--load-requests 3000] [--load-clients 16]

Serves `--db` FILE, building it first when missing (or a temporary one without `--db`)
from the seed and the first N BBC articles: the model runs once, before the clock starts.
Starts `newsgraph serve` in its own process on a free 127.0.0.1 port, then for each endpoint
runs `--clients` concurrent keep-alive clients until
`--requests` answers or `--seconds` have passed, whichever comes first. Prints one JSON
object: per endpoint the requests, errors, requests/s, p50, p95, p99 and max latency (ms),
and the server's CPU time per request (steady whatever else runs on the machine). Then the
load run: `--load-requests` requests from `--load-clients` concurrent clients over a mix of
every kind of page and API call (article list, article JSON and page, search, quotes,
entity JSON and page), with p50/p95/p99 overall and per kind. The clients share the
machine's cores with the server: on a 2-core box the numbers are a floor, not the server's
ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from itertools import zip_longest
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).parents[1]
CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", ROOT.parent / "shared" / "corpus"))
QUERIES = [
    "reduction in violence", "election", "minister said", "tax", "Labour", "Taliban",
    "prime minister", "economy growth", "film", "mobile phone",
]


def build_db(path: Path, n: int) -> None:
    """The seed plus the first n BBC articles (one section after another in turn)."""
    from newsgraph.ingest.job import ingest
    from newsgraph.pipeline import Input
    from newsgraph.store import SqliteStore

    seed = (ROOT / "tests" / "data" / "abcnews-milley-taliban.txt").read_text("utf-8")
    items = [Input(seed, "2020-12-16", publisher="ABC News", name="seed")]
    bbc = CORPUS / "bbc"
    if bbc.is_dir():
        files = [sorted(s.glob("*.txt")) for s in sorted(p for p in bbc.iterdir() if p.is_dir())]
        for f in [f for group in zip_longest(*files) for f in group if f is not None][:n]:
            items.append(Input(f.read_text("utf-8", errors="replace"), publisher="BBC",
                               name=f"bbc/{f.parent.name}/{f.name}"))
    with SqliteStore(path) as store:
        print(f"bench: {ingest(items, store, workers=2).line()}", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/stats", timeout=1).raise_for_status()
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("bench: the server did not start")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def article_ids(base: str) -> list[str]:
    """Every article's id, paged through the API."""
    ids: list[str] = []
    cursor = ""
    while True:
        page = httpx.get(f"{base}/api/v1/articles?limit=100{cursor}", timeout=30).json()
        ids += [a["id"] for a in page["items"]]
        if not page["next"]:
            return ids
        cursor = f"&cursor={page['next']}"


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; the status. Deliberately bare
    (the server always sends Content-Length) so the client costs little CPU beside it."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
    )
    await reader.readexactly(length)
    return int(lines[0].split()[1])


def percentiles(latencies: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of latencies in seconds, as milliseconds."""
    cuts = (
        statistics.quantiles(latencies, n=100, method="inclusive")
        if len(latencies) > 1
        else latencies * 99
    )
    return {
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
    }


async def load(
    port: int, urls: list[tuple[str, str]], clients: int, requests: int, seconds: float
) -> dict[str, Any]:
    """Run `clients` concurrent connections over (kind, url) pairs until `requests` or
    `seconds` run out; overall figures, and per kind when there are several."""
    latencies: dict[str, list[float]] = {}
    errors = 0
    issued = 0
    deadline = time.monotonic() + seconds

    async def client(k: int) -> None:
        nonlocal errors, issued
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            await _get(reader, writer, urls[k % len(urls)][1])  # warm
            while issued < requests and time.monotonic() < deadline:
                kind, url = urls[(issued + k) % len(urls)]
                issued += 1
                t = time.perf_counter()
                status = await asyncio.wait_for(_get(reader, writer, url), 60)
                latencies.setdefault(kind, []).append(time.perf_counter() - t)
                errors += status != 200
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(clients)))
    elapsed = time.perf_counter() - start
    every = [x for values in latencies.values() for x in values]
    result: dict[str, Any] = {
        "requests": len(every),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(every) / elapsed, 1),
        **percentiles(every),
    }
    if len(latencies) > 1:
        result["by_kind"] = {
            kind: {"requests": len(values), **percentiles(values)}
            for kind, values in sorted(latencies.items())
        }
    return result


def entity_urls(base: str, limit: int = 100) -> tuple[list[str], list[str]]:
    """The API and page URLs of the most mentioned entities."""
    page = httpx.get(f"{base}/api/v1/entities?limit={limit}", timeout=60).json()
    api = [f"/api/v1/entities/{urllib.parse.quote(e['id'], safe='')}" for e in page["items"]]
    return api, [e["href"] for e in page["items"]]


def mix(endpoints: dict[str, list[str]]) -> list[tuple[str, str]]:
    """One (kind, url) list that takes each kind in turn, each as often (short lists cycle)."""
    longest = max(len(urls) for urls in endpoints.values())
    kinds = [(k, urls) for k, urls in endpoints.items() if urls]
    return [(k, urls[i % len(urls)]) for i in range(longest) for k, urls in kinds]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the database (built when missing)")
    parser.add_argument("--n", type=int, default=200, help="BBC articles when building")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint, at most")
    parser.add_argument("--seconds", type=float, default=30.0, help="per endpoint, at most")
    parser.add_argument("--load-requests", type=int, default=3000, help="of the mixed run")
    parser.add_argument("--load-clients", type=int, default=16, help="of the mixed run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            build_db(db, args.n)
        port = free_port()
        server = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            ids = article_ids(base)
            entity_api, entity_pages = entity_urls(base)
            quoted = [urllib.parse.quote(q) for q in QUERIES]
            endpoints = {
                "article_json": [f"/api/v1/articles/{i}" for i in ids],
                "article_page": [f"/articles/{i}" for i in ids],
                "search_json": [f"/api/v1/search?q={q}" for q in quoted],
                "search_page": [f"/?q={q}" for q in quoted],
                "entity_json": entity_api,
                "entity_page": entity_pages,
            }
            results = {}
            for name, urls in endpoints.items():
                before = cpu_seconds(server.pid)
                pairs = [(name, u) for u in urls]
                result = asyncio.run(load(port, pairs, args.clients, args.requests, args.seconds))
                after = cpu_seconds(server.pid)
                if before is not None and after is not None:
                    cpu = (after - before) / max(result["requests"], 1)
                    result["server_cpu_ms_per_request"] = round(cpu * 1000, 2)
                results[name] = result
            endpoints["article_list"] = ["/api/v1/articles?limit=20", "/?since=2004"]
            endpoints["quotes_json"] = [f"/api/v1/quotes?q={q}" for q in quoted]
            results["load"] = asyncio.run(load(
                port, mix(endpoints), args.load_clients, args.load_requests, float("inf")
            ))
            results["load"]["clients"] = args.load_clients
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(json.dumps({"articles": len(ids), "clients": args.clients, "cpus": os.cpu_count(),
                      "load_average": os.getloadavg()[0], **results}, indent=2))


if __name__ == "__main__":
    main()
