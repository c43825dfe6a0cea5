"""Proximity as a Whoosh query: words or phrases within N words of each other, in any
order (``"Chou Kissinger"~10``, ``Chou NEAR/10 Kissinger``).

Whoosh's own span queries mis-measure a phrase nested in a span (a phrase of three
words counts as one position), so this query finds the documents that hold every part
(an And of their phrases), then reads each part's positions from the postings of the
exact field and keeps a document where one occurrence of each part fits in a window
whose gaps add up to at most N words. Scores are those of the And.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

MAX_COMBINATIONS = 4096  # choices of one occurrence per part tried in one document


class NearQuery(wq.Query):
    """Parts (each a sequence of tokens of ``field``) within ``slop`` words."""

    def __init__(self, field: str, parts: Sequence[Sequence[str]], slop: int) -> None:
        self.field = field
        self.parts = tuple(tuple(p) for p in parts)
        self.slop = slop
        self.boost = 1.0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NearQuery) and (self.field, self.parts, self.slop) == (
            other.field,
            other.parts,
            other.slop,
        )

    def __hash__(self) -> int:
        return hash((self.field, self.parts, self.slop))

    def __repr__(self) -> str:
        return f"NearQuery({self.field!r}, {self.parts!r}, {self.slop})"

    def _all_parts(self) -> Any:
        return wq.And(
            [
                wq.Term(self.field, p[0]) if len(p) == 1 else wq.Phrase(self.field, list(p))
                for p in self.parts
            ]
        )

    def has_terms(self) -> bool:
        return True

    def terms(self, phrases: bool = True) -> Any:
        # iter_all_terms: an And's own terms() is empty, its leaves hold the terms
        return self._all_parts().iter_all_terms(phrases)

    def estimate_size(self, ixreader: Any) -> int:
        return int(self._all_parts().estimate_size(ixreader))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        candidates = self._all_parts().matcher(searcher, context)
        ids, scores = [], []
        while candidates.is_active():
            ids.append(candidates.id())
            scores.append(candidates.score())
            candidates.next()
        if not ids:
            return NullMatcher()
        positions = {
            token: _positions(searcher, self.field, token, ids)
            for token in {t for part in self.parts for t in part}
        }
        kept = [
            (doc, score)
            for doc, score in zip(ids, scores, strict=True)
            if self._near([_starts(part, positions, doc) for part in self.parts])
        ]
        if not kept:
            return NullMatcher()
        return ListMatcher([d for d, _ in kept], weights=[s * self.boost for _, s in kept])

    def _near(self, starts: list[list[int]]) -> bool:
        """Whether one start of each part fits with gaps adding up to ``slop`` or less."""
        lengths = [len(p) for p in self.parts]
        each = max(2, int(MAX_COMBINATIONS ** (1 / len(starts))))
        for choice in itertools.product(*(s[:each] for s in starts)):
            spans = sorted(zip(choice, lengths, strict=True))
            words = sum(n for _, n in spans)
            if any(b < a + n for (a, n), (b, _) in itertools.pairwise(spans)):
                continue  # parts overlap: not side by side
            if spans[-1][0] + spans[-1][1] - spans[0][0] - words <= self.slop:
                return True
        return False


def _positions(searcher: Any, field: str, token: str, ids: list[int]) -> dict[int, list[int]]:
    """The token's positions in each of the documents ``ids`` (sorted) that hold it."""
    found: dict[int, list[int]] = {}
    if not searcher.doc_frequency(field, token):
        return found
    postings = searcher.postings(field, token)
    for doc in ids:
        if not postings.is_active():
            break
        if postings.id() < doc:
            postings.skip_to(doc)
        if postings.is_active() and postings.id() == doc:
            found[doc] = list(postings.value_as("positions"))
    return found


def _starts(
    part: tuple[str, ...], positions: dict[str, dict[int, list[int]]], doc: int
) -> list[int]:
    """Where the part's tokens stand one after another in the document."""
    first = positions[part[0]].get(doc, [])
    rest = [set(positions[t].get(doc, ())) for t in part[1:]]
    return [p for p in first if all(p + k + 1 in rest[k] for k in range(len(rest)))]
