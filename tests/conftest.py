"""Shared fixtures: paths, an isolated index folder for every test, a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh.filedb.filestore import RamStorage

from dangan.backends.whoosh.schema import schema

REPO = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = REPO / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The shared corpora sit beside the repository; DANGAN_SHARED_CORPORA points elsewhere.
SHARED_CORPORA = Path(
    os.environ.get("DANGAN_SHARED_CORPORA", REPO.parent / "shared" / "corpora")
).resolve()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files under tests/fixtures/expected/ from the current output.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def env_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own default index folder (tmp/index, which a first search
    builds) beside the bundled corpus, whatever the cwd."""
    import dangan.paths

    home = tmp_path / "project"
    home.mkdir()
    (home / "corpus").symlink_to(BUNDLED_CORPUS, target_is_directory=True)
    monkeypatch.setattr(dangan.paths, "project_root", lambda: home)
    for name in ("DANGAN_INDEX_DIR", "DANGAN_CORPUS_DIR", "DANGAN_DEBUG", "NO_COLOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def ram_index() -> Iterator[object]:
    """An empty in-memory index with dangan's schema."""
    ix = RamStorage().create_index(schema())
    yield ix
    ix.close()


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled corpus, built once per session; tests must not write to it."""
    from dangan.index import build_index

    index_dir = tmp_path_factory.mktemp("bundled") / "index"
    build_index([BUNDLED_CORPUS], index_dir)
    return index_dir


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    if not SHARED_CORPORA.is_dir():
        pytest.skip(
            f"shared corpora not found at {SHARED_CORPORA}: put them beside the repository "
            "as ../shared/corpora or set DANGAN_SHARED_CORPORA"
        )
    return SHARED_CORPORA


@pytest.fixture(scope="session")
def shared_index(shared_corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the whole shared corpora and the bundled corpus, built once per
    session; tests must not write to it."""
    from dangan.index import build_index

    index_dir = tmp_path_factory.mktemp("whole") / "index"
    build_index([shared_corpora, BUNDLED_CORPUS], index_dir)
    return index_dir
