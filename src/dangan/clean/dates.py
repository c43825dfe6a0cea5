"""Reading dates as archives write them, into ISO 8601.

Only unambiguous forms are read: "February 13, 1954", "13 February 1954",
"1954-02-13", and the day-first numeric dates of chronologies ("6-2-1954"), alone or
as a range ("6-2-1954 - 10-2-1954"); in a dateline (:func:`parse_dateline`) also a
month or a year alone ("March 1959" -> "1959-03", "1959"), with a footnote number
glued to the year left off ("September 19532" -> "1953-09"); and Chinese dates
("一九四九年三月", "1949年3月5日"). Anything else gives ``None``: a wrong date is
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


_MONTH_YEAR = re.compile(rf"^(?:(\d{{1,2}})\s+)?{_MONTH},?\s+(\d{{4}})(\d{{0,2}})$")
_YEAR = re.compile(r"^(\d{4})(\d{0,2})$")


def parse_dateline(text: str) -> tuple[str | None, str]:
    """The date of a dateline as ISO 8601 (a year, year-month or day) and the date as
    written, less a note number glued to its year; (None, text) if it is not a date."""
    text = text.strip()
    if m := _MONTH_YEAR.match(text):
        day, month, year = m[1], MONTHS.get(m[2].lower()), int(m[3])
        written = text[: len(text) - len(m[4])] if m[4] else text
        if month and 1000 <= year <= 2100:
            iso = _iso(year, month, int(day)) if day else f"{year:04d}-{month:02d}"
            return iso, written
    if (m := _YEAR.match(text)) and 1000 <= int(m[1]) <= 2100:
        return m[1], m[1]
    if (iso := parse_date(text)) is not None:
        return iso, text
    cn, written = parse_chinese_date(text)
    return (cn, written) if cn else (None, text)


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


_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMBER = "〇○零O一二三四五六七八九十"
_CN_DATE = re.compile(
    rf"([{_CN_NUMBER}0-9]{{4}})年(?:([{_CN_NUMBER}0-9]{{1,3}})月)?(?:([{_CN_NUMBER}0-9]{{1,3}})日)?"
)


def _cn_int(text: str) -> int | None:
    """一九三○ -> 1930 (digit by digit); 十二 -> 12, 二十一 -> 21 (with 十); 12 -> 12."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        digits = [_CN_DIGITS.get(ch) for ch in text]
        if any(d is None for d in digits):
            return None
        return int("".join(str(d) for d in digits))
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    high = _CN_DIGITS.get(tens, -1) if tens else 1
    low = _CN_DIGITS.get(ones, -1) if ones else 0
    return None if high < 0 or low < 0 else high * 10 + low


def parse_chinese_date(text: str) -> tuple[str | None, str]:
    """A date written in Chinese, "一九三○年五月" or "1930年5月4日", as ISO 8601 (year
    and month alone give "1930-05"), with the matched text; (None, "") if there is none."""
    m = _CN_DATE.search(text)
    if not m:
        return None, ""
    year = _cn_int(m[1])
    month = _cn_int(m[2]) if m[2] else None
    day = _cn_int(m[3]) if m[3] else None
    if year is None or not 1000 <= year <= 2100:
        return None, ""
    if month is None:
        return (f"{year:04d}", m[0]) if not m[2] else (None, "")
    if not 1 <= month <= 12:
        return None, ""
    if day is None:
        return (f"{year:04d}-{month:02d}", m[0]) if not m[3] else (None, "")
    iso = _iso(year, month, day)
    return (iso, m[0]) if iso else (None, "")
