"""``dangan check`` and damaged indexes: truncating, deleting or flipping a bit of each
kind of index file is reported, and after damage a size check can see, no command
answers from the damaged index."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangan.cli import cli
from dangan.index import build_index

from .conftest import BUNDLED_CORPUS


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("check") / "ix"
    build_index([BUNDLED_CORPUS], index_dir)
    return index_dir


def _generation(index_dir: Path) -> Path:
    return index_dir / json.loads((index_dir / "dangan.json").read_text())["current"]


KINDS: dict[str, Callable[[Path], Path]] = {
    "manifest": lambda ix: ix / "dangan.json",
    "toc": lambda ix: next(_generation(ix).glob("_MAIN_*.toc")),
    "segment": lambda ix: max(_generation(ix).glob("*.seg"), key=lambda p: p.stat().st_size),
    "file table": lambda ix: _generation(ix) / "files.json",
    "checksums": lambda ix: _generation(ix) / "checksums.json",
}


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncate": _truncate,
    "delete": Path.unlink,
    "flip": _flip,
}


def test_a_sound_index_checks_clean(sound: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--index-dir", str(sound)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"index at {sound}: no problems found\n"


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_damage_is_reported_and_never_searched_silently(
    sound: Path, tmp_path: Path, kind: str, damage: str
) -> None:
    index_dir = tmp_path / "ix"
    shutil.copytree(sound, index_dir)
    DAMAGES[damage](KINDS[kind](index_dir))
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "--index-dir", str(index_dir)])
    assert checked.exit_code == 1
    assert checked.stderr.startswith("Error: ")
    assert checked.stderr.count("\n") == 1
    problems = checked.stdout.splitlines()
    assert problems and all(line.strip() for line in problems)
    if damage == "flip":
        return  # the same size: only the checksums can tell, and check did
    exported = runner.invoke(cli, ["export", "--index-dir", str(index_dir)])
    assert (exported.exit_code, exported.stdout) == (1, "")
    assert exported.stderr.startswith("Error: ") and exported.stderr.count("\n") == 1
    if kind != "manifest":  # with no manifest at all, search builds a new index
        found = runner.invoke(cli, ["search", "Gao", "--index-dir", str(index_dir)])
        assert (found.exit_code, found.stdout) == (1, "")
        assert "dangan index --rebuild" in found.stderr
