"""The serve command: the reading room in the browser (:mod:`dangan.web`)."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from .base import cli, corpus_dir_option, index_dir_option
from .indexing import ready_to_search


@cli.command()
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback lets other machines read the index.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the search page in a browser.")
@index_dir_option
@corpus_dir_option
def serve(port: int, host: str, open_browser: bool, index_dir: Path, corpus_dir: Path) -> None:
    """Serve search, reading view, quote finder and a JSON API on a local web page.

    Read-only; stop it with Ctrl-C. With no index yet, the default one is built first.
    """
    ready_to_search((), index_dir, corpus_dir)
    from ..web.server import LOOPBACK, bind, serve, url_of

    if host not in LOOPBACK:
        click.echo(f"Warning: listening on {host}: other machines can read this index.", err=True)
    sock = bind(host, port)
    url = url_of(sock)

    def ready() -> None:
        click.echo(f"Serving {index_dir} at {url} (Ctrl-C to stop)", err=True)
        if open_browser:
            webbrowser.open(url)

    serve(index_dir, sock, ready)
