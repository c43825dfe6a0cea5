"""Errors whose message is shown to the user word for word.

Every message says what happened and what to do next. ``dangan.cli.base`` is the one place
where a :class:`DanganError` becomes a one-line ``Error: …`` and exit status 1.
"""

from __future__ import annotations


class DanganError(Exception):
    """Base class: a failure the user can act on."""


class CorpusError(DanganError):
    """A source file cannot be read or cleaned."""


class SkippedFilesError(CorpusError):
    """``--strict`` indexing met files it had to skip; the index was left unchanged."""

    def __init__(self, message: str, skipped: tuple[tuple[str, str], ...]) -> None:
        super().__init__(message)
        self.skipped = skipped


class QueryError(DanganError):
    """A search query is malformed."""


class QuoteTooShortError(QueryError):
    """A quotation too short to tell its source from other passages."""


class IndexMissingError(DanganError):
    """There is no index where one was expected."""


class IndexBusyError(DanganError):
    """Another process is writing the index."""


class IndexCorruptError(DanganError):
    """The index directory exists but cannot be read as a dangan index."""


class IndexWriteError(DanganError):
    """The index folder cannot be written (read-only, full disk)."""


class PassageNotFoundError(DanganError):
    """No passage has the requested id."""


class IndexWorkerError(IndexWriteError):
    """An indexing worker process died or failed; the run committed nothing."""


class IndexIntegrityError(IndexCorruptError):
    """An index's files or counts do not match what its generation recorded."""


class ServeError(DanganError):
    """The web server cannot start (its port is taken, its host cannot be bound)."""
