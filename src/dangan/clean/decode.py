"""Bytes to text: encodings found reliably, and files that are not text refused.

The order of evidence: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without
one (Latin text: a NUL in every other byte); valid UTF-8 without NUL bytes; the
file's own declaration (``<?xml encoding=…?>``, ``<meta charset=…>``); then
charset-normalizer's detection, accepted only for the encodings archives really use
(GB18030 and its subsets, Big5, UTF-16 without a mark, the Windows Western, Central
European and Cyrillic code pages, KOI8-R, Shift-JIS, EUC-KR). Whatever cannot be
decoded with confidence is refused with a line saying why, never guessed into
mojibake. Very short Chinese files (a few characters) can be ambiguous between
GB18030 and Big5.
"""

from __future__ import annotations

import codecs
import re

from ..errors import CorpusError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (  # PDF, DOCX and EPUB files reach here only when their reader refused them
    (b"%PDF", "a PDF file that dangan's PDF reader did not take"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive other than a DOCX or EPUB (or one damaged or cut short)"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file; save it as text"),
    (b"{\\rtf", "an RTF file; save it as plain text"),
)
_DECLARED = re.compile(
    rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']"""
    rb"""|<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9._-]{1,40})""",
    re.I,
)
# What a detected or declared encoding is read as: its superset where there is one.
_ACCEPTED = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "hz": "hz",
    "big5": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
    "utf_16": "utf-16",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    "utf_32": "utf-32",
    "utf_8": "utf-8",
    "ascii": "utf-8",
    "cp1252": "cp1252",
    "cp1250": "cp1250",
    "windows_1250": "cp1250",
    "cp1251": "cp1251",
    "windows_1251": "cp1251",
    "koi8_r": "koi8-r",
    "windows_1252": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "iso8859_15": "iso8859-15",
    "shift_jis": "cp932",
    "cp932": "cp932",
    "euc_jp": "euc_jp",
    "euc_kr": "cp949",
    "cp949": "cp949",
}
MAX_CHAOS = 0.2  # charset-normalizer's mess ratio above which a guess is refused


def _canonical(name: str) -> str | None:
    try:
        return _ACCEPTED.get(codecs.lookup(name).name.replace("-", "_"))
    except LookupError:
        return None


def _binary_kind(raw: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    return None


def _from_declaration(raw: bytes) -> str | None:
    m = _DECLARED.search(raw[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii")
    encoding = _canonical(name)
    if encoding is None or encoding == "utf-8":
        return None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _detected(raw: bytes) -> str | None:
    """The best detection among the accepted encodings, if it is as good as the best."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(raw[:200_000]))
    if not results or results[0].chaos > MAX_CHAOS:
        return None
    for result in results:
        if result.chaos > results[0].chaos + 0.01:
            break
        encoding = _canonical(result.encoding)
        if encoding is None:
            continue
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


UTF16_ZEROS = 0.3
"""Share of the high (or low) bytes of a sample that are NUL in UTF-16 without a
byte-order mark: Latin text in UTF-16 has a NUL in every other byte."""


def _utf16_without_bom(raw: bytes) -> str | None:
    """Text in UTF-16 (little or big endian) without a byte-order mark, if it is so."""
    sample = raw[:8192]
    pairs = len(sample) // 2
    if pairs < 2 or b"\x00" not in sample:
        return None
    odd, even = sample[1::2].count(0) / pairs, sample[0::2].count(0) / pairs
    if odd >= UTF16_ZEROS and even == 0:
        encoding = "utf-16-le"
    elif even >= UTF16_ZEROS and odd == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    head = text[:4096]
    controls = sum(1 for c in head if not c.isprintable() and c not in "\n\r\t")
    return None if "\x00" in text or controls * 100 > len(head) else text


def decode(raw: bytes, name: str) -> str:
    """Bytes to text, or a CorpusError naming the file and saying why it is not text."""
    if not raw.strip():
        raise CorpusError(f"{name}: file is empty")
    kind = _binary_kind(raw)
    if kind:
        raise CorpusError(f"{name}: this is {kind}, not a text file")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {exc.start}); re-save it as UTF-8"
                ) from exc
    text = _utf16_without_bom(raw)
    if text is not None:
        return text
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        if "\x00" not in text:
            return text
        raise CorpusError(f"{name}: holds NUL bytes, so it is not text; skip or convert it")
    if utf8_error.end >= len(raw) and utf8_error.reason == "unexpected end of data":
        raise CorpusError(
            f"{name}: ends in the middle of a UTF-8 character, so the file looks cut "
            "short; copy it again from its source"
        )
    text = _from_declaration(raw) or _detected(raw)
    if text is not None and "\x00" not in text:
        return text
    if b"\x00" in raw[:8192]:
        raise CorpusError(f"{name}: looks like a binary file, not text; skip or convert it")
    raise CorpusError(
        f"{name}: not valid UTF-8 (byte {utf8_error.start}) and no other encoding fits; "
        "re-save it as UTF-8"
    )
