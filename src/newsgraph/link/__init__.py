"""The corpus layer: article entities → corpus entities, event reports → corpus events.

It runs at each committed batch of an ingest, inside the batch's transaction
(`CORPUS_HOOKS`, called by `Store.write`), reads the store only through its indexes, is
deterministic in arrival order, and can be rebuilt from the stored articles (`relink`),
hand corrections (`overrides`) applied again.
"""

from __future__ import annotations

from newsgraph.link.events import merge_events
from newsgraph.link.linker import Linker, link_entities
from newsgraph.store.base import CorpusHook

# The corpus-layer steps of an ingest, in order (events after the entities they name).
CORPUS_HOOKS: tuple[CorpusHook, ...] = (link_entities, merge_events)

__all__ = ["CORPUS_HOOKS", "Linker", "link_entities", "merge_events"]
