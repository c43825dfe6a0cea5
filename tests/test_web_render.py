"""Source text to HTML: escaped first, then marked (dangan.web.render)."""

from __future__ import annotations

import pytest

pytest.importorskip("markupsafe", reason="the web dependencies are not installed")

from dangan.web.render import marked, passage_lang, safe_url, timeline_svg


def test_marked_escapes_then_marks() -> None:
    text = 'a <b onclick="x">Gao</b> & 高岗'
    html = marked(text, [(text.index("Gao"), text.index("Gao") + 3), (len(text) - 2, len(text))])
    assert str(html) == (
        "a &lt;b onclick=&#34;x&#34;&gt;<mark>Gao</mark>&lt;/b&gt; &amp; <mark>高岗</mark>"
    )


def test_marked_window_and_note_calls() -> None:
    text = "one two three four"
    html = marked(text, [(4, 13)], calls=[(7, "1", "d-n1")], window=(4, 13))
    assert str(html) == (
        '…<mark>two</mark><sup class="call"><a href="#d-n1" id="call-d-n1">1</a></sup>'
        "<mark> three</mark>…"
    )


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://history.state.gov/x", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example", False),
        ("", False),
    ],
)
def test_only_web_links_are_links(url: str, kept: bool) -> None:
    assert (safe_url(url) is not None) is kept


def test_passage_lang() -> None:
    assert passage_lang("中国共产党第七届中央委员会", "en") == "zh-Hans"
    assert passage_lang("The Seven Thousand Cadres Conference", "zh-Hans") == "en"
    assert passage_lang("1954", "zh-Hant") == "zh-Hant"


def test_timeline_bars_link_to_their_year() -> None:
    svg = str(timeline_svg([("1954", 2), ("1955", 0), ("1956", 4), ("undated", 3)], "q=Gao"))
    assert svg.count("<rect") == 3
    assert 'href="?q=Gao&amp;from=1956&amp;to=1956"' in svg
    assert 'aria-label="1956: 4 hits"' in svg and "undated" not in svg
    assert str(timeline_svg([("undated", 3)], "q=x")) == ""
