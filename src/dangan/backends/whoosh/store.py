"""The index on disk: its generations, opening the current one, and turning Whoosh's
errors into dangan's.

Layout of an index folder::

    index/dangan.json      {"format": N, "current": "gen-…"}: replaced atomically
    index/gen-…/           the Whoosh index that dangan.json points to
    index/.lock            held (flock) by the one process writing

Every run writes a new generation beside the current one (see :mod:`.writer`), and
only when it has committed does ``dangan.json`` switch to it. An interrupted or killed
run therefore never leaves a broken index: the previous generation stays in use and
the leftover is removed by the next run. The replaced generation is kept until the
next run too, for searches that opened it just before the switch.
"""

from __future__ import annotations

import contextlib
import errno
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from ...errors import DanganError, IndexBusyError, IndexCorruptError, IndexMissingError
from ...records import decode_record
from ..base import RECORD, SOURCE_KEY
from .generation import problems

FORMAT = 6
"""Raised whenever an index written before cannot be read the same way: 5 since the
tokenizers moved into dangan.backends.whoosh.schema (the schema names their classes),
6 since the packed codec (:mod:`.codec`) and records no longer compressed one by one."""
MANIFEST = "dangan.json"
LOCK = ".lock"
OPEN_ATTEMPTS = 5
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("current"), str):
            raise ValueError("no current generation")
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(
            f"{path} is damaged ({exc}); rebuild with: dangan index --rebuild"
        ) from exc
    if data.get("format") != FORMAT:
        raise IndexCorruptError(
            f"index at {index_dir} was built by another version of dangan; "
            "rebuild it with: dangan index --rebuild"
        )
    return data


def _read_manifest_or_none(index_dir: Path, rebuild: bool) -> dict[str, Any] | None:
    """The manifest; with ``rebuild`` a damaged one is ignored, since it will be replaced."""
    try:
        return read_manifest(index_dir)
    except IndexCorruptError:
        if rebuild:
            return None
        raise


def index_exists(index_dir: Path) -> bool:
    """Whether the folder holds a dangan index (which may still be damaged)."""
    return (index_dir / MANIFEST).exists()


def _check_is_index_or_empty(index_dir: Path) -> None:
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexCorruptError(
            f"{index_dir} is a file, not an index folder; choose another --index-dir"
        )
    if index_dir.is_dir() and not index_exists(index_dir):
        strangers = [
            p.name for p in index_dir.iterdir() if p.name != LOCK and not p.name.startswith("gen-")
        ]
        if strangers:
            raise IndexCorruptError(
                f"{index_dir} is not a dangan index (it holds other files, e.g. {strangers[0]}); "
                "choose an empty or new folder with --index-dir"
            )


def _unreadable(index_dir: Path, exc: BaseException) -> IndexCorruptError:
    return IndexCorruptError(
        f"index at {index_dir} cannot be read ({type(exc).__name__}: {exc}); "
        "rebuild it with: dangan index --rebuild"
    )


@contextlib.contextmanager
def reading(index_dir: Path) -> Iterator[None]:
    """Turn Whoosh's errors on a damaged index into one IndexCorruptError."""
    try:
        yield
    except DanganError:
        raise
    except OSError as exc:
        if exc.errno in WRITE_ERRNOS:  # a full disk is not a damaged index
            raise
        raise _unreadable(index_dir, exc) from exc
    except Exception as exc:
        raise _unreadable(index_dir, exc) from exc


def needs_build(index_dir: Path) -> bool:
    """True if there is no index yet and one may be built here; an error if the folder
    holds something else."""
    _check_is_index_or_empty(index_dir)
    return not index_exists(index_dir)


def _missing(index_dir: Path) -> IndexMissingError:
    return IndexMissingError(
        f"no index at {index_dir}; build one with: dangan index [PATH ...] --index-dir {index_dir}"
    )


def current_generation(index_dir: Path) -> tuple[Path, dict[str, Any]]:
    """The current generation's folder and the manifest that names it."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        _check_is_index_or_empty(index_dir)
        raise _missing(index_dir)
    return index_dir / manifest["current"], manifest


def stored_entries(generation: Path) -> dict[str, int]:
    """Entries per source file, counted by reading (and decoding) every stored one."""
    counts: dict[str, int] = {}
    ix = whoosh_index.open_dir(str(generation))
    try:
        with ix.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                decode_record(fields[RECORD])
                counts[fields[SOURCE_KEY]] = counts.get(fields[SOURCE_KEY], 0) + 1
    finally:
        ix.close()
    return counts


def _check_sizes(index_dir: Path, generation: Path, manifest: dict[str, Any]) -> None:
    """Refuse a generation whose files are missing or not the size they were written."""
    damage = problems(generation, manifest.get("checksums"), full=False)
    if damage:
        raise IndexCorruptError(
            f"index at {index_dir} cannot be read ({damage[0]}); "
            "rebuild it with: dangan index --rebuild"
        )


def _open_for_reading(generation: Path) -> Any:
    """The generation's index, its segment files read where they lie: with mmap, Whoosh
    copies each segment's postings into memory when it opens it (a search process at
    48,078 units: 485 MB, without: 46 MB, as fast)."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(generation), supports_mmap=False).open_index()


def open_index(index_dir: Path) -> Any:
    """Open the current generation for reading, after checking its files' sizes.

    If a writer switches generations meanwhile (and removes the one being opened),
    the new current generation is opened instead.
    """
    if not index_dir.exists() or not index_exists(index_dir):
        _check_is_index_or_empty(index_dir)
        raise _missing(index_dir)
    manifest = read_manifest(index_dir)
    for _ in range(OPEN_ATTEMPTS):
        assert manifest is not None
        generation = index_dir / manifest["current"]
        try:
            _check_sizes(index_dir, generation, manifest)
            return _open_for_reading(generation)
        except Exception as exc:
            latest = read_manifest(index_dir)
            if latest == manifest:  # not a switch: the generation itself is at fault
                if isinstance(exc, DanganError):
                    raise
                raise _unreadable(index_dir, exc) from exc
            manifest = latest
    raise IndexBusyError(f"index at {index_dir} keeps changing; try again")
