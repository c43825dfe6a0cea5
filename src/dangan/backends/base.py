"""The backend seam: what services may ask of an index, and the names of its fields.

A backend stores a document's units (title, passages, notes; see :mod:`dangan.units`)
and answers queries given as dangan's own query tree (:mod:`dangan.query`) with
search options (:mod:`dangan.filters`). Services (search, quote, names, show, export)
talk to an :class:`IndexReader` and never to the engine behind it; a unit is named
by its number in the reader (stable while the reader is open) or by its passage id.

This module also holds the logical field names: the one definition of what a unit
carries into any index. It imports nothing of the engines and must stay so: only
``dangan.backends.whoosh`` imports Whoosh, and no Whoosh object crosses this seam.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from ..corpus import Source
    from ..filters import Filters
    from ..models import IndexedPassage, IndexReport
    from ..query import Node

# Logical field names: what a unit is indexed as (see dangan.units.document_fields).
PASSAGE_ID = "passage_id"
DOC_ID = "doc_id"
PART = "part"  # "title", "body" or "note"
SIZE = "size"  # in words
DATE_START = "date_start"  # first day the document spans, YYYYMMDD; 0 undated
DATE_END = "date_end"
DATED = "dated"  # "yes" or "no"
LANG = "lang"
DOC_TYPE = "doc_type"
COLLECTION_ID = "collection_id"
POSITION = "position"  # path and place in the document: date sorts' ties
SOURCE_KEY = "source_key"  # the file's absolute path
ROOT = "root"
PATH = "path"
SHA256 = "sha256"
EXACT = "exact"  # single Han characters and folded words, with positions
WORDS = "words"  # stems and jieba's words, for ranking
HEAD = "head"  # a title unit's title, stored
TITLE = "title"
COLLECTION = "collection"
RECORD = "record"  # the encoded unit (dangan.records)
BOOST = "_boost"  # a unit's weight in ranking (Whoosh reads this key as the document's boost)

Term = tuple[str, str]
"""A (field, token) pair."""
Ranked = list[tuple[float, int]]
"""(score, unit number) pairs, best first."""
Column = Literal["doc_id", "date_start", "position", "collection_id", "lang", "part", "size"]


class ColumnValues(Protocol):
    """One column's values by unit number, read without decoding stored records."""

    def __getitem__(self, unit: int) -> Any: ...

    def many(self, units: Sequence[int]) -> list[Any]:
        """The values of these units, in their order (cheaper than one at a time)."""
        ...


@dataclass(frozen=True)
class Ranking:
    """What a query matches: every unit, and the best of them by score."""

    units: list[int]  # every match, by unit number, ascending
    best: Ranked  # best first: every match, or the first ``depth`` asked for
    floor: float | None
    """None if ``best`` holds every match; else no match left out of it scores more
    than this (its last unit's score before any re-ranking) and, scoring as much,
    each stands after all of ``best``."""


class IndexReader(Protocol):
    """One open, consistent view of an index. Not shared between threads at once: a
    :class:`dangan.library.Library` lends each thread a reader of its own."""

    name: str  # the generation (or snapshot) this reader sees

    def ranked(
        self,
        node: Node,
        filters: Filters,
        *,
        depth: int | None = None,
        undated_only: bool = False,
        rerank: bool = True,
    ) -> Ranking:
        """Every unit matching the (pruned, expanded) query and passing the filters,
        and the best ``depth`` of them (all without), best first: the same as the first
        ``depth`` of all; with ``rerank`` the first few are re-ranked by how near the
        query's words stand. A QueryError if the query would cost too much."""
        ...

    def units_with_spellings(self, spellings: Sequence[str]) -> Iterable[int]:
        """The units holding any of the spellings as an exact word or phrase."""
        ...

    def column(self, name: Column) -> ColumnValues: ...

    def head(self, unit: int) -> str:
        """A title unit's title."""
        ...

    def record(self, unit: int) -> IndexedPassage: ...

    def passage_id(self, unit: int) -> str: ...

    def values(self, field: Literal["collection_id", "doc_type"]) -> list[str]:
        """The distinct values of a keyword field, sorted."""
        ...

    def frequency(self, field: str, token: str) -> int:
        """How many units hold the token in the field."""
        ...

    def rarest(self, groups: Sequence[Sequence[Term]], *, most: int, limit: int) -> list[int]:
        """Units holding the most of the ``most`` rarest groups (a group: alternative
        terms that count as one), weighted by rarity, best first."""
        ...

    def by_passage_id(self, passage_id: str) -> IndexedPassage | None: ...

    def by_doc_id(self, doc_id: str) -> list[IndexedPassage]: ...

    def all_records(self) -> Iterator[IndexedPassage]: ...

    def all_passage_ids(self) -> list[str]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class BuildOptions:
    """How a build runs (see :func:`dangan.index.build_index`)."""

    rebuild: bool = False
    strict: bool = False
    on_source: Callable[[Source], None] | None = None
    on_total: Callable[[int], None] | None = None
    procs: int | None = None


class Backend(Protocol):
    """How an engine builds, checks and opens dangan's indexes."""

    def open_reader(self, index_dir: Path) -> IndexReader:
        """A reader of the index's current state (errors: IndexMissingError,
        IndexCorruptError, IndexBusyError)."""
        ...

    def current_name(self, index_dir: Path) -> str | None:
        """What :attr:`IndexReader.name` a reader opened now would have; cheap."""
        ...

    def guard(self, index_dir: Path) -> AbstractContextManager[None]:
        """The engine's errors on a damaged index, as one IndexCorruptError."""
        ...

    def build(self, paths: list[Path], index_dir: Path, options: BuildOptions) -> IndexReport:
        """Index files and folders, keeping what is unchanged (see dangan.index)."""
        ...

    def check(self, index_dir: Path) -> list[str]:
        """Every problem found in the index, one line each; none if sound."""
        ...

    def exists(self, index_dir: Path) -> bool:
        """Whether the folder holds an index (which may still be damaged)."""
        ...

    def needs_build(self, index_dir: Path) -> bool:
        """True if there is no index yet and one may be built here; an error if the
        folder holds something else."""
        ...
