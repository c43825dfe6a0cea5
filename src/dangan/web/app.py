"""The web application: routes, the guard every request passes, errors as pages or JSON,
and the one open index (:class:`ReadingRoom`) that every request reads through.

The server is read-only: only GET and HEAD are answered (anything else is 405), a
request may carry no body (413), and its path and query string are bounded (414).
Every response forbids scripts, styles and requests from anywhere but the server
itself (a Content-Security-Policy), so that even a source that slipped past escaping
could neither run code nor send anything out.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..catalogue import Collection, collections
from ..errors import (
    DanganError,
    IndexBusyError,
    IndexCorruptError,
    IndexMissingError,
    PassageNotFoundError,
    QueryError,
)
from ..index import all_passages
from ..library import Library

MAX_PATH_CHARS = 1024
MAX_QUERY_BYTES = 49152  # a 5,000-character Chinese quotation, percent-encoded
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
STATUS: tuple[tuple[type[DanganError], int], ...] = (
    (PassageNotFoundError, 404),
    (QueryError, 400),
    (IndexMissingError, 503),
    (IndexBusyError, 503),
    (IndexCorruptError, 503),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Catalogue:
    """What the filters offer: the index's collections and document types."""

    collections: tuple[Collection, ...]
    types: tuple[str, ...]


class ReadingRoom:
    """The server's open index (one :class:`~dangan.library.Library` for every request)
    and its catalogue, read again whenever the index has been rebuilt."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.library = Library(index_dir)
        self._catalogue: tuple[str | None, Catalogue] | None = None
        self._lock = threading.Lock()

    def catalogue(self) -> Catalogue:
        generation = self.library.generation()
        with self._lock:
            if self._catalogue is None or self._catalogue[0] != generation:
                types = {
                    u.metadata.doc_type
                    for u in all_passages(self.library)
                    if u.passage.part == "title" and u.metadata.doc_type
                }
                catalogue = Catalogue(tuple(collections(self.library)), tuple(sorted(types)))
                self._catalogue = (generation, catalogue)
            return self._catalogue[1]

    def message(self, exc: DanganError) -> str:
        """What a page says of an error: no command-line advice, no server paths."""
        if isinstance(exc, IndexMissingError):
            return "There is no index to search yet: build it, then reload this page."
        if isinstance(exc, IndexCorruptError):
            return "The index cannot be read: it must be rebuilt before it can be searched."
        if isinstance(exc, IndexBusyError):
            return "The index is changing: try again in a moment."
        return (
            str(exc).replace(f" in {self.index_dir}", "").replace(str(self.index_dir), "the index")
        )

    def close(self) -> None:
        self.library.close()


class Guard:
    """Refuses what a read-only server must not take and adds the security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = _refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _refusal(scope: Scope) -> Response | None:
    """The response to a request the server refuses, or None to answer it."""
    if scope["method"] not in ("GET", "HEAD"):
        return PlainTextResponse(
            "this server only reads: GET and HEAD", 405, headers={"allow": "GET, HEAD"}
        )
    if len(scope["path"]) > MAX_PATH_CHARS or len(scope["query_string"]) > MAX_QUERY_BYTES:
        return PlainTextResponse("the address is too long", 414)
    headers = dict(scope["headers"])
    length = headers.get(b"content-length", b"0")
    if b"transfer-encoding" in headers or not length.isdigit() or int(length) > 0:
        return PlainTextResponse("requests to this server carry no body", 413)
    return None


def templates() -> Environment:
    """The page templates, every value autoescaped."""
    env = Environment(loader=PackageLoader("dangan.web", "templates"), autoescape=True)
    env.trim_blocks = env.lstrip_blocks = True
    return env


def status_of(exc: DanganError) -> int:
    return next((code for kind, code in STATUS if isinstance(exc, kind)), 500)


def create_app(index_dir: Path) -> Starlette:
    """The reading room over one index folder; its index is closed on shutdown."""
    from . import api, pages

    room = ReadingRoom(index_dir)
    env = templates()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        room.close()

    async def dangan_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DanganError)
        code = status_of(exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": room.message(exc), "kind": type(exc).__name__}, code)
        page = env.get_template("error.html").render(error=room.message(exc), code=code)
        return HTMLResponse(page, code)

    async def not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "not found", "kind": "NotFound"}, 404)
        page = env.get_template("error.html").render(error="no such page", code=404)
        return HTMLResponse(page, 404)

    async def unexpected(request: Request, exc: Exception) -> Response:
        message = f"unexpected {type(exc).__name__}; the server's log has the details"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "kind": "Unexpected"}, 500)
        return HTMLResponse(env.get_template("error.html").render(error=message, code=500), 500)

    routes = [
        *pages.routes(room, env),
        *api.routes(room),
        Mount("/static", StaticFiles(packages=[("dangan.web", "static")]), name="static"),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={DanganError: dangan_error, 404: not_found, Exception: unexpected},
    )
    app.state.room = room
    app.add_middleware(Guard)
    return app
