"""The index on disk: incremental runs, skipped files, and never a broken index."""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.qparser import QueryParser

from dangan.backends.whoosh.store import open_index
from dangan.errors import IndexBusyError, IndexCorruptError, IndexMissingError, IndexWriteError
from dangan.index import all_passages, build_index, get_passage, passage_ids
from dangan.search import search

from .conftest import BUNDLED_CORPUS, FIXTURES


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus."""
    return Path(shutil.copytree(BUNDLED_CORPUS, tmp_path / "corpus"))


def _ids(index_dir: Path) -> list[str]:
    """The ids of the body passages (not of titles and notes)."""
    return sorted(i for i in passage_ids(index_dir) if re.fullmatch(r"[0-9a-f]{12}-\d+", i))


def test_first_run_indexes_every_file(corpus: Path, tmp_path: Path) -> None:
    report = build_index([corpus], tmp_path / "ix")
    assert (report.files, report.indexed, report.unchanged, report.skipped) == (3, 3, 0, ())
    assert report.passages == len(_ids(tmp_path / "ix")) > 3


def test_unchanged_files_keep_their_ids_and_are_not_cleaned_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_index([corpus], tmp_path / "ix")
    before = _ids(tmp_path / "ix")
    cleaner = importlib.import_module("dangan.clean")
    monkeypatch.setattr(cleaner, "clean_file", lambda s: pytest.fail(f"cleaned {s.path}"))
    report = build_index([corpus], tmp_path / "ix")
    assert (report.indexed, report.unchanged) == (0, 3)
    assert _ids(tmp_path / "ix") == before


def test_ids_do_not_depend_on_the_index_or_other_documents(corpus: Path, tmp_path: Path) -> None:
    build_index([corpus], tmp_path / "a")
    (corpus / "wikipedia-seven-thousand-cadres-conference.txt").unlink()
    build_index([corpus], tmp_path / "b")
    assert set(_ids(tmp_path / "b")) < set(_ids(tmp_path / "a"))


def test_changed_and_removed_files(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    wiki = corpus / "wikipedia-seven-thousand-cadres-conference.txt"
    wiki.write_text(
        wiki.read_text(encoding="utf-8") + "\nA new paragraph on Beidaihe.\n", encoding="utf-8"
    )
    (corpus / "wilson-yudin-conversation-liu-zhou-1954-02-13.txt").unlink()
    report = build_index([corpus], ix)
    assert (report.files, report.indexed, report.unchanged, report.removed) == (2, 1, 1, 1)
    assert list(search("Yudin", ix)) == []
    assert search('"new paragraph on Beidaihe"', ix)


def test_other_folders_are_added_and_kept(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    build_index([FIXTURES / "corpus"], ix)
    assert search("Yudin", ix) and search("饶漱石", ix)
    build_index([corpus], ix)  # re-running one folder leaves the other's files alone
    assert search("饶漱石", ix)
    report = build_index([FIXTURES / "corpus"], ix, rebuild=True)
    assert report.passages == len(_ids(ix))
    assert list(search("Yudin", ix)) == [] and search("饶漱石", ix)


def test_interrupted_run_leaves_the_previous_index(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    before = _ids(ix)
    calls = []

    def interrupt(source: object) -> None:
        calls.append(source)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index([FIXTURES / "corpus"], ix, rebuild=True, on_source=interrupt)
    assert _ids(ix) == before
    assert len(list(ix.glob("gen-*"))) == 1


def test_killed_run_leaves_the_previous_index(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    before = _ids(ix)
    big = tmp_path / "big"
    big.mkdir()
    paragraph = "Gao Gang and Rao Shushi were criticised at the plenum in February 1954. " * 30
    for i in range(400):
        (big / f"doc{i:03}.txt").write_text(f"Document {i}\n\n" + paragraph * 3, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dangan", "index", str(big), "--index-dir", str(ix)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    current = json.loads((ix / "dangan.json").read_text())["current"]
    deadline = time.monotonic() + 60
    while not (leftover := [g for g in ix.glob("gen-*") if g.name != current]):
        assert time.monotonic() < deadline, "the indexer never started"
        time.sleep(0.02)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the indexer finished before it could be killed"
    assert _ids(ix) == before
    assert search("Yudin", ix)
    build_index([corpus], ix)  # the next run tidies the leftover generation
    assert not leftover[0].exists()


def test_a_search_that_opened_the_old_generation_can_finish(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    before = sorted(passage_ids(ix))
    old = open_index(ix)
    build_index([FIXTURES / "corpus"], ix, rebuild=True)
    assert sorted(passage_ids(ix)) != before
    with old.searcher() as searcher:
        assert sorted(f["passage_id"] for f in searcher.all_stored_fields()) == before
    build_index([FIXTURES / "corpus"], ix)  # the next run removes it
    assert len(list(ix.glob("gen-*"))) == 2


def test_second_writer_is_refused_clearly(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    with open(ix / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(IndexBusyError, match="being written by another dangan process"):
            build_index([corpus], ix)
        assert search("Yudin", ix)  # readers are not blocked


def test_folder_that_is_not_an_index(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"x")
    with pytest.raises(IndexCorruptError, match="is not a dangan index"):
        open_index(folder)
    with pytest.raises(IndexCorruptError, match="is not a dangan index"):
        build_index([BUNDLED_CORPUS], folder)
    assert [p.name for p in folder.iterdir()] == ["thesis.docx"]


def test_missing_and_damaged_indexes(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    with pytest.raises(IndexMissingError, match="build one with: dangan index"):
        open_index(ix)
    build_index([corpus], ix)
    manifest = ix / "dangan.json"
    good = manifest.read_text()
    manifest.write_text("{not json")
    with pytest.raises(IndexCorruptError, match="rebuild with: dangan index --rebuild"):
        open_index(ix)
    manifest.write_text(json.dumps({**json.loads(good), "format": 0}))
    with pytest.raises(IndexCorruptError, match="another version of dangan"):
        open_index(ix)
    manifest.write_text(json.dumps({**json.loads(good), "current": "gen-gone"}))
    with pytest.raises(IndexCorruptError, match="cannot be read"):
        open_index(ix)
    build_index([corpus], ix, rebuild=True)  # --rebuild repairs it
    assert search("Yudin", ix)


def test_stored_passages_round_trip(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    stored = all_passages(ix)
    assert [s.path for s in stored] == sorted(s.path for s in stored)
    first = stored[0]
    assert get_passage(ix, first.passage.passage_id) == first
    assert first.metadata.title and first.profile in {"chronology", "wilson", "wikipedia"}


def test_schema_phrases_in_ram_index(ram_index: object) -> None:
    writer = ram_index.writer()  # type: ignore[attr-defined]
    writer.add_document(passage_id="a-1", exact="Liu Shaoqi presided over this plenum")
    writer.add_document(passage_id="b-1", exact="毛泽東在七千人大會上講話")
    writer.commit()
    with ram_index.searcher() as searcher:  # type: ignore[attr-defined]
        parser = QueryParser("exact", ram_index.schema)  # type: ignore[attr-defined]
        assert len(searcher.search(parser.parse('"Liu Shaoqi presided"'))) == 1
        assert len(searcher.search(parser.parse('"presided Liu"'))) == 0


def test_no_stray_files_are_written_outside_the_index(corpus: Path, tmp_path: Path) -> None:
    before = sorted(os.listdir(corpus))
    build_index([corpus], tmp_path / "ix")
    assert sorted(os.listdir(corpus)) == before


def test_same_folder_name_and_path_elsewhere_is_skipped_not_duplicated(
    corpus: Path, tmp_path: Path
) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    twin = Path(shutil.copytree(corpus, tmp_path / "elsewhere" / "corpus"))
    report = build_index([twin], ix)
    assert report.indexed == 0 and len(report.skipped) == 3
    assert all("already taken by" in reason for _, reason in report.skipped)
    assert len(_ids(ix)) == len(set(_ids(ix)))


def test_moved_folder_keeps_its_ids(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    before = _ids(ix)
    moved = tmp_path / "moved" / "corpus"
    moved.parent.mkdir()
    corpus.rename(moved)
    report = build_index([moved], ix)
    assert report.skipped == () and report.indexed == 3
    assert _ids(ix) == before


def test_ids_do_not_depend_on_how_the_file_is_named(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    before = _ids(ix)
    wiki = corpus / "wikipedia-seven-thousand-cadres-conference.txt"
    wiki.write_text(wiki.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    report = build_index([wiki], ix)  # the file alone, not its folder
    assert report.indexed == 1
    assert set(_ids(ix)) >= {i for i in before if i.startswith("841fbc1d10a6-")}
    (hit,) = search('"One more line"', ix)
    assert hit.path == "wikipedia-seven-thousand-cadres-conference.txt"


def test_a_file_that_goes_bad_loses_its_old_passages(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    assert search("Yudin", ix)
    (corpus / "wilson-yudin-conversation-liu-zhou-1954-02-13.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    report = build_index([corpus], ix)
    assert [path for path, _ in report.skipped] == [
        "wilson-yudin-conversation-liu-zhou-1954-02-13.txt"
    ]
    assert list(search("Yudin", ix)) == []


def test_a_file_name_that_is_not_utf8_is_skipped(corpus: Path, tmp_path: Path) -> None:
    odd = os.fsencode(corpus) + b"/bad\xffname.txt"
    with open(odd, "wb") as handle:
        handle.write(b"Some text.\n\nMore text.")
    report = build_index([corpus], tmp_path / "ix")
    assert report.indexed == 3
    assert report.skipped == (("bad\\udcffname.txt", "file name is not valid UTF-8; rename it"),)


def test_the_index_folder_inside_the_corpus_is_not_indexed(corpus: Path) -> None:
    ix = corpus / "ix"
    for _ in range(2):
        report = build_index([corpus], ix)
    assert (report.files, report.skipped) == (3, ())


def test_a_linked_file_is_indexed_once(corpus: Path, tmp_path: Path) -> None:
    (corpus / "link.txt").symlink_to(corpus / "wikipedia-seven-thousand-cadres-conference.txt")
    report = build_index([corpus], tmp_path / "ix")
    assert report.files == 3


def test_damaged_generation_gives_a_rebuild_hint(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    current = ix / json.loads((ix / "dangan.json").read_text())["current"]
    for segment in current.glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:100])
    with pytest.raises(IndexCorruptError, match="rebuild it with: dangan index --rebuild"):
        search("Gao", ix)
    with pytest.raises(IndexCorruptError, match="rebuild it with: dangan index --rebuild"):
        build_index([corpus], ix)
    build_index([corpus], ix, rebuild=True)
    assert search("Gao", ix)


def test_unwritable_index_folder_is_one_clear_error(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(
        IndexWriteError,
        match=r"cannot write the index at .* \(Not a directory\): choose a writable",
    ):
        build_index([corpus], blocker / "ix")


def test_a_prefix_ranks_a_file_added_later_by_its_matches(corpus: Path, tmp_path: Path) -> None:
    """A file indexed in a later run stands in a small segment of its own; its passage
    dense in con- words must still rank first for con* (Whoosh's constant prefix score
    gave every hit of a small segment 1.0, so it ranked near the bottom)."""
    index_dir = tmp_path / "ix"
    build_index([corpus], index_dir)
    (corpus / "added.txt").write_text(
        "Added\n\nThe conference considered the conflict, the congress, the constitution, "
        "the consul and the conspiracy; continued consultations confirmed it.\n",
        encoding="utf-8",
    )
    build_index([corpus], index_dir)
    result = search("con*", index_dir, limit=3)
    assert result.summary.total > 3
    assert "conspiracy" in result[0].text
