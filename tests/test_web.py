"""The web server without a browser: pages, the JSON API against the CLI's --json,
escaping, ids never used as paths, a read-only server, bounded requests, and the
serve command."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from dangan.cli import cli
from tests.web_support import (  # noqa: F401 - fixtures
    hostile_index,
    request,
    served_bundled,
    served_hostile,
)

pytest.importorskip("starlette", reason="the web dependencies are not installed")


def _cli_json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_search_page_lists_highlighted_hits(served_bundled: str) -> None:
    page = request(served_bundled, "/?q=Gao+Gang&from=1954&to=1954&collection=corpus")
    assert page.status == 200
    assert "From the Journal of Ambassador P. F. Yudin" in page.text
    assert "<mark>Gao Gang</mark>" in page.text
    assert "Hits 1–10 of 12 in 2 documents" in page.text
    assert 'class="timeline"' in page.text and 'aria-label="1954: 12 hits"' in page.text
    assert "Kao Kang" in page.text  # the names the query expanded to
    exact = request(served_bundled, "/?q=Gao+Gang&exact=1")
    assert "Kao Kang" not in exact.text and "search every spelling" in exact.text


@pytest.mark.parametrize(
    ("path", "args"),
    [
        (
            "/api/search?q=Gao+Gang&limit=3&by=year",
            ["search", "Gao", "Gang", "-n", "3", "--by", "year"],
        ),
        (
            "/api/search?q=conference&by_doc=1&sort=-date",
            ["search", "conference", "--by-doc", "--sort", "-date"],
        ),
        (
            "/api/quote?text=" + quote("work conferences ever of the Chinese Communist Party"),
            ["quote", "work conferences ever of the Chinese Communist Party"],
        ),
        ("/api/show/841fbc1d10a6-1?context=1", ["show", "841fbc1d10a6-1", "--context", "1"]),
        ("/api/show/841fbc1d10a6", ["show", "841fbc1d10a6"]),
        ("/api/names?q=Gao+Gang", ["names", "Gao", "Gang"]),
        ("/api/collections", ["collections"]),
    ],
)
def test_api_mirrors_the_cli_json(
    served_bundled: str, bundled_index: Path, runner: CliRunner, path: str, args: list[str]
) -> None:
    answer = request(served_bundled, path)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/json")
    expected = _cli_json(runner, *args, "--json", "--index-dir", str(bundled_index))
    assert json.loads(answer.body) == expected


def test_api_cite_is_what_cite_prints(
    served_bundled: str, bundled_index: Path, runner: CliRunner
) -> None:
    answer = request(served_bundled, "/api/cite?id=841fbc1d10a6-1&style=bibtex&download=1")
    assert answer.status == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="citations.bib"'
    printed = runner.invoke(
        cli, ["cite", "841fbc1d10a6-1", "--style", "bibtex", "--index-dir", str(bundled_index)]
    )
    assert answer.text == printed.stdout
    html = request(served_bundled, "/api/cite?id=841fbc1d10a6-1&style=chicago-note&format=html")
    assert html.text.startswith("<p>Wikipedia (English), s.v.")
    assert html.headers["content-type"] == "text/plain; charset=utf-8"
    bad = request(served_bundled, "/api/cite?id=841fbc1d10a6-1&style=ris&format=html")
    assert bad.status == 400
    assert json.loads(bad.body) == {
        "error": "format html is for chicago-note and chicago-bib, not ris",
        "kind": "QueryError",
    }


def test_reading_view_marks_the_hit_and_shows_its_notes(served_bundled: str) -> None:
    page = request(served_bundled, "/doc/841fbc1d10a6?q=conference&hit=841fbc1d10a6-1")
    assert page.status == 200
    assert 'class="passage is-hit" id="841fbc1d10a6-1"' in page.text
    assert "<mark>Conference</mark>" in page.text
    assert 'id="841fbc1d10a6-n1"' in page.text  # a note called from the passage
    assert '<a href="#841fbc1d10a6-n1"' in page.text  # and its call, a link
    assert (
        "/api/cite?id=841fbc1d10a6-1&amp;style=bibtex&amp;per=passage&amp;download=1" in page.text
    )


@pytest.mark.parametrize(
    "target",
    [
        "/doc/../../etc/passwd",
        "/doc/..%2F..%2Fetc%2Fpasswd",
        "/doc/%2e%2e/%2e%2e/etc/passwd",
        "/doc/ffffffffffff",
        "/api/show/..%2F..%2Fetc%2Fpasswd",
        "/static/../../../../etc/passwd",
        "/static/..%2F..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_ids_are_looked_up_never_paths(served_bundled: str, target: str) -> None:
    answer = request(served_bundled, target)
    assert answer.status == 404
    assert b"root:" not in answer.body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_the_server_only_reads(served_bundled: str, method: str) -> None:
    answer = request(served_bundled, "/api/search?q=Gao", method)
    assert answer.status == 405
    assert answer.headers["allow"] == "GET, HEAD"


def test_requests_are_bounded(served_bundled: str) -> None:
    assert request(served_bundled, "/?q=" + "a" * 60000).status == 414
    assert (
        request(served_bundled, "/", body=b"x" * 10, headers={"Content-Length": "10"}).status == 413
    )
    too_long = request(served_bundled, "/api/search?q=" + "word+" * 300)
    assert too_long.status == 400
    assert "the most is 1000" in json.loads(too_long.body)["error"]
    assert request(served_bundled, "/api/search?q=Gao&limit=101").status == 400
    assert request(served_bundled, "/api/search?q=Gao&page=0").status == 400
    assert request(served_bundled, "/quote?text=" + "a+" * 3000).status == 400


def test_errors_speak_the_forms_words(served_bundled: str) -> None:
    page = request(served_bundled, "/?q=Gao&from=1962&to=1954")
    assert page.status == 400
    assert "From date 1962 is after To date 1954: swap them" in page.text
    assert "--" not in page.text.split('role="alert">')[1].split("<")[0]
    api = request(served_bundled, "/api/search?q=Gao&from=1958-13")
    assert json.loads(api.body)["error"].startswith("From date '1958-13' is not a date")


def test_every_response_forbids_foreign_scripts(served_bundled: str) -> None:
    for target in ("/", "/api/collections", "/static/app.js", "/nowhere"):
        policy = request(served_bundled, target).headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy


HOSTILE = ("<script", "<img", "<iframe", "<svg onload", '<a href="javascript:', 'href="javascript:')


def test_hostile_sources_are_escaped(served_hostile: str, hostile_index: Path) -> None:
    from dangan.search import search

    hit = search("conference", hostile_index)[0]
    assert "<script>" in hit.text and "<script>" in hit.title  # the corpus is hostile
    pages = [
        "/?q=conference",
        "/?q=alert",
        f"/doc/{hit.doc_id}?q=script&hit={hit.passage_id}",
        "/quote?text=" + quote("met in Beijing in 1962 delegates wrote"),
    ]
    for target in pages:
        page = request(served_hostile, target)
        assert page.status == 200, target
        body = page.text.replace('<script src="/static/app.js" defer></script>', "")
        for bad in HOSTILE:
            assert bad not in body, (target, bad)
    doc = request(served_hostile, pages[2]).text
    assert "javascript:alert(8)" in doc  # the source URL, shown as text, not linked
    assert "&lt;script&gt;alert(10)&lt;/script&gt; Translator" in doc


def test_serve_refuses_a_taken_port(bundled_index: Path, runner: CliRunner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = runner.invoke(
            cli, ["serve", "--port", str(port), "--index-dir", str(bundled_index)]
        )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    assert result.stderr.count("\n") == 1


def test_serve_warns_off_loopback(
    bundled_index: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dangan.web.server

    seen: list[str] = []

    def fake_serve(index_dir: Path, sock: socket.socket, on_ready: object) -> None:
        seen.append(dangan.web.server.url_of(sock))
        sock.close()

    monkeypatch.setattr(dangan.web.server, "serve", fake_serve)
    result = runner.invoke(
        cli, ["serve", "--host", "0.0.0.0", "--port", "0", "--index-dir", str(bundled_index)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == "Warning: listening on 0.0.0.0: other machines can read this index.\n"
    assert seen and seen[0].startswith("http://0.0.0.0:")


def test_a_long_chinese_quotation_reaches_the_finder(served_bundled: str) -> None:
    """4,999 characters, percent-encoded, are within the address limit: the page
    answers with the finder's own message, not a bare 414."""
    text = quote("中国共产党" * 999)
    page = request(served_bundled, f"/quote?text={text}")
    assert page.status == 400 and 'role="alert"' in page.text


def test_pages_give_no_server_paths_or_commands(served_bundled: str) -> None:
    missing = request(served_bundled, "/doc/ffffffffffff")
    assert missing.status == 404 and "/tmp/" not in missing.text
    unknown = request(served_bundled, "/?q=Peking&collection=nope")
    assert "no collection 'nope'" in unknown.text.replace("&#39;", "'")
    assert "/tmp/" not in unknown.text


def test_a_page_past_the_end_says_so(served_bundled: str) -> None:
    page = request(served_bundled, "/?q=Gao+Gang&page=999")
    assert page.status == 200 and "Page 999 is past the last page," in page.text
