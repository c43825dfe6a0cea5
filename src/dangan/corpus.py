"""Finding source files: walking corpus folders, naming documents, reading sidecars.

A *source* is one file plus the corpus folder it was found under. Its ``path`` is
relative to that folder and its ``doc_id`` is derived from the folder's name and that
path, so re-indexing unchanged files gives the same ids. A sidecar
``<file>.meta.json`` holds what the file cannot tell about itself (collection, source
URL, language, profile).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = frozenset(
    {"collection", "collection_id", "source_url", "language", "profile", "title", "accessed"}
)
# Files that are never sources, whatever folder they are in.
IGNORED_NAMES = frozenset({"MANIFEST.tsv", "README.md", "LICENSE"})
MAX_FILE_BYTES = 50 * 1024 * 1024


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

    def metadata_defaults(self) -> dict[str, str | None]:
        """The sidecar's fields, with the collection id the file's place gives."""
        return {"collection_id": self.collection_id, **self.sidecar()}

    def sidecar(self) -> dict[str, str | None]:
        """The file's sidecar metadata, or an empty dict if it has none."""
        side = self.file.with_name(self.file.name + SIDECAR_SUFFIX)
        if not side.exists():
            return {}
        try:
            data = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CorpusError(
                f"{side}: sidecar is not valid JSON ({exc}); fix or remove it"
            ) from exc
        if not isinstance(data, dict):
            raise CorpusError(f"{side}: sidecar must be a JSON object")
        unknown = set(data) - SIDECAR_KEYS
        if unknown:
            raise CorpusError(
                f"{side}: unknown sidecar keys {sorted(unknown)}; "
                f"allowed: {', '.join(sorted(SIDECAR_KEYS))}"
            )
        return {k: (None if v is None else str(v)) for k, v in data.items()}


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
