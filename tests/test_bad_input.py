"""Bad input: one line naming the file and the reason, a non-zero exit for
``dangan clean``, a skip (listed) for ``dangan index``, and ``--strict`` failing the run
without touching the index."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dangan import corpus
from dangan.clean import PROFILES, clean_bytes, clean_file, clean_text
from dangan.cli import cli
from dangan.corpus import source_for_file
from dangan.errors import CorpusError
from dangan.index import build_index, index_exists

from .conftest import BUNDLED_CORPUS, FIXTURES

BAD = FIXTURES / "bad"
REASONS = {
    "empty.txt": "file is empty",
    "scan.png": "this is a PNG image, not a text file",
    "truncated-utf8.txt": "ends in the middle of a UTF-8 character",
    "billion-laughs.xml": "XML declares entities (EntitiesForbidden)",
    "xxe.xml": "XML declares entities (EntitiesForbidden)",
    "malformed-tei.xml": "not well-formed XML (mismatched tag: line 2",
}


def test_every_bad_fixture_has_a_stated_reason() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(REASONS)


@pytest.mark.parametrize("name", sorted(REASONS))
def test_clean_command_gives_one_line_and_exit_1(name: str) -> None:
    result = CliRunner().invoke(cli, ["clean", str(BAD / name)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {name}: ")
    assert REASONS[name] in lines[0]


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET LINE", encoding="utf-8")
    doc = tmp_path / "doc.xml"
    doc.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        "<d><p>&s;</p></d>\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="refuses to expand or fetch") as info:
        clean_file(source_for_file(doc))
    assert "TOP SECRET" not in str(info.value)


def test_files_too_large_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Gao Gang. " * 20_000, encoding="utf-8")
    monkeypatch.setattr(corpus, "MAX_FILE_BYTES", 100_000)
    with pytest.raises(CorpusError, match=r"^big\.txt: 0\.2 MB is larger than the 0\.1 MB limit"):
        clean_file(source_for_file(big))


def test_malformed_html_is_still_read() -> None:
    raw = b"<html><body><p>Gao Gang<p>Rao Shushi</div></span><h2>Purge</body>"
    doc = clean_bytes(raw, doc_id="x", path="x.html")
    assert doc.profile == "html"
    assert "Gao Gang" in doc.text and "Rao Shushi" in doc.text and "<" not in doc.text


def test_index_skips_bad_files_lists_them_and_indexes_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    for bad in BAD.iterdir():
        shutil.copy(bad, corpus / bad.name)
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index-dir", str(tmp_path / "ix")])
    assert result.exit_code == 0
    first, *skipped = result.stdout.splitlines()
    assert first.startswith(f"9 files: 3 indexed, 0 unchanged, {len(REASONS)} skipped")
    for line, (name, reason) in zip(skipped, sorted(REASONS.items()), strict=True):
        assert line.startswith(f"skipped {name}: ") and reason in line


def test_strict_fails_the_run_and_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    ix = tmp_path / "ix"
    build_index([corpus], ix)
    before = sorted(p.name for p in ix.iterdir())
    shutil.copy(BAD / "xxe.xml", corpus / "xxe.xml")
    (corpus / "new.txt").write_text("A new note on Gao Gang.\n\nMore text.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index-dir", str(ix), "--strict"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "skipped xxe.xml: XML declares entities" in result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        "Error: 1 file could not be indexed, so --strict left the index unchanged"
    )
    assert sorted(p.name for p in ix.iterdir()) == before
    fresh = tmp_path / "fresh"
    CliRunner().invoke(cli, ["index", str(corpus), "--index-dir", str(fresh), "--strict"])
    assert not index_exists(fresh)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.html", "a.xml", "a.md"]))
def test_cleaning_arbitrary_bytes_gives_a_document_or_one_clear_line(raw: bytes, name: str) -> None:
    try:
        doc = clean_bytes(raw, doc_id="x", path=name)
    except CorpusError as exc:
        assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
    else:
        assert doc.metadata.title


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000), st.sampled_from(sorted(PROFILES)))
def test_every_profile_reads_arbitrary_text_or_says_why(text: str, profile: str) -> None:
    try:
        clean_text(text, doc_id="x", path="x", sha256="0", sidecar={"profile": profile})
    except CorpusError as exc:
        assert str(exc).startswith("x: ") and "\n" not in str(exc)


def _cleaned_files() -> list[Path]:
    return sorted(p for p in BUNDLED_CORPUS.iterdir() if not p.name.endswith(".json")) + sorted(
        (FIXTURES / "html").iterdir()
    )


@pytest.mark.parametrize("path", _cleaned_files(), ids=lambda p: p.name)
def test_cleaning_the_cleaned_text_changes_nothing(path: Path) -> None:
    doc = clean_file(source_for_file(path))
    again = clean_text(doc.text, doc_id="x", path="x.txt", sha256="0", sidecar={"profile": "plain"})
    assert again.text == doc.text


def test_html_nested_too_deep_is_refused_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    depth = 100_000
    page.write_text(
        "<html><body>" + "<div>" * depth + "Gao Gang" + "</div>" * depth + "</body></html>"
    )
    with pytest.raises(
        CorpusError, match=r"^deep\.html: its HTML elements are nested more than 512"
    ):
        clean_file(source_for_file(page))
    shallow = tmp_path / "shallow.html"
    shallow.write_text(
        "<html><body>" + "<div>" * 400 + "Gao Gang" + "</div>" * 400 + "</body></html>"
    )
    assert clean_file(source_for_file(shallow)).text == "Gao Gang"


def test_clean_of_a_file_name_not_in_utf8_is_one_line(tmp_path: Path) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xff.txt"))
    odd.write_text("Gao Gang", encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", str(odd)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: bad\\udcff.txt: file name is not valid UTF-8; rename it\n"


def test_a_lock_that_is_a_folder_is_named_as_the_cause(tmp_path: Path) -> None:
    (tmp_path / "ix" / ".lock").mkdir(parents=True)
    result = CliRunner().invoke(
        cli, ["index", str(FIXTURES / "corpus"), "--index-dir", str(tmp_path / "ix")]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'ix' / '.lock'} is a folder, but dangan keeps its lock file there; "
        "remove the folder, then try again\n"
    )
