"""The codec's term table: every (field, term) of a segment with its packed entry
(:class:`.postings.PackedTermInfo`), sorted and front-coded in blocks.

``whoosh3`` keeps its terms in an on-disk hash with an ordered index: about 35
bytes of bookkeeping a term on top of the term and its entry, most of a segment
of Chinese text. Here a block holds :data:`BLOCK_TERMS` terms in order, each as the
bytes it shares with the one before, the rest, and its entry; the first term of
every block and where the block starts are read into memory when the segment is
opened, so a look-up is one bisection and one block scanned. A block is compressed
with zlib when that makes it smaller (its first byte says so). After the blocks::

    varint blocks; per block: varint offset, varint length of its first key, the key
    the field map (field name -> number), pickled
    uint64 where the block index starts

A key is the field's number (2 bytes) and the term's bytes, as in ``whoosh3``.
"""

from __future__ import annotations

import bisect
import pickle
import struct
import zlib
from collections.abc import Iterator
from typing import Any

from whoosh.codec.base import FieldCursor, TermsReader
from whoosh.reading import TermNotFound
from whoosh.system import pack_ushort, unpack_ushort

from .packing import read_small_varints, varints
from .postings import PackedTermInfo

BLOCK_TERMS = 64
CACHED_BLOCKS = 1024
"""Decoded blocks a reader keeps (a few MB at most): queries look up the same terms."""


class TermTableWriter:
    """Writes keys, given in increasing order, and their entries."""

    def __init__(self, dbfile: Any) -> None:
        self._file = dbfile
        self.fieldmap: dict[str, int] = {}
        self._firsts: list[tuple[int, bytes]] = []
        self._block = bytearray()
        self._count = 0
        self._last = b""
        self._at = 0

    def add(self, key: bytes, entry: bytes) -> None:
        if self._count % BLOCK_TERMS == 0:
            self._flush()
            self._firsts.append((self._at, key))
            self._last = b""
        shared = 0
        limit = min(len(key), len(self._last))
        while shared < limit and key[shared] == self._last[shared]:
            shared += 1
        self._block += varints([shared, len(key) - shared, len(entry)])
        self._block += key[shared:] + entry
        self._last = key
        self._count += 1

    def _flush(self) -> None:
        if self._block:
            data = b"\x01" + zlib.compress(bytes(self._block), 9)
            if len(data) > len(self._block):
                data = b"\x00" + bytes(self._block)
            self._file.write(data)
            self._at += len(data)
        self._block = bytearray()

    def close(self) -> None:
        self._flush()
        start = self._at
        index = bytearray(varints([len(self._firsts)]))
        for offset, key in self._firsts:
            index += varints([offset, len(key)]) + key
        index += pickle.dumps(self.fieldmap, 4)
        self._file.write(bytes(index) + struct.pack("<Q", start))
        self._file.close()


class _Cursor(FieldCursor):
    """Whoosh's cursor over one field's terms, from the table's items."""

    def __init__(self, table: TermTable, fieldname: str, fieldobj: Any) -> None:
        self._table, self._fieldname, self._fieldobj = table, fieldname, fieldobj
        self._text: Any = None
        self._info: Any = None
        self.first()

    def _start(self, prefix: bytes) -> Any:
        self._items = self._table.items_from(self._fieldname, prefix)
        return self.next()

    def first(self) -> Any:
        return self._start(b"")

    def find(self, term: Any) -> Any:
        if not isinstance(term, bytes):
            term = self._fieldobj.to_bytes(term)
        return self._start(term)

    def next(self) -> Any:
        for (field, text), info in self._items:
            if field == self._fieldname:
                self._text, self._info = self._fieldobj.from_bytes(text), info
                return self._text
            break
        self._text = self._info = None
        return None

    def text(self) -> Any:
        return self._text

    def term_info(self) -> Any:
        return self._info

    def is_valid(self) -> bool:
        return self._text is not None


class TermTable(TermsReader):
    """Whoosh's terms reader over a :class:`TermTableWriter`'s table."""

    def __init__(self, codec: Any, dbfile: Any, length: int, postfile: Any) -> None:
        self._codec, self._file, self._postfile = codec, dbfile, postfile
        (start,) = struct.unpack("<Q", bytes(dbfile.get(length - 8, 8)))
        data = bytes(dbfile.get(start, length - 8 - start))
        (blocks,), at = read_small_varints(data, 1)
        self._offsets: list[int] = []
        self._firsts: list[bytes] = []
        for _ in range(blocks):
            (offset, size), at = read_small_varints(data, 2, at)
            self._offsets.append(offset)
            self._firsts.append(data[at : at + size])
            at += size
        self._offsets.append(start)
        self._fieldmap: dict[str, int] = pickle.loads(data[at:])
        self._fieldnames = {n: f for f, n in self._fieldmap.items()}
        self._blocks: dict[int, list[tuple[bytes, bytes]]] = {}

    def _read_block(self, n: int) -> list[tuple[bytes, bytes]]:
        """A block's (key, entry) pairs; the last :data:`CACHED_BLOCKS` read are kept."""
        found = self._blocks.get(n)
        if found is not None:
            return found
        start, end = self._offsets[n], self._offsets[n + 1]
        data = bytes(self._file.get(start, end - start))
        data = zlib.decompress(data[1:]) if data[0] else data[1:]
        entries, at, key = [], 0, b""
        while at < len(data):
            (shared, rest, size), at = read_small_varints(data, 3, at)
            key = key[:shared] + data[at : at + rest]
            at += rest
            entries.append((key, data[at : at + size]))
            at += size
        if len(self._blocks) >= CACHED_BLOCKS:
            self._blocks.clear()
        self._blocks[n] = entries
        return entries

    def _key(self, fieldname: str, tbytes: bytes) -> bytes:
        return pack_ushort(self._fieldmap.get(fieldname, 65535)) + tbytes

    def _decode(self, key: bytes) -> tuple[str, bytes]:
        return self._fieldnames[unpack_ushort(key[:2])[0]], key[2:]

    def _entry(self, key: bytes) -> bytes:
        n = bisect.bisect_right(self._firsts, key) - 1
        if n >= 0:
            for k, entry in self._read_block(n):
                if k == key:
                    return entry
        raise KeyError(key)

    def _entries_from(self, key: bytes) -> Iterator[tuple[bytes, bytes]]:
        n = max(bisect.bisect_right(self._firsts, key) - 1, 0)
        for block in range(n, len(self._firsts)):
            for k, entry in self._read_block(block):
                if k >= key:
                    yield k, entry

    def __contains__(self, term: Any) -> bool:
        try:
            self._entry(self._key(*term))
        except KeyError:
            return False
        return True

    def indexed_field_names(self) -> Any:
        return self._fieldmap.keys()

    def cursor(self, fieldname: str, fieldobj: Any) -> FieldCursor:
        return _Cursor(self, fieldname, fieldobj)

    def terms(self) -> Iterator[tuple[str, bytes]]:
        return (self._decode(k) for k, _ in self._entries_from(b""))

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        return (self._decode(k) for k, _ in self._entries_from(self._key(fieldname, prefix)))

    def items(self) -> Iterator[tuple[tuple[str, bytes], PackedTermInfo]]:
        return self._items(b"")

    def items_from(
        self, fieldname: str, prefix: bytes
    ) -> Iterator[tuple[tuple[str, bytes], PackedTermInfo]]:
        return self._items(self._key(fieldname, prefix))

    def _items(self, key: bytes) -> Iterator[tuple[tuple[str, bytes], PackedTermInfo]]:
        for k, entry in self._entries_from(key):
            yield self._decode(k), PackedTermInfo.from_bytes(entry)

    def term_info(self, fieldname: str, tbytes: bytes) -> PackedTermInfo:
        try:
            return PackedTermInfo.from_bytes(self._entry(self._key(fieldname, tbytes)))
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    # A missing term is a KeyError here, as in whoosh3 (the segment reader expects it).
    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        entry = self._entry(self._key(fieldname, tbytes))
        return float(PackedTermInfo.from_bytes(entry).weight())

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        entry = self._entry(self._key(fieldname, tbytes))
        return int(PackedTermInfo.from_bytes(entry).doc_frequency())

    def matcher(self, fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None) -> Any:
        info = self.term_info(fieldname, tbytes)
        term = (fieldname, tbytes)
        return self._codec.postings_reader(self._postfile, info, format_, term, scorer)

    def close(self) -> None:
        self._file.close()
        self._postfile.close()
