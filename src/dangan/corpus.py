"""Finding source files: walking corpus folders, naming documents, reading sidecars.

A *source* is one file plus the corpus folder it was found under. Its ``path`` is
relative to that folder and its ``doc_id`` is derived from the folder's name and that
path, so re-indexing unchanged files gives the same ids. What a file cannot tell about
itself comes from two kinds of JSON file beside it:

- a collection file ``collection.json`` in any folder from the corpus folder down to the
  file's own, for all the documents under it (the collection's name, author, editor,
  the book they are printed in, publisher, place, year, volume, language, a URL pattern,
  the kind of citation); a deeper one overrides an outer one key by key;
- a sidecar ``<file>.meta.json`` for one file, which overrides them both.

Both are data, read here only: what the values mean is the cleaner's and the
citation's business. Both count in a document's fingerprint (:meth:`Source.metadata_files`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError

SIDECAR_SUFFIX = ".meta.json"
COLLECTION_FILE = "collection.json"
# Keys a collection file and a sidecar share: text, or a list of names (author, editor),
# or a table of romanized forms ({"人民出版社": "Renmin chubanshe"}).
SHARED_KEYS = frozenset(
    {
        "collection",
        "collection_id",
        "language",
        "profile",
        "accessed",
        "author",
        "editor",
        "container_title",
        "volume",
        "publisher",
        "publisher_place",
        "published",
        "citation_kind",
        "romanized",
    }
)
SIDECAR_KEYS = SHARED_KEYS | {"source_url", "title", "title_translated", "document_number"}
# "url": a pattern for each document's URL ({title}, {stem}, {name}, {path});
# "volumes": {volume: "first-last"}, the volume of each file by the range its name is in.
COLLECTION_KEYS = SHARED_KEYS | {"url", "volumes"}
NAME_LISTS = frozenset({"author", "editor"})
TABLES = frozenset({"romanized", "volumes"})
Value = str | tuple[str, ...] | dict[str, str] | None
# Files that are never sources, whatever folder they are in.
IGNORED_NAMES = frozenset({"MANIFEST.tsv", "README.md", "LICENSE", COLLECTION_FILE})
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_SIDECAR_BYTES = 1024 * 1024
NAME_NOT_UTF8 = "file name is not valid UTF-8; rename it"
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def _not_regular(name: str, mode: int) -> CorpusError:
    kind = next((kind for test, kind in _KINDS if test(mode)), "not a regular file")
    return CorpusError(f"{name}: this is {kind}, not a regular file; only files are read")


def _too_large(name: str, size: int, limit: int) -> CorpusError:
    return CorpusError(
        f"{name}: {_megabytes(size)} is larger than the {_megabytes(limit)} limit for one "
        "file; split the file"
    )


PDF_MAGIC = b"%PDF"
MAX_PDF_BYTES = 1024 * 1024 * 1024  # scans with an OCR layer run to hundreds of MB
LARGER_FILES = (PDF_MAGIC, MAX_PDF_BYTES)
"""Files that may be larger than MAX_FILE_BYTES (their magic bytes and limit): PDFs, as
printed volumes and scans are."""


def read_regular(
    file: Path,
    name: str,
    limit: int | None = None,
    larger: tuple[bytes, int] | None = None,
) -> bytes:
    """The bytes of a regular file (symbolic links followed) of at most ``limit`` bytes
    (default :data:`MAX_FILE_BYTES`); ``larger`` is (magic, limit) for files that begin
    with these bytes and may be larger (PDF).

    Anything else (a FIFO, socket or device, also behind a link) is refused with a
    CorpusError before it is opened, and at most the limit plus one byte is ever read.
    ``name`` is how the error names the file.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(name, info.st_mode)
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with os.fdopen(fd, "rb") as f:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):  # replaced since the stat above
                raise _not_regular(name, mode)
            head = f.read(len(larger[0])) if larger else b""
            if larger and head == larger[0]:
                limit = max(limit, larger[1])
            if info.st_size > limit:
                raise _too_large(name, info.st_size, limit)
            raw = head + f.read(limit + 1 - len(head))
    except OSError as exc:
        raise CorpusError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if len(raw) > limit:
        raise _too_large(name, len(raw), limit)
    return raw


@dataclass(frozen=True)
class Source:
    """A file to be cleaned, named relative to the corpus folder it was found in."""

    file: Path
    root: Path
    path: str  # relative to root, "/"-separated

    @property
    def has_utf8_name(self) -> bool:
        """Whether the path can be written out (names undecodable on disk cannot)."""
        try:
            self.path.encode("utf-8")
            str(self.root).encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True

    def require_utf8_name(self) -> None:
        """Refuse a file whose name cannot be written out (see :attr:`has_utf8_name`)."""
        if not self.has_utf8_name:
            raise CorpusError(f"{self.display_path}: {NAME_NOT_UTF8}")

    @property
    def display_path(self) -> str:
        """The path, printable even when the file name is not valid UTF-8."""
        return self.path.encode("utf-8", "backslashreplace").decode("utf-8")

    @property
    def doc_id(self) -> str:
        key = f"{self.root.name}/{self.path}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]

    @property
    def collection_id(self) -> str:
        """The collection's short id: the first folder of the path under the corpus
        folder (``frus`` for ``frus/frus1964-68v30/d88.xml``), else the corpus folder's
        own name; also when the corpus folder holds nothing but that one folder (``frus``
        again, when ``corpora/frus`` is the folder indexed). A sidecar's
        ``collection_id`` overrides it."""
        first, sep, _ = self.path.partition("/")
        return first if sep and not _single_folder(self.root) else self.root.name

    def metadata_defaults(self) -> dict[str, Value]:
        """What the collection files and the sidecar say of this file, the sidecar
        winning, with the collection id the file's place gives; a collection's
        ``volumes`` are resolved to this file's ``volume``."""
        fields: dict[str, Value] = {"collection_id": self.collection_id}
        for file in self.collection_files():
            fields.update(read_metadata(file, COLLECTION_KEYS, "collection file"))
        volumes = fields.pop("volumes", None)
        if isinstance(volumes, dict) and (volume := volume_of(Path(self.path).stem, volumes)):
            fields["volume"] = volume
        return {**fields, **self.sidecar()}

    def collection_files(self) -> list[Path]:
        """The collection files that apply to this file, outermost first."""
        folders = [self.root, *(self.root / p for p in Path(self.path).parents[::-1][1:])]
        return [f for f in (d / COLLECTION_FILE for d in folders) if f.is_file()]

    def metadata_files(self) -> list[Path]:
        """Every file besides the source whose content changes its document: the
        collection files and the sidecar. A fingerprint of the document must cover them."""
        side = self.file.with_name(self.file.name + SIDECAR_SUFFIX)
        return self.collection_files() + ([side] if side.is_file() else [])

    def fingerprint(self) -> str:
        """SHA-256 of the file's bytes and its metadata files': a change to any of
        them changes what the file is indexed as."""
        digest = hashlib.sha256(read_regular(self.file, self.display_path, larger=LARGER_FILES))
        for meta in self.metadata_files():
            digest.update(meta.name.encode("utf-8", "surrogateescape"))
            digest.update(hashlib.sha256(read_regular(meta, str(meta), MAX_SIDECAR_BYTES)).digest())
        return digest.hexdigest()

    def sidecar(self) -> dict[str, Value]:
        """The file's sidecar metadata, or an empty dict if it has none."""
        sides = [m for m in self.metadata_files() if m.name.endswith(SIDECAR_SUFFIX)]
        if not sides:
            return {}
        return read_metadata(sides[0], SIDECAR_KEYS, "sidecar")


def read_metadata(file: Path, allowed: frozenset[str], what: str) -> dict[str, Value]:
    """A sidecar or collection file as checked values; a CorpusError naming the file and
    the fix for anything else."""
    raw = read_regular(file, str(file), MAX_SIDECAR_BYTES)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{file}: {what} is not valid JSON ({exc}); fix or remove it") from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{file}: {what} must be a JSON object")
    unknown = set(data) - allowed
    if unknown:
        raise CorpusError(
            f"{file}: unknown {what} keys {sorted(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    return {key: _value(file, key, value) for key, value in data.items()}


def _value(file: Path, key: str, value: object) -> Value:
    if value is None:
        return None
    if key in NAME_LISTS:
        names = [value] if isinstance(value, str) else value
        if isinstance(names, list) and all(isinstance(n, str) for n in names):
            return tuple(names)
        raise CorpusError(f"{file}: {key} must be a name or a list of names")
    if key in TABLES:
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return {str(k): v for k, v in value.items()}
        raise CorpusError(f"{file}: {key} must be an object of texts")
    if isinstance(value, (dict, list)):
        raise CorpusError(f"{file}: {key} must be a text, not {type(value).__name__}")
    return str(value)


def volume_of(stem: str, volumes: dict[str, str]) -> str | None:
    """The volume whose range of file names ("001-018") holds this one's, compared as
    names of the same length are: "007" is in "001-018"."""
    for volume, span in volumes.items():
        first, _, last = span.partition("-")
        if len(first) == len(stem) and first <= stem <= (last or first):
            return volume
    return None


@functools.lru_cache(maxsize=64)
def _single_folder(root: Path) -> bool:
    """Whether the folder holds one folder and no source files (a collection's folder
    whose files are in a volume's folder)."""
    try:
        children = [c for c in root.iterdir() if not c.name.startswith(".")]
    except OSError:
        return False
    folders = [c for c in children if c.is_dir()]
    return len(folders) == 1 and not any(c.is_file() and is_source_file(c) for c in children)


def is_source_file(file: Path) -> bool:
    """Whether a file found while walking a folder should be indexed."""
    name = file.name
    return not (name.startswith(".") or name.endswith(SIDECAR_SUFFIX) or name in IGNORED_NAMES)


def find_sources(paths: list[Path]) -> Iterator[Source]:
    """Yield every source under the given files and folders, in a stable order.

    A folder is its own corpus root; a file named directly has its parent as root.
    """
    seen: set[Path] = set()
    for given in (p.resolve() for p in paths):
        if not given.exists():
            raise CorpusError(f"{given}: no such file or folder")
        mode = given.stat().st_mode
        if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
            raise _not_regular(str(given), mode)
        if given.is_file():
            found = [source_for_file(given)]
        else:
            found = [
                Source(file=file, root=given, path=file.relative_to(given).as_posix())
                for file in sorted(given.rglob("*"))
                if file.is_file()
                and is_source_file(file)
                and not any(part.startswith(".") for part in file.relative_to(given).parts)
            ]
        for source in found:
            real = source.file.resolve()  # a file named twice, inside a folder named too, or linked
            if real not in seen:
                seen.add(real)
                yield source


def source_for_file(file: Path) -> Source:
    """A single file as a source: its folder is its corpus root."""
    return Source(file=file, root=file.parent, path=file.name)
