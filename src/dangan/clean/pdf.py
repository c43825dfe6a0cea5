"""PDF files: their text layer read with PDFium (pypdfium2), page by page.

This module owns opening a PDF, reading each page's characters with their boxes and
font sizes, the page labels and the document's own metadata; grouping characters into
lines (vertical Chinese too) is :mod:`dangan.clean.pdflines`'s, and what the lines mean
(running heads, footnotes, columns, paragraphs) :mod:`dangan.clean.pdflayout`'s.
Bounds: at most ``MAX_PAGES`` pages and ``MAX_SECONDS`` of extraction a file. A file
with a user password, a damaged or truncated file, and a scan without a text layer are
refused with one line each. A PDF may be up to ``MAX_PDF_BYTES`` (other files 50 MB).
PDFium is loaded only when a PDF is cleaned.
"""

from __future__ import annotations

import re
import time
from typing import Any

from .. import corpus
from ..errors import CorpusError
from .pdflayout import Char, PageLines, layout
from .pdflines import page_lines
from .text import Parsed

MAGIC = corpus.PDF_MAGIC
MAX_PDF_BYTES = corpus.MAX_PDF_BYTES  # one definition, in corpus (the fingerprint reads PDFs too)

NAME = "pdf"
MAX_PAGES = 3000
MAX_SECONDS = 300.0
_NO_TEXT = "no text layer: run OCR first, e.g. ocrmypdf -l chi_sim+eng"
# Titles that name a file rather than a document ("Microsoft Word - draft.docx").
_FILE_TITLE = re.compile(
    r"^(?:Microsoft Word - .*|.*\.(?:docx?|pdf|tex|indd|qxd|rtf|dvi)|untitled\d*|document\d*)$",
    re.I,
)
_SKIPPED_CODES = {0x00, 0x0D, 0x0A}  # line ends PDFium adds (lines are found here), no glyph


def _open(raw: bytes, path: str) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if b"%%EOF" not in raw[-2048:]:
        raise CorpusError(
            f"{path}: PDF ends before its %%EOF marker, so the file looks cut short; "
            "copy it again from its source"
        )
    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise CorpusError(
                f"{path}: PDF is encrypted with a password; save an unprotected copy "
                "(e.g. qpdf --decrypt --password=… in.pdf out.pdf)"
            ) from exc
        raise CorpusError(
            f"{path}: PDF is damaged and cannot be read; repair it "
            "(e.g. qpdf in.pdf out.pdf) or get a new copy"
        ) from exc


def _page_lines(page: Any, index: int, label: str) -> PageLines:
    """The page's characters, in the order the page draws them, grouped into lines."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        count = pdfium_c.FPDFText_CountChars(textpage.raw)
        box = pdfium_c.FS_RECTF()
        chars: list[Char] = []
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            if code in _SKIPPED_CODES:
                continue
            pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, box)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            char = "-" if code == 2 else chr(code)  # PDFium's mark for a line-end hyphen
            chars.append((char, box.left, box.right, height - box.top, height - box.bottom, size))
    finally:
        textpage.close()
    return page_lines(chars, index, label, width, height)


def _metadata(document: Any) -> dict[str, object]:
    info = document.get_metadata_dict()
    fields: dict[str, object] = {}
    title = " ".join(str(info.get("Title") or "").split())
    if title and not _FILE_TITLE.match(title):
        fields["title"] = title
    author = " ".join(str(info.get("Author") or "").split())
    if author:
        fields["contributors"] = (author,)
    return fields


def _read_page(document: Any, index: int, path: str) -> PageLines:
    """One page's lines, or a CorpusError naming the page PDFium cannot read."""
    import pypdfium2 as pdfium

    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        raise CorpusError(
            f"{path}: PDF is damaged: page {index + 1} cannot be read ({exc}); "
            "repair it (e.g. qpdf in.pdf out.pdf) or index a fresh copy"
        ) from exc
    try:
        return _page_lines(page, index, document.get_page_label(index))
    finally:
        page.close()


def parse(raw: bytes, path: str) -> Parsed:
    """The PDF's text, notes, page labels and metadata, or a CorpusError saying why not."""
    document = _open(raw, path)
    try:
        pages = len(document)
        if pages > MAX_PAGES:
            raise CorpusError(
                f"{path}: PDF has {pages:,} pages, more than the {MAX_PAGES:,}-page limit "
                "for one file; split it (e.g. qpdf --split-pages=1000)"
            )
        deadline = time.monotonic() + MAX_SECONDS
        read: list[PageLines] = []
        for index in range(pages):
            if time.monotonic() > deadline:
                raise CorpusError(
                    f"{path}: reading the PDF took longer than {MAX_SECONDS:.0f} s (stopped "
                    f"at page {index + 1} of {pages}); split it or check it is not damaged"
                )
            read.append(_read_page(document, index, path))
        if not any(line.text.strip() for page in read for line in page.lines):
            raise CorpusError(f"{path}: {_NO_TEXT}")
        fields = _metadata(document)
    finally:
        document.close()
    items, notes = layout(read)
    return Parsed(items=items, fields=fields, notes=notes)
