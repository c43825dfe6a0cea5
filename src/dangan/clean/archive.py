"""Reading the parts of a ZIP-based document (DOCX, EPUB) safely.

A part is read only if its stated and actual uncompressed size stay under
``MAX_PART_BYTES`` (a ZIP bomb is refused, not expanded), and its XML only through
the defusedxml guard of :func:`dangan.clean.xml.read_xml`.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
import zlib

from ..errors import CorpusError
from .xml import read_xml

MAX_PART_BYTES = 64 * 1024 * 1024
# What zipfile raises for a damaged, encrypted or unsupported archive or part.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)


def open_zip(raw: bytes, path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except ZIP_ERRORS as exc:
        raise CorpusError(f"{path}: damaged ZIP archive ({exc}); copy it again") from exc


def read_part(archive: zipfile.ZipFile, name: str, path: str) -> bytes | None:
    """The part's bytes, None if the archive has no such part."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise CorpusError(
            f"{path}: part {name} unpacks to {info.file_size / 2**20:.0f} MB, more than the "
            f"{MAX_PART_BYTES // 2**20} MB limit; the file is damaged or a ZIP bomb"
        )
    try:
        with archive.open(info) as part:
            data = part.read(MAX_PART_BYTES + 1)
    except ZIP_ERRORS as exc:
        raise CorpusError(f"{path}: part {name} is damaged ({exc}); copy the file again") from exc
    if len(data) > MAX_PART_BYTES:
        raise CorpusError(f"{path}: part {name} unpacks to more than its stated size")
    return data


def read_xml_part(archive: zipfile.ZipFile, name: str, path: str) -> ET.Element | None:
    """The part parsed as XML (refusing entities), None if the archive lacks it."""
    data = read_part(archive, name, path)
    if data is None:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: part {name} is not UTF-8 ({exc.reason})") from exc
    return read_xml(text, f"{path}: {name}")
