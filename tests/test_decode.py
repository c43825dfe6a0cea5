"""Decoding: every encoding archives use is read, and what is not text is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangan.clean import clean_file
from dangan.clean.decode import decode
from dangan.corpus import source_for_file
from dangan.errors import CorpusError

from .conftest import FIXTURES

ENCODINGS = FIXTURES / "encodings"
PLENUM_HANS = "一九五四年二月，中共七届四中全会在北京举行。"
PLENUM_HANT = "一九五四年二月，中共七屆四中全會在北京舉行。"


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("gb18030-plenum.txt", PLENUM_HANS),
        ("big5-plenum.txt", PLENUM_HANT),
        ("utf16-plenum.txt", PLENUM_HANS),
        ("utf8-bom-plenum.txt", PLENUM_HANS),
        ("cp1252-note.txt", "Liu Shaoqi’s report — “Strengthen Party Unity”"),
    ],
)
def test_encodings_are_detected(name: str, start: str) -> None:
    assert decode((ENCODINGS / name).read_bytes(), name).startswith(start)


def test_a_declared_charset_is_honoured() -> None:
    raw = (ENCODINGS / "declared-gbk.html").read_bytes()
    assert PLENUM_HANS in decode(raw, "declared-gbk.html")


@pytest.mark.parametrize("name", sorted(p.name for p in ENCODINGS.iterdir()))
def test_every_encoding_fixture_cleans_to_readable_text(name: str) -> None:
    doc = clean_file(source_for_file(ENCODINGS / name))
    assert doc.text and "\ufffd" not in doc.text
    assert doc.metadata.language in {"zh-Hans", "zh-Hant", "en", "mixed"}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG image"),
        (b"%PDF-1.4\n", "this is a PDF file"),
        (b"PK\x03\x04", "this is a ZIP archive"),
        (bytes(range(256)) * 4, "looks like a binary file"),
        (b"Gao Gang " + "高岗".encode()[:-1], "ends in the middle of a UTF-8 character"),
        (b"\xff\xfe\x00ba", "starts with a utf-16-le byte-order mark but is not valid"),
    ],
)
def test_bad_bytes_give_one_clear_line_naming_the_file(raw: bytes, reason: str) -> None:
    with pytest.raises(CorpusError, match=reason) as info:
        decode(raw, "some/file.txt")
    assert str(info.value).startswith("some/file.txt: ")
    assert "\n" not in str(info.value)


@given(st.binary(max_size=2000))
def test_arbitrary_bytes_decode_or_give_a_corpus_error(raw: bytes) -> None:
    try:
        text = decode(raw, "f")
    except CorpusError as exc:
        assert str(exc).startswith("f: ") and "\n" not in str(exc)
    else:
        assert isinstance(text, str)


def test_valid_utf8_is_never_second_guessed(tmp_path: Path) -> None:
    text = "Gao Gang 高岗 Kao Kang — “quoted”"
    assert decode(text.encode(), "f") == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_not_indexed_as_nuls(encoding: str) -> None:
    text = "Gao Gang and Rao Shushi were criticised.\n" + PLENUM_HANS
    assert decode(text.encode(encoding), "x.txt") == text


def test_text_holding_nul_bytes_is_refused() -> None:
    with pytest.raises(CorpusError, match=r"^x\.txt: holds NUL bytes, so it is not text"):
        decode(b"Gao Gang\x00\x00\x00 and Rao Shushi\x00", "x.txt")
