"""Dates as archives write them, read into ISO 8601; anything unclear is None."""

from __future__ import annotations

import pytest

from dangan.clean.dates import parse_date, parse_date_range


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("February 13, 1954", "1954-02-13"),
        ("Feb. 13, 1954", "1954-02-13"),
        ("13 February 1954", "1954-02-13"),
        ("1954-02-13", "1954-02-13"),
        ("6-2-1954", "1954-02-06"),  # day first, as in the chronologies
        ("24-12-1953", "1953-12-24"),
        ("31 February 1954", None),
        ("Smarch 3, 1954", None),
        ("1954", None),
        ("", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_parse_date_range() -> None:
    assert parse_date_range("6-2-1954 - 10-2-1954") == ("1954-02-06", "1954-02-10")
    assert parse_date_range("February 13, 1954") == ("1954-02-13", None)
    assert parse_date_range("10-2-1954 - 6-2-1954") == (None, None)  # reversed: not trusted
    assert parse_date_range("spring 1954") == (None, None)
