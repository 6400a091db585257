"""A readable plain-text report of one article (`--format text`)."""

from __future__ import annotations

from newsgraph.model import Article


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"\n{title} ({len(lines)})", *(f"  {line}" for line in lines)] if lines else []


def text_report(article: Article) -> str:
    """Title, metadata, people and organisations with roles, quotes, times, quantities, residue."""
    out = [article.title, "=" * min(len(article.title), 72), article.lede]
    meta = [f"published: {article.published or 'unknown'}"]
    if article.publisher:
        meta.append(f"publisher: {article.publisher}")
    if article.url:
        meta.append(f"url: {article.url}")
    out.append("  ".join(meta))
    ents = []
    for e in article.entities:
        extra = ", ".join([*e.titles, *e.roles])
        ents.append(
            f"{e.type:<7} {e.name}" + (f" — {extra}" if extra else "") + f"  ×{len(e.mentions)}"
        )
    out += _section("Entities", ents)
    out += _section(
        "Quotes",
        [
            f"{(q.speaker.name or q.speaker.description or q.speaker.text) if q.speaker else '?'}"
            f" [{q.type}]: {q.text}"
            for q in article.quotes
        ],
    )
    out += _section(
        "Events",
        [
            f"{ev.type:<10} {ev.trigger.text!r} "
            + ", ".join(p.name or p.text for p in ev.participants)
            + (f" @ {ev.place.name or ev.place.text}" if ev.place else "")
            + (f" on {ev.time.value}" if ev.time else "")
            + (" (publication date)" if ev.time and ev.time.source == "published" else "")
            + f" ({ev.status})"
            for ev in article.events
        ],
    )
    out += _section(
        "Times",
        [
            f"{t.text!r} → {t.value or 'unresolved: ' + (t.reason or '')}"
            + (f" ({t.modifier})" if t.modifier else "")
            for t in article.times
        ],
    )
    out += _section(
        "Quantities",
        [
            f"{q.text!r} → {q.value}"
            + (f" {q.unit}" if q.unit else "")
            + (f" of {q.thing}" if q.thing else "")
            + (f" (from {q.change.from_} to {q.change.to})" if q.change else "")
            for q in article.quantities
        ],
    )
    out += _section("Residue removed", [f"{r.line!r} ({r.reason})" for r in article.residue])
    return "\n".join(out)
