"""Exact phrases over packed postings: Whoosh's ``Phrase`` query, matched with numpy.

Whoosh matches a phrase by walking its words' postings together and, in every
document that holds them all, comparing position lists in Python: a phrase of
common Chinese characters reads hundreds of thousands of positions one by one.
Here each word's postings (:class:`.postings.Postings`) give their documents and
positions as arrays; the documents holding every word are intersected, and a
document matches where word k stands at position p + k for some p — one
``intersect1d`` of (document, position − k) keys per word.

The documents found, and their scores, are exactly Whoosh's (:class:`PackedPhrase`
computes a match's score as Whoosh's phrase matcher does: the sum of its words'
scores, added in the same order). A phrase with slop, or over postings another codec
wrote, is left to Whoosh.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher, WrappingMatcher

from .packing import Ints
from .postings import PackedMatcher, Postings


def _packed(matcher: Any) -> Postings | None:
    """The packed postings under a term matcher (maybe filtered for deletions)."""
    while not isinstance(matcher, PackedMatcher):
        matcher = getattr(matcher, "child", None)
        if matcher is None:
            return None
    return matcher.postings


def _keys(postings: Postings, docs: Ints, shift: int) -> Ints:
    """(document, position - shift) of the postings' positions in ``docs``, as one
    int64 each: the document in the high 32 bits."""
    positions, starts = postings.positions()
    assert postings.freqs is not None
    rows = np.flatnonzero(np.isin(postings.ids, docs, assume_unique=True))
    counts = postings.freqs[rows]
    ends = np.cumsum(counts)
    offsets = np.arange(int(ends[-1]) if ends.size else 0) - np.repeat(ends - counts, counts)
    picked = positions[np.repeat(starts[rows], counts) + offsets]
    owners = np.repeat(postings.ids[rows], counts)
    return (owners << 32) + (picked - shift)


def phrase_documents(words: list[Postings]) -> Ints:
    """The documents (sorted) where the words stand one after another."""
    docs = words[0].ids
    for postings in sorted(words[1:], key=lambda p: p.ids.size):
        docs = np.intersect1d(docs, postings.ids, assume_unique=True)
    if not docs.size:
        return docs
    order = sorted(range(len(words)), key=lambda k: int(words[k].freqs.sum()))  # type: ignore[union-attr]
    keys = _keys(words[order[0]], docs, order[0])
    for k in order[1:]:
        keys = np.intersect1d(keys, _keys(words[k], np.unique(keys >> 32), k), assume_unique=True)
        if not keys.size:
            break
    return np.unique(keys >> 32)


def _tree_sum(scores: list[float]) -> float:
    """A sum added as Whoosh's binary tree of intersection matchers adds it."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree_sum(scores[:half]) + _tree_sum(scores[half:])


class PackedPhrase(wq.Phrase):
    """Whoosh's ``Phrase``, matched with numpy when its words' postings are packed."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if self.slop != 1 or len(self.words) < 2 or self.fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname]
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                term = wq.Term(self.fieldname, field.to_bytes(word))
            except ValueError:
                return NullMatcher()
            if (self.fieldname, term.text) not in reader:
                return NullMatcher()
            terms.append(term)
        matchers = [t.matcher(searcher, context) for t in terms]
        words = [_packed(m) for m in matchers]
        if any(p is None or p.kind != "pos" for p in words):
            return super().matcher(searcher, context)
        docs = phrase_documents(words).tolist()  # type: ignore[arg-type]
        if reader.has_deletions():
            docs = [doc for doc in docs if not reader.is_deleted(doc)]
        if not docs:
            return NullMatcher()
        scores = []
        for doc in docs:
            for m in matchers:
                m.skip_to(doc)
            scores.append(_tree_sum([m.score() for m in matchers]))
        found = ListMatcher(docs, weights=scores)
        return WrappingMatcher(found, boost=self.boost) if self.boost != 1.0 else found
