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


def _module_name(path: Path) -> str:
    parts = ["dangan", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path) -> set[str]:
    """dangan modules a module imports when it is loaded (not inside functions, nor
    under TYPE_CHECKING)."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.split(".")[0] == "dangan"}


def test_no_import_cycles() -> None:
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph = {
        name: {m for m in _top_level_imports(path) if m in modules and m != name}
        for name, path in modules.items()
    }
    # A package's __init__ importing its own modules is how a package is made, not a cycle.
    graph = {n: {m for m in deps if not n.startswith(m + ".")} for n, deps in graph.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycles.append([*trail[trail.index(dep) :], dep] if dep in trail else [name, dep])
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_a_library_keeps_at_most_its_readers_and_a_closed_one_says_so(
    bundled_index: Path,
) -> None:
    from dangan.library import LibraryClosedError

    library = Library(bundled_index, max_readers=2)
    with library.reading() as first, library.reading() as second:
        waited = threading.Event()

        def third() -> None:
            with library.reading():
                waited.set()

        worker = threading.Thread(target=third)
        worker.start()
        worker.join(timeout=0.3)
        assert not waited.is_set()  # both readers are lent: the third search waits
    worker.join(timeout=30)
    assert waited.is_set() and first is not second
    library.close()
    try:
        with library.reading():
            raise AssertionError("a closed Library lent a reader")
    except LibraryClosedError as exc:
        assert "closed" in str(exc) and "rebuild" not in str(exc)


def test_readers_of_a_replaced_generation_are_counted_out_once(tmp_path: Path) -> None:
    """Idle readers of a replaced generation are dropped at the next borrow and the
    count of open readers stays the number really open."""
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir)
    library = Library(index_dir, max_readers=2)
    with library.reading(), library.reading():
        pass  # two idle readers of the first generation
    (corpus / "added.txt").write_text("Added\n\nA new passage.\n", encoding="utf-8")
    build_index([corpus], index_dir)
    for _ in range(5):  # each borrow may drop stale readers; none may be counted twice
        with library.reading(), library.reading():
            pass
    assert library._open == len(library._idle) == 2
    library.close()
