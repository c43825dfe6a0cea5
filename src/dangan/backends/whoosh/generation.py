"""What a generation of the index records about itself, beside Whoosh's own files.

``files.json`` is the table of the source files the generation holds: for each, where
it came from, its fingerprint (the SHA-256 of its bytes and of its metadata files),
size, modification time and how many index entries it has. An indexing run reads this
table, not the stored passages, to know what is indexed, and checks it against the
entries actually present.

``checksums.json`` lists every file of the generation with its size and SHA-256; the
manifest records the size and SHA-256 of ``checksums.json`` itself. Opening a
generation checks sizes (cheap); ``dangan check`` checks every hash.

Sealing a generation writes ``checksums.json`` and fsyncs every new file and the
folder, so that the manifest is switched to a generation that is on disk. This module
knows nothing of Whoosh, cleaning or the manifest's other keys.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

FILES = "files.json"
CHECKSUMS = "checksums.json"
OWN_FILES = frozenset({FILES, CHECKSUMS})
"""Written anew in each generation, never hard-linked from the one before."""
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class KnownFile:
    """One source file as a generation holds it."""

    root: str  # the corpus folder its path and doc_id are relative to
    path: str  # relative to root
    doc_id: str
    fingerprint: str  # SHA-256 of the file's bytes and its metadata files' bytes
    size: int
    mtime_ns: int
    entries: int  # index entries (passages and other units) it has


Table = dict[str, KnownFile]
"""Known files by key (the file's absolute path)."""


def is_lock(name: str) -> bool:
    """Whoosh's write lock file, which no generation's contents include."""
    return name.endswith("LOCK")


def read_table(generation: Path) -> Table | None:
    """The generation's table of files, or None if it has none (an older index)."""
    path = generation / FILES
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: KnownFile(**fields) for key, fields in data["files"].items()}


def write_table(generation: Path, table: Table) -> None:
    data = {"files": {key: asdict(known) for key, known in sorted(table.items())}}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (generation / FILES).write_text(text, encoding="utf-8")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_path(path: Path) -> None:
    """Flush a file or folder to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_checksums(generation: Path) -> dict[str, list[Any]]:
    data = json.loads((generation / CHECKSUMS).read_text(encoding="utf-8"))
    files = data["files"]
    if not isinstance(files, dict):
        raise ValueError("no file list")
    return files


def seal(generation: Path, previous: Path | None) -> dict[str, Any]:
    """Record the checksum of every file of the generation and flush it all to disk.

    Files hard-linked from ``previous`` (same inode) keep the checksum recorded there
    and are already on disk. Returns what the manifest records of ``checksums.json``.
    """
    reused: dict[str, list[Any]] = {}
    if previous is not None:
        try:
            reused = _read_checksums(previous)
        except (OSError, ValueError, KeyError):
            reused = {}
    files: dict[str, list[Any]] = {}
    for file in sorted(generation.iterdir()):
        if is_lock(file.name) or file.name == CHECKSUMS:
            continue
        known = reused.get(file.name)
        same = previous is not None and known is not None and _same_inode(file, previous)
        if same and known is not None:
            files[file.name] = known
            continue
        fsync_path(file)
        files[file.name] = [file.stat().st_size, file_sha256(file)]
    checksums = generation / CHECKSUMS
    checksums.write_text(json.dumps({"files": files}, separators=(",", ":")), encoding="utf-8")
    fsync_path(checksums)
    fsync_path(generation)
    return {"size": checksums.stat().st_size, "sha256": file_sha256(checksums)}


def _same_inode(file: Path, previous: Path) -> bool:
    try:
        return file.stat().st_ino == (previous / file.name).stat().st_ino
    except OSError:
        return False


def problems(generation: Path, sealed: dict[str, Any] | None, *, full: bool) -> list[str]:
    """What is wrong with the generation's files, one line each (none: all is well).

    Sizes always; with ``full`` every SHA-256 too, and files that should not be there.
    A generation sealed before checksums existed (``sealed`` None) has nothing to check.
    """
    if sealed is None:
        return []
    name = generation.name
    checksums = generation / CHECKSUMS
    try:
        size = checksums.stat().st_size
        if size != sealed["size"] or (full and file_sha256(checksums) != sealed["sha256"]):
            return [f"{name}/{CHECKSUMS} is damaged (its size or checksum changed)"]
        files = _read_checksums(generation)
    except FileNotFoundError:
        return [f"{name}/{CHECKSUMS} is missing"]
    except (OSError, ValueError, KeyError) as exc:
        return [f"{name}/{CHECKSUMS} cannot be read ({exc})"]
    found = []
    for file_name, (size, sha256) in sorted(files.items()):
        path = generation / file_name
        try:
            actual = path.stat().st_size
        except FileNotFoundError:
            found.append(f"{name}/{file_name} is missing")
            continue
        if actual != size:
            found.append(f"{name}/{file_name} has {actual} bytes where {size} were written")
        elif full and file_sha256(path) != sha256:
            found.append(f"{name}/{file_name} is damaged (its checksum changed)")
    if full:
        extra = {p.name for p in generation.iterdir() if not is_lock(p.name)}
        extra -= set(files) | {CHECKSUMS}
        found += [f"{name}/{file_name} is not part of the generation" for file_name in extra]
    return found
