"""A reader of one generation: dangan's :class:`~dangan.backends.base.IndexReader`
over a Whoosh searcher.

It compiles the query tree (:mod:`.compile`), holds it to its cost bound
(:mod:`.cost`), runs it and answers the lookups services make by unit number (the
Whoosh document number) or by id. One reader is used by one thread at a time; the
:class:`~dangan.library.Library` lends them out. Whoosh errors are the caller's to
translate (:func:`.store.reading`).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh import query as wq

from ...filters import Filters
from ...models import IndexedPassage
from ...query import Node
from ...records import decode_record
from ..base import (
    DATED,
    DOC_ID,
    HEAD,
    PASSAGE_ID,
    RECORD,
    Column,
    ColumnValues,
    Ranked,
    Ranking,
    Term,
)
from .compile import filter_query, proximity, spelling_query, to_whoosh
from .cost import bounded

RERANK_DEPTH = 50  # hits re-ranked by proximity
WHOLE_COLUMN_SHARE = 16
"""A column is read whole once a search asks for more than 1/16 of its units."""


class _Column:
    """A column of one reader: read a unit at a time, or all at once (kept for the
    reader's life) when many are asked for together."""

    def __init__(self, reader: Any, units: int) -> None:
        self._reader = reader
        self._units = units  # in the index (Whoosh's multi-segment column has no length)
        self._all: list[Any] | None = None

    def __getitem__(self, unit: int) -> Any:
        if self._all is not None:
            return self._all[unit]
        return self._reader[unit]

    def many(self, units: Sequence[int]) -> list[Any]:
        if self._all is None and len(units) * WHOLE_COLUMN_SHARE < self._units:
            read = self._reader.__getitem__
            return [read(unit) for unit in units]
        if self._all is None:
            distinct: dict[Any, Any] = {}  # one object per value: a column of ids repeats
            self._all = [distinct.setdefault(v, v) for v in self._reader]
        values = self._all
        return [values[unit] for unit in units]


class WhooshReader:
    """A searcher of one generation of the index, with its column readers."""

    def __init__(self, index: Any, name: str) -> None:
        self.name = name
        self._index = index
        self._searcher = index.searcher()
        self._reader = self._searcher.reader()
        self._columns: dict[str, ColumnValues] = {}

    @classmethod
    def open(cls, generation: Path) -> WhooshReader:
        from whoosh import index as whoosh_index

        return cls(whoosh_index.open_dir(str(generation)), generation.name)

    def close(self) -> None:
        self._searcher.close()
        self._index.close()

    def ranked(
        self,
        node: Node,
        filters: Filters,
        *,
        depth: int | None = None,
        undated_only: bool = False,
        rerank: bool = True,
    ) -> Ranking:
        """Every match, and the best ``depth`` of them (all without ``depth``) by score,
        best first (ties: index order); with ``rerank``, the first RERANK_DEPTH are
        re-ranked with the proximity phrase's score added. Checking proximity only
        there, not in every unit that matches, keeps common words fast; scoring only
        the best ``depth`` (a heap, no sort of every match) keeps them faster."""
        narrow = filter_query(filters)
        if undated_only:
            only = wq.Term(DATED, "no")
            narrow = only if narrow is None else wq.And([only, narrow])
        query, near = bounded(to_whoosh(node), proximity(node) if rerank else None, self._searcher)
        allowed = None if narrow is None else set(self._searcher.docs_for_query(narrow))
        units, heap = self._collect(query, allowed, depth)
        heap.sort(key=lambda pair: (-pair[0], -pair[1]))
        best = [(score, -negated) for score, negated in heap]
        floor = None
        if depth is not None and len(units) > len(best):
            floor = best[-1][0] if best else math.inf
        if near is not None:
            best = self._reranked(best, near)
        return Ranking(units, best, floor)

    def _collect(
        self, query: Any, allowed: set[int] | None, depth: int | None
    ) -> tuple[list[int], list[tuple[float, int]]]:
        """Every unit the query matches (and ``allowed`` holds), in index order, and the
        best ``depth`` (every one without) as (score, -unit): a heap while ``depth``
        bounds it. One walk of the postings; nothing is sorted here."""
        units: list[int] = []
        scored: list[tuple[float, int]] = []
        context = self._searcher.context()
        for searcher, offset in self._searcher.leaf_searchers():
            matcher = query.matcher(searcher, context)
            while matcher.is_active():
                unit = matcher.id() + offset
                if allowed is None or unit in allowed:
                    units.append(unit)
                    if depth is None or len(scored) < depth:
                        scored.append((matcher.score(), -unit))
                        if depth is not None and len(scored) == depth:
                            heapq.heapify(scored)
                    elif depth:
                        score = matcher.score()
                        if score > scored[0][0]:
                            heapq.heapreplace(scored, (score, -unit))
                matcher.next()
        return units, scored

    def _reranked(self, first_ranked: Ranked, near: Any) -> Ranked:
        """The ranking with its first RERANK_DEPTH re-ranked by ``near``'s score added."""
        first, rest = first_ranked[:RERANK_DEPTH], first_ranked[RERANK_DEPTH:]
        bonus: dict[int, float] = {}
        matcher = near.matcher(self._searcher, self._searcher.context())
        for _, docnum in sorted(first, key=lambda pair: pair[1]):
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                bonus[docnum] = float(matcher.score())
        ranked = sorted(((s + bonus.get(d, 0.0), d) for s, d in first), key=lambda p: -p[0])
        return ranked + rest

    def units_with_spellings(self, spellings: Sequence[str]) -> Iterable[int]:
        return self._searcher.docs_for_query(spelling_query(spellings))

    def column(self, name: Column) -> ColumnValues:
        if name not in self._columns:
            units = self._reader.doc_count_all()
            self._columns[name] = _Column(self._reader.column_reader(name), units)
        return self._columns[name]

    def head(self, unit: int) -> str:
        return str(self._searcher.stored_fields(unit)[HEAD])

    def record(self, unit: int) -> IndexedPassage:
        return decode_record(self._searcher.stored_fields(unit)[RECORD])

    def passage_id(self, unit: int) -> str:
        return str(self._searcher.stored_fields(unit)[PASSAGE_ID])

    def values(self, field: str) -> list[str]:
        return sorted(k for t in self._searcher.lexicon(field) if (k := t.decode("utf-8")))

    def frequency(self, field: str, token: str) -> int:
        return int(self._searcher.doc_frequency(field, token))

    def rarest(self, groups: Sequence[Sequence[Term]], *, most: int, limit: int) -> list[int]:
        """Groups the index lacks entirely are ignored; of the rest, the ``most``
        rarest by document frequency are looked up, and a unit scores the inverse
        document frequency of each group it holds (ties: index order)."""
        searcher = self._searcher
        rarity = []
        for n, group in enumerate(groups):
            freq = sum(searcher.doc_frequency(field, term) for field, term in group)
            if freq:
                rarity.append((freq, n))
        total = max(searcher.doc_count(), 1)
        scores: dict[int, float] = {}
        for freq, n in sorted(rarity)[:most]:
            idf = math.log(1 + total / freq)
            docs: set[int] = set()
            for field, term in groups[n]:
                if searcher.doc_frequency(field, term):
                    docs.update(searcher.postings(field, term).all_ids())
            for doc in docs:
                scores[doc] = scores.get(doc, 0.0) + idf
        return sorted(scores, key=lambda doc: (-scores[doc], doc))[:limit]

    def by_passage_id(self, passage_id: str) -> IndexedPassage | None:
        fields = self._searcher.document(**{PASSAGE_ID: passage_id})
        return decode_record(fields[RECORD]) if fields else None

    def by_doc_id(self, doc_id: str) -> list[IndexedPassage]:
        return [decode_record(f[RECORD]) for f in self._searcher.documents(**{DOC_ID: doc_id})]

    def all_records(self) -> Iterator[IndexedPassage]:
        for fields in self._searcher.all_stored_fields():
            yield decode_record(fields[RECORD])

    def all_passage_ids(self) -> list[str]:
        return [str(f[PASSAGE_ID]) for f in self._searcher.all_stored_fields()]
