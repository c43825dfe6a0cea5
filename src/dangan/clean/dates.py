"""Reading dates as archives write them, into ISO 8601.

Only unambiguous forms are read: "February 13, 1954", "13 February 1954",
"1954-02-13", and the day-first numeric dates of chronologies ("6-2-1954"), alone or
as a range ("6-2-1954 - 10-2-1954"). Anything else gives ``None``: a wrong date is
worse than none.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"([A-Za-z]{3,9})\.?"
_MDY = re.compile(rf"^{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})$")
_DMY_WORDS = re.compile(rf"^(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DMY_NUMERIC = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_RANGE = re.compile(r"^(.+?)\s+[-–—]\s+(.+)$")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """One date as ISO 8601, or None if the text is not a date this module reads."""
    text = text.strip()
    if m := _ISO.match(text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if (m := _MDY.match(text)) and m[1].lower() in MONTHS:
        return _iso(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    if (m := _DMY_WORDS.match(text)) and m[2].lower() in MONTHS:
        return _iso(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    if m := _DMY_NUMERIC.match(text):
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    return None


def parse_date_range(text: str) -> tuple[str | None, str | None]:
    """A date or a range of two dates, as (start, end); end is None for a single date."""
    text = text.strip()
    single = parse_date(text)
    if single:
        return single, None
    if m := _RANGE.match(text):
        start, end = parse_date(m[1]), parse_date(m[2])
        if start and end and start <= end:
            return start, end
    return None, None
