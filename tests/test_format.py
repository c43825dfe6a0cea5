"""The packed index format (dangan.backends.whoosh.codec): the same hits as
Whoosh's own codec, an index any Whoosh opens, and the pieces it packs with."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from bench.oracle import differential_queries, same_first_hits
from hypothesis import given
from hypothesis import strategies as st

from dangan import search
from dangan.backends.base import BuildOptions
from dangan.backends.whoosh.codec import StoredBlocks
from dangan.backends.whoosh.packing import (
    deltas_within,
    read_varints,
    undo_deltas_within,
    varints,
)
from dangan.backends.whoosh.writer import build_index
from dangan.corpus import find_sources
from dangan.search import export

QUERIES = 500
SAMPLE_EVERY = 8  # files of the shared corpora in the quick differential test


def _first_hits(query: str, index_dir: Path) -> list[tuple[float, str]]:
    return [(hit.score, hit.passage_id) for hit in search(query, index_dir, limit=10)]


def _differences(paths: list[Path], tmp_path: Path) -> list[str]:
    """Queries whose first ten hits differ between the packed and Whoosh's codec."""
    packed, stock = tmp_path / "packed", tmp_path / "stock"
    build_index(paths, packed, BuildOptions(procs=1))
    build_index(paths, stock, BuildOptions(procs=1), packed=False)
    texts = [row["text"] for row in export(stock)]
    queries = differential_queries(texts, seed=16, count=QUERIES)
    assert len(queries) == QUERIES
    return [
        q for q in queries if not same_first_hits(_first_hits(q, packed), _first_hits(q, stock))
    ]


def test_packed_index_answers_as_whoosh_codec_on_a_sample(
    shared_corpora: Path, tmp_path: Path
) -> None:
    files = [s.file for s in find_sources([shared_corpora])][::SAMPLE_EVERY]
    assert _differences(files, tmp_path) == []


@pytest.mark.slow
def test_packed_index_answers_as_whoosh_codec_on_the_whole_corpora(
    shared_corpora: Path, tmp_path: Path
) -> None:
    assert _differences([shared_corpora], tmp_path) == []


def test_plain_whoosh_opens_a_packed_index(shared_index: Path) -> None:
    """A fresh process with nothing of dangan's but its import path reads it."""
    generation = next(shared_index.glob("gen-*"))
    script = (
        "import sys\n"
        "from whoosh import index, query\n"
        "ix = index.open_dir(sys.argv[1])\n"
        "codecs = {type(s.codec()).__name__ for s in ix._segments()}\n"
        "with ix.searcher() as s:\n"
        "    hits = s.search(query.Phrase('exact', ['人', '民']), limit=None)\n"
        "    first = hits[0]['passage_id']\n"
        "    print(sorted(codecs), len(hits), s.doc_count() > 1000, bool(first))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(generation)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[0] == "['DanganCodec']"
    assert int(out[1]) > 0 and out[2:] == ["True", "True"]


@given(st.lists(st.integers(0, 2**62), max_size=300))
def test_varints_round_trip(values: list[int]) -> None:
    data = varints(values) + b"\x01"  # what follows is left alone
    read, end = read_varints(data, len(values))
    assert read.tolist() == values and end == len(data) - 1


@given(st.lists(st.sets(st.integers(0, 10_000), min_size=1, max_size=20), max_size=40))
def test_positions_within_documents_round_trip(documents: list[set[int]]) -> None:
    counts = np.array([len(d) for d in documents], dtype=np.int64)
    flat = [p for d in documents for p in sorted(d)]
    positions = np.array(flat, dtype=np.int64)
    gaps = deltas_within(positions, counts)
    assert (gaps >= 0).all()
    assert undo_deltas_within(gaps, counts).tolist() == flat


class _File:
    """The little of Whoosh's StructFile a column uses."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, b: bytes) -> None:
        self.data += b

    def get(self, at: int, n: int) -> bytes:
        return bytes(self.data[at : at + n])


def test_stored_blocks_keep_every_row_and_the_gaps() -> None:
    rows = {n: {"n": n, "text": "x" * (n * 37 % 5000)} for n in range(0, 400) if n % 7}
    f = _File()
    writer = StoredBlocks().writer(f)
    for n, row in rows.items():
        writer.add(n, row)
    writer.finish(402)
    reader = StoredBlocks().reader(f, 0, len(f.data), 402)
    assert [reader[n] for n in range(402)] == [rows.get(n) for n in range(402)]
