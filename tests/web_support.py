"""Shared by the web tests: a reading room served in-process on a free loopback port,
plain HTTP requests that send the path exactly as written, the fixture corpus of
hostile text, and headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import http.client
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import FIXTURES, REPO

HOSTILE_CORPUS = FIXTURES / "web" / "hostile"
AXE = REPO / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(base: str, target: str, method: str = "GET", **extra: Any) -> Answer:
    """One request with ``target`` sent as written (no normalising of ``..``)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    try:
        conn.request(method, target, **extra)
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, headers, response.read())
    finally:
        conn.close()


@pytest.fixture(scope="session")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the hostile corpus: script tags, event handlers and javascript: links
    in its title, text, notes and metadata."""
    from dangan.index import build_index

    index_dir = tmp_path_factory.mktemp("hostile") / "index"
    build_index([HOSTILE_CORPUS], index_dir)
    return index_dir


@pytest.fixture(scope="session")
def served_bundled(bundled_index: Path) -> Iterator[str]:
    from dangan.web.server import running

    with running(bundled_index) as url:
        yield url


@pytest.fixture(scope="session")
def served_hostile(hostile_index: Path) -> Iterator[str]:
    from dangan.web.server import running

    with running(hostile_index) as url:
        yield url


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (the system's: a browser build is never downloaded), each
    context a fresh profile of its own (Playwright makes one; --user-data-dir is its)."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI: .ci/run must install it")
        pytest.skip("no Chromium installed: apt-get install chromium (as .ci/run does)")
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
    )
    profile = tempfile.mkdtemp(prefix="dangan-chromium-")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, downloads_path=profile
        )
        yield launched
        launched.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def served_shared(shared_index: Path) -> Iterator[str]:
    from dangan.web.server import running

    with running(shared_index) as url:
        yield url
