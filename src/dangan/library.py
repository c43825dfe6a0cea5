"""An open index: the one object that owns a backend's readers for an index folder.

Opening an index reads its term dictionaries, which at tens of thousands of passages
costs more than a search, so a long-lived process (the web server, a library user,
the benchmarks) keeps readers open. A :class:`Library` lends each caller a reader of
its own for the length of a ``with library.reading()`` block: searches in several
threads run side by side, never waiting for each other; its lock is held only while
the pool of idle readers changes. The current generation is looked up on every
borrow, so an index rebuilt by another process is picked up at once; readers of a
replaced generation are closed when they come back.

:func:`library_for` gives the process's shared Library of a folder (what the CLI and
the functions that take an index folder use); :func:`close_libraries` closes them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from .backends.base import IndexReader
from .backends.whoosh import WhooshBackend


class Library:
    """The readers of one index folder, lent out one thread at a time."""

    def __init__(self, index_dir: Path, backend: WhooshBackend | None = None) -> None:
        self.index_dir = index_dir
        self._backend = backend or WhooshBackend()
        self._lock = threading.Lock()
        self._idle: list[IndexReader] = []
        self._closed = False

    @contextlib.contextmanager
    def reading(self) -> Iterator[IndexReader]:
        """A reader of the current generation, for this block only."""
        with self._backend.guard(self.index_dir):
            current = self._backend.current_name(self.index_dir)
            reader = self._borrow(current)
            if reader is None:
                reader = self._backend.open_reader(self.index_dir)
            try:
                yield reader
            finally:
                self._give_back(reader)

    def _borrow(self, current: str | None) -> IndexReader | None:
        stale: list[IndexReader] = []
        with self._lock:
            if self._closed:
                raise ValueError("this Library is closed")
            stale = [r for r in self._idle if r.name != current]
            self._idle = [r for r in self._idle if r.name == current]
            reader = self._idle.pop() if self._idle else None
        for old in stale:
            old.close()
        return reader

    def _give_back(self, reader: IndexReader) -> None:
        current = self._backend.current_name(self.index_dir)
        with self._lock:
            keep = not self._closed and reader.name == current
            if keep:
                self._idle.append(reader)
        if not keep:
            reader.close()

    def close(self) -> None:
        """Close the idle readers; readers still lent out close when they come back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for reader in idle:
            reader.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_libraries: dict[Path, Library] = {}
_libraries_lock = threading.Lock()


def library_for(index: Library | Path) -> Library:
    """The Library itself, or the process's shared Library of that index folder."""
    if isinstance(index, Library):
        return index
    with _libraries_lock:
        library = _libraries.get(index)
        if library is None or library._closed:
            library = _libraries[index] = Library(index)
        return library


def close_libraries() -> None:
    """Close every shared Library (a process about to fork, or tests)."""
    with _libraries_lock:
        libraries = list(_libraries.values())
        _libraries.clear()
    for library in libraries:
        library.close()
