"""The index on disk: its schema, building it, opening it, reading stored passages.

Layout of an index folder::

    index/dangan.json      {"format": N, "current": "gen-…"}: replaced atomically
    index/gen-…/           the Whoosh index that dangan.json points to
    index/.lock            held (flock) by the one process writing

Every run writes a new generation beside the current one (hard links to the
unchanged segment files, then a Whoosh writer), and only when it has committed does
``dangan.json`` switch to it. An interrupted or killed run therefore never leaves a
broken index: the previous generation stays in use and the leftover is removed by the
next run. The replaced generation is kept until the next run too, for searches that
opened it just before the switch. This is the only module that writes the index; it
does not clean, format or print.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import fcntl
import json
import math
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.query import Term

from . import analysis
from .corpus import NAME_NOT_UTF8, Source, find_sources
from .errors import (
    CorpusError,
    DanganError,
    IndexBusyError,
    IndexCorruptError,
    IndexMissingError,
    IndexWriteError,
    PassageNotFoundError,
    SkippedFilesError,
)
from .generation import (
    OWN_FILES,
    KnownFile,
    Table,
    fsync_path,
    is_lock,
    problems,
    read_table,
    seal,
    write_table,
)
from .models import Document, IndexedPassage, IndexReport
from .records import decode_record
from .units import context_centre, document_fields

FORMAT = 4
MANIFEST = "dangan.json"
LOCK = ".lock"
MAX_PROCS = 4
OPEN_ATTEMPTS = 5
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})
PARALLEL_FROM_FILES = 32
"""Runs over fewer files than this analyse in one process: starting workers (each loads
jieba) costs more than it saves."""


def schema() -> Schema:
    return Schema(
        passage_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        part=ID(stored=True, sortable=True),  # body, note or title (see dangan.units)
        size=NUMERIC(int, bits=32, signed=False, sortable=True),  # in words (see passages)
        # Filters, sorts and facets (see dangan.filters): the document's date as the
        # first and last day it spans (YYYYMMDD; 0 undated), language, type, collection.
        # 64-bit signed: Whoosh's 32-bit unsigned ranges match everything below 2**24.
        date_start=NUMERIC(int, bits=64, signed=True, sortable=True),
        date_end=NUMERIC(int, bits=64, signed=True, sortable=True),
        dated=ID,  # "yes" or "no"
        lang=ID(sortable=True),
        doc_type=ID,
        collection_id=ID(sortable=True),
        position=ID(sortable=True),  # path and order in the document: date sorts' ties
        source_key=ID(stored=True),  # the file's absolute path
        root=STORED(),  # the corpus folder its path and doc_id are relative to
        path=STORED(),  # the file's path in that folder
        sha256=STORED(),
        exact=TEXT(analyzer=analysis.exact_analyzer(), phrase=True),
        words=TEXT(analyzer=analysis.words_analyzer(), phrase=False),
        # Title units' title, stored so that ranking reads it without the record.
        head=TEXT(analyzer=analysis.exact_analyzer(), phrase=True, stored=True),
        title=TEXT(analyzer=analysis.exact_analyzer(), phrase=True),
        collection=TEXT(analyzer=analysis.exact_analyzer(), phrase=True),
        record=STORED(),
    )


def _read_manifest(index_dir: Path) -> dict[str, Any] | None:
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
        return _read_manifest(index_dir)
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
    manifest = _read_manifest(index_dir)
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
                decode_record(fields["record"])
                counts[fields["source_key"]] = counts.get(fields["source_key"], 0) + 1
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


def open_index(index_dir: Path) -> Any:
    """Open the current generation for reading, after checking its files' sizes.

    If a writer switches generations meanwhile (and removes the one being opened),
    the new current generation is opened instead.
    """
    if not index_dir.exists() or not index_exists(index_dir):
        _check_is_index_or_empty(index_dir)
        raise _missing(index_dir)
    manifest = _read_manifest(index_dir)
    for _ in range(OPEN_ATTEMPTS):
        assert manifest is not None
        generation = index_dir / manifest["current"]
        try:
            _check_sizes(index_dir, generation, manifest)
            return whoosh_index.open_dir(str(generation))
        except Exception as exc:
            latest = _read_manifest(index_dir)
            if latest == manifest:  # not a switch: the generation itself is at fault
                if isinstance(exc, DanganError):
                    raise
                raise _unreadable(index_dir, exc) from exc
            manifest = latest
    raise IndexBusyError(f"index at {index_dir} keeps changing; try again")


_searchers: dict[Path, tuple[str, Any]] = {}
_searchers_lock = threading.RLock()  # re-entrant: a reader may call another


@contextlib.contextmanager
def searching(index_dir: Path) -> Iterator[Any]:
    """A searcher of the current generation, kept open between calls in one process.

    Opening an index reads its term dictionaries, which at tens of thousands of
    passages costs more than a search; a long-lived process (a library user, the
    benchmarks) pays it once. The manifest is read on every call, so a generation
    switched by another ``dangan index`` run is picked up at once. Whoosh errors
    become IndexCorruptError as in :func:`reading`.
    """
    key = index_dir.resolve()
    with _searchers_lock, reading(index_dir):
        manifest = _read_manifest(index_dir) if index_exists(index_dir) else None
        current = manifest["current"] if manifest else None
        cached = _searchers.get(key)
        if cached is None or cached[0] != current:
            if cached is not None:
                cached[1].close()
                del _searchers[key]
            ix = open_index(index_dir)
            _searchers[key] = (Path(ix.storage.folder).name, ix.searcher())
        yield _searchers[key][1]


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


def _new_generation(new: Path, current: Path | None) -> Any:
    """Create a generation folder: empty, or hard links to the current one's files."""
    new.mkdir()
    if current is None:
        return whoosh_index.create_in(str(new), schema())
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
    ``procs`` worker processes analyse the passages and write one segment each while
    this one cleans the files (default: one per core, up to :data:`MAX_PROCS`, for runs
    of :data:`PARALLEL_FROM_FILES` files or more; 1 analyses here).
    """
    _check_is_index_or_empty(index_dir)
    inside_index = index_dir.resolve()
    sources = [s for s in find_sources(paths) if not s.file.is_relative_to(inside_index)]
    if procs is None:
        many = len(sources) >= PARALLEL_FROM_FILES
        procs = min(os.cpu_count() or 1, MAX_PROCS) if many else 1
    report = IndexReport(index_dir=str(index_dir), files=len(sources))
    with _write_lock(index_dir) as lock_fd:
        if on_total:
            on_total(len(sources))
        manifest = _read_manifest_or_none(index_dir, rebuild)
        current = index_dir / manifest["current"] if manifest else None
        base = None if rebuild else current
        _remove_other_generations(index_dir, keep={current})
        generation = index_dir / f"gen-{time.time_ns():x}-{os.getpid()}"
        try:
            with reading(index_dir):
                if base is not None and manifest is not None:
                    _check_sizes(index_dir, base, manifest)
                ix = _new_generation(generation, base)
                table = _known_files(ix, base)
                present = _entries_present(ix)
            writer = _writer(ix, procs, lock_fd)
            report = _update(ix, writer, sources, paths, report, on_source, strict, table, present)
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
    """How many index entries each source file has, counted from the index itself."""
    counts: dict[str, int] = {}
    with ix.searcher() as searcher:
        for term in searcher.lexicon("source_key"):
            found = sum(1 for _ in searcher.postings("source_key", term).all_ids())
            if found:
                counts[term.decode("utf-8")] = found
    return counts


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
            key = f["source_key"]
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


def _writer(ix: Any, procs: int, lock_fd: int) -> Any:
    if procs <= 1:
        return ix.writer(limitmb=256)
    from .parallel import ParallelWriter  # only a run with workers needs multiprocessing

    # Each worker writes a segment of its own: merging them here would be serial again.
    writer = ParallelWriter(ix, procs=procs, limitmb=256)
    writer.lock_fd = lock_fd
    return writer


def _update(
    ix: Any,
    writer: Any,
    sources: list[Source],
    paths: list[Path],
    report: IndexReport,
    on_source: Callable[[Source], None] | None,
    strict: bool,
    table: Table,
    present: dict[str, int],
) -> IndexReport:
    """Add, replace and delete the entries of ``sources`` and commit; ``table`` is
    updated to what the new generation holds. A file whose entries in the index
    (``present``) are not all there is indexed again, even if unchanged."""
    from . import clean  # searches never clean, so they do not import the cleaner

    owners = {known.doc_id: key for key, known in table.items()}
    roots = tuple(f"{p.resolve()}/" for p in paths if p.is_dir())
    seen: set[str] = set()
    indexed = unchanged = 0
    skipped: list[tuple[str, str]] = []
    try:
        for source in sources:
            if on_source:
                on_source(source)
            seen.add(str(source.file))
            outcome = _update_source(writer, source, table, owners, present, clean.clean_file)
            if isinstance(outcome, tuple):
                skipped.append(outcome)
            elif outcome == "indexed":
                indexed += 1
            else:
                unchanged += 1
        if strict and skipped:
            plural = "s" if len(skipped) > 1 else ""
            raise SkippedFilesError(
                f"{len(skipped)} file{plural} could not be indexed, so --strict left the "
                f"index unchanged (first: {skipped[0][0]}: {skipped[0][1]})",
                tuple(skipped),
            )
        gone = [k for k in table if k.startswith(roots) and k not in seen]
        for key in gone:
            writer.delete_by_term("source_key", key)
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
    return sum(1 for _ in Term("part", part).docs(searcher))


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
        writer.delete_by_term("source_key", owner)
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
    writer.delete_by_term("source_key", key)  # what it held goes, even if it cannot be read
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


def _stored_fields(index_dir: Path) -> list[dict[str, Any]]:
    with searching(index_dir) as searcher:
        return list(searcher.all_stored_fields())


_PART_ORDER = {"title": 0, "body": 1, "note": 2}


def _in_document_order(records: list[IndexedPassage]) -> list[IndexedPassage]:
    """By document path, then title, passages and notes, each in order."""
    return sorted(
        records,
        key=lambda r: (r.path, r.passage.doc_id, _PART_ORDER[r.passage.part], r.passage.seq),
    )


def all_passages(index_dir: Path) -> list[IndexedPassage]:
    """Every stored unit (titles, passages and notes), ordered by document and position."""
    return _in_document_order([decode_record(f["record"]) for f in _stored_fields(index_dir)])


def document_units(index_dir: Path, doc_id: str) -> list[IndexedPassage]:
    """Every unit of one document, in order (an error if the index has no such document)."""
    with searching(index_dir) as searcher:
        found = [decode_record(f["record"]) for f in searcher.documents(doc_id=doc_id)]
    if not found:
        raise PassageNotFoundError(
            f"no document with id {doc_id!r} in {index_dir}; search to find document ids"
        )
    return _in_document_order(found)


def rarest_term_passages(
    index_dir: Path,
    groups: Sequence[Sequence[tuple[str, str]]],
    *,
    most: int,
    limit: int,
) -> list[IndexedPassage]:
    """Passages that hold the most of the rarest of these term groups, best first.

    A group is a list of ``(field, term)`` alternatives that count as one word (an
    exact word and its stem). Groups the index lacks entirely are ignored; of the
    rest, the ``most`` rarest by document frequency are looked up, and a passage
    scores the inverse document frequency of each group it holds (ties: index order).
    """
    with searching(index_dir) as searcher:
        rarity = []
        for n, group in enumerate(groups):
            freq = sum(searcher.doc_frequency(field, term) for field, term in group)
            if freq:
                rarity.append((freq, n))
        total = max(searcher.doc_count(), 1)
        scores: dict[int, float] = {}
        for freq, n in sorted(rarity)[:most]:
            idf = math.log(1 + total / freq)
            docs: set[int] = set()
            for field, term in groups[n]:
                if searcher.doc_frequency(field, term):
                    docs.update(searcher.postings(field, term).all_ids())
            for doc in docs:
                scores[doc] = scores.get(doc, 0.0) + idf
        best = sorted(scores, key=lambda doc: (-scores[doc], doc))[:limit]
        return [decode_record(searcher.stored_fields(doc)["record"]) for doc in best]


def passage_ids(index_dir: Path) -> list[str]:
    """Every passage id in the index."""
    return [f["passage_id"] for f in _stored_fields(index_dir)]


def get_passage(index_dir: Path, passage_id: str) -> IndexedPassage:
    """The stored passage with this id; the error suggests close ids if there is none."""
    with searching(index_dir) as searcher:
        fields = searcher.document(passage_id=passage_id)
    if fields:
        return decode_record(fields["record"])
    close = difflib.get_close_matches(passage_id, passage_ids(index_dir), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; search to find passage ids"
    raise PassageNotFoundError(f"no passage with id {passage_id!r} in {index_dir}{hint}")


def neighbours(index_dir: Path, passage_id: str, before: int, after: int) -> list[IndexedPassage]:
    """The passage with up to ``before`` and ``after`` passages of the same document
    around it, in order (an error with close ids if the passage is not there)."""
    middle = get_passage(index_dir, passage_id)
    doc_id, seq = middle.passage.doc_id, context_centre(middle.passage)
    found: list[IndexedPassage] = []
    with searching(index_dir) as searcher:
        for n in range(max(1, seq - before), seq + after + 1):
            fields = searcher.document(passage_id=f"{doc_id}-{n}")
            if fields:
                found.append(decode_record(fields["record"]))
            elif n > seq:
                break
    return found
