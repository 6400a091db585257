"""`--engine ray` against the local engine with `--workers 2` on the same BBC articles.

    .venv/bin/python bench/scale.py [--articles 1000] [--skip-two-nodes | --only-two-nodes]

Each run is the `newsgraph ingest` command in its own process group, into a new SQLite file:
1. local: `--workers 2`;
2. ray: `--engine ray --workers 2` (a local Ray runtime, started and stopped by the command);
3. the fixed start-up cost of each: the same command over one article;
4. two nodes on this machine: `ray start --head --num-cpus 1` and a second `ray start
   --address … --num-cpus 1`, then `--engine ray --workers 2 --ray-address …`: each reading
   actor needs a whole CPU, so finishing at all means both nodes read.
Peak memory is the largest sum of PSS (proportional set size: shared pages counted once)
over the command and every process under it (forked workers; Ray's raylet and workers),
sampled every 0.2 s; in the two-node run the trees of both `ray start` processes are added.
Prints one JSON line per run, then the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))
BIN = Path(sys.executable).parent


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _pss_mb(roots: list[int]) -> float:
    """PSS in MB of the processes under `roots` (roots included)."""
    tree, seen, todo, kb = _children(), set(), list(roots), 0
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo += tree.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    kb += int(line.split()[1])
        except OSError:
            continue
    return kb / 1024


def run(
    name: str, args: list[str], articles: int, nodes: tuple[int, ...] = ()
) -> dict[str, object]:
    """Time one ingest command and sample its memory (and that of the `nodes` processes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / "newsgraph"), "ingest", *args, "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _pss_mb([proc.pid, *nodes]))
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        sys.exit(f"{name} failed ({proc.returncode}): {err}")
    result = {
        "run": name,
        "articles": articles,
        "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 2),
        "peak_pss_mb": round(peak),
        "summary": err.strip().splitlines()[-1] if err.strip() else "",
    }
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--skip-two-nodes", action="store_true")
    parser.add_argument("--only-two-nodes", action="store_true")
    args = parser.parse_args()
    files = sorted((CORPUS / "bbc").glob("*/*.txt"))[: args.articles]
    if not files:
        sys.exit(f"no BBC corpus at {CORPUS / 'bbc'}")
    work = Path(tempfile.mkdtemp(prefix="newsgraph-scale-"))
    try:
        corpus, one = work / "in", work / "one"
        for folder, chosen in ((corpus, files), (one, files[:1])):
            folder.mkdir()
            for f in chosen:
                (folder / f"{f.parent.name}-{f.name}").symlink_to(f)
        n = len(files)
        if args.only_two_nodes:
            run("local --workers 2", [str(corpus), "--db", str(work / "l.db"), "--workers", "2"],
                n)
            two_nodes(corpus, work, n)
            return
        local = run("local --workers 2", [str(corpus), "--db", str(work / "l.db"), "--workers",
                                          "2"], n)
        ray = run("ray --workers 2", [str(corpus), "--db", str(work / "r.db"), "--engine", "ray",
                                      "--workers", "2"], n)
        local1 = run("local, one article", [str(one), "--db", str(work / "l1.db")], 1)
        ray1 = run("ray, one article", [str(one), "--db", str(work / "r1.db"), "--engine",
                                        "ray", "--workers", "2"], 1)
        steady = {
            name: round((n - 1) / (float(full["seconds"]) - float(single["seconds"])), 2)
            for name, full, single in (("local", local, local1), ("ray", ray, ray1))
        }
        print(json.dumps({
            "ratio_ray_to_local": round(float(ray["articles_per_s"])
                                        / float(local["articles_per_s"]), 3),
            "steady_articles_per_s": steady,
            "ratio_steady": round(steady["ray"] / steady["local"], 3),
            "startup_seconds": {"local": local1["seconds"], "ray": ray1["seconds"]},
        }), flush=True)
        if not args.skip_two_nodes:
            two_nodes(corpus, work, n)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def two_nodes(corpus: Path, work: Path, n: int) -> None:
    """A head and a worker node on this machine, one CPU each, and the same ingest on them.

    Both are `ray start --block` processes of this script, stopped by their ids at the end
    (never `ray stop`, which would stop every Ray on the machine)."""
    port = "6390"
    os.environ.update(RAY_AUTH_MODE="disabled", RAY_USAGE_STATS_ENABLED="0")  # loopback only
    start = [str(BIN / "ray"), "start", "--block", "--num-cpus", "1"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    head = subprocess.Popen([*start, "--head", "--port", port, "--include-dashboard", "false"],
                            **quiet)  # type: ignore[call-overload]
    nodes = [head]
    try:
        time.sleep(15)
        nodes.append(subprocess.Popen([*start, "--address", f"127.0.0.1:{port}"],
                                      **quiet))  # type: ignore[call-overload]
        time.sleep(15)
        run("ray, two nodes of one CPU", [str(corpus), "--db", str(work / "two.db"), "--engine",
                                          "ray", "--workers", "2", "--ray-address",
                                          f"127.0.0.1:{port}"], n, tuple(p.pid for p in nodes))
        same = subprocess.run(
            [str(BIN / "python"), "-c", "import sys, json; from tests.test_ingest import snapshot;"
             " a, b = snapshot(sys.argv[1]), snapshot(sys.argv[2]); print(json.dumps("
             "{'two_nodes_store_equals_local': a == b}))", str(work / "l.db"),
             str(work / "two.db")],
            cwd=Path(__file__).parents[1], capture_output=True, text=True, check=True,
        )
        print(same.stdout.strip(), flush=True)
    finally:
        for proc in reversed(nodes):
            proc.terminate()
            proc.wait(timeout=120)


if __name__ == "__main__":
    main()
