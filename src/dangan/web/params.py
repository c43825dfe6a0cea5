"""A request's query string as search options, checked and bounded: the one reading of
the search form that the pages and the JSON API share.

The names are the CLI's options (``q`` for the query): ``from``, ``to``,
``collection``, ``lang``, ``type`` (each repeatable), ``sort``, ``page``, ``limit``,
``by`` (facets), ``exact`` and ``by_doc``. Values are bounded: a query of at most
:data:`MAX_QUERY_CHARS` characters, at most :data:`MAX_LIMIT` hits a page and
:data:`MAX_PAGE` pages, at most :data:`MAX_VALUES` values of one filter. A bad value is
a :class:`~dangan.errors.QueryError` in the form's words, never in the CLI's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlencode

from ..errors import QueryError
from ..filters import FACETS, LANGS, SORTS, Facet, Filters, SearchOptions, Sort

MAX_QUERY_CHARS = 1000
MAX_QUOTE_CHARS = 5000
MAX_LIMIT = 100
MAX_PAGE = 10000
MAX_VALUES = 20
MAX_IDS = 100
DEFAULT_LIMIT = 10
DATE_NAMES = ("From date", "To date")


class Params(Protocol):
    """What a request's query string offers (Starlette's ``QueryParams``)."""

    def get(self, key: str, default: str | None = None) -> str | None: ...
    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class SearchForm:
    """The search form as the user filled it in, and the options it asks for."""

    query: str = ""
    options: SearchOptions = field(default_factory=SearchOptions)

    def link(self, *, dates: bool = True, **changes: object) -> str:
        """This search's query string, with ``changes`` (None: left out) and without its
        dates if not ``dates``: for a link to another page of it or a narrower one."""
        f, o = self.options.filters, self.options
        fields: dict[str, list[object]] = {
            "q": [self.query],
            "from": [f.date_from] if dates else [],
            "to": [f.date_to] if dates else [],
            "collection": list(f.collections),
            "lang": list(f.langs),
            "type": list(f.types),
            "sort": [o.sort] if o.sort != "relevance" else [],
            "exact": ["1"] if o.exact else [],
            "by_doc": ["1"] if o.by_doc else [],
            "limit": [o.limit] if o.limit != DEFAULT_LIMIT else [],
        }
        for key, value in changes.items():
            fields[key] = [] if value in (None, "", False) else [value]
        return urlencode([(k, str(v)) for k, vs in fields.items() for v in vs if v])


def _text(params: Params, name: str, most: int) -> str:
    value = (params.get(name) or "").strip()
    if len(value) > most:
        raise QueryError(f"the {name} field is {len(value)} characters long; the most is {most}")
    return value


def _values(params: Params, name: str, allowed: Sequence[str] | None = None) -> tuple[str, ...]:
    values = [v.strip() for v in params.getlist(name) if v.strip()]
    if len(values) > MAX_VALUES:
        raise QueryError(f"at most {MAX_VALUES} values of {name} can be given at once")
    for value in values:
        if len(value) > MAX_QUERY_CHARS:
            raise QueryError(f"a {name} of {len(value)} characters is too long")
        if allowed is not None and value not in allowed:
            raise QueryError(f"{name} {value!r}: choose one of {', '.join(allowed)}")
    return tuple(dict.fromkeys(values))


def number(params: Params, name: str, default: int, most: int, least: int = 1) -> int:
    """A whole number from ``least`` to ``most``."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not least <= int(raw) <= most:
        raise QueryError(f"{name} {raw[:20]!r}: give a whole number from {least} to {most}")
    return int(raw)


def _flag(params: Params, name: str) -> bool:
    return (params.get(name) or "") not in ("", "0", "false", "off")


def search_form(params: Params, facets: Sequence[Facet] = ()) -> SearchForm:
    """The search the query string asks for, checked (dates in the form's words)."""
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise QueryError(f"sort {sort[:20]!r}: choose one of {', '.join(SORTS)}")
    wanted: tuple[Facet, ...] = tuple(facets) or _values(params, "by", FACETS)  # type: ignore[assignment]
    filters = Filters(
        date_from=_text(params, "from", 40) or None,
        date_to=_text(params, "to", 40) or None,
        collections=_values(params, "collection"),
        langs=_values(params, "lang", LANGS),
        types=_values(params, "type"),
    )
    filters.days(DATE_NAMES)
    options = SearchOptions(
        limit=number(params, "limit", DEFAULT_LIMIT, MAX_LIMIT),
        page=number(params, "page", 1, MAX_PAGE),
        exact=_flag(params, "exact"),
        by_doc=_flag(params, "by_doc"),
        sort=_sort(sort),
        filters=filters,
        facets=wanted,
    )
    return SearchForm(_text(params, "q", MAX_QUERY_CHARS), options)


def _sort(value: str) -> Sort:
    return next(s for s in SORTS if s == value)


def unit_ids(params: Params) -> list[str]:
    """The ids of ``id`` (repeatable), at least one, at most :data:`MAX_IDS`."""
    ids = _values(params, "id")
    if not ids:
        raise QueryError("give the id of a passage, note, title or document to cite")
    if len(ids) > MAX_IDS:
        raise QueryError(f"at most {MAX_IDS} ids can be cited at once")
    return list(ids)


def choice(params: Params, name: str, allowed: Sequence[str], default: str) -> str:
    """One of ``allowed``."""
    value = params.get(name) or default
    if value not in allowed:
        raise QueryError(f"{name} {value[:20]!r}: choose one of {', '.join(allowed)}")
    return value
