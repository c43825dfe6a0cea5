"""Dangan's Whoosh codec: Whoosh 2.7's own (``whoosh3``) with packed postings and
block-compressed stored fields, through Whoosh's codec extension points.

A segment written with it records this codec (Whoosh pickles the codec into the
index's table of contents), so ``whoosh.index.open_dir`` reads it like any other
index, in any process that can import dangan. What differs from ``whoosh3``:

- postings: one packed record per term (:mod:`.postings`): varint gaps, a weight
  table, positions as varint gaps within each document; a short list lives inside
  its term's entry instead of behind a pointer;
- terms: a sorted, front-coded table (:mod:`.terms`) instead of an on-disk hash, each
  entry varints and two float32s instead of a 43-byte struct;
- stored fields: the rows of consecutive units pickled one after another and
  compressed together in blocks (:class:`StoredBlocks`), so that what every unit of a
  document repeats (its metadata, path, hash) costs almost nothing after the first.

Column, length and vector files are ``whoosh3``'s. Nothing here knows dangan's
fields.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from typing import Any

import numpy as np
from whoosh.codec import whoosh3
from whoosh.system import pack_ushort, unpack_uint

from .packing import read_small_varints, read_varints, varints
from .postings import (
    Gathered,
    PackedMatcher,
    PackedTermInfo,
    Postings,
    pack_postings,
    pack_raw_postings,
    value_kind,
)
from .terms import TermTable, TermTableWriter

INLINE_BYTES = 64
"""Posting lists at most this long are kept in their term's entry."""
BLOCK_BYTES = 32 * 1024
"""Stored rows are compressed together until a block holds this many bytes."""
W3_BLOCK = 128  # whoosh3 sums a term's weights per block of this many postings


class DanganCodec(whoosh3.W3Codec):
    """``whoosh3`` with packed postings, term entries and stored fields."""

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return PackedFieldWriter(self, storage, segment)

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.inlined is not None:
            blob = terminfo.inlined
        else:
            offset, length = terminfo.extent
            blob = bytes(dbfile.get(offset, length))
        postings = Postings.decode(blob, value_kind(format_))
        return PackedMatcher(postings, format_, term, scorer, terminfo)

    def terms_reader(self, storage: Any, segment: Any) -> Any:
        tiname = segment.make_filename(self.TERMS_EXT)
        tilen = storage.file_length(tiname)
        tifile = storage.open_file(tiname)
        postfile = segment.open_file(storage, self.POSTS_EXT)
        return TermTable(self, tifile, tilen, postfile)

    def per_document_writer(self, storage: Any, segment: Any) -> Any:
        return PackedPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> Any:
        return PackedPerDocReader(storage, segment)


class PackedFieldWriter(whoosh3.W3FieldWriter):
    """Gathers each term's postings, then writes them as one packed record, and its
    entry to the term table (:mod:`.terms`)."""

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        self._codec, self._storage, self._segment = codec, storage, segment
        self._tindex = TermTableWriter(self._create_file(whoosh3.W3Codec.TERMS_EXT))
        self._fieldmap = self._tindex.fieldmap
        self._postfile = self._create_file(whoosh3.W3Codec.POSTS_EXT)
        self._infield = False
        self.is_closed = False

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        super().add_postings(schema, _Lengths(lengths) if lengths else None, items)

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        super().start_field(fieldname, fieldobj)
        self._kind = value_kind(fieldobj.format)

    def start_term(self, btext: bytes) -> None:
        self._btext = btext
        self._ids: list[int] = []
        self._weights: list[float] = []
        self._values: list[bytes] = []
        self._lengths: list[int] = []

    def add(self, docnum: int, weight: float, vbytes: bytes, length: int | None) -> None:
        self._ids.append(docnum)
        self._weights.append(weight)
        self._values.append(vbytes)
        if length:
            self._lengths.append(length)

    def finish_term(self) -> None:
        info = _term_info(self._ids, self._weights, self._lengths)
        blob = self._pack()
        if len(blob) <= INLINE_BYTES:
            info.inlined = blob
        else:
            info.extent = (self._postfile.tell(), len(blob))
            self._postfile.write(blob)
        self._tindex.add(pack_ushort(self._fieldid) + self._btext, info.to_bytes())

    def _pack(self) -> bytes:
        fmt = self._fieldobj.format
        kind = self._kind
        if kind == "raw":
            return pack_raw_postings(self._ids, self._weights, self._values)
        if kind == "none":
            return pack_postings(Gathered(kind, self._ids, self._weights))
        if kind == "freq":
            freqs = [unpack_uint(v)[0] for v in self._values]
            return pack_postings(Gathered(kind, self._ids, self._weights, freqs))
        if hasattr(fmt, "positions_lists"):
            freqs, positions = fmt.positions_lists(self._values)
        else:
            lists = [fmt.decode_positions(v) for v in self._values]
            freqs, positions = [len(p) for p in lists], [p for ps in lists for p in ps]
        return pack_postings(Gathered(kind, self._ids, self._weights, freqs, positions))


class _Lengths:
    """Field lengths by document, read once per field: Whoosh asks for one at every
    posting, and reading it from its column each time was a sixth of indexing."""

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str) -> int:
        found = self._fields.get(fieldname)
        if found is None:
            read = self._lengths.doc_field_length
            docs = range(self._lengths.doc_count_all())
            found = self._fields[fieldname] = [read(d, fieldname) or 0 for d in docs]
        return found[docnum]


def _term_info(ids: list[int], weights: list[float], lengths: list[int]) -> PackedTermInfo:
    """The term's statistics as ``whoosh3`` computes them (float32 weights summed
    per block of :data:`W3_BLOCK`), so that scores come out the same."""
    as_f32 = np.array(weights, dtype=np.float32).tolist()
    total = 0.0
    for start in range(0, len(as_f32), W3_BLOCK):
        total += sum(as_f32[start : start + W3_BLOCK])
    info = PackedTermInfo()
    info._weight = total
    info._df = len(ids)
    info._minlength = min(lengths) if lengths else None
    info._maxlength = max(lengths, default=0)
    info._maxweight = max(as_f32, default=0)
    info._minid, info._maxid = ids[0], ids[-1]
    return info


class StoredBlocks:
    """Whoosh column of stored-field rows: pickled, then compressed in blocks of
    about :data:`BLOCK_BYTES`. After the blocks: every block's compressed length and
    row count, every row's length (0: no row), compressed; then that index's length."""

    def writer(self, dbfile: Any) -> StoredBlocks.Writer:
        return StoredBlocks.Writer(dbfile)

    def reader(self, dbfile: Any, basepos: int, length: int, doccount: int) -> Any:
        return StoredBlocks.Reader(dbfile, basepos, length, doccount)

    class Writer:
        def __init__(self, dbfile: Any) -> None:
            self._file = dbfile
            self._rows: list[bytes] = []
            self._size = 0
            self._blocks: list[tuple[int, int]] = []  # (compressed length, rows)
            self._lengths: list[int] = []

        def add(self, docnum: int, value: Any) -> None:
            while len(self._lengths) < docnum:  # documents without stored fields
                self._lengths.append(0)
                self._rows.append(b"")
            row = pickle.dumps(value, 4)
            self._rows.append(row)
            self._lengths.append(len(row))
            self._size += len(row)
            if self._size >= BLOCK_BYTES:
                self._flush()

        def _flush(self) -> None:
            if self._rows:
                data = zlib.compress(b"".join(self._rows), 9)
                self._file.write(data)
                self._blocks.append((len(data), len(self._rows)))
            self._rows, self._size = [], 0

        def finish(self, doccount: int) -> None:
            while len(self._lengths) < doccount:
                self._lengths.append(0)
                self._rows.append(b"")
            self._flush()
            numbers = [len(self._blocks), *(n for b in self._blocks for n in b), *self._lengths]
            index = zlib.compress(varints(numbers), 9)
            self._file.write(index)
            self._file.write(struct.pack("<Q", len(index)))

    class Reader:
        def __init__(self, dbfile: Any, basepos: int, length: int, doccount: int) -> None:
            self._file = dbfile
            self._base = basepos
            (size,) = struct.unpack("<Q", bytes(dbfile.get(basepos + length - 8, 8)))
            index = zlib.decompress(bytes(dbfile.get(basepos + length - 8 - size, size)))
            (blocks,), at = read_small_varints(index, 1)
            pairs, at = read_varints(index, 2 * int(blocks), at)
            lengths, _ = read_varints(index, doccount, at)
            sizes, rows = pairs[0::2], pairs[1::2]
            block_of_row = np.repeat(np.arange(int(blocks)), rows)
            ends = np.cumsum(lengths)
            before = np.concatenate(([0], ends))[np.cumsum(rows) - rows]  # bytes before a block
            self._block_at = np.concatenate(([0], np.cumsum(sizes))).tolist()
            self._row_block = block_of_row.tolist()
            self._row_end = (ends - before[block_of_row]).tolist()
            self._lengths = lengths.tolist()
            self._doccount = doccount
            self._cached: tuple[int, bytes] = (-1, b"")

        def __len__(self) -> int:
            return self._doccount

        def __iter__(self) -> Any:
            return (self[n] for n in range(self._doccount))

        def __getitem__(self, docnum: int) -> Any:
            length = self._lengths[docnum]
            if not length:
                return None
            block = self._row_block[docnum]
            cached = self._cached
            if cached[0] != block:
                start, end = self._block_at[block], self._block_at[block + 1]
                data = zlib.decompress(bytes(self._file.get(self._base + start, end - start)))
                cached = self._cached = (block, data)
            end = self._row_end[docnum]
            return pickle.loads(cached[1][end - length : end])


STORED = StoredBlocks()


class PackedPerDocWriter(whoosh3.W3PerDocWriter):
    """``whoosh3``'s per-document writer with stored rows in :class:`StoredBlocks`."""

    def _create_column(self, fieldname: str, column: Any) -> None:
        super()._create_column(fieldname, STORED if fieldname == "_stored" else column)


class PackedPerDocReader(whoosh3.W3PerDocReader):
    def stored_fields(self, docnum: int) -> dict[str, Any]:
        reader = self._cached_reader("_stored", STORED)
        return reader[docnum] or {}
