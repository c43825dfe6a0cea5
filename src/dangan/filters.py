"""What a search can be narrowed by, sorted by and counted by: dates, collections,
languages and document types. Pure: it parses and checks the user's values and turns
dates into day numbers; the index layer compiles them.

Dates are compared as spans of days: a document dated "1958" spans the whole year, one
dated "1958-08" the month, a range its two ends. A filter ``--from 1958-08 --to
1958-10`` (or ``date:1958-08..1958-10``) keeps a document whose span overlaps the
filter's; an undated document never matches a date filter.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Literal

from .errors import QueryError

Sort = Literal["relevance", "date", "-date"]
SORTS: tuple[Sort, ...] = ("relevance", "date", "-date")
Facet = Literal["year", "decade", "collection", "lang"]
FACETS: tuple[Facet, ...] = ("year", "decade", "collection", "lang")
LANGS = ("en", "zh", "zh-Hans", "zh-Hant")
LANG_VALUES = {
    "en": ("en", "mixed"),
    "zh": ("zh-Hans", "zh-Hant", "mixed"),
    "zh-Hans": ("zh-Hans",),
    "zh-Hant": ("zh-Hant",),
}
"""The document languages each --lang value keeps: a document of mixed English and
Chinese is kept by either language."""
UNDATED = 0
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_RANGE = re.compile(r"^([^.]*)\.\.([^.]*)$")


def _day(year: int, month: int, day: int) -> int:
    return year * 10000 + month * 100 + day


def bounds(iso: str) -> tuple[int, int] | None:
    """The first and last day (as YYYYMMDD numbers) of a year, month or day written in
    ISO 8601 ("1958", "1958-08", "1958-08-23"); None if it is not one."""
    m = _DATE.match(iso.strip())
    if not m:
        return None
    year = int(m[1])
    month = int(m[2]) if m[2] else None
    day = int(m[3]) if m[3] else None
    if month is None:
        return _day(year, 1, 1), _day(year, 12, 31)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return _day(year, month, 1), _day(year, month, last)
    if not 1 <= day <= last:
        return None
    return _day(year, month, day), _day(year, month, day)


def document_span(date: str | None, date_end: str | None) -> tuple[int, int] | None:
    """The days a document's date spans (its start's first day to its end's last), or
    None for an undated document."""
    start = bounds(date) if date else None
    if start is None:
        return None
    end = bounds(date_end) if date_end else None
    return start[0], (end or start)[1]


def user_bound(text: str, option: str) -> tuple[int, int]:
    """A date the user typed, or a QueryError saying how to write one."""
    found = bounds(text)
    if found is None:
        raise QueryError(
            f"{option} {text!r} is not a date: write a year, a year and month or a day, "
            "e.g. 1958, 1958-08 or 1958-08-23"
        )
    return found


def date_range(text: str) -> tuple[int | None, int | None]:
    """``date:`` values: "1958", "1958-08..1958-10", "1958..", "..1960" as the first and
    last day they allow (None: open)."""
    m = _RANGE.match(text)
    if not m:
        day_one, day_last = user_bound(text, "date:")
        return day_one, day_last
    if not m[1] and not m[2]:
        raise QueryError("date:.. needs a date on at least one side, e.g. date:1958..1960")
    first = user_bound(m[1], "date:")[0] if m[1] else None
    last = user_bound(m[2], "date:")[1] if m[2] else None
    if first is not None and last is not None and first > last:
        raise QueryError(f"date:{text} ends before it starts: put the earlier date first")
    return first, last


@dataclass(frozen=True)
class Filters:
    """The --from/--to, --collection, --lang and --type options of a search."""

    date_from: str | None = None
    date_to: str | None = None
    collections: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    def days(self, names: tuple[str, str] = ("--from", "--to")) -> tuple[int | None, int | None]:
        """The first and last day the date options allow (None: open), checked; an error
        calls the two dates by ``names`` (the CLI's options, or a form's labels)."""
        first = user_bound(self.date_from, names[0])[0] if self.date_from else None
        last = user_bound(self.date_to, names[1])[1] if self.date_to else None
        if first is not None and last is not None and first > last:
            raise QueryError(
                f"{names[0]} {self.date_from} is after {names[1]} {self.date_to}: swap them"
            )
        return first, last

    def lang_values(self) -> tuple[str, ...]:
        """The document languages the language filters keep (any case: zh-hant)."""
        canonical = {lang.lower(): lang for lang in LANGS}
        for lang in self.langs:
            if lang.lower() not in canonical:
                raise QueryError(f"language {lang!r}: use one of {', '.join(LANGS)}")
        wanted = [canonical[lang.lower()] for lang in self.langs]
        return tuple(dict.fromkeys(v for lang in wanted for v in LANG_VALUES[lang]))

    @property
    def dated(self) -> bool:
        return bool(self.date_from or self.date_to)


@dataclass(frozen=True)
class SearchOptions:
    """How a search is narrowed, ordered, paged and counted."""

    limit: int | None = 10  # hits a page; None: every hit on one page
    page: int = 1
    exact: bool = False  # names only as typed
    by_doc: bool = False  # each document once
    sort: Sort = "relevance"
    filters: Filters = Filters()
    facets: tuple[Facet, ...] = ()

    def check(self) -> None:
        if self.limit is not None and self.limit < 1:
            raise QueryError("--limit must be at least 1 (or all)")
        if self.page < 1:
            raise QueryError("--page must be at least 1")
        if self.sort not in SORTS:
            raise QueryError(f"--sort {self.sort!r}: use one of {', '.join(SORTS)}")
        for facet in self.facets:
            if facet not in FACETS:
                raise QueryError(f"--by {facet!r}: use one of {', '.join(FACETS)}")
        self.filters.days()
        self.filters.lang_values()


def bucket(facet: Facet, day: int, collection: str, lang: str) -> str:
    """The facet bucket of a unit: its year or decade ("undated" without a date), its
    collection's id or its document's language."""
    if facet == "collection":
        return collection or "none"
    if facet == "lang":
        return lang or "unknown"
    if day == UNDATED:
        return "undated"
    year = day // 10000
    return str(year) if facet == "year" else f"{year // 10 * 10}s"


def years_filled(counts: tuple[tuple[str, int], ...]) -> list[tuple[str, int]]:
    """Counts by year with the years between that have none, as 0; undated last."""
    years = {int(b): n for b, n in counts if b.isdigit()}
    filled = [(str(y), years.get(y, 0)) for y in range(min(years), max(years) + 1)] if years else []
    return filled + [(b, n) for b, n in counts if not b.isdigit()]
