"""The corpus layer: article entities → corpus entities, event reports → corpus events,
articles → stories.

It runs at each committed batch of an ingest, inside the batch's transaction
(`CORPUS_HOOKS`, called by `Store.write`), reads the store only through its indexes, is
deterministic in arrival order, and can be rebuilt from the stored articles (`relink`,
hand corrections (`overrides`) applied again; `restory`).
"""

from __future__ import annotations

from newsgraph.link.events import merge_events
from newsgraph.link.linker import Linker, link_entities
from newsgraph.link.stories import assign_stories
from newsgraph.store.base import CorpusHook

# The corpus-layer steps of an ingest, in order: events and stories read the corpus entities
# just linked.
CORPUS_HOOKS: tuple[CorpusHook, ...] = (link_entities, merge_events, assign_stories)

__all__ = ["CORPUS_HOOKS", "Linker", "assign_stories", "link_entities", "merge_events"]
