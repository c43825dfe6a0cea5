"""The JSON API under ``/api/``: the CLI's ``--json`` output, from the same functions
(:mod:`dangan.contract`), for search, quote, show, names and collections; ``cite``
answers with the text ``dangan cite`` prints, or as a file to download.

An error is ``{"error": message, "kind": error class}`` with a 4xx or 5xx status
(:mod:`.app`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..cite import FORMATS, PER, STYLES, format_citations
from ..contract import document_record, names_records, passage_record, quote_records, search_record
from ..errors import QueryError
from ..index import document_units, get_passage, neighbours
from ..name_ranking import names_in_index
from ..quote import find_quote
from ..search import search
from ..units import is_document_id
from .app import ReadingRoom
from .params import MAX_QUERY_CHARS, MAX_QUOTE_CHARS, choice, number, search_form, unit_ids

MAX_QUOTE_LIMIT = 20
MAX_CONTEXT = 20
MEDIA = {
    "bibtex": ("application/x-bibtex", ".bib"),
    "ris": ("application/x-research-info-systems", ".ris"),
    "csl-json": ("application/vnd.citationstyles.csl+json", ".json"),
}


def _required(request: Request, name: str, most: int) -> str:
    value = (request.query_params.get(name) or "").strip()
    if not value:
        raise QueryError(f"give the {name} parameter")
    if len(value) > most:
        raise QueryError(f"{name} is {len(value)} characters long; the most is {most}")
    return value


def api_search(room: ReadingRoom, request: Request) -> Response:
    form = search_form(request.query_params)  # type: ignore[arg-type]
    if not form.query:
        raise QueryError("give the q parameter: the words to search for")
    return JSONResponse(search_record(search(form.query, room.library, form.options)))


def api_quote(room: ReadingRoom, request: Request) -> Response:
    text = _required(request, "text", MAX_QUOTE_CHARS)
    limit = number(request.query_params, "limit", 5, MAX_QUOTE_LIMIT)  # type: ignore[arg-type]
    return JSONResponse(quote_records(find_quote(text, room.library, limit=limit)))


def api_show(room: ReadingRoom, request: Request) -> Response:
    unit_id = request.path_params["unit_id"]
    if is_document_id(unit_id):
        return JSONResponse(document_record(document_units(room.library, unit_id.lower())))
    context = number(request.query_params, "context", 0, MAX_CONTEXT, least=0)  # type: ignore[arg-type]
    stored = get_passage(room.library, unit_id[:200])
    around = neighbours(room.library, unit_id, context, context) if context else []
    return JSONResponse(passage_record(stored, around))


def api_cite(room: ReadingRoom, request: Request) -> Response:
    params = request.query_params
    style = choice(params, "style", STYLES, "chicago-note")  # type: ignore[arg-type]
    per = choice(params, "per", PER, "document")  # type: ignore[arg-type]
    fmt = choice(params, "format", FORMATS, "text")  # type: ignore[arg-type]
    if fmt != "text" and not style.startswith("chicago"):
        raise QueryError(f"format {fmt} is for chicago-note and chicago-bib, not {style}")
    units = [get_passage(room.library, unit_id) for unit_id in unit_ids(params)]  # type: ignore[arg-type]
    text = format_citations(style, units, per, fmt)  # type: ignore[arg-type]
    media, ext = MEDIA.get(style, ("text/plain", ".txt"))
    headers = {}
    if params.get("download"):
        headers["content-disposition"] = f'attachment; filename="citations{ext}"'
    return Response(text + "\n", media_type=f"{media}; charset=utf-8", headers=headers)


def api_names(room: ReadingRoom, request: Request) -> Response:
    query = _required(request, "q", MAX_QUERY_CHARS)
    return JSONResponse(names_records(names_in_index(query, room.library)))


def api_collections(room: ReadingRoom, request: Request) -> Response:
    return JSONResponse([asdict(c) for c in room.catalogue().collections])


def routes(room: ReadingRoom) -> list[Route]:
    def bind(handler: Callable[[ReadingRoom, Request], Response]) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            return handler(room, request)

        return endpoint

    return [
        Route("/api/search", bind(api_search)),
        Route("/api/quote", bind(api_quote)),
        Route("/api/show/{unit_id}", bind(api_show)),
        Route("/api/cite", bind(api_cite)),
        Route("/api/names", bind(api_names)),
        Route("/api/collections", bind(api_collections)),
    ]
