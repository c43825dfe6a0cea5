"""PDF, DOCX and EPUB files: every sentence of the source found by phrase search (checked
against the brute-force oracle), printed pages and PDF pages right, running heads and
page numbers gone, notes attached where they are called, metadata from the file with
the sidecar first, and bad files refused with one line each."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bench.oracle import brute_normalise
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dangan.clean import clean_bytes, pdf
from dangan.clean.archive import MAX_PART_BYTES
from dangan.clean.pdflayout import Line, PageLines, join_lines, layout
from dangan.clean.text import assemble, note_mark
from dangan.cli import cli
from dangan.errors import CorpusError
from dangan.index import all_passages, build_index
from dangan.models import Document
from dangan.search import search

from .conftest import FIXTURES
from .fixtures.formats.sources import DOCX, EPUB, PDF_SPECS, SPECS, Spec, plain, sentences

FORMATS = FIXTURES / "formats"
BAD = {
    "scan-no-text-layer.pdf": "no text layer: run OCR first, e.g. ocrmypdf -l chi_sim+eng",
    "encrypted-user-password.pdf": "PDF is encrypted with a password",
}


def _clean(name: str) -> Document:
    return clean_bytes((FORMATS / name).read_bytes(), doc_id=name, path=name)


@pytest.fixture(scope="module")
def formats_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("formats") / "corpus"
    corpus.mkdir()
    for name in [*SPECS, *BAD]:
        shutil.copy(FORMATS / name, corpus / name)
    index_dir = corpus.parent / "index"
    report = build_index([corpus], index_dir)
    assert {path for path, _ in report.skipped} == set(BAD)
    for path, reason in report.skipped:
        assert reason.startswith(BAD[path]), reason
    return index_dir


def _order(spec: Spec) -> list[str]:
    return [page.label for page in spec.pages]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_sentence_is_found_as_a_phrase_and_only_where_the_oracle_finds_it(
    name: str, formats_index: Path
) -> None:
    passages = {p.passage.passage_id: p for p in all_passages(formats_index)}
    normalised = {pid: brute_normalise(p.passage.text) for pid, p in passages.items()}
    spec = SPECS[name]
    for sentence, first, last in sentences(spec):
        expected = {pid for pid, text in normalised.items() if brute_normalise(sentence) in text}
        assert any(passages[pid].path == name for pid in expected), (name, sentence)
        hits = search(f'"{sentence}"', formats_index, limit=100)
        assert {h.passage_id for h in hits} == expected, sentence
        if not isinstance(spec, Spec):
            continue
        order = _order(spec)
        for pid in expected:
            pages = passages[pid].passage.pages
            assert pages, (sentence, pid)
            low, _, high = pages.partition("-")
            span = order[order.index(low) : order.index(high or low) + 1]
            assert first in span and last in span, (sentence, pages)


@pytest.mark.parametrize("spec", PDF_SPECS, ids=lambda s: s.name)
def test_pdf_passages_know_their_printed_and_pdf_pages(spec: Spec) -> None:
    doc = _clean(spec.name)
    labels = [page.label for page in spec.pages]
    assert [label for _, label in doc.page_breaks] == labels
    assert [index for _, index in doc.pdf_pages] == list(range(1, len(labels) + 1))
    for (offset, label), page in zip(doc.page_breaks, spec.pages, strict=True):
        first_block = plain(page.blocks[0][1])
        assert doc.text[offset:].startswith(first_block[:8]), (label, doc.text[offset:][:20])


@pytest.mark.parametrize("spec", PDF_SPECS, ids=lambda s: s.name)
def test_no_running_head_page_number_or_stamp_is_left_in_the_text(spec: Spec) -> None:
    doc = _clean(spec.name)
    source = "\n".join(plain(text) for page in spec.pages for _, text in page.blocks)
    for furniture in spec.furniture:
        assert doc.text.count(furniture) == source.count(furniture), furniture
    for page in spec.pages:
        assert not re.search(rf"(?<![\w,]) ?{re.escape(page.label)}(?![\w,])", doc.text), page
    assert "—" not in doc.text and "\x02" not in doc.text


@pytest.mark.parametrize("name", sorted(SPECS))
def test_notes_are_kept_beside_the_text_and_called_where_the_source_calls_them(
    name: str,
) -> None:
    spec = SPECS[name]
    doc = _clean(name)
    if isinstance(spec, Spec):
        expected = [note for page in spec.pages for note in page.notes]
        blocks = [block for page in spec.pages for block in page.blocks]
    else:
        expected, blocks = spec.notes, spec.blocks
    assert [note.text for note in doc.notes] == [plain(text) for _, text in expected]
    source = " ".join(text for _, text in blocks)
    for note, (label, _) in zip(doc.notes, expected, strict=True):
        assert len(note.anchors) == 1, note
        before = plain(source.split(f"^{label}")[0])[-12:].replace(" ", "")
        assert doc.text[: note.anchors[0]].replace(" ", "").endswith(before), note
    assert "^" not in doc.text and "\ufdd0" not in doc.text


def test_document_metadata_comes_from_the_file() -> None:
    for spec in (*PDF_SPECS, DOCX, EPUB):
        doc = _clean(spec.name)
        assert doc.metadata.title == spec.title
        assert doc.metadata.contributors == (spec.author,)
        assert doc.metadata.language == spec.language
    assert _clean(EPUB.name).metadata.date == EPUB.date
    assert {_clean(s.name).profile for s in (*PDF_SPECS, DOCX, EPUB)} == {"pdf", "docx", "epub"}


def test_the_sidecar_comes_before_the_files_own_metadata(tmp_path: Path) -> None:
    target = tmp_path / PDF_SPECS[0].name
    shutil.copy(FORMATS / target.name, target)
    sidecar = {"title": "FRUS 1955-57, II", "collection": "FRUS"}
    (tmp_path / f"{target.name}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", "--json", str(target)])
    assert result.exit_code == 0, result.output
    metadata = json.loads(result.stdout)["metadata"]
    assert metadata["title"] == "FRUS 1955-57, II" and metadata["collection"] == "FRUS"
    assert metadata["contributors"] == [PDF_SPECS[0].author]


def test_search_json_gives_the_printed_page_and_the_pdf_page(formats_index: Path) -> None:
    hits = search('"Sino-Soviet treaty"', formats_index)
    assert len(hits) == 1
    assert hits[0].pdf_pages == "4" and "p. 182" in hits[0].citation
    docx_hit = search('"Liu Shaoqi presided"', formats_index)[0]
    assert docx_hit.pdf_pages is None


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("the inter-", "national situation", "the international situation"),
        ("Chiang Kai-", "shek said", "Chiang Kai-shek said"),
        ("Teng Hsiao-", "p'ing", "Teng Hsiao-p'ing"),
        ("the Sino-", "Soviet treaty", "the Sino-Soviet treaty"),
        ("a well-to-", "do family", "a well-to-do family"),
        ("the inter\u2010", "national", "the international"),
        ("the inter\u00ad", "national", "the inter\u00adnational"),
        ("page 1954-", "55 budget", "page 1954- 55 budget"),
        ("中央书记处", "分别召开", "中央书记处分别召开"),
        ("决议。", "会议期间", "决议。会议期间"),
        ("in 1954", "高岗", "in 1954 高岗"),
    ],
)
def test_line_ends_join_as_the_text_was_set(before: str, after: str, joined: str) -> None:
    assert join_lines(before, after) == joined


def test_a_note_call_at_a_line_end_does_not_stop_the_join() -> None:
    assert join_lines("the with-" + note_mark("3"), "drawal") == "the with" + note_mark("3") + (
        "drawal"
    )
    assert join_lines("the with-", note_mark("3") + "drawal") == "the with" + note_mark("3") + (
        "drawal"
    )


def _one_line_error(path: Path) -> str:
    result = CliRunner().invoke(cli, ["clean", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path.name}: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("name", sorted(BAD))
def test_scans_and_encrypted_pdfs_get_one_line(name: str) -> None:
    assert BAD[name] in _one_line_error(FORMATS / name)


def _damaged(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_truncated_and_damaged_pdfs_get_one_line(tmp_path: Path) -> None:
    good = (FORMATS / PDF_SPECS[0].name).read_bytes()
    cut = _damaged(tmp_path, "cut.pdf", good[: len(good) // 2])
    assert "looks cut short" in _one_line_error(cut)
    garbled = good[:100] + bytes(len(good) - 300) + good[-200:]
    assert "PDF is damaged and cannot be read" in _one_line_error(
        _damaged(tmp_path, "garbled.pdf", garbled)
    )
    assert "PDF is damaged" in _one_line_error(_damaged(tmp_path, "tiny.pdf", b"%PDF-1.7\n%%EOF"))


def test_pdfs_over_the_page_or_time_bound_get_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _damaged(tmp_path, "long.pdf", (FORMATS / PDF_SPECS[0].name).read_bytes())
    monkeypatch.setattr(pdf, "MAX_PAGES", 5)
    assert "PDF has 6 pages, more than the 5-page limit" in _one_line_error(path)
    monkeypatch.setattr(pdf, "MAX_PAGES", 100)
    monkeypatch.setattr(pdf, "MAX_SECONDS", -1.0)
    assert "reading the PDF took longer than" in _one_line_error(path)


def test_damaged_docx_and_epub_get_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = (FORMATS / DOCX.name).read_bytes()
    cut = _damaged(tmp_path, "cut.docx", docx[: len(docx) // 2])
    assert "ZIP archive other than a DOCX or EPUB" in _one_line_error(cut)
    epub = (FORMATS / EPUB.name).read_bytes().replace(b"/container.xml", b"/containex.xml")
    assert "EPUB has no package file" in _one_line_error(_damaged(tmp_path, "no.epub", epub))
    monkeypatch.setattr("dangan.clean.archive.MAX_PART_BYTES", 100)
    assert MAX_PART_BYTES > 100
    assert "ZIP bomb" in _one_line_error(_damaged(tmp_path, "big.docx", docx))


def test_a_sidecar_cannot_send_a_pdf_to_a_text_profile(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="only the pdf profile reads"):
        clean_bytes(
            (FORMATS / PDF_SPECS[0].name).read_bytes(),
            doc_id="x",
            path="x.pdf",
            sidecar={"profile": "plain"},
        )


def test_the_committed_fixtures_are_what_the_recipe_makes() -> None:
    pytest.importorskip(
        "fpdf", reason="fpdf2 regenerates the fixtures: pip install -e '.[fixtures]'"
    )
    from .fixtures.formats.make import FONTS, build

    if not all(Path(font).is_file() for font, _ in FONTS.values()):
        pytest.skip("the Chinese fonts (fonts-wqy-microhei, fonts-arphic-uming) are not installed")
    for name, data in build().items():
        if name.endswith((".docx", ".epub")):
            assert data == (FORMATS / name).read_bytes(), name
        else:  # fpdf2 versions may differ in bytes; the text must not
            assert _text_of(data, name) == _text_of((FORMATS / name).read_bytes(), name), name


def _text_of(data: bytes, name: str) -> str:
    try:
        return clean_bytes(data, doc_id="x", path=name).text
    except CorpusError as exc:
        return str(exc)


def test_show_gives_both_pages_of_a_pdf_passage(formats_index: Path) -> None:
    hit = search('"Sino-Soviet treaty"', formats_index)[0]
    result = CliRunner().invoke(cli, ["show", "--index-dir", str(formats_index), hit.passage_id])
    assert result.exit_code == 0, result.output
    assert "\npages: 182\n" in result.stdout and "\nPDF pages: 4\n" in result.stdout


def _line(text: str, top: float, size: float = 10.0, left: float = 50.0) -> Line:
    return Line(text, left, left + 5 * len(text), top, top + size, size)


def test_smaller_lines_at_the_foot_without_a_note_number_stay_in_the_body() -> None:
    """As an OCR layer gives them: sizes that vary a little from line to line."""
    lines = (
        _line("The plenum met in February.", 100),
        _line("Gao Gang was not present.", 114),
        _line("Rao Shushi spoke last.", 128, size=8.5),
    )
    items, notes = layout([PageLines(0, "", 420, 595, lines)])
    assert notes == []
    assert "Rao Shushi spoke last." in items[0].text


def test_smaller_lines_at_the_foot_that_start_with_a_number_are_notes() -> None:
    lines = (
        _line("The plenum met in February, and Liu Shaoqi presided.", 100),
        _line("Gao Gang was not present when the resolution passed.", 114),
        _line("1 Minutes of the plenum,", 500, size=8.0),
        _line("Central Archives.", 510, size=8.0),
    )
    items, notes = layout([PageLines(0, "", 420, 595, lines)])
    assert notes == [("1", "Minutes of the plenum, Central Archives.")]
    assert "Minutes" not in items[0].text


def test_a_pdf_may_be_larger_than_a_text_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dangan import corpus

    monkeypatch.setattr(corpus, "MAX_FILE_BYTES", 1000)
    big_pdf = _damaged(tmp_path, "big.pdf", (FORMATS / PDF_SPECS[0].name).read_bytes())
    assert CliRunner().invoke(cli, ["clean", str(big_pdf)]).exit_code == 0
    big_text = _damaged(tmp_path, "big.txt", b"Gao Gang. " * 200)
    assert "larger than the 0.0 MB limit" in _one_line_error(big_text)
    monkeypatch.setattr(pdf, "MAX_PDF_BYTES", 1000)
    assert "larger than the 0.0 MB limit" in _one_line_error(big_pdf)


def _page(index: int, *lines: Line) -> PageLines:
    return PageLines(index, "", 420, 595, lines)


@pytest.mark.parametrize(
    ("heads", "feet", "numbers"),
    [
        (["CHINA 181", "182 FOREIGN RELATIONS", "CHINA 183"], [], ["181", "182", "183"]),
        ([], ["Page 3 of 10", "Page 4 of 10", "Page 5 of 10"], ["3", "4", "5"]),
        ([], ["- 7 -", "- 8 -", "- 9 -"], ["7", "8", "9"]),
        (["第12页", "第13页", "第14页"], [], ["12", "13", "14"]),
    ],
)
def test_printed_numbers_are_found_in_heads_and_feet_without_page_labels(
    heads: list[str], feet: list[str], numbers: list[str]
) -> None:
    pages = []
    for i in range(3):
        lines = [_line(f"Body text of page {i}, which says something else each time.", 100)]
        lines += [_line(heads[i], 30, size=8)] if heads else []
        lines += [_line(feet[i], 560, size=8)] if feet else []
        pages.append(_page(i, *lines))
    items, _ = layout(pages)
    assembled = assemble(items)
    assert [page for _, page in assembled.pages] == numbers
    assert [index for _, index in assembled.pdf_pages] == [1, 2, 3]
    assert all(head not in assembled.text for head in heads + feet)
    assert assembled.text.count("Body text of page") == 3


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "chicago-note",
            "Office of the Historian, “Foreign Relations, 1955-1957, Volume II, China,” p. 182.",
        ),
        ("bibtex", "pages = {182}"),
        ("ris", "SP  - 182"),
    ],
)
def test_citations_of_a_pdf_passage_give_its_printed_page(
    formats_index: Path, style: str, expected: str
) -> None:
    hit = search('"Sino-Soviet treaty"', formats_index)[0]
    args = ["cite", "--index-dir", str(formats_index), hit.passage_id, "--style", style]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and expected in result.stdout, result.output


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_note_is_found_as_a_phrase_in_its_own_unit(name: str, formats_index: Path) -> None:
    spec = SPECS[name]
    notes = [n for p in spec.pages for n in p.notes] if isinstance(spec, Spec) else spec.notes
    for _label, text in notes:
        hits = [h for h in search(f'"{plain(text)}"', formats_index, limit=100) if h.path == name]
        assert [h.in_ for h in hits] == ["note"], text
        assert hits[0].called_from, text
        if isinstance(spec, Spec):
            assert hits[0].pdf_pages and "p." in hits[0].citation, hits[0]
        else:
            assert hits[0].pdf_pages is None


@settings(max_examples=60, deadline=None)
@example("memoir-chapters.epub", [(0.9291935325037657, 64)], 1.0)  # "zip file version 6.4"
@given(
    st.sampled_from(sorted(SPECS)),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=8),
    st.one_of(st.just(1.0), st.floats(0.5, 1.0)),
)
def test_damaged_files_give_a_document_or_one_clear_line(
    name: str, changes: list[tuple[float, int]], keep: float
) -> None:
    """Bytes changed anywhere and the end cut off: never a traceback."""
    raw = bytearray((FORMATS / name).read_bytes())
    for where, value in changes:
        raw[int(where * (len(raw) - 1))] = value
    raw = raw[: max(1, int(keep * len(raw)))]
    try:
        doc = clean_bytes(bytes(raw), doc_id="x", path=name)
    except CorpusError as exc:
        assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
    else:
        assert doc.metadata.title


def test_index_lists_the_scan_and_the_encrypted_pdf_in_its_summary(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in [*SPECS, *BAD]:
        shutil.copy(FORMATS / name, corpus / name)
    args = ["index", "--index-dir", str(tmp_path / "index"), str(corpus)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "7 files: 5 indexed, 0 unchanged, 2 skipped" in result.output
    for name, reason in BAD.items():
        assert f"skipped {name}: {reason}" in result.output
    strict = CliRunner().invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1 and "--strict left the index unchanged" in strict.stderr


@pytest.mark.parametrize("name", sorted(SPECS))
def test_headings_are_headings_and_paragraphs_are_the_sources(name: str) -> None:
    spec = SPECS[name]
    doc = _clean(name)
    blocks = [b for p in spec.pages for b in p.blocks] if isinstance(spec, Spec) else spec.blocks
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == [plain(text) for kind, text in blocks if kind == "h"]
    paragraphs = [kind for kind, _ in blocks if kind == "p"]  # "p+" continues a paragraph
    assert len([b for b in doc.blocks if b.kind == "paragraph"]) == len(paragraphs)


def test_paragraphs_on_pages_with_mirrored_margins() -> None:
    """A book's odd pages start lines further right than its even pages; a line is
    indented against its own page's edge, not the document's."""
    pages = []
    for i, left in enumerate((72.0, 54.0, 54.0)):
        texts = [f"First paragraph of page {i} begins here", "and runs on", "to a third line."]
        lines = [_line(text, 100 + 14 * n, left=left + (15 if n == 0 else 0)) for n, text in
                 enumerate(texts)]  # fmt: skip
        lines.append(_line("Second paragraph starts indented", 142, left=left + 15))
        lines.append(_line("and ends on its second line.", 156, left=left))
        pages.append(_page(i, *lines))
    items, _ = layout(pages)
    assert [item.text.count("paragraph") for item in items] == [1, 1] * 3


def _layout_one(*rows: tuple[float, str]) -> list[str]:
    """Paragraph texts of one page whose rows are (left, text), 14 points apart; a text
    ending in "…" runs to the right edge (at 400), as a line inside a paragraph does."""
    lines = []
    for n, (left, text) in enumerate(rows):
        full = text.removesuffix("…") + " x" * int((400 - left - 5 * len(text)) / 10)
        lines.append(_line(full if text.endswith("…") else text, 100 + 14 * n, left=left))
    for n in range(2):  # the page's body lines at its left edge
        lines.append(_line(f"Closing line {n}" + " x" * 28, 400 + 14 * n))
    items, _ = layout([_page(0, *lines)])
    return assemble(items).text.split("\n\n")[:-1]


def test_a_block_quotation_is_one_paragraph_and_the_text_after_it_another() -> None:
    paragraphs = _layout_one(
        (50, "He wrote:…"),
        (80, "quoted…"),
        (80, "and quoted…"),
        (50, "Then he went on."),
    )
    assert [p.split()[0] for p in paragraphs] == ["He", "quoted", "Then"]


def test_bullets_with_hanging_lines_are_a_paragraph_each() -> None:
    paragraphs = _layout_one(
        (50, "The features are…"),
        (60, "• first…"),
        (70, "runs on."),
        (60, "• second…"),
        (70, "runs on too."),
    )
    assert [p.split()[0:2] for p in paragraphs] == [
        ["The", "features"],
        ["•", "first"],
        ["•", "second"],
    ]


def test_indented_one_line_paragraphs_in_a_row_stay_apart() -> None:
    paragraphs = _layout_one((50, "He said:"), (65, "Yes."), (65, "No."), (65, "Perhaps."))
    assert paragraphs == ["He said:", "Yes.", "No.", "Perhaps."]


# Found by a review's fuzzing: each case is made here from a fixture by its recipe.

FORMATS = FIXTURES / "formats"


def test_a_pdf_page_pdfium_cannot_load_is_named_as_damage() -> None:
    raw = (FORMATS / "frus-style-en.pdf").read_bytes()
    damaged = raw[:1460] + raw[1548:]  # 88 bytes cut from the second page's objects
    with pytest.raises(CorpusError, match=r"PDF is damaged: page \d+ cannot be read") as caught:
        clean_bytes(damaged, doc_id="x", path="damaged.pdf")
    assert "report it" not in str(caught.value)


def test_an_epub_missing_a_chapter_of_its_reading_order_is_refused(tmp_path: Path) -> None:
    import zipfile

    source = FORMATS / "memoir-chapters.epub"
    broken = tmp_path / "missing.epub"
    with zipfile.ZipFile(source) as whole, zipfile.ZipFile(broken, "w") as part:
        for info in whole.infolist():
            if not info.filename.endswith("chapter2.xhtml"):
                part.writestr(info, whole.read(info))
    with pytest.raises(CorpusError, match=r"EPUB is damaged: .*chapter2\.xhtml"):
        clean_bytes(broken.read_bytes(), doc_id="x", path="missing.epub")


def test_a_pdf_over_the_limit_for_other_files_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dangan.corpus

    corpus = tmp_path / "pdfs"
    corpus.mkdir()
    shutil.copy(FORMATS / "frus-style-en.pdf", corpus / "volume.pdf")
    monkeypatch.setattr(dangan.corpus, "MAX_FILE_BYTES", 1000)  # the PDF is ten times that
    report = build_index([corpus], tmp_path / "ix")
    assert (report.indexed, report.skipped) == (1, ())
