"""The index as services see it: building it, and reading its stored units back.

Building and checking are the backend's (:func:`dangan.backends.default_backend`);
reading goes through a :class:`~dangan.library.Library`, so that these functions take either an
index folder (the process's shared Library of it) or a Library. Nothing here knows
the engine: it talks to :mod:`dangan.backends.base`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path

from .backends import default_backend
from .backends.base import BuildOptions, Term
from .corpus import Source
from .errors import PassageNotFoundError
from .library import Library, library_for
from .models import IndexedPassage, IndexReport
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


def build_index(
    paths: list[Path],
    index_dir: Path,
    *,
    rebuild: bool = False,
    strict: bool = False,
    on_source: Callable[[Source], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    procs: int | None = None,
) -> IndexReport:
    """Index files and folders into ``index_dir``, keeping what is unchanged.

    Files whose bytes are unchanged since the last run are not cleaned again; files that
    disappeared from a folder given here are dropped. ``rebuild`` starts from empty.
    A file that cannot be cleaned is skipped and listed in the report; with ``strict``
    a skipped file fails the run (SkippedFilesError) and the index is left as it was.
    ``procs`` worker processes analyse the passages (default: one per core, for large
    runs; 1 analyses here). ``on_total`` hears the number of files, ``on_source``
    each file as it is read (a progress bar).
    """
    options = BuildOptions(rebuild, strict, on_source, on_total, procs)
    return default_backend().build(paths, index_dir, options)


def check_index(index_dir: Path) -> list[str]:
    """Every problem found in the index at ``index_dir``, one line each (``dangan
    check``); none if sound. It reads everything and changes nothing."""
    return default_backend().check(index_dir)


def index_exists(index_dir: Path) -> bool:
    """Whether the folder holds a dangan index (which may still be damaged)."""
    return default_backend().exists(index_dir)


def needs_build(index_dir: Path) -> bool:
    """True if there is no index yet and one may be built here; an error if the folder
    holds something else."""
    return default_backend().needs_build(index_dir)


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
