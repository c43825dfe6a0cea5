"""Which binary format reader, if any, a file's bytes are for: PDF, DOCX or EPUB.

Told by content, never by file name: ``%PDF`` at the start, or a ZIP archive holding
``word/document.xml`` (DOCX) or the EPUB ``mimetype``. Any other file goes to the text
profiles (which refuse other binaries with a line saying what the file is).
"""

from __future__ import annotations

import io
import zipfile
from types import ModuleType

from . import docx, epub, pdf
from .archive import ZIP_ERRORS


def binary_format(raw: bytes) -> ModuleType | None:
    """The module that reads this file (its ``parse(raw, path)``), or None."""
    if raw.startswith(pdf.MAGIC):
        return pdf
    if not raw.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if docx.MAIN in names:
                return docx
            if "mimetype" in names and archive.read("mimetype").strip() == epub.MIMETYPE:
                return epub
    except ZIP_ERRORS:
        return None
    return None
