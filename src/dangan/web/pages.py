"""The pages: search (with filters, facet counts, a timeline, the names a query
expanded to), the quote finder, and the reading view of a document. Each parses its
query string (:mod:`.params`), calls the services and renders a template; the
document views are :mod:`.reading`'s. Everything works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from ..errors import QueryError
from ..filters import LANG_VALUES, LANGS, Facet, Filters, years_filled
from ..models import Hit, QuoteMatch
from ..name_ranking import names_in_index
from ..quote import find_quote
from ..search import search
from .app import ReadingRoom
from .params import MAX_QUOTE_CHARS, SearchForm, search_form
from .reading import document_view
from .render import marked, passage_lang, timeline_svg

PAGE_FACETS = ("year", "collection", "lang")
QUOTE_LIMIT = 5


@dataclass(frozen=True)
class HitView:
    """A hit as the page shows it."""

    hit: Hit
    snippet: Markup
    lang: str
    href: str


def hit_view(hit: Hit, form: SearchForm) -> HitView:
    wanted = {"q": form.query, "exact": "1" if form.options.exact else "", "hit": hit.passage_id}
    query = urlencode({k: v for k, v in wanted.items() if v})
    href = f"/doc/{hit.doc_id}?{query}#{hit.passage_id}"
    return HitView(
        hit=hit,
        snippet=marked(hit.text, hit.matches, window=hit.snippet),
        lang=passage_lang(hit.text, None),
        href=href,
    )


def _lang_counts(counts: dict[str, int]) -> dict[str, int]:
    """Hits per language filter (a filter keeps several document languages)."""
    return {lang: sum(counts.get(v, 0) for v in LANG_VALUES[lang]) for lang in LANGS}


def search_page(room: ReadingRoom, env: Environment, request: Request) -> HTMLResponse:
    context: dict[str, Any] = {"catalogue": room.catalogue(), "langs": LANGS}
    try:
        form = search_form(request.query_params, PAGE_FACETS)  # type: ignore[arg-type]
    except QueryError as exc:
        form = SearchForm(request.query_params.get("q", "")[:200])
        context["error"] = room.message(exc)
    context["form"] = form
    if form.query and "error" not in context:
        try:
            context.update(_results(room, form))
        except QueryError as exc:
            context["error"] = room.message(exc)
    code = 400 if "error" in context else 200
    return HTMLResponse(env.get_template("search.html").render(**context), code)


def _facets_beside_filters(
    room: ReadingRoom, form: SearchForm, facets: dict[str, dict[str, int]]
) -> dict[str, dict[str, int]]:
    """Each filter's counts as they would be with that filter's own values left out
    (its values combine with OR, so a count says what ticking one more would add)."""
    filters = form.options.filters
    wider: list[tuple[Facet, Filters]] = []
    if filters.collections:
        wider.append(("collection", replace(filters, collections=())))
    if filters.langs:
        wider.append(("lang", replace(filters, langs=())))
    for facet, without in wider:
        options = replace(form.options, filters=without, facets=(facet,), limit=1, page=1)
        facets[facet] = dict(search(form.query, room.library, options).summary.facets[facet])
    return facets


def _results(room: ReadingRoom, form: SearchForm) -> dict[str, Any]:
    result = search(form.query, room.library, form.options)
    facets = {name: dict(counts) for name, counts in result.summary.facets.items()}
    facets = _facets_beside_filters(room, form, facets)
    listed = result.summary.documents if form.options.by_doc else result.summary.total
    size = form.options.limit or max(listed, 1)
    pages = max(1, -(-listed // size))
    return {
        "summary": result.summary,
        "hits": [hit_view(h, form) for h in result],
        "facets": facets,
        "lang_counts": _lang_counts(facets.get("lang", {})),
        "timeline": timeline_svg(
            years_filled(result.summary.facets.get("year", ())), form.link(dates=False)
        ),
        "names": [] if form.options.exact else names_in_index(form.query, room.library),
        "pages": pages,
    }


@dataclass(frozen=True)
class QuoteView:
    match: QuoteMatch
    text: Markup
    lang: str


def quote_page(room: ReadingRoom, env: Environment, request: Request) -> HTMLResponse:
    text = (request.query_params.get("text") or "").strip()
    context: dict[str, Any] = {"text": text, "most": MAX_QUOTE_CHARS}
    code = 200
    try:
        if len(text) > MAX_QUOTE_CHARS:
            raise QueryError(
                f"the quotation is {len(text)} characters long; the most is {MAX_QUOTE_CHARS}"
            )
        if text:
            matches = find_quote(text, room.library, limit=QUOTE_LIMIT)
            context["matches"] = [
                QuoteView(m, marked(m.text, [m.span]), passage_lang(m.text, None)) for m in matches
            ]
    except QueryError as exc:
        context["error"], code = room.message(exc), 400
    return HTMLResponse(env.get_template("quote.html").render(**context), code)


def doc_page(room: ReadingRoom, env: Environment, request: Request) -> HTMLResponse:
    view = document_view(
        room.library,
        request.path_params["doc_id"],
        query=(request.query_params.get("q") or "")[:1000],
        exact=bool(request.query_params.get("exact")),
        hit=request.query_params.get("hit"),
    )
    return HTMLResponse(env.get_template("doc.html").render(doc=view))


def routes(room: ReadingRoom, env: Environment) -> list[Route]:
    def bind(page: Any) -> Any:
        def endpoint(request: Request) -> HTMLResponse:
            result: HTMLResponse = page(room, env, request)
            return result

        return endpoint

    return [
        Route("/", bind(search_page), name="search"),
        Route("/quote", bind(quote_page), name="quote"),
        Route("/doc/{doc_id}", bind(doc_page), name="doc"),
    ]
