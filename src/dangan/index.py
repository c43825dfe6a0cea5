"""The index as services see it: building it, and reading its stored units back.

Building is the backend's (:mod:`dangan.backends.whoosh.writer`); reading goes
through a :class:`~dangan.library.Library`, so that these functions take either an
index folder (the process's shared Library of it) or a Library. Nothing here knows
the engine: it talks to :mod:`dangan.backends.base`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from .backends.base import Term
from .backends.whoosh.check import check_index
from .backends.whoosh.store import index_exists, needs_build
from .backends.whoosh.writer import build_index
from .errors import PassageNotFoundError
from .library import Library, library_for
from .models import IndexedPassage
from .units import context_centre

__all__ = [
    "all_passages",
    "build_index",
    "check_index",
    "document_units",
    "get_passage",
    "index_exists",
    "needs_build",
    "neighbours",
    "passage_ids",
    "rarest_term_passages",
]

_PART_ORDER = {"title": 0, "body": 1, "note": 2}


def _in_document_order(records: list[IndexedPassage]) -> list[IndexedPassage]:
    """By document path, then title, passages and notes, each in order."""
    return sorted(
        records,
        key=lambda r: (r.path, r.passage.doc_id, _PART_ORDER[r.passage.part], r.passage.seq),
    )


def all_passages(index: Library | Path) -> list[IndexedPassage]:
    """Every stored unit (titles, passages and notes), ordered by document and position."""
    with library_for(index).reading() as reader:
        return _in_document_order(list(reader.all_records()))


def document_units(index: Library | Path, doc_id: str) -> list[IndexedPassage]:
    """Every unit of one document, in order (an error if the index has no such document)."""
    library = library_for(index)
    with library.reading() as reader:
        found = reader.by_doc_id(doc_id)
    if not found:
        raise PassageNotFoundError(
            f"no document with id {doc_id!r} in {library.index_dir}; search to find document ids"
        )
    return _in_document_order(found)


def rarest_term_passages(
    index: Library | Path, groups: Sequence[Sequence[Term]], *, most: int, limit: int
) -> list[IndexedPassage]:
    """Passages that hold the most of the rarest of these term groups, best first (see
    :meth:`dangan.backends.base.IndexReader.rarest`)."""
    with library_for(index).reading() as reader:
        return [reader.record(unit) for unit in reader.rarest(groups, most=most, limit=limit)]


def passage_ids(index: Library | Path) -> list[str]:
    """Every passage id in the index."""
    with library_for(index).reading() as reader:
        return reader.all_passage_ids()


def get_passage(index: Library | Path, passage_id: str) -> IndexedPassage:
    """The stored passage with this id; the error suggests close ids if there is none."""
    library = library_for(index)
    with library.reading() as reader:
        found = reader.by_passage_id(passage_id)
        if found is not None:
            return found
        ids = reader.all_passage_ids()
    close = difflib.get_close_matches(passage_id, ids, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; search to find passage ids"
    raise PassageNotFoundError(f"no passage with id {passage_id!r} in {library.index_dir}{hint}")


def neighbours(
    index: Library | Path, passage_id: str, before: int, after: int
) -> list[IndexedPassage]:
    """The passage with up to ``before`` and ``after`` passages of the same document
    around it, in order (an error with close ids if the passage is not there)."""
    middle = get_passage(index, passage_id)
    doc_id, seq = middle.passage.doc_id, context_centre(middle.passage)
    found: list[IndexedPassage] = []
    with library_for(index).reading() as reader:
        for n in range(max(1, seq - before), seq + after + 1):
            stored = reader.by_passage_id(f"{doc_id}-{n}")
            if stored is not None:
                found.append(stored)
            elif n > seq:
                break
    return found
