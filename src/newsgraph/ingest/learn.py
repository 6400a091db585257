"""What an ingest learns across the corpus: near-duplicates (MinHash LSH) and recurring lines.

Both are pure state over the inputs seen so far, in input order, and both rebuild from the
store (`IngestState`), so an ingest resumed after a crash decides exactly as one that ran
straight through.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlparse

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsgraph.text.scripts import UNSPACED_CHARS

NUM_PERM = 128
THRESHOLD = 0.8  # estimated Jaccard similarity of word 3-shingles for a near-copy
MIN_WORDS = 8  # shorter texts are too short to call copies of each other
RECUR_ARTICLES = 3  # a line in this many articles of one publisher is residue
MAX_LINE_CHARS = 300  # longer lines are paragraphs, never learned as residue
SCHEME = "affine32"  # 32-bit hash values: 4 bytes each in the store
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations
_WORDS = re.compile(f"[{UNSPACED_CHARS}]|[^\\W{UNSPACED_CHARS}]+")


def signature(text: str) -> bytes | None:
    """The MinHash of a text's word 3-shingles as 4-byte values; None for very short texts.
    In scripts written without spaces each character counts as a word."""
    words = _WORDS.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
    m = MinHash(num_perm=NUM_PERM, permutations=_PERMUTATIONS, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(m.hashvalues, dtype=np.uint32).tobytes()


class NearDuplicates:
    """An LSH index of the signatures of every input that went to reading."""

    def __init__(self, signatures: dict[str, bytes] | None = None) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._values: dict[str, np.ndarray] = {}
        for name, sig in (signatures or {}).items():
            self.add(name, sig)

    def add(self, name: str, sig: bytes) -> None:
        values = np.frombuffer(sig, dtype=np.uint32)
        self._values[name] = values
        self._lsh.insert(name, MinHash(NUM_PERM, hashvalues=values, scheme=SCHEME))

    def find(self, sig: bytes) -> tuple[str, float] | None:
        """The most similar input already indexed at or above the threshold, if any."""
        values = np.frombuffer(sig, dtype=np.uint32)
        found = []
        for name in self._lsh.query(MinHash(NUM_PERM, hashvalues=values, scheme=SCHEME)):
            similarity = float(np.mean(self._values[name] == values))
            if similarity >= THRESHOLD:
                found.append((-similarity, name))
        if not found:
            return None
        negative, name = min(found)  # the most similar; ties broken by name, so runs agree
        return name, -negative


def publisher_key(publisher: str | None, url: str | None) -> str:
    """Whose lines these are: the publisher, else the URL's host, else "" (unknown)."""
    if publisher:
        return publisher.strip()
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else ""


def line_hash(line: str) -> int:
    """A signed 64-bit hash of a line (fits an SQLite INTEGER)."""
    digest = hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def candidate_lines(text: str) -> dict[int, str]:
    """The distinct lines after the first (the headline), white space normalised as in cleaning."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line][1:]
    return {line_hash(line): line for line in lines if len(line) <= MAX_LINE_CHARS}


class RecurringLines:
    """Per-publisher counts of lines across articles, and the lines learned from them."""

    def __init__(
        self,
        counts: dict[tuple[str, int], int] | None = None,
        learned: dict[str, dict[str, str]] | None = None,
        min_articles: int = RECUR_ARTICLES,
    ) -> None:
        self.counts = dict(counts or {})
        self.learned = {k: dict(v) for k, v in (learned or {}).items()}
        self.min_articles = min_articles

    def known(self, publisher: str) -> dict[str, str]:
        """Lines learned so far for this publisher, each with its reason."""
        return self.learned.get(publisher, {})

    def observe(self, publisher: str, lines: dict[int, str]) -> list[tuple[str, str]]:
        """Count one article's lines; the (line, reason) pairs that became residue now."""
        name = publisher or "unknown publisher"
        learned_now = []
        for h, line in lines.items():
            n = self.counts.get((publisher, h), 0) + 1
            self.counts[(publisher, h)] = n
            if n == self.min_articles and line not in self.known(publisher):
                reason = f"recurring line of {name}"
                self.learned.setdefault(publisher, {})[line] = reason
                learned_now.append((line, reason))
        return learned_now
