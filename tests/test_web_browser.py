"""The reading room in a real browser (Debian's headless Chromium, driven by
Playwright): the historian's path from a search to a citation, hostile sources that
stay inert, keyboard use, pages without JavaScript, and WCAG AA checked by axe-core."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web_support import (  # noqa: F401 - fixtures
    AXE,
    browser,
    hostile_index,
    served_bundled,
    served_hostile,
    served_shared,
)


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    yield ctx
    ctx.close()


def _watched(context: Any, base: str) -> tuple[Any, list[str], list[str]]:
    """A page that records every dialog it opens and every request leaving ``base``."""
    page = context.new_page()
    dialogs: list[str] = []
    foreign: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda r: None if r.url.startswith(base) else foreign.append(r.url))
    return page, dialogs, foreign


def test_from_search_to_a_citation(
    context: Any, served_shared: str, shared_index: Path, tmp_path: Path
) -> None:
    from dangan.filters import Filters
    from dangan.index import get_passage
    from dangan.search import search

    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_shared[:-1])
    page, dialogs, foreign = _watched(context, served_shared)
    page.goto(served_shared)
    page.get_by_label("Search the sources").fill("Chou En-lai")
    page.get_by_label("Search the sources").press("Enter")
    assert page.locator(".hit").count() == 10
    marks = page.locator(".hit mark").all_inner_texts()
    assert "Chou En-lai" in {m.replace("–", "-") for m in marks}
    page.get_by_label("Search the sources").fill("周恩来")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.locator(".hit").count() > 0
    assert page.locator(".hit mark").first.inner_text() == "周恩来"
    assert page.locator(".hit-title[lang=zh-Hans]").count() > 0

    page.get_by_label("Search the sources").fill("Chou En-lai")
    page.get_by_label("Search the sources").press("Enter")
    with page.expect_navigation():  # a live filter: it applies as it is ticked
        page.get_by_label("Documents on Australian Foreign Policy").check()
    page.get_by_label("From", exact=True).fill("1955")
    page.get_by_label("To", exact=True).fill("1955")
    page.get_by_role("button", name="Apply filters").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["collection"] == ["dfat"] and query["from"] == ["1955"]
    assert "type" not in query and "sort" not in query  # empty fields stay out of the URL
    metas = page.locator(".hit .meta").all_inner_texts()
    assert metas and all(m.startswith("1955") and "dfat" in m for m in metas)

    only = Filters(collections=("dfat",), date_from="1955", date_to="1955")
    hits = search("Chou En-lai", shared_index, filters=only).ids
    noted = next(h for h in hits if get_passage(shared_index, h).passage.notes)
    page.locator(f".hit-title a[href*='hit={noted}']").click()
    passage = page.locator(f"[id='{noted}']")
    assert "is-hit" in (passage.get_attribute("class") or "")
    assert passage.is_visible() and passage.locator("mark").first.is_visible()
    assert passage.locator("mark").first.inner_text().lower().startswith("chou")
    note = page.locator(f"[id='{noted}'] + aside.notes .note").first
    assert note.is_visible()

    page.locator("button[data-copy='chicago-note-passage']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#chicago-note-passage").inner_text()
    assert "Chou En-lai" not in copied and "1955" in copied

    with page.expect_download() as wait:
        page.locator(".citations").nth(1).get_by_role("link", name=".bib").click()
    saved = tmp_path / "cited.bib"
    wait.value.save_as(saved)
    assert wait.value.suggested_filename == "citations.bib"
    assert saved.read_text(encoding="utf-8").startswith("@")
    assert dialogs == [] and foreign == []


def test_hostile_sources_stay_inert(context: Any, served_hostile: str, hostile_index: Path) -> None:
    from dangan.search import search

    hit = search("conference", hostile_index)[0]
    page, dialogs, foreign = _watched(context, served_hostile)
    for target in (
        "?q=conference",
        "?q=alert",
        f"doc/{hit.doc_id}?q=script&hit={hit.passage_id}",
        "quote?text=met+in+Beijing+in+1962+delegates+wrote",
    ):
        page.goto(served_hostile + target)
        page.wait_for_load_state("networkidle")
        assert page.locator("script").count() == 1  # app.js alone
        assert page.locator("[onerror], [onload], [onclick], iframe, img").count() == 0
        assert page.locator("a[href^='javascript:' i]").count() == 0
        for link in page.locator("main a").all():
            link.hover()
    page.goto(served_hostile + f"doc/{hit.doc_id}")
    assert "<script>alert(10)</script> Translator" in page.locator(".metadata").inner_text()
    assert dialogs == [] and foreign == []


def test_hits_by_keyboard(context: Any, served_bundled: str) -> None:
    page = context.new_page()
    page.goto(served_bundled + "?q=conference")
    titles = page.locator(".hit-title a")
    page.keyboard.press("j")
    assert titles.nth(0).evaluate("e => e === document.activeElement")
    page.keyboard.press("j")
    assert titles.nth(1).evaluate("e => e === document.activeElement")
    page.keyboard.press("k")
    page.keyboard.press("Enter")
    page.wait_for_url("**/doc/**")
    assert page.locator(".is-hit").evaluate("e => e === document.activeElement")


def test_search_and_reading_without_javascript(browser: Any, served_bundled: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(served_bundled)
        page.get_by_label("Search the sources").fill("Gao Gang")
        page.get_by_role("button", name="Search", exact=True).click()
        assert page.locator(".hit").count() == 10
        assert not page.locator("button.copy").first.is_visible()  # copying needs scripts
        page.locator(".hit-title a").first.click()
        assert page.locator(".is-hit mark").first.is_visible()
    finally:
        ctx.close()


@pytest.mark.parametrize(
    "target",
    ["", "?q=Gao+Gang", "doc/841fbc1d10a6?q=conference&hit=841fbc1d10a6-1", "quote?text=x"],
)
def test_wcag_aa(browser: Any, served_bundled: str, target: str) -> None:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core not installed at {AXE} in CI: .ci/run must install it")
        pytest.skip(f"axe-core not installed at {AXE}: .ci/run installs it with npm")
    ctx = browser.new_context(bypass_csp=True)  # axe is evaluated into the page
    try:
        page = ctx.new_page()
        page.goto(served_bundled + target)
        page.evaluate(AXE.read_text(encoding="utf-8"))
        found = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => r.violations.map("
            "v => ({id: v.id, nodes: v.nodes.map(n => n.html.slice(0, 120))})))"
        )
        assert found == [], json.dumps(found, indent=1)
    finally:
        ctx.close()
