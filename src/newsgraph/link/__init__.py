"""The corpus layer: article entities → corpus entities (stories and corpus events to come).

It runs at each committed batch of an ingest, inside the batch's transaction
(`CORPUS_HOOKS`, called by `Store.write`), reads the store only through its indexes, is
deterministic in arrival order, and can be rebuilt from the stored articles (`relink`),
hand corrections (`overrides`) applied again.
"""

from __future__ import annotations

from newsgraph.link.linker import Linker, link_entities
from newsgraph.store.base import CorpusHook

# The corpus-layer steps of an ingest, in order; story assignment and event merging join here.
CORPUS_HOOKS: tuple[CorpusHook, ...] = (link_entities,)

__all__ = ["CORPUS_HOOKS", "Linker", "link_entities"]
