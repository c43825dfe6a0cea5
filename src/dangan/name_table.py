"""The name table: 17,000 names from CC-CEDICT, looked up by key without loading it.

``data/names-cedict.tsv`` holds one name a line (kind, origin, characters, Pinyin,
Wade-Giles, English names); ``data/names-cedict.keys`` maps each form that may
trigger a name in a query, as :func:`dangan.names.name_key` writes it, to where its
lines start in the names file (in bytes), sorted by the key's UTF-8 bytes; a key with
no lines is a common word that begins with a surname (高中生), never a name. Both are
built by ``tools/build_name_table.py``, which also applies the rules against false
friends (ordinary English words, common Chinese words, lone syllables and the Pinyin
of foreign names trigger nothing): this module only reads.

A lookup is a binary search in the bytes of the keys file, then one line read from
the names file: nothing is read before the first lookup, so a search with no name in
it costs nothing, and the first lookup about a millisecond. The data are CC BY-SA 4.0
(``names-cedict.LICENSE``). This module knows nothing of queries or the index: see
:mod:`dangan.names`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from importlib.abc import Traversable

Kind = Literal["person", "place", "organisation", "event", "other"]
Origin = Literal["chinese", "foreign"]
KEYS_FILE = "names-cedict.keys"
NAMES_FILE = "names-cedict.tsv"


@dataclass(frozen=True)
class TableName:
    """One name of the table: a Chinese name has Pinyin and Wade-Giles, a foreign one
    (a Western name in Chinese transliteration) only its characters and English."""

    kind: Kind
    origin: Origin
    simplified: str
    traditional: tuple[str, ...]
    pinyin: tuple[str, ...]
    wade_giles: tuple[str, ...]
    english: tuple[str, ...]
    common: bool  # the characters are also an ordinary word: they trigger nothing


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x for x in cell.split(";") if x)


def parse_row(line: str) -> TableName:
    """A line of names-cedict.tsv as a :class:`TableName`."""
    kind, origin, simplified, traditional, py, wg, english, flags = line.rstrip("\n").split("\t")
    return TableName(
        kind,  # type: ignore[arg-type]
        origin,  # type: ignore[arg-type]
        simplified,
        _split(traditional),
        _split(py),
        _split(wg),
        _split(english),
        flags == "common",
    )


def _body_start(data: bytes) -> int:
    """Where the lines after the leading ``#`` comments begin."""
    pos = 0
    while data.startswith(b"#", pos):
        pos = data.index(b"\n", pos) + 1
    return pos


def find_key(data: bytes, key: bytes, lo: int = 0) -> bytes | None:
    """The value of ``key`` in ``data``, lines of ``key\\tvalue`` sorted by key from
    offset ``lo`` on: a binary search over line starts."""
    hi = len(data)
    while lo < hi:
        start = max(data.rfind(b"\n", lo, (lo + hi) // 2) + 1, lo)
        end = data.find(b"\n", start)
        end = hi if end == -1 else end
        tab = data.find(b"\t", start, end)
        here = data[start:tab]
        if here == key:
            return data[tab + 1 : end]
        if here < key:
            lo = end + 1
        else:
            hi = start
    return None


class NameTable:
    """The table's files, read on first use (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: bytes | None = None
        self._keys_start = 0

    def _file(self, name: str) -> Traversable:
        return resources.files("dangan") / "data" / name

    def _find(self, key: str) -> bytes | None:
        with self._lock:
            if self._keys is None:
                self._keys = self._file(KEYS_FILE).read_bytes()
                self._keys_start = _body_start(self._keys)
            return find_key(self._keys, key.encode("utf-8"), self._keys_start)

    def is_word(self, key: str) -> bool:
        """Whether the key is a common word that begins with a surname (高中生)."""
        return self._find(key) == b""

    def lookup(self, key: str) -> tuple[TableName, ...]:
        """The names a query form with this key triggers, best first (none: ())."""
        found = self._find(key) if key else None
        if not found:
            return ()
        rows: list[TableName] = []
        with self._file(NAMES_FILE).open("rb") as names:
            for offset in found.split(b","):
                names.seek(int(offset))
                rows.append(parse_row(names.readline().decode("utf-8")))
        return tuple(rows)

    def names(self) -> list[TableName]:
        """Every name of the table (for the benchmark and tests)."""
        data = self._file(NAMES_FILE).read_bytes()
        return [parse_row(line) for line in data[_body_start(data) :].decode().splitlines()]


_TABLE = NameTable()


def lookup(key: str) -> tuple[TableName, ...]:
    """The names of the process's table that ``key`` triggers."""
    return _TABLE.lookup(key)


def is_word(key: str) -> bool:
    """Whether ``key`` is a common word of three or four characters that begins with a
    surname (高中生, 丁字街), and so no name."""
    return _TABLE.is_word(key)


def all_names() -> list[TableName]:
    """Every name of the table, read afresh."""
    return _TABLE.names()
