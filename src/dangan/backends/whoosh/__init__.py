"""The Whoosh backend: everything that imports Whoosh lives in this package.

:mod:`.schema` (fields and tokenizers), :mod:`.store` (generations, opening),
:mod:`.writer` (building), :mod:`.parallel` (worker processes), :mod:`.codec`
(the packed codec: :mod:`.postings`, :mod:`.terms`, :mod:`.packing`), :mod:`.compile`
(the query tree to Whoosh queries), :mod:`.phrase`, :mod:`.near` and :mod:`.cost`
(phrases, proximity and the cost bound), :mod:`.reader` (the IndexReader),
:mod:`.check` (``dangan check``).
No Whoosh object or field name leaves it: services see :mod:`dangan.backends.base`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from .check import check_index
from .reader import WhooshReader
from .store import index_exists, needs_build, open_index, read_manifest, reading
from .writer import build_index

if TYPE_CHECKING:
    from ...models import IndexReport
    from ..base import BuildOptions


class WhooshBackend:
    """Builds, checks and opens an index folder's generations."""

    def build(self, paths: list[Path], index_dir: Path, options: BuildOptions) -> IndexReport:
        return build_index(paths, index_dir, options)

    def check(self, index_dir: Path) -> list[str]:
        return check_index(index_dir)

    def exists(self, index_dir: Path) -> bool:
        return index_exists(index_dir)

    def needs_build(self, index_dir: Path) -> bool:
        return needs_build(index_dir)

    def open_reader(self, index_dir: Path) -> WhooshReader:
        with reading(index_dir):
            ix = open_index(index_dir)
            return WhooshReader(ix, Path(ix.storage.folder).name)

    def current_name(self, index_dir: Path) -> str | None:
        manifest = read_manifest(index_dir) if index_exists(index_dir) else None
        return str(manifest["current"]) if manifest else None

    def guard(self, index_dir: Path) -> contextlib.AbstractContextManager[None]:
        """Whoosh's errors on a damaged index, as one IndexCorruptError."""
        return reading(index_dir)
