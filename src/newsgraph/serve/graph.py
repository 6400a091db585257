"""The meeting graph: who met whom across the corpus, laid out and drawn as SVG here.

Nodes are the entities taking part in events of type `meet` (people, organisations, …):
their corpus entity where the participant is linked to one, else the normalised name (a bare
surname joining the one full name that has it). Edges join every pair of participants of
one meeting, weighted by how many meetings they share. The layout is a small deterministic
force layout (Fruchterman and Reingold 1991), so the same data always draws the same
picture, with no JavaScript.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from markupsafe import Markup

from newsgraph.serve.render import corpus_href, entity_href

Row = dict[str, Any]
WIDTH, HEIGHT, MARGIN = 900, 600, 70
NODE_TYPES = ("PERSON", "ORG")
LABEL_CHARS = 24
COLOURS = {"PERSON": "#2f6fb0", "ORG": "#b0562f"}


@dataclass(slots=True)
class Graph:
    """Nodes keyed by (normalised name, type); edges by a pair of node keys."""

    nodes: dict[tuple[str, str], Row] = field(default_factory=dict)
    edges: dict[tuple[tuple[str, str], tuple[str, str]], Row] = field(default_factory=dict)

    def to_dict(self) -> Row:
        """The JSON form: nodes with ids, edges referring to them."""
        ids = {key: i for i, key in enumerate(self.nodes)}
        return {
            "nodes": [
                {"id": ids[k], "name": n["name"], "type": n["type"], "meetings": n["meetings"],
                 "href": n["href"], "x": n.get("x"), "y": n.get("y")}
                for k, n in self.nodes.items()
            ],
            "edges": [
                {"source": ids[a], "target": ids[b], "meetings": e["meetings"],
                 "articles": e["articles"]}
                for (a, b), e in self.edges.items()
            ],
        }


def _node_key(row: Row) -> tuple[str, str]:
    if row.get("corpus_entity"):
        return "@" + str(row["corpus_entity"]), str(row["type"])
    return str(row["norm"] or row["name"]).lower(), str(row["type"])


def _merge_surnames(keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """A one-word person key → the only multi-word person key ending in that word."""
    full: dict[str, list[tuple[str, str]]] = {}
    keys = {k for k in keys if not k[0].startswith("@")}  # corpus entities are merged already
    for norm, type_ in keys:
        if type_ == "PERSON" and " " in norm:
            full.setdefault(norm.rsplit(" ", 1)[1], []).append((norm, type_))
    return {
        (norm, type_): full[norm][0]
        for norm, type_ in keys
        if type_ == "PERSON" and " " not in norm and len(full.get(norm, [])) == 1
    }


def build(rows: list[Row], max_nodes: int = 40) -> Graph:
    """The graph of meeting participants (rows of `queries.meeting_participants`) that are
    people or organisations; participants the text does not resolve to one are left out."""
    rows = [r for r in rows if r.get("type") in NODE_TYPES]
    merged = _merge_surnames({_node_key(r) for r in rows})
    names: dict[tuple[str, str], Counter[str]] = {}
    meetings: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for r in rows:
        key = merged.get(_node_key(r), _node_key(r))
        names.setdefault(key, Counter())[r["name"]] += 1
        meetings.setdefault((r["article_id"], r["event"]), set()).add(key)
    edge_rows: dict[tuple[tuple[str, str], tuple[str, str]], Row] = {}
    titles = {(r["article_id"], r["event"]): (r["title"], r["time"]) for r in rows}
    for event, keys in meetings.items():
        for a, b in combinations(sorted(keys), 2):
            e = edge_rows.setdefault((a, b), {"meetings": 0, "articles": []})
            e["meetings"] += 1
            title, time = titles[event]
            if len(e["articles"]) < 5:
                e["articles"].append({"id": event[0], "title": title, "time": time})
    degree: Counter[tuple[str, str]] = Counter()
    for (a, b), e in edge_rows.items():
        degree[a] += e["meetings"]
        degree[b] += e["meetings"]
    kept = {k for k, _ in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:max_nodes]}
    graph = Graph()
    for key in sorted(kept, key=lambda k: (-degree[k], k)):
        name = max(names[key], key=lambda n: (names[key][n], len(n)))
        graph.nodes[key] = {
            "name": name, "type": key[1], "meetings": degree[key],
            "href": (
                corpus_href(key[0][1:]) if key[0].startswith("@") else entity_href(name, key[1])
            ),
        }
    graph.edges = {k: e for k, e in edge_rows.items() if k[0] in kept and k[1] in kept}
    layout(graph)
    return graph


def layout(graph: Graph, iterations: int = 150) -> None:
    """Set x, y on every node: a force layout from a circle (deterministic), pulled towards
    the centre so that separate groups stay in view, then fitted to the canvas."""
    keys = list(graph.nodes)
    n = len(keys)
    if not n:
        return
    w, h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    cx, cy = w / 2, h / 2
    radius = 0.42 * min(w, h)
    angles = [2 * math.pi * i / n for i in range(n)]
    pos = [[cx + radius * math.cos(a), cy + radius * math.sin(a)] for a in angles]
    index = {k: i for i, k in enumerate(keys)}
    edges = [(index[a], index[b]) for a, b in graph.edges]
    k = min(math.sqrt(w * h / n) * 0.6, 140.0)
    gravity = n * k * k / (radius * radius)  # repulsion and gravity balance near `radius`
    temperature = w / 6
    for _ in range(iterations if n > 1 else 0):
        disp = [[-(p[0] - cx) * gravity / n, -(p[1] - cy) * gravity / n] for p in pos]
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                d2 = max(dx * dx + dy * dy, 0.01)
                f = k * k / d2  # (k²/d) along the unit vector (dx, dy)/d
                disp[i][0] += dx * f
                disp[i][1] += dy * f
                disp[j][0] -= dx * f
                disp[j][1] -= dy * f
        for i, j in edges:
            dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
            f = math.hypot(dx, dy) / k  # (d²/k) along the unit vector
            disp[i][0] -= dx * f
            disp[i][1] -= dy * f
            disp[j][0] += dx * f
            disp[j][1] += dy * f
        for i in range(n):
            dx, dy = disp[i]
            d = max(math.hypot(dx, dy), 0.01)
            pos[i][0] += dx / d * min(d, temperature)
            pos[i][1] += dy / d * min(d, temperature)
        temperature *= 0.96
    _fit(graph, keys, pos, w, h)


def _fit(graph: Graph, keys: list[tuple[str, str]], pos: list[list[float]], w: float,
         h: float) -> None:
    """Shrink the drawing into the canvas when it overflows, and centre it."""
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    scale = min(1.0, w / span_x if span_x else 1.0, h / span_y if span_y else 1.0)
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    for key, (x, y) in zip(keys, pos, strict=True):
        graph.nodes[key]["x"] = round(MARGIN + w / 2 + (x - mid_x) * scale, 1)
        graph.nodes[key]["y"] = round(MARGIN + h / 2 + (y - mid_y) * scale, 1)


def _label(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def svg(graph: Graph) -> Markup:
    """The graph as an inline SVG; every name is escaped, every node links to its page."""
    parts = [Markup(
        '<svg class="graph" viewBox="0 0 {} {}" role="img" aria-label="meeting graph" '
        'xmlns="http://www.w3.org/2000/svg">'
    ).format(WIDTH, HEIGHT)]
    for (a, b), e in graph.edges.items():
        na, nb = graph.nodes[a], graph.nodes[b]
        seen = "; ".join(f"{x['time'] or '?'} {x['title']}" for x in e["articles"])
        parts.append(Markup(
            '<line class="edge" x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}">'
            "<title>{} — {}: {} meeting(s): {}</title></line>"
        ).format(na["x"], na["y"], nb["x"], nb["y"], min(1 + e["meetings"], 8),
                 na["name"], nb["name"], e["meetings"], seen))
    for node in graph.nodes.values():
        r = min(6 + 2 * node["meetings"], 22)
        colour = COLOURS.get(node["type"], "#777")
        shape = Markup(
            '<circle cx="{}" cy="{}" r="{}" fill="{}"><title>{} ({}) · {} meeting link(s)</title>'
            '</circle><text x="{}" y="{}">{}</text>'
        ).format(node["x"], node["y"], r, colour, node["name"], node["type"], node["meetings"],
                 node["x"], node["y"] + r + 14, _label(node["name"]))
        shape = Markup('<a href="{}" class="node">{}</a>').format(node["href"], shape)
        parts.append(Markup('<g class="node">{}</g>').format(shape))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
