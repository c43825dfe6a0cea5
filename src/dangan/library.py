"""An open index: the one object that owns a backend's readers for an index folder.

Opening an index reads its term dictionaries, which at tens of thousands of passages
costs more than a search, so a long-lived process (the web server, a library user,
the benchmarks) keeps readers open. A :class:`Library` lends each caller a reader of
its own for the length of a ``with library.reading()`` block: searches in several
threads run side by side (up to :data:`MAX_READERS` at once), and its lock is held
only while the pool of readers changes. The current generation is looked up on every
borrow, so an index rebuilt by another process is picked up at once; readers of a
replaced generation are closed when they come back.

:func:`library_for` gives the process's shared Library of a folder (what the CLI and
the functions that take an index folder use), one per folder however it is spelt;
:func:`close_libraries` closes them (tests, a process about to exit or fork).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from .backends import default_backend
from .backends.base import Backend, IndexReader
from .errors import DanganError

MAX_READERS = 4
"""Readers one Library keeps open at most. Each holds its generation's dictionaries
and column caches (about 36 MB at 6,000 units), and Python runs one thread at a time,
so more readers than this cost memory without answering faster: a fifth search at
once waits for a reader to come back."""


class LibraryClosedError(DanganError):
    """A search was asked of a Library after close()."""


class Library:
    """The readers of one index folder, lent out one thread at a time."""

    def __init__(
        self, index_dir: Path, backend: Backend | None = None, max_readers: int = MAX_READERS
    ) -> None:
        self.index_dir = index_dir
        self._backend = backend or default_backend()
        self._free = threading.Condition(threading.Lock())
        self._idle: list[IndexReader] = []
        self._open = 0  # readers open: idle or lent
        self._max = max(1, max_readers)
        self._closed = False

    @contextlib.contextmanager
    def reading(self) -> Iterator[IndexReader]:
        """A reader of the current generation, for this block only."""
        with self._backend.guard(self.index_dir):
            current = self._backend.current_name(self.index_dir)
        reader = self._borrow(current)
        try:
            with self._backend.guard(self.index_dir):
                if reader is None:
                    reader = self._backend.open_reader(self.index_dir)
                yield reader
        finally:
            self._give_back(reader)

    def _borrow(self, current: str | None) -> IndexReader | None:
        """An idle reader of ``current``; None when a new one may be opened (a slot is
        taken for it). Waits while MAX_READERS are lent."""
        stale: list[IndexReader] = []
        with self._free:
            while True:
                if self._closed:
                    raise LibraryClosedError(f"the index at {self.index_dir} was closed")
                gone = [r for r in self._idle if r.name != current]
                self._idle = [r for r in self._idle if r.name == current]
                self._open -= len(gone)
                stale += gone
                if self._idle or self._open < self._max:
                    break
                self._free.wait()
            reader = self._idle.pop() if self._idle else None
            if reader is None:
                self._open += 1
        for old in stale:
            old.close()
        return reader

    def _give_back(self, reader: IndexReader | None) -> None:
        """Keep the reader for the next borrower (who drops it if the index has been
        rebuilt meanwhile: the manifest is read once per search, at the borrow)."""
        with self._free:
            keep = reader is not None and not self._closed
            if keep:
                self._idle.append(reader)  # type: ignore[arg-type]
            else:
                self._open -= 1
            self._free.notify()
        if reader is not None and not keep:
            reader.close()

    def close(self) -> None:
        """Close the idle readers; readers still lent out close when they come back."""
        with self._free:
            self._closed = True
            idle, self._idle = self._idle, []
            self._open -= len(idle)
            self._free.notify_all()
        for reader in idle:
            reader.close()

    def generation(self) -> str | None:
        """The name of the index's current state (a new one after every rebuild)."""
        with self._backend.guard(self.index_dir):
            return self._backend.current_name(self.index_dir)

    @property
    def closed(self) -> bool:
        return self._closed

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
    key = index.resolve()
    with _libraries_lock:
        library = _libraries.get(key)
        if library is None or library.closed:
            library = _libraries[key] = Library(index)
        return library


def close_libraries() -> None:
    """Close every shared Library (a process about to fork, or tests)."""
    with _libraries_lock:
        libraries = list(_libraries.values())
        _libraries.clear()
    for library in libraries:
        library.close()
