"""The open index (dangan.library) and the backend seam: readers lent one thread at a
time, searches side by side, a rebuilt index picked up, and no engine outside its
package."""

from __future__ import annotations

import ast
import shutil
import threading
from pathlib import Path

from dangan.index import build_index
from dangan.library import Library
from dangan.search import search

from .conftest import BUNDLED_CORPUS

SRC = Path(__file__).resolve().parent.parent / "src" / "dangan"
QUERIES = ["Gao Gang", "七千人大会", "plenum", '"Liu Shaoqi"', "Molotov OR Yudin", "Zhou"]


def _ids(library: Library | Path, query: str) -> list[str]:
    return list(search(query, library, limit=20).ids)


def test_readers_are_lent_one_at_a_time_and_reused(bundled_index: Path) -> None:
    with Library(bundled_index) as library:
        with library.reading() as first, library.reading() as second:
            assert first is not second  # a reader is never shared while lent
        with library.reading() as again:
            assert again in (first, second)  # and is kept for the next borrower


def test_searches_in_threads_agree_with_one_thread(bundled_index: Path) -> None:
    expected = {q: _ids(bundled_index, q) for q in QUERIES}
    assert all(expected.values())
    found: dict[tuple[int, str], list[str]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)
    with Library(bundled_index) as library:

        def run(n: int) -> None:
            barrier.wait()
            try:
                for _ in range(5):
                    for q in QUERIES:
                        found[n, q] = _ids(library, q)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert not errors
    assert len(found) == 6 * len(QUERIES)
    for (_, q), ids in found.items():
        assert ids == expected[q]


def test_a_thread_does_not_wait_for_another_threads_search(bundled_index: Path) -> None:
    """A reader held (as by a long search) does not stop another thread's search."""
    with Library(bundled_index) as library, library.reading():
        done = threading.Event()
        worker = threading.Thread(target=lambda: (_ids(library, "Gao Gang"), done.set()))
        worker.start()
        worker.join(timeout=60)
        assert done.is_set()


def test_a_rebuilt_index_is_picked_up_and_old_readers_closed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir)
    with Library(index_dir) as library:
        with library.reading() as old:
            assert _ids(library, "Yudin")
        for path in corpus.rglob("wilson-*"):
            path.unlink()
        build_index([corpus], index_dir)
        with library.reading() as new:
            assert new.name != old.name
        assert _ids(library, "Yudin") == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


STEMMER = "whoosh.lang.snowball.english"
"""The one Whoosh module the text layer still uses: its English (Porter2) stemmer, a
stemming algorithm rather than the engine."""


def test_only_the_whoosh_backend_imports_whoosh() -> None:
    backend = SRC / "backends" / "whoosh"
    outside = [
        (str(path.relative_to(SRC)), name)
        for path in SRC.rglob("*.py")
        if not path.is_relative_to(backend)
        for name in _imports(path)
        if name.split(".")[0] == "whoosh" and name != STEMMER
    ]
    assert outside == []


def test_only_the_cli_imports_click() -> None:
    cli = SRC / "cli"
    outside = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if not path.is_relative_to(cli) and "click" in {n.split(".")[0] for n in _imports(path)}
    ]
    assert outside == []
