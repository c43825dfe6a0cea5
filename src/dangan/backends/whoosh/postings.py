"""Packed posting lists: how the codec (:mod:`.codec`) writes one term's postings
and the matcher that reads them back.

A term's postings are one record, never a pickle per posting::

    varint n                      postings
    n varints                     document numbers, as gaps
    weights                       see _pack_weights
    values                        by the field's format: nothing (keywords),
                                  n varints (frequencies), or n varints (how many
                                  positions) then every position, as gaps within
                                  its document

compressed with zlib when that makes it smaller (the first byte says which). The
matcher decodes the document numbers and weights at once with numpy and the
positions when first asked; :attr:`PackedMatcher.postings` hands the arrays to
matchers that work on whole lists (:mod:`.phrase`).
"""

from __future__ import annotations

import bisect
import itertools
import struct
import zlib
from array import array
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from whoosh.formats import Existence, Frequency, Positions
from whoosh.matching import LeafMatcher
from whoosh.reading import TermInfo
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from .packing import (
    SMALL,
    Ints,
    deltas,
    deltas_within,
    read_small_varints,
    read_varints,
    undo_deltas_within,
    varints,
)

RAW, ZLIB = 0, 1
COMPRESS_FROM = 48
"""Lists shorter than this (in bytes) are not worth a zlib header."""
WEIGHTS_AS_FREQS, WEIGHTS_SAME, WEIGHTS_TABLE, WEIGHTS_RAW = range(4)
_F32 = struct.Struct("<f")


def value_kind(fmt: Any) -> str:
    """How a format's values are packed: "none", "freq", "pos" or "raw"."""
    if isinstance(fmt, Positions) and type(fmt).__name__ != "Characters":
        return "pos"
    if isinstance(fmt, Frequency):
        return "freq"
    if isinstance(fmt, Existence) or fmt.fixed_value_size() == 0:
        return "none"
    return "raw"


def _pack_weights(weights: np.ndarray, freqs: Ints | None) -> bytes:
    """Float32 weights: equal to the frequencies, all one value, a table of at most
    255 values with one byte a posting, or raw."""
    if freqs is not None and np.array_equal(weights, freqs.astype(np.float32)):
        return bytes([WEIGHTS_AS_FREQS])
    if weights.size == 1 or (weights == weights[0]).all():
        return bytes([WEIGHTS_SAME]) + weights[:1].astype("<f4").tobytes()
    table, index = np.unique(weights, return_inverse=True)
    if table.size == 1:
        return bytes([WEIGHTS_SAME]) + table.astype("<f4").tobytes()
    if table.size < 256:
        head = bytes([WEIGHTS_TABLE, table.size]) + table.astype("<f4").tobytes()
        return head + index.astype(np.uint8).tobytes()
    return bytes([WEIGHTS_RAW]) + weights.astype("<f4").tobytes()


def _read_weights(data: bytes, n: int, at: int, freqs: Ints | None) -> tuple[np.ndarray, int]:
    mode = data[at]
    at += 1
    if mode == WEIGHTS_AS_FREQS:
        assert freqs is not None
        return freqs.astype(np.float32), at
    if mode == WEIGHTS_SAME:
        return np.full(n, _F32.unpack_from(data, at)[0], dtype=np.float32), at + 4
    if mode == WEIGHTS_TABLE:
        size = data[at]
        table = np.frombuffer(data, dtype="<f4", count=size, offset=at + 1)
        at += 1 + 4 * size
        return table[np.frombuffer(data, dtype=np.uint8, count=n, offset=at)], at + n
    return np.frombuffer(data, dtype="<f4", count=n, offset=at).copy(), at + 4 * n


def _small_weights(weights: list[float], freqs: list[int] | None) -> bytes:
    """:func:`_pack_weights` for a few postings, in Python."""
    f32 = array("f", weights).tolist()
    if freqs is not None and f32 == [float(f) for f in freqs]:
        return bytes([WEIGHTS_AS_FREQS])
    table = sorted(set(f32))
    if len(table) == 1:
        return bytes([WEIGHTS_SAME]) + _F32.pack(table[0])
    index = {w: n for n, w in enumerate(table)}
    head = bytes([WEIGHTS_TABLE, len(table)]) + array("f", table).tobytes()
    return head + bytes(index[w] for w in f32)


class Gathered(NamedTuple):
    """One term's postings as the field writer gathers them: ``positions`` absolute,
    one document after another, ``freqs`` of them per posting."""

    kind: str
    ids: list[int]
    weights: list[float]
    freqs: list[int] | None = None
    positions: list[int] | None = None


def _small_body(term: Gathered) -> bytes:
    """The uncompressed record of :func:`pack_postings` for a few postings, in Python."""
    kind, ids, weights = term.kind, term.ids, term.weights
    freqs, positions = term.freqs or [], term.positions or []
    gaps = [b - a for a, b in zip([0, *ids], ids, strict=False)]
    parts = [varints([len(ids)]), varints(gaps)]
    parts.append(_small_weights(weights, freqs if kind in ("freq", "pos") else None))
    if kind in ("freq", "pos"):
        parts.append(varints(freqs))
    if kind == "pos":
        within, at = [], 0
        for count in freqs:
            doc = positions[at : at + count]
            within += [doc[0]] + [b - a for a, b in itertools.pairwise(doc)]
            at += count
        parts.append(varints(within))
    return b"".join(parts)


def pack_postings(term: Gathered) -> bytes:
    """One term's postings (see the module docstring)."""
    data = _small_body(term) if len(term.ids) < SMALL else _large_body(term)
    return _compressed(data)


def _large_body(term: Gathered) -> bytes:
    kind = term.kind
    ids = np.array(term.ids, dtype=np.int64)
    freqs = None if term.freqs is None else np.array(term.freqs, dtype=np.int64)
    parts = [varints([ids.size]), varints(deltas(ids))]
    as_freqs = freqs if kind in ("freq", "pos") else None
    parts.append(_pack_weights(np.array(term.weights, dtype=np.float32), as_freqs))
    if kind in ("freq", "pos"):
        assert freqs is not None
        parts.append(varints(freqs))
    if kind == "pos":
        assert term.positions is not None and freqs is not None
        packed = deltas_within(np.array(term.positions, dtype=np.int64), freqs)
        parts.append(varints(packed))
    return b"".join(parts)


def _compressed(data: bytes) -> bytes:
    if len(data) >= COMPRESS_FROM:
        packed = zlib.compress(data, 6)
        if len(packed) < len(data):
            return bytes([ZLIB]) + packed
    return bytes([RAW]) + data


def pack_raw_postings(ids: list[int], weights: list[float], values: list[bytes]) -> bytes:
    """Postings of a format this module does not know: values kept as they are."""
    lengths = [len(v) for v in values]
    gaps = deltas(np.array(ids, dtype=np.int64))
    body = varints([len(ids)]) + varints(gaps)
    body += _pack_weights(np.array(weights, dtype=np.float32), None)
    return bytes([RAW]) + body + varints(lengths) + b"".join(values)


@dataclass
class Postings:
    """One term's decoded postings: numpy arrays, positions decoded on first use."""

    kind: str
    ids: Ints
    weights: np.ndarray
    freqs: Ints | None
    _data: bytes
    _at: int
    _positions: Ints | None = None
    _starts: Ints | None = None
    raw: list[bytes] = field(default_factory=list)

    @classmethod
    def decode(cls, blob: bytes, kind: str) -> Postings:
        data = zlib.decompress(blob[1:]) if blob[0] == ZLIB else blob[1:]
        (n,), at = read_small_varints(data, 1)
        gaps, at = read_varints(data, int(n), at)
        ids = np.cumsum(gaps)
        freqs = None
        if kind in ("freq", "pos"):  # the frequencies follow the weights
            weights_at = at
            at = _skip_weights(data, int(n), at)
            freqs, at = read_varints(data, int(n), at)
            weights, _ = _read_weights(data, int(n), weights_at, freqs)
        else:
            weights, at = _read_weights(data, int(n), at, None)
        postings = cls(kind, ids, weights, freqs, data, at)
        if kind == "raw":
            lengths, at = read_varints(data, int(n), at)
            ends = at + np.cumsum(lengths)
            postings.raw = [
                data[e - k : e] for e, k in zip(ends.tolist(), lengths.tolist(), strict=True)
            ]
        return postings

    def positions(self) -> tuple[Ints, Ints]:
        """Every posting's positions, one after another, and where each one's start."""
        if self._positions is None:
            assert self.freqs is not None
            gaps, _ = read_varints(self._data, int(self.freqs.sum()), self._at)
            self._positions = undo_deltas_within(gaps, self.freqs)
            self._starts = np.cumsum(self.freqs) - self.freqs
        assert self._starts is not None
        return self._positions, self._starts


def _skip_weights(data: bytes, n: int, at: int) -> int:
    mode = data[at]
    if mode == WEIGHTS_AS_FREQS:
        return at + 1
    if mode == WEIGHTS_SAME:
        return at + 5
    if mode == WEIGHTS_TABLE:
        return at + 2 + 4 * data[at + 1] + n
    return at + 1 + 4 * n


class PackedMatcher(LeafMatcher):
    """Whoosh's matcher interface over one term's :class:`Postings`; the whole list
    is one block for Whoosh's quality skipping."""

    def __init__(
        self, postings: Postings, format_: Any, term: Any, scorer: Any, terminfo: Any, i: int = 0
    ) -> None:
        self.postings = postings
        self.format = format_
        self.scorer = scorer
        self._term = term
        self._terminfo = terminfo
        self._ids: list[int] = postings.ids.tolist()
        self._i = i

    def copy(self) -> PackedMatcher:
        return PackedMatcher(
            self.postings, self.format, self._term, self.scorer, self._terminfo, self._i
        )

    def is_active(self) -> bool:
        return self._i < len(self._ids)

    def reset(self) -> None:
        self._i = 0

    def id(self) -> int:
        return self._ids[self._i]

    def all_ids(self) -> Any:
        return iter(self._ids[self._i :])

    def next(self) -> bool:
        self._i += 1
        return False

    def skip_to(self, target: int) -> None:
        if self._i < len(self._ids) and target > self._ids[self._i]:
            self._i = bisect.bisect_left(self._ids, target, self._i)

    def weight(self) -> float:
        return float(self.postings.weights[self._i])

    def _positions(self) -> list[int]:
        positions, starts = self.postings.positions()
        start = int(starts[self._i])
        return positions[start : start + int(self.postings.freqs[self._i])].tolist()  # type: ignore[index]

    def value(self) -> bytes:
        kind = self.postings.kind
        if kind == "pos":
            return bytes(self.format.encode(self._positions()))
        if kind == "freq":
            return bytes(pack_uint(int(self.postings.freqs[self._i])))  # type: ignore[index]
        if kind == "raw":
            return self.postings.raw[self._i]
        return b""

    def value_as(self, astype: str) -> Any:
        if self.postings.kind == "pos" and astype == "positions":
            return self._positions()
        if self.postings.freqs is not None and astype == "frequency":
            return int(self.postings.freqs[self._i])
        return self.format.decoder(astype)(self.value())

    def supports_block_quality(self) -> bool:
        return bool(self.scorer and self.scorer.supports_block_quality())

    def skip_to_quality(self, minquality: float) -> int:
        while self.is_active() and self.block_quality() <= minquality:
            self._i += 1
        return 0

    def block_min_length(self) -> int:
        return int(self._terminfo.min_length())

    def block_max_length(self) -> int:
        return int(self._terminfo.max_length())

    def block_max_weight(self) -> float:
        return float(self._terminfo.max_weight())


class PackedTermInfo(TermInfo):
    """Whoosh's statistics of a term, packed: varints and two float32s; a short list
    of postings is kept inside it instead of pointed to."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inlined: bytes | None = None
        self.extent: tuple[int, int] = (0, 0)

    def to_bytes(self) -> bytes:
        minid = self._minid or 0
        head = varints([int(self._df), int(minid), int((self._maxid or 0) - minid)])
        stats = struct.pack(
            "<ffBB",
            self._weight,
            self._maxweight,
            0 if self._minlength is None else length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        if self.inlined is not None:
            return b"\x01" + head + stats + self.inlined
        return b"\x00" + head + stats + varints(list(self.extent))

    @classmethod
    def from_bytes(cls, data: bytes) -> PackedTermInfo:
        info = cls()
        (df, minid, span), at = read_small_varints(data, 3, 1)
        weight, maxweight, minlength, maxlength = struct.unpack_from("<ffBB", data, at)
        at += 10
        info._df, info._minid, info._maxid = int(df), int(minid), int(minid + span)
        info._weight, info._maxweight = weight, maxweight
        info._minlength = byte_to_length(minlength)
        info._maxlength = byte_to_length(maxlength)
        if data[0]:
            info.inlined = data[at:]
        else:
            (offset, length), _ = read_small_varints(data, 2, at)
            info.extent = (int(offset), int(length))
        return info


class PackedPositions(Positions):
    """Whoosh's positions format with a cheap value: the positions as little-endian
    uint32s (a value only passes from the analyser to the codec, which packs it)."""

    def encode(self, poslist: Any) -> bytes:
        return struct.pack(f"<{len(poslist)}I", *poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(valuestring) // 4}I", valuestring))

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def positions_lists(self, values: list[bytes]) -> tuple[list[int], list[int]]:
        """The frequencies and the positions, one after another, of many values."""
        joined = b"".join(values)
        return [len(v) // 4 for v in values], list(struct.unpack(f"<{len(joined) // 4}I", joined))
