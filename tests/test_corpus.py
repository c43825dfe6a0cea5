"""Finding source files, naming documents, reading sidecars, default folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dangan.corpus import Source, find_sources
from dangan.errors import CorpusError
from dangan.paths import default_corpus_dir, default_index_dir

from .conftest import BUNDLED_CORPUS, REPO


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_folders_are_walked_in_order_without_sidecars_or_hidden_files(tmp_path: Path) -> None:
    root = _tree(
        tmp_path / "corpus",
        {
            "b.txt": "b",
            "a.txt": "a",
            "a.txt.meta.json": "{}",
            "sub/c.md": "c",
            ".git/config": "x",
            ".hidden.txt": "h",
            "README.md": "r",
            "MANIFEST.tsv": "m",
        },
    )
    assert [s.path for s in find_sources([root])] == ["a.txt", "b.txt", "sub/c.md"]


def test_a_file_named_twice_is_found_once(tmp_path: Path) -> None:
    root = _tree(tmp_path / "corpus", {"a.txt": "a", "b.txt": "b"})
    found = list(find_sources([root, root / "a.txt", root]))
    assert [s.path for s in found] == ["a.txt", "b.txt"]


def test_doc_ids_depend_on_folder_name_and_path_only(tmp_path: Path) -> None:
    one = _tree(tmp_path / "x" / "corpus", {"a.txt": "a"})
    two = _tree(tmp_path / "y" / "corpus", {"a.txt": "different text"})
    other = _tree(tmp_path / "y" / "papers", {"a.txt": "a"})
    ids = [next(find_sources([folder])).doc_id for folder in (one, two, other)]
    assert ids[0] == ids[1] != ids[2]
    assert len(ids[0]) == 12


def test_bundled_doc_ids_are_pinned() -> None:
    """The README and golden files quote these ids; they must not drift."""
    ids = {s.path.split("-")[0]: s.doc_id for s in find_sources([BUNDLED_CORPUS])}
    assert ids == {
        "chronology": "476d30766116",
        "wikipedia": "841fbc1d10a6",
        "wilson": "47cc545b4e1e",
    }


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or folder"):
        list(find_sources([tmp_path / "nope"]))


def test_sidecar_is_read_and_checked(tmp_path: Path) -> None:
    root = _tree(
        tmp_path, {"a.txt": "a", "a.txt.meta.json": '{"collection": "FRUS", "source_url": null}'}
    )
    source = Source(file=root / "a.txt", root=root, path="a.txt")
    assert source.sidecar() == {"collection": "FRUS", "source_url": None}
    (root / "a.txt.meta.json").write_text('{"colection": "FRUS"}', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"unknown sidecar keys \['colection'\]"):
        source.sidecar()
    (root / "a.txt.meta.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(CorpusError, match="sidecar is not valid JSON"):
        source.sidecar()
    (root / "a.txt.meta.json").write_text("[]", encoding="utf-8")
    with pytest.raises(CorpusError, match="must be a JSON object"):
        source.sidecar()


def test_bundled_sidecars_hold_only_what_the_files_cannot_say() -> None:
    import json

    for sidecar in BUNDLED_CORPUS.glob("*.meta.json"):
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        assert set(data) == {"collection", "source_url", "language"}, sidecar.name


def test_default_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real defaults, not those conftest gives every test
    monkeypatch.chdir(tmp_path)
    assert default_corpus_dir() == REPO / "corpus"  # a source checkout's bundled corpus
    assert default_index_dir() == REPO / "index"
    (tmp_path / "corpus").mkdir()
    assert default_corpus_dir() == tmp_path / "corpus"  # a project folder of the user's
    assert default_index_dir() == tmp_path / "index"


def test_importing_dangan_loads_no_jieba_and_configures_no_logging() -> None:
    code = (
        "import logging, sys; import dangan; "
        "assert 'jieba' not in sys.modules, 'jieba imported'; "
        "assert not logging.getLogger().handlers, 'logging configured'"
    )
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr


def test_collection_files_apply_outer_then_inner_then_the_sidecar(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "collection.json": '{"author": "毛泽东", "publisher": "人民出版社", "language": "zh"}',
            "mao/collection.json": '{"volumes": {"1": "001-018", "2": "019-058"}, '
            '"url": "https://example.org/{stem}", "language": "zh-Hans"}',
            "mao/007.txt": "x",
            "mao/020.txt": "x",
            "mao/020.txt.meta.json": '{"author": ["A", "B"]}',
            "mao/README.txt": "x",
        },
    )
    sources = {s.path: s for s in find_sources([root])}
    assert set(sources) == {"mao/007.txt", "mao/020.txt", "mao/README.txt"}  # not a source
    seven = sources["mao/007.txt"].metadata_defaults()
    assert seven == {
        "collection_id": "mao",
        "author": ("毛泽东",),
        "publisher": "人民出版社",
        "language": "zh-Hans",
        "url": "https://example.org/{stem}",
        "volume": "1",
    }
    twenty = sources["mao/020.txt"].metadata_defaults()
    assert (twenty["volume"], twenty["author"]) == ("2", ("A", "B"))
    assert "volume" not in sources["mao/README.txt"].metadata_defaults()
    assert sources["mao/020.txt"].metadata_files() == [
        root / "collection.json",
        root / "mao" / "collection.json",
        root / "mao" / "020.txt.meta.json",
    ]


def test_collection_file_is_checked(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"a.txt": "a", "collection.json": '{"authors": "X"}'})
    source = Source(file=root / "a.txt", root=root, path="a.txt")
    with pytest.raises(CorpusError, match=r"unknown collection file keys \['authors'\]"):
        source.metadata_defaults()
    (root / "collection.json").write_text('{"author": {"x": 1}}', encoding="utf-8")
    with pytest.raises(CorpusError, match="author must be a name or a list of names"):
        source.metadata_defaults()


def test_collection_metadata_reaches_the_document(tmp_path: Path) -> None:
    from dangan.clean import clean_file

    root = _tree(
        tmp_path,
        {
            "collection.json": '{"author": "吳趼人", "url": "https://zh.wikisource.org/wiki/{title}",'
            ' "romanized": {"吳趼人": "Wu Jianren"}, "citation_kind": "wikisource"}',
            "a.txt": "厚黑學\n\n正文一段。",
        },
    )
    (source,) = find_sources([root])
    meta = clean_file(source).metadata
    assert meta.author == ("吳趼人",) and meta.citation_kind == "wikisource"
    assert meta.source_url == f"https://zh.wikisource.org/wiki/{meta.title}"
    romanized = dict(meta.romanized)
    assert romanized["吳趼人"] == "Wu Jianren"
    assert romanized[meta.title][:1].isupper() and romanized[meta.title].isascii()
