"""What a query may cost: the bound every search is held to, so that no valid query
(200 words of "the", 199 of 的) can stall a process.

A search's time goes on reading postings: for each term, the passages that hold it.
So a query's cost is counted before it runs, from the index's own document
frequencies: the postings of every term it reads (a prefix: every word it expands
to; a phrase: each of its words). Repeated parts are merged first (``the the`` is
``the``), and the proximity phrase that re-ranks words side by side is dropped for
long queries, whose words are rarely all near one another. A query past
:data:`MAX_POSTINGS` is refused with a line naming its commonest word. This module
neither parses nor ranks; search.py calls :func:`bounded` once per search.
"""

from __future__ import annotations

from typing import Any

from ...errors import QueryError

MAX_POSTINGS = 1_000_000
"""Postings one search may read: about 2 s of Whoosh on a 2-core machine."""
MAX_NEAR_WORDS = 12
"""Longest query whose words are also ranked by how near they stand."""


def _postings(leaf: Any, searcher: Any) -> dict[tuple[str, str], int]:
    """Postings a leaf query reads, by term: each word of a phrase or a proximity
    query; for a prefix (which names no terms before it is expanded), its estimate."""
    terms = [(field, text) for field, text in leaf.terms(phrases=True)]
    if terms:
        return {term: searcher.doc_frequency(*term) for term in terms}
    return {(type(leaf).__name__, repr(leaf)): int(leaf.estimate_size(searcher.reader()))}


def bounded(query: Any, near: Any, searcher: Any) -> tuple[Any, Any]:
    """The query (Whoosh's) with repeated parts merged and the proximity phrase
    ``near`` dropped past :data:`MAX_NEAR_WORDS` words; a QueryError if they would
    read more than :data:`MAX_POSTINGS` postings."""
    query = query.normalize()
    if near is not None and len(near.words) > MAX_NEAR_WORDS:
        near = None
    read: dict[tuple[str, str], int] = {}
    for part in (query, near):
        for leaf in part.leaves() if part is not None else ():
            for term, postings in _postings(leaf, searcher).items():
                read[term] = read.get(term, 0) + postings
    total = sum(read.values())
    if total > MAX_POSTINGS:
        _, commonest = max(read, key=lambda term: read[term])
        raise QueryError(
            f"this query would read {total:,} postings, more than the {MAX_POSTINGS:,} one "
            f"search may: leave out its commonest words (such as {commonest!r}) or search "
            "for a rarer part"
        )
    return query, near
