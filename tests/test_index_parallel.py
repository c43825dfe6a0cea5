"""Parallel indexing: worker processes write segments of their own, and the index they
make finds what a one-process index finds."""

from __future__ import annotations

from pathlib import Path

from dangan.index import build_index, passage_ids
from dangan.search import search

from .conftest import BUNDLED_CORPUS


def test_two_processes_index_what_one_does(tmp_path: Path) -> None:
    one = build_index([BUNDLED_CORPUS], tmp_path / "one", procs=1)
    two = build_index([BUNDLED_CORPUS], tmp_path / "two", procs=2)
    assert (two.indexed, two.passages) == (one.indexed, one.passages)
    assert sorted(passage_ids(tmp_path / "two")) == sorted(passage_ids(tmp_path / "one"))
    for query in ("Gao Gang", '"Liu Shaoqi"', "七千人大会"):
        expected = [h.passage_id for h in search(query, tmp_path / "one", limit=50)]
        found = [h.passage_id for h in search(query, tmp_path / "two", limit=50)]
        assert sorted(found) == sorted(expected), query


def test_update_after_a_parallel_build_keeps_unchanged_files(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = build_index([BUNDLED_CORPUS], index_dir, procs=2)
    again = build_index([BUNDLED_CORPUS], index_dir, procs=2)
    assert (again.indexed, again.unchanged) == (0, first.indexed)
    assert again.passages == first.passages
