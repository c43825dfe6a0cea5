"""The Whoosh backend: everything that imports Whoosh lives in this package.

:mod:`.schema` (fields and tokenizers), :mod:`.store` (generations, opening),
:mod:`.writer` (building), :mod:`.parallel` (worker processes), :mod:`.compile`
(the query tree to Whoosh queries), :mod:`.near` and :mod:`.cost` (proximity and
the cost bound), :mod:`.reader` (the IndexReader), :mod:`.check` (``dangan check``).
No Whoosh object or field name leaves it: services see :mod:`dangan.backends.base`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from .reader import WhooshReader
from .store import index_exists, open_index, read_manifest, reading


class WhooshBackend:
    """Opens readers of an index folder's current generation."""

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
