"""Integer arrays as bytes, with numpy: variable-length integers (seven bits a byte,
the high bit saying "more follows"), written and read without a Python loop per
number. The codec (:mod:`.codec`) packs document numbers, frequencies and positions
with these; nothing here knows of Whoosh.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]

_SHIFTS = np.array([0, 7, 14, 21, 28, 35, 42, 49, 56], dtype=np.uint64)


SMALL = 48
"""Below this many numbers a Python loop beats numpy's set-up cost."""


def _small_varints(values: list[int]) -> bytes:
    out = bytearray()
    for v in values:
        while v >= 0x80:
            out.append((v & 0x7F) | 0x80)
            v >>= 7
        out.append(v)
    return bytes(out)


def varints(values: npt.ArrayLike) -> bytes:
    """Non-negative integers (below 2**63) as varints, in order."""
    if len(values) < SMALL:  # type: ignore[arg-type]
        return _small_varints(values.tolist() if isinstance(values, np.ndarray) else values)  # type: ignore[arg-type]
    v = np.asarray(values, dtype=np.uint64)
    if v.size == 0:
        return b""
    sizes = np.ones(v.size, dtype=np.int64)
    top = int(v.max())
    for shift in (7, 14, 21, 28, 35, 42, 49, 56):
        if top < 1 << shift:
            break
        sizes += v >= np.uint64(1 << shift)
    if top < 0x80:
        return v.astype(np.uint8).tobytes()
    owner = np.repeat(np.arange(v.size), sizes)
    ends = np.cumsum(sizes)
    k = np.arange(int(ends[-1])) - np.repeat(ends - sizes, sizes)
    out = (v[owner] >> _SHIFTS[k]) & np.uint64(0x7F)
    more = np.ones(out.size, dtype=bool)
    more[ends - 1] = False
    out[more] |= np.uint64(0x80)
    return out.astype(np.uint8).tobytes()


def read_small_varints(data: bytes, count: int, offset: int = 0) -> tuple[list[int], int]:
    """A few varints, as a list: :func:`read_varints` without numpy's set-up cost."""
    out = []
    for _ in range(count):
        value = shift = 0
        while True:
            byte = data[offset]
            offset += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
        out.append(value)
    return out, offset


def read_varints(data: bytes | memoryview, count: int, offset: int = 0) -> tuple[Ints, int]:
    """``count`` varints from ``data`` at ``offset``, and the offset after them."""
    if count < SMALL:
        small, end = read_small_varints(bytes(data), count, offset)
        return np.array(small, dtype=np.int64), end
    raw = np.frombuffer(data, dtype=np.uint8, offset=offset)
    last = np.flatnonzero(raw < 0x80)[:count]
    if last.size < count:
        raise ValueError("truncated varints")
    end = int(last[-1]) + 1
    raw = raw[:end]
    starts = np.empty(count, dtype=np.int64)
    starts[0] = 0
    starts[1:] = last[:-1] + 1
    k = np.arange(end) - np.repeat(starts, np.diff(np.append(starts, end)))
    parts = (raw & 0x7F).astype(np.uint64) << _SHIFTS[k]
    return np.add.reduceat(parts, starts).astype(np.int64), offset + end


def deltas(values: Ints) -> Ints:
    """Differences between neighbours, the first against 0 (for increasing values)."""
    return np.diff(values, prepend=0)


def deltas_within(values: Ints, counts: Ints) -> Ints:
    """Differences between neighbours inside each run of ``counts`` values (each at
    least 1), the first of every run against 0: positions of each document, packed
    one after another."""
    out = np.diff(values, prepend=0)
    firsts = np.cumsum(counts)[:-1]
    out[firsts] = values[firsts]
    return out


def undo_deltas_within(values: Ints, counts: Ints) -> Ints:
    """The inverse of :func:`deltas_within`."""
    if values.size == 0:
        return values
    total = np.cumsum(values)
    before = np.zeros(counts.size, dtype=np.int64)
    before[1:] = total[np.cumsum(counts)[:-1] - 1]
    return total - np.repeat(before, counts)
