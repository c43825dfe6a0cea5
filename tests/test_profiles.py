"""Archive profiles over real files: reviewed golden output for two or more files of
each profile, and rules that hold for every file of the shared corpora."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest

from dangan.clean import clean_file
from dangan.corpus import find_sources, source_for_file
from dangan.models import Document

from .conftest import FIXTURES, SHARED_CORPORA

GOLDEN = FIXTURES / "expected" / "corpora"
HTML = FIXTURES / "html"

# (profile, file): files from the shared corpora (relative) and from tests/fixtures/html.
GOLDEN_FILES = [
    ("frus", "frus/frus1964-68v30/frus1964-68v30_d90.xml"),
    ("frus", "frus/frus1964-68v30/frus1964-68v30_d92.xml"),
    ("dfat", "dfat/vol22/163-cablegram-to-canberra.md"),
    ("dfat", "dfat/vol22/100-minute-from-loveday-to-acting-secretary.md"),
    ("xuanji", "mao-xuanji/007.txt"),
    ("xuanji", "mao-xuanji/001.txt"),
    ("wikisource", "wikisource-zh/ershinian/二十年目睹之怪現狀_第029回.txt"),
    ("wikisource", "wikisource-zh/houheixue/厚黑學.txt"),
    ("html", "wikisource-zh/ershinian/book.html"),
    ("html", "html/wikipedia-gao-gang.html"),
    ("html", "html/wilson-record.html"),
    ("html", "html/news-article.html"),
    ("wikipedia", "text/zh-wikipedia-gao-rao.txt"),
]

BOILERPLATE = [
    "Skip to content",
    "Exported from Wikisource",
    "About this digital edition",
    "The following users contributed",
    "Creative Commons",
    "GNU FDL",
    "4020.cn",
    "免费TXT小说下载",
    "◀",
    "▶",
    "返回頁首",
    "CS1 maint",
    "{{cite",
    "[edit]",
    "Jump to content",
    "welcomes reuse of Digital Archive materials",
    "To enquire about this document",
    "Privacy policy",
    "****",
    "\\.",
    "doc_id:",
    "vol_id:",
    "[NAA:",
    "RLCONF",
    "┌",
]
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,6});")


def _path(name: str) -> Path:
    if name.startswith(("html/", "text/")):
        return FIXTURES / name
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {SHARED_CORPORA}")
    return SHARED_CORPORA / name


def _record(doc: Document) -> dict[str, object]:
    return {
        "profile": doc.profile,
        **asdict(doc.metadata),
        "notes": [asdict(n) for n in doc.notes],
        "page_breaks": doc.page_breaks,
        "headings": [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"],
    }


@pytest.mark.parametrize(("profile", "name"), GOLDEN_FILES, ids=[n for _, n in GOLDEN_FILES])
def test_profile_matches_reviewed_golden(profile: str, name: str, update_golden: bool) -> None:
    doc = clean_file(source_for_file(_path(name)))
    assert doc.profile == profile
    stem = name.replace("/", "__")
    text_file, meta_file = GOLDEN / f"{stem}.clean.txt", GOLDEN / f"{stem}.metadata.json"
    record = _record(doc)
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        text_file.write_text(doc.text + "\n", encoding="utf-8")
        meta_file.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert doc.text + "\n" == text_file.read_text(encoding="utf-8")
    assert json.loads(json.dumps(record)) == json.loads(meta_file.read_text(encoding="utf-8"))


def _all_shared() -> list[Path]:
    if not SHARED_CORPORA.is_dir():
        return []
    return [s.file for s in find_sources([SHARED_CORPORA])]


def _dated(raw: str) -> bool:
    """Whether the file states its date in a form its profile reads."""
    return bool(
        re.search(r"^doc_date:\s*\S", raw, re.M)
        or "<date when=" in raw
        or re.match(r"[^\n]+\n+（[〇○零一二三四五六七八九]{4}年", raw)
    )


@pytest.fixture(scope="module")
def shared_documents(shared_corpora: Path) -> list[tuple[Path, Document]]:
    return [(file, clean_file(source_for_file(file))) for file in _all_shared()]


def test_every_shared_file_is_cleaned_by_a_fitting_profile(
    shared_documents: list[tuple[Path, Document]],
) -> None:
    expected = {
        "frus": "frus",
        "dfat": "dfat",
        "mao-xuanji": "xuanji",
        "wikisource-zh": "wikisource",
    }
    assert len(shared_documents) >= 450
    for file, doc in shared_documents:
        corpus = file.relative_to(SHARED_CORPORA).parts[0]
        wanted = "html" if file.suffix == ".html" else expected[corpus]
        assert doc.profile == wanted, file


def test_no_markup_entities_or_boilerplate_survive(
    shared_documents: list[tuple[Path, Document]],
) -> None:
    for file, doc in shared_documents:
        texts = [doc.text, doc.metadata.title, *(n.text for n in doc.notes)]
        for text in texts:
            assert not _TAG.search(text), (file, _TAG.search(text))
            assert not _ENTITY.search(text), (file, _ENTITY.search(text))
            for phrase in BOILERPLATE:
                assert phrase not in text, (file, phrase)


def test_every_file_has_a_title_and_every_dated_file_a_date(
    shared_documents: list[tuple[Path, Document]],
) -> None:
    for file, doc in shared_documents:
        title = doc.metadata.title
        assert title and len(title) <= 300 and not _TAG.search(title), file
        assert not title.startswith(("---", "<", "#")), file
        raw = file.read_text(encoding="utf-8")
        if _dated(raw):
            assert doc.metadata.date, file


def test_notes_are_anchored_inside_the_text(shared_documents: list[tuple[Path, Document]]) -> None:
    anchored = 0
    for file, doc in shared_documents:
        for note in doc.notes:
            assert note.text, (file, note.label)
            for anchor in note.anchors:
                assert 0 <= anchor <= len(doc.text), (file, note.label)
                anchored += 1
    assert anchored > 500  # FRUS, DFAT and Mao footnotes are called from the text


def test_page_breaks_are_in_order(shared_documents: list[tuple[Path, Document]]) -> None:
    for file, doc in shared_documents:
        offsets = [offset for offset, _ in doc.page_breaks]
        assert offsets == sorted(offsets), file


@pytest.mark.parametrize("name", sorted(p.name for p in HTML.iterdir()))
def test_html_fixtures_lose_the_page_chrome(name: str) -> None:
    doc = clean_file(source_for_file(HTML / name))
    assert doc.profile == "html"
    for phrase in [*BOILERPLATE, "Main page", "Random article", "首页", "相关阅读", "版权所有"]:
        assert phrase not in doc.text, phrase
    assert not _TAG.search(doc.text)


def test_an_appendix_after_the_notes_is_text_with_notes_of_its_own(
    shared_corpora: Path,
) -> None:
    """076.txt ends with the 1945 resolution on Party history: after the essay's notes,
    it is text again (its words searchable as passages), and its own notes, numbered
    from 1 again, are labelled A1, A2, … and called from the appendix."""
    doc = clean_file(source_for_file(shared_corpora / "mao-xuanji" / "076.txt"))
    labels = [n.label for n in doc.notes]
    assert "22" in labels and "A1" in labels and len(labels) == len(set(labels))
    assert max(len(n.text) for n in doc.notes) < 2000  # no note swallows the appendix
    start = doc.text.index("附录")
    assert "关于若干历史问题的决议" in doc.text[start:]
    appendix_notes = [n for n in doc.notes if n.label.startswith("A")]
    assert appendix_notes and all(a >= start for n in appendix_notes for a in n.anchors)
