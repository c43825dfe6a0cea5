"""The index under faults, tested by behaviour only (commands, files on disk, export):
a dead worker, a full file-size limit, Ctrl-C and kill -9 at random moments never
lose or duplicate a passage, and never leave the run waiting; files that are not
files are refused at once. The full crash loop is ``python -m bench.crashloop``."""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from bench.faults import (
    by_id,
    change_some,
    compare,
    dangan_command,
    exported,
    kill_at,
    run,
    snapshot,
    start,
    start_readers,
    stderr_lines,
    stop_readers,
    wait_for_workers,
    write_corpus,
)
from click.testing import CliRunner
from whoosh import index as whoosh_index

from dangan.backends.whoosh.generation import seal
from dangan.cli import cli
from dangan.index import build_index
from dangan.search import export, search

from .conftest import BUNDLED_CORPUS

RUN_TIMEOUT = 120  # seconds: a run that takes longer is hanging


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("reliability")
    corpus, index_dir = folder / "corpus", folder / "ix"
    write_corpus(corpus, 120)
    build_index([corpus], index_dir, procs=1)
    return corpus, index_dir


@pytest.fixture
def built(built_once: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A generated corpus large enough for parallel workers (shared: do not change it),
    and a copy of its index."""
    index_dir = tmp_path / "ix"
    shutil.copytree(built_once[1], index_dir)
    return built_once[0], index_dir


def _exported_here(index_dir: Path) -> dict[str, str]:
    return by_id(export(index_dir))


@pytest.mark.parametrize("kind", ["rebuild", "incremental"])
def test_a_killed_worker_fails_the_run_and_changes_nothing(
    built: tuple[Path, Path], tmp_path: Path, kind: str
) -> None:
    corpus, index_dir = built
    if kind == "incremental":  # the corpus unchanged, and a folder of new files
        write_corpus(tmp_path / "more", 60, seed=2)
        extra = [str(tmp_path / "more")]
    else:
        extra = ["--rebuild"]
    before = snapshot(index_dir)
    proc = start("index", str(corpus), "--index-dir", str(index_dir), *extra)
    workers = wait_for_workers(proc)
    assert workers, "the run ended before it started a worker"
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=RUN_TIMEOUT)
    assert proc.returncode == 1
    [line] = stderr_lines(err)
    assert re.fullmatch(
        rf"Error: indexing worker \d \(pid {workers[0]}\) was killed by SIGKILL \(out of "
        r"memory\?\); the run was stopped and the previous index is unchanged",
        line,
    )
    assert snapshot(index_dir) == before


def test_a_run_past_the_file_size_limit_fails_and_changes_nothing(
    built: tuple[Path, Path],
) -> None:
    corpus, index_dir = built
    before = snapshot(index_dir)
    limit = 64 * 1024  # smaller than the segment a worker writes

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        [*dangan_command("index", "--rebuild", str(corpus)), "--index-dir", str(index_dir)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        preexec_fn=small_files,
    )
    assert proc.returncode == 1
    assert stderr_lines(proc.stderr) == [
        f"Error: cannot write the index at {index_dir} (File too large): a file size limit "
        "(ulimit -f) stopped it; raise the limit; the previous index is unchanged"
    ]
    assert snapshot(index_dir) == before


def test_ctrl_c_prints_one_line_and_changes_nothing(built: tuple[Path, Path]) -> None:
    corpus, index_dir = built
    before = snapshot(index_dir)
    proc = start("index", "--rebuild", str(corpus), "--index-dir", str(index_dir), session=True)
    assert wait_for_workers(proc), "the run ended before it started a worker"
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: to every process of the run
    _, err = proc.communicate(timeout=RUN_TIMEOUT)
    assert proc.returncode == 130, err
    assert stderr_lines(err) == ["Interrupted; nothing was changed."]
    assert snapshot(index_dir) == before


def test_kills_at_random_moments_lose_no_passage(tmp_path: Path, runner: CliRunner) -> None:
    """A short crash loop: kill -9 of the main process or a worker during an incremental
    run and a rebuild, then a plain run; the index equals a clean build every time."""
    rng = random.Random(19)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    write_corpus(corpus, 60, seed=19)
    build_index([corpus], index_dir, procs=1)
    for trial, target in enumerate(["worker", "main"]):
        change_some(corpus, rng)
        extra = ["--rebuild"] if trial % 2 else []
        proc = start("index", str(corpus), "--index-dir", str(index_dir), *extra)
        kill_at(proc, rng.uniform(0.5, 3.0), target)
        proc.communicate(timeout=RUN_TIMEOUT)
        repair = runner.invoke(cli, ["index", str(corpus), "--index-dir", str(index_dir)])
        assert repair.exit_code == 0, repair.output
        clean = tmp_path / f"clean{trial}"
        build_index([corpus], clean, procs=1)
        difference = compare(_exported_here(index_dir), _exported_here(clean))
        assert difference.none, (trial, difference)
        checked = runner.invoke(cli, ["check", "--index-dir", str(index_dir)])
        assert checked.exit_code == 0, checked.output


def _clean_with_memory_limit(path: Path) -> subprocess.CompletedProcess[str]:
    def limit_memory() -> None:
        cap = 500 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return subprocess.run(
        dangan_command("clean", str(path)),
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=limit_memory,
    )


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: os.mkfifo(p), "a named pipe (FIFO)"),
        (lambda p: os.symlink("/dev/zero", p), "a character device"),
        (lambda p: os.symlink("/dev/urandom", p), "a character device"),
    ],
)
def test_clean_refuses_what_is_not_a_file_at_once(tmp_path: Path, make: object, kind: str) -> None:
    odd = tmp_path / "odd.txt"
    make(odd)  # type: ignore[operator]
    result = _clean_with_memory_limit(odd)
    assert result.returncode == 1
    assert (
        result.stderr
        == f"Error: odd.txt: this is {kind}, not a regular file; only files are read\n"
    )


def test_index_skips_what_is_not_a_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2)
    os.mkfifo(corpus / "pipe.txt")
    os.symlink("/dev/zero", corpus / "zero.txt")
    result = run("index", str(corpus), "--index-dir", str(tmp_path / "ix"), timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("2 files: 2 indexed")
    named = run("index", str(corpus / "pipe.txt"), "--index-dir", str(tmp_path / "ix"))
    assert named.returncode == 1
    assert stderr_lines(named.stderr) == [
        f"Error: {corpus / 'pipe.txt'}: this is a named pipe (FIFO), not a regular file; "
        "only files are read"
    ]


def test_a_changed_sidecar_reindexes_its_file(tmp_path: Path, runner: CliRunner) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    write_corpus(corpus, 3)
    command = ["index", str(corpus), "--index-dir", str(index_dir)]
    assert runner.invoke(cli, command).exit_code == 0
    sidecar = corpus / "doc0001.txt.meta.json"
    sidecar.write_text('{"collection": "Plenum papers"}', encoding="utf-8")
    assert runner.invoke(cli, command).stdout.startswith("3 files: 1 indexed, 2 unchanged")
    found = search("collection:plenum", index_dir)
    assert [hit.path for hit in found] == ["doc0001.txt"] * len(found) and found
    sidecar.write_text('{"collection": "Other papers"}', encoding="utf-8")
    assert runner.invoke(cli, command).stdout.startswith("3 files: 1 indexed, 2 unchanged")
    assert not search("collection:plenum", index_dir)


def test_a_file_whose_entries_are_missing_is_indexed_again(tmp_path: Path) -> None:
    """A generation that lost one file's entries (as a lost worker once made them) but
    is otherwise consistent: the next plain run puts them back."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    write_corpus(corpus, 4)
    build_index([corpus], index_dir, procs=1)
    expected = _exported_here(index_dir)
    manifest = json.loads((index_dir / "dangan.json").read_text())
    generation = index_dir / manifest["current"]
    with whoosh_index.open_dir(str(generation)).writer() as writer:
        writer.delete_by_term("source_key", str(corpus / "doc0002.txt"))
    manifest["checksums"] = seal(generation, None)
    (index_dir / "dangan.json").write_text(json.dumps(manifest))
    assert len(exported(index_dir)) < len(expected)  # another process: no cached searcher
    report = build_index([corpus], index_dir, procs=1)
    assert (report.indexed, report.unchanged) == (1, 3)
    assert _exported_here(index_dir) == expected


def test_searches_during_rebuilds_never_fail(tmp_path: Path) -> None:
    """A short version of the readers benchmark: 2 processes searching in a loop while
    2 rebuilds replace the index: no error, and no empty answer to a query with hits."""
    index_dir, stop = tmp_path / "ix", tmp_path / "stop"
    build_index([BUNDLED_CORPUS], index_dir, procs=1)
    readers = start_readers(index_dir, stop, ["Gao Gang", "七千人大会", '"Liu Shaoqi"'], 2)
    for _ in range(2):
        rebuilt = run("index", "--rebuild", str(BUNDLED_CORPUS), "--index-dir", str(index_dir))
        assert rebuilt.returncode == 0, rebuilt.stderr
    stop.touch()
    searches, errors, empty = stop_readers(readers)
    assert (errors, empty) == (0, 0)
    assert searches > 0
