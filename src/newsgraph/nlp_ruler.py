"""The model's attribute ruler applied through an index: the same token attributes, a
fraction of the cost.

spaCy's `AttributeRuler` runs a `Matcher` with all of its 179 patterns (en_core_web_sm:
tag → POS/morph maps and word exceptions) over every token; on news text that was ~6.6 ms
an article, a tenth of the whole parse. `AttributeIndex` reads the same patterns and
applies them in the same order with the same result (tests/test_nlp_ruler.py compares every
token's POS, tag, morph, lemma and dependency with the stock component's on real articles):
a leading run of pure tag maps is applied as one array lookup, and each other pattern is
looked up by a value its first token must have, so a token is only tested against the few
patterns that could start there (the two whose first token is a regular expression are
tried everywhere, their answers cached by word). A model whose patterns use anything else
(operators, other attributes or predicates) keeps the stock component (`index_of` gives
None).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab
from thinc.types import Ints2d

_COLUMNS = {
    "TAG": TAG,
    "LOWER": LOWER,
    "DEP": DEP,
    "ORTH": ORTH,
    "NORM": NORM,
    "IS_SPACE": IS_SPACE,
}
"""The token attributes a pattern may test, in the column order of `Doc.to_array`."""
_COLUMN = {name: i for i, name in enumerate(_COLUMNS)}
_KEYS = ("LOWER", "ORTH", "NORM", "TAG", "DEP", "IS_SPACE")
"""Which positive test of a first token keys its pattern in the index, most selective first."""


@dataclass(frozen=True, slots=True)
class _Test:
    """One token's test: at `offset` from the match start, the value in `column` is (or,
    `positive` False, is not) one of `values`; or matches `regex` (of the value's text)."""

    offset: int
    column: int
    positive: bool
    values: frozenset[int]
    regex: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class _Rule:
    order: int  # the pattern's place in the ruler: later patterns win, as in spaCy
    tests: tuple[_Test, ...]
    length: int
    target: int  # which token of the match takes the attributes
    attrs: dict[int, Any]


class AttributeIndex:
    """A drop-in for an `AttributeRuler` whose patterns are fixed-length runs of equality,
    IN, NOT_IN or REGEX tests on the attributes of `_COLUMNS`."""

    def __init__(self, vocab: Vocab, tag_map: dict[int, dict[int, int]], rules: list[_Rule]):
        self.vocab = vocab
        self.tag_pos = {tag: attrs[POS] for tag, attrs in tag_map.items() if POS in attrs}
        self.tag_morph = {tag: attrs[MORPH] for tag, attrs in tag_map.items() if MORPH in attrs}
        self.index: dict[tuple[int, int], list[_Rule]] = {}
        self.everywhere: list[_Rule] = []  # first tested by a regex: no value to key it by
        for rule in rules:
            key = _key(rule.tests)
            if key is None:
                self.everywhere.append(rule)
                continue
            column, values = key
            for value in values:
                self.index.setdefault((column, value), []).append(rule)
        self.columns = sorted({column for column, _ in self.index})
        self._regex_hit = lru_cache(maxsize=1 << 16)(self._regex_search)

    def __call__(self, doc: Doc) -> Doc:
        """Set the ruler's attributes on `doc`, as `AttributeRuler.__call__` does."""
        table = doc.to_array([*_COLUMNS.values(), POS, MORPH]).astype(np.uint64).tolist()
        if self.tag_pos or self.tag_morph:
            tag, pos, morph = _COLUMN["TAG"], len(_COLUMNS), len(_COLUMNS) + 1
            mapped = [
                (self.tag_pos.get(row[tag], row[pos]), self.tag_morph.get(row[tag], row[morph]))
                for row in table
            ]
            doc.from_array([POS, MORPH], cast(Ints2d, np.array(mapped, np.uint64).reshape(-1, 2)))
        hits = []
        for start, row in enumerate(table):
            for column in self.columns:
                for rule in self.index.get((column, row[column]), ()):
                    if self._matches(rule, table, start):
                        hits.append((rule.order, start + rule.target, rule.attrs))
        for rule in self.everywhere:  # its first test, a regex, tried once per distinct word
            first = rule.tests[0]
            words = [row[first.column] for row in table]
            passing = {word for word in set(words) if self._regex_hit(first.regex, word)}
            for start, word in enumerate(words):
                if word in passing and self._matches(rule, table, start):
                    hits.append((rule.order, start + rule.target, rule.attrs))
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        for _, i, attrs in hits:
            set_token_attrs(doc[i], attrs)
        return doc

    def _matches(self, rule: _Rule, table: list[list[int]], start: int) -> bool:
        if start + rule.length > len(table):
            return False
        for test in rule.tests:
            value = table[start + test.offset][test.column]
            if test.regex is not None:
                found = self._regex_hit(test.regex, value)
            else:
                found = value in test.values
            if found != test.positive:
                return False
        return True

    def _regex_search(self, regex: re.Pattern[str] | None, value: int) -> bool:
        assert regex is not None
        return regex.search(self.vocab.strings[value]) is not None


def _key(tests: Sequence[_Test]) -> tuple[int, frozenset[int]] | None:
    """The column and values a rule is indexed by: a positive test of its first token."""
    first = {t.column: t for t in tests if t.offset == 0 and t.positive and t.regex is None}
    for name in _KEYS:
        if _COLUMN[name] in first:
            return _COLUMN[name], first[_COLUMN[name]].values
    return None


def _value(vocab: Vocab, name: str, value: object) -> int:
    return int(bool(value)) if name == "IS_SPACE" else int(vocab.strings.add(str(value)))


def _tests(vocab: Vocab, pattern: list[dict[str, Any]]) -> tuple[_Test, ...] | None:
    """A pattern's tests, or None if it uses anything the index cannot test."""
    tests = []
    for offset, token in enumerate(pattern):
        for name, spec in token.items():
            if name not in _COLUMNS:
                return None
            column = _COLUMN[name]
            if not isinstance(spec, dict):
                tests.append(_Test(offset, column, True, frozenset([_value(vocab, name, spec)])))
                continue
            if len(spec) != 1:
                return None
            ((op, arg),) = spec.items()
            if op in ("IN", "NOT_IN"):
                values = frozenset(_value(vocab, name, v) for v in arg)
                tests.append(_Test(offset, column, op == "IN", values))
            elif op == "REGEX" and name != "IS_SPACE":
                tests.append(_Test(offset, column, True, frozenset(), re.compile(arg)))
            else:
                return None
    return tuple(tests)


def index_of(ruler: AttributeRuler) -> AttributeIndex | None:
    """The index of a ruler's patterns, or None if one of them cannot be indexed."""
    vocab = ruler.vocab
    tag_map: dict[int, dict[int, int]] = {}
    rules: list[_Rule] = []
    for order, (entry, attrs, target) in enumerate(
        zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True)
    ):
        patterns = cast(list[list[dict[str, Any]]], entry["patterns"])
        if not rules and _is_tag_map(patterns, attrs):
            tag_map[_value(vocab, "TAG", patterns[0][0]["TAG"])] = attrs
            continue
        for pattern in patterns:
            tests = _tests(vocab, pattern)
            if tests is None or not -len(pattern) <= target < len(pattern):
                return None
            if _key(tests) is None:  # tried everywhere: its first-token regex goes first
                tests = tuple(sorted(tests, key=lambda t: (t.offset, t.regex is None)))
                if tests[0].offset or tests[0].regex is None:
                    return None
            rules.append(_Rule(order, tests, len(pattern), target % len(pattern), attrs))
    return AttributeIndex(vocab, tag_map, rules)


def _is_tag_map(patterns: list[list[dict[str, Any]]], attrs: dict[int, Any]) -> bool:
    """A pattern that maps one tag to a POS and morph: in a leading run, one array lookup."""
    return (
        len(patterns) == 1
        and len(patterns[0]) == 1
        and list(patterns[0][0]) == ["TAG"]
        and isinstance(patterns[0][0]["TAG"], str)
        and set(attrs) <= {POS, MORPH}
    )


@Language.factory("newsgraph_attribute_index")
def make_attribute_index(nlp: Language, name: str) -> AttributeIndex:
    """The pipeline's own `attribute_ruler`, indexed (the caller checked `index_of`)."""
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    index = index_of(ruler)
    assert index is not None
    return index
