"""Serving the reading room: uvicorn on a host and port (or a socket already bound),
in the foreground (``dangan serve``) or in a thread (tests, benchmarks).

Loopback is the default; another host is the caller's choice to warn about.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from ..errors import ServeError
from .app import MAX_QUERY_BYTES, create_app

LOOPBACK = ("127.0.0.1", "localhost", "::1")
START_SECONDS = 30.0
MAX_CONNECTIONS = 100  # beyond this, uvicorn answers 503 at once instead of queueing


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or a ServeError saying why there is none (port taken)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ServeError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another port"
        ) from None
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _server(index_dir: Path) -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(index_dir),
        log_level="warning",
        access_log=False,
        lifespan="on",
        limit_concurrency=MAX_CONNECTIONS,
        h11_max_incomplete_event_size=MAX_QUERY_BYTES + 16384,  # the request line and headers
    )
    return uvicorn.Server(config)


def serve(index_dir: Path, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Serve until interrupted; ``on_ready`` is called once the server answers."""
    server = _server(index_dir)

    def wait() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            on_ready()

    threading.Thread(target=wait, daemon=True).start()
    server.run(sockets=[sock])


@contextmanager
def running(index_dir: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """A server on a free loopback port in a thread, for the length of the block: its
    URL."""
    sock = bind(host, 0)
    server = _server(index_dir)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise ServeError("the server did not start")
        time.sleep(0.02)
    try:
        yield url_of(sock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
