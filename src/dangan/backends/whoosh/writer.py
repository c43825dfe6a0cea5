"""Writing a new generation: cleaning changed files, adding their units, dropping
what is gone, and switching the manifest to it once it is sealed.

This is the only module that writes the index; it does not format or print. Files
whose bytes are unchanged are not cleaned again (the generation's table of files,
:mod:`.generation`, says what it holds), and with several processes each worker writes
a segment of its own (:mod:`.parallel`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.query import Term

from ...corpus import NAME_NOT_UTF8, Source, find_sources
from ...errors import CorpusError, IndexBusyError, IndexWriteError, SkippedFilesError
from ...models import Document, IndexReport
from ...units import document_fields
from ..base import PART, SOURCE_KEY, BuildOptions
from .codec import DanganCodec
from .generation import (
    OWN_FILES,
    KnownFile,
    Table,
    fsync_path,
    is_lock,
    read_table,
    seal,
    write_table,
)
from .schema import schema
from .store import (
    FORMAT,
    LOCK,
    MANIFEST,
    _check_is_index_or_empty,
    _check_sizes,
    _read_manifest_or_none,
    reading,
)

MAX_PROCS = 4
POOL_MB = 64
"""Whoosh's budget for postings held before a sorted run goes to disk, per process. It
counts 32-bit object sizes: the real memory is about twice this (at 256, a file of
300,000 short lines peaked at 612 MB; bench/MEMORY.md)."""
PARALLEL_FROM_FILES = 32
"""Runs over fewer files than this analyse in one process: starting workers (each loads
the segmenter) costs more than it saves."""


DEFAULT_OPTIONS = BuildOptions()


def build_index(
    paths: list[Path],
    index_dir: Path,
    options: BuildOptions = DEFAULT_OPTIONS,
    *,
    packed: bool = True,
) -> IndexReport:
    """Index files and folders into ``index_dir``, keeping what is unchanged.

    Files whose bytes are unchanged since the last run are not cleaned again; files that
    disappeared from a folder given here are dropped. ``options.rebuild`` starts from
    empty. A file that cannot be cleaned is skipped and listed in the report; with
    ``options.strict`` a skipped file fails the run (SkippedFilesError) and the index is
    left as it was. ``options.procs`` worker processes analyse the passages and write
    one segment each while this one cleans the files (default: one per core, up to
    :data:`MAX_PROCS`, for runs of :data:`PARALLEL_FROM_FILES` files or more; 1 analyses
    here). ``packed`` False
    writes with Whoosh's own codec and formats instead of :mod:`.codec`'s (a yardstick
    for the differential test and bench/format.py; both read the same).
    """
    _check_is_index_or_empty(index_dir)
    inside_index = index_dir.resolve()
    sources = [s for s in find_sources(paths) if not s.file.is_relative_to(inside_index)]
    procs = options.procs
    if procs is None:
        many = len(sources) >= PARALLEL_FROM_FILES
        procs = min(os.cpu_count() or 1, MAX_PROCS) if many else 1
    report = IndexReport(index_dir=str(index_dir), files=len(sources))
    with _write_lock(index_dir) as lock_fd:
        if options.on_total:
            options.on_total(len(sources))
        manifest = _read_manifest_or_none(index_dir, options.rebuild)
        current = index_dir / manifest["current"] if manifest else None
        base = None if options.rebuild else current
        _remove_other_generations(index_dir, keep={current})
        generation = index_dir / f"gen-{time.time_ns():x}-{os.getpid()}"
        try:
            with reading(index_dir):
                if base is not None and manifest is not None:
                    _check_sizes(index_dir, base, manifest)
                ix = _new_generation(generation, base, packed)
                table = _known_files(ix, base)
                present = _entries_present(ix)
            writer = _writer(ix, procs, lock_fd, packed)
            report = _update(ix, writer, sources, paths, report, options, table, present)
            write_table(generation, table)
            _verify_counts(ix, table)
            _switch_to(index_dir, generation, seal(generation, base))
        except OSError as exc:
            shutil.rmtree(generation, ignore_errors=True)
            raise _unwritable(index_dir, exc) from exc
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        # The replaced generation stays until the next run, so that a search that opened
        # it just before the switch can finish reading it.
        _remove_other_generations(index_dir, keep={generation, current})
    return report


def _entries_present(ix: Any) -> dict[str, int]:
    """How many live index entries each source file has, counted from the index itself:
    its term's document frequency in each segment, less the segment's deleted entries
    of it (read from their stored fields). No posting is read: 0.64 -> 0.03 s at 48k
    entries (bench/RESULTS.md)."""
    counts: dict[str, int] = {}
    with ix.reader() as reader:
        for segment, _ in reader.leaf_readers():
            for term, info in segment.iter_field(SOURCE_KEY):
                key = term.decode("utf-8") if isinstance(term, bytes) else term
                counts[key] = counts.get(key, 0) + info.doc_frequency()
            if segment.has_deletions():
                for unit in range(segment.doc_count_all()):
                    if segment.is_deleted(unit):
                        counts[segment.stored_fields(unit)[SOURCE_KEY]] -= 1
    return {key: n for key, n in counts.items() if n}


def _known_files(ix: Any, current: Path | None) -> Table:
    """The files the current generation holds, as its table records them; an index
    written before tables existed gets one from its stored fields (and no
    fingerprints, so its files are indexed again)."""
    if current is None:
        return {}
    table = read_table(current)
    if table is not None:
        return table
    entries: dict[str, int] = {}
    table = {}
    with ix.searcher() as searcher:
        for f in searcher.all_stored_fields():
            key = f[SOURCE_KEY]
            entries[key] = entries.get(key, 0) + 1
            table[key] = KnownFile(f["root"], f["path"], f["doc_id"], "", 0, 0, 0)
    return {key: replace(known, entries=entries[key]) for key, known in table.items()}


def _verify_counts(ix: Any, table: Table) -> None:
    """Fail the run, before the switch, unless every file has exactly the entries the
    table says it has and no entry belongs to a file the table lacks."""
    present = _entries_present(ix)
    expected = {key: known.entries for key, known in table.items() if known.entries}
    if present != expected:
        wrong = sorted(k for k in {*present, *expected} if present.get(k) != expected.get(k))
        raise IndexWriteError(
            f"the new index holds {sum(present.values())} entries where "
            f"{sum(expected.values())} were written ({len(wrong)} files differ, e.g. "
            f"{wrong[0]}); the run was stopped and the previous index is unchanged"
        )


def _writer(ix: Any, procs: int, lock_fd: int, packed: bool) -> Any:
    codec = DanganCodec() if packed else None  # None: Whoosh's default
    if procs <= 1:
        return ix.writer(limitmb=POOL_MB, codec=codec)
    from .parallel import ParallelWriter  # only a run with workers needs multiprocessing

    # Each worker writes a segment of its own: merging them here would be serial again.
    writer = ParallelWriter(ix, procs=procs, limitmb=POOL_MB, codec=codec)
    writer.lock_fd = lock_fd
    return writer


def _update(
    ix: Any,
    writer: Any,
    sources: list[Source],
    paths: list[Path],
    report: IndexReport,
    options: BuildOptions,
    table: Table,
    present: dict[str, int],
) -> IndexReport:
    """Add, replace and delete the entries of ``sources`` and commit; ``table`` is
    updated to what the new generation holds. A file whose entries in the index
    (``present``) are not all there is indexed again, even if unchanged."""
    from ... import clean  # searches never clean, so they do not import the cleaner

    owners = {known.doc_id: key for key, known in table.items()}
    roots = tuple(f"{p.resolve()}/" for p in paths if p.is_dir())
    seen: set[str] = set()
    indexed = unchanged = 0
    skipped: list[tuple[str, str]] = []
    try:
        for source in sources:
            if options.on_source:
                options.on_source(source)
            seen.add(str(source.file))
            outcome = _update_source(writer, source, table, owners, present, clean.clean_file)
            if isinstance(outcome, tuple):
                skipped.append(outcome)
            elif outcome == "indexed":
                indexed += 1
            else:
                unchanged += 1
        if options.strict and skipped:
            plural = "s" if len(skipped) > 1 else ""
            raise SkippedFilesError(
                f"{len(skipped)} file{plural} could not be indexed, so --strict left the "
                f"index unchanged (first: {skipped[0][0]}: {skipped[0][1]})",
                tuple(skipped),
            )
        gone = [k for k in table if k.startswith(roots) and k not in seen]
        for key in gone:
            writer.delete_by_term(SOURCE_KEY, key)
            del table[key]
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    with ix.searcher() as searcher:
        body, notes = (_count_part(searcher, part) for part in ("body", "note"))
    return replace(
        report,
        indexed=indexed,
        unchanged=unchanged,
        removed=len(gone),
        passages=body,
        notes=notes,
        skipped=tuple(skipped),
    )


def _count_part(searcher: Any, part: str) -> int:
    """How many live units of this part the index holds (deleted ones left out)."""
    return sum(1 for _ in Term(PART, part).docs(searcher))


def _update_source(
    writer: Any,
    source: Source,
    table: Table,
    owners: dict[str, str],
    present: dict[str, int],
    clean_file: Callable[[Source], Document],
) -> str | tuple[str, str]:
    """Index one file unless it is unchanged and whole in the index: "indexed",
    "unchanged", or the (path, reason) it was skipped for."""
    if not source.has_utf8_name:
        return (source.display_path, NAME_NOT_UTF8)
    key = str(source.file)
    old = table.get(key)
    if old is not None:  # keep the folder it was first indexed from, and so its ids
        source = Source(source.file, Path(old.root), old.path)
    owner = owners.setdefault(source.doc_id, key)
    if owner != key and Path(owner).exists():
        return (source.path, _clash(owner))
    if owner != key:  # the file moved: its old entry goes, the id stays
        writer.delete_by_term(SOURCE_KEY, owner)
        table.pop(owner, None)
        owners[source.doc_id] = key
    failure: CorpusError | OSError | None = None
    try:
        info = source.file.stat()
        fingerprint = source.fingerprint()
        if old and old.fingerprint == fingerprint and present.get(key, 0) == old.entries:
            return "unchanged"
        doc = clean_file(source)
    except (CorpusError, OSError) as exc:
        failure = exc
    writer.delete_by_term(SOURCE_KEY, key)  # what it held goes, even if it cannot be read
    table.pop(key, None)
    if failure is not None:
        reason = failure.strerror if isinstance(failure, OSError) else None
        text = f"cannot read ({reason})" if reason else str(failure)
        return (source.path, text.removeprefix(f"{source.path}: "))
    entries = 0
    for fields in document_fields(doc, source, key):
        writer.add_document(**fields)
        entries += 1
    table[key] = KnownFile(
        str(source.root),
        source.path,
        source.doc_id,
        fingerprint,
        info.st_size,
        info.st_mtime_ns,
        entries,
    )
    return "indexed"


def _clash(owner: str) -> str:
    return (
        f"its document id is already taken by {owner} (same folder name and path); "
        "rename one of the folders, or index with --rebuild"
    )


def _new_generation(new: Path, current: Path | None, packed: bool) -> Any:
    """Create a generation folder: empty, or hard links to the current one's files."""
    new.mkdir()
    if current is None:
        return whoosh_index.create_in(str(new), schema(packed))
    for file in current.iterdir():
        if file.is_file() and not is_lock(file.name) and file.name not in OWN_FILES:
            os.link(file, new / file.name)
    return whoosh_index.open_dir(str(new))


def _switch_to(index_dir: Path, generation: Path, sealed: dict[str, Any]) -> None:
    """Point the manifest at a sealed generation, durably: the new manifest is on disk
    before it replaces the old one, and the folder's entry after."""
    tmp = index_dir / f".{MANIFEST}.tmp"
    manifest = {"format": FORMAT, "current": generation.name, "checksums": sealed}
    tmp.write_text(json.dumps(manifest), encoding="utf-8")
    fsync_path(tmp)
    os.replace(tmp, index_dir / MANIFEST)
    fsync_path(index_dir)


def _remove_other_generations(index_dir: Path, keep: set[Path | None]) -> None:
    for old in index_dir.glob("gen-*"):
        if old not in keep:
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _write_lock(index_dir: Path) -> Iterator[int]:
    """Hold the index's write lock; yields the lock file's descriptor."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK, "a+")  # noqa: SIM115 - closed below
    except IsADirectoryError:
        raise IndexWriteError(
            f"{index_dir / LOCK} is a folder, but dangan keeps its lock file there; "
            "remove the folder, then try again"
        ) from None
    except OSError as exc:
        raise _unwritable(index_dir, exc) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusyError(
                f"index at {index_dir} is being written by another dangan process; "
                "wait for it to finish, then try again"
            ) from None
        try:
            yield handle.fileno()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _unwritable(index_dir: Path, exc: OSError) -> IndexWriteError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some space (or files) on its disk, or choose another --index-dir"
    elif exc.errno == errno.EFBIG:
        hint = "a file size limit (ulimit -f) stopped it; raise the limit"
    else:
        hint = "choose a writable --index-dir"
    return IndexWriteError(
        f"cannot write the index at {index_dir} ({exc.strerror or exc}): {hint}; "
        "the previous index is unchanged"
    )
