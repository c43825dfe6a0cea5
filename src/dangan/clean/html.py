"""Saved web pages (HTML): MediaWiki pages (Wikipedia, Wikisource), Wilson Center
Digital Archive records, and any other page.

The page's chrome goes: scripts and styles, navigation, headers, footers, sidebars,
forms, MediaWiki's "edit" links, tables of contents, navboxes, category links and
maintenance banners. The content is taken from MediaWiki's ``mw-parser-output``,
else ``<main>``, ``<article>`` or ``role="main"``, else the body. Headings become
headings; paragraphs, list items, quotations, preformatted text and table rows become
paragraphs. MediaWiki references (``ol.references``) become notes, called from their
``[n]`` markers. A Wilson Center record's text is then read like its saved-text form
(:mod:`dangan.clean.wilson`). Title, canonical URL and date come from the page's own
metadata (``og:title``, ``citation_title``, ``<link rel=canonical>``,
``citation_date``, ``article:published_time``). Parsed with Python's HTML parser, which
never fetches anything.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from ..errors import CorpusError
from . import wilson
from .dates import parse_date
from .text import Item, Parsed, note_mark

NAME = "html"
MAX_DEPTH = 512  # real pages nest a few dozen elements deep
_HTML = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "select",
    "input",
    "link",
    "meta",
)
_DROP_SELECTORS = (
    ".mw-editsection",
    "#toc",
    ".toc",
    ".navbox",
    ".vertical-navbox",
    ".catlinks",
    ".printfooter",
    ".mw-jump-link",
    "#siteSub",
    "#contentSub",
    ".noprint",
    ".ambox",
    ".hatnote",
    ".mw-indicators",
    "[role=navigation]",
    ".sidebar",
    "#mw-navigation",
    ".mw-cite-backlink",
    ".navigation-not-searchable",
    ".citation-comment",
    ".cs1-maint",
)
_CONTENT = (".mw-parser-output", "main", "article", "[role=main]", "#content", "#main")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "li", "dd", "dt", "blockquote", "pre", "tr", "caption", "figcaption",
           "address", "div", "section", "td", "th"}  # fmt: skip
_TITLE_SUFFIX = re.compile(
    r"\s+[-–—|]\s+(?:Wikipedia|维基百科|維基百科|Wikisource|维基文库|維基文庫)\b.*$"
)
_LANGS = {"en": "en", "zh-hans": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans",
          "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant"}  # fmt: skip


def sniff(raw: str, filename: str) -> bool:
    return bool(_HTML.match(raw[:4000])) or filename.lower().endswith((".html", ".htm"))


def soup_of(raw: str) -> Any:
    """A page parsed with Python's HTML parser (which never fetches anything)."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(raw, "html.parser")


def _meta(soup: Any, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content", "").strip():
            return str(tag["content"]).strip()
    return None


def _title(soup: Any) -> str | None:
    heading = soup.select_one("#firstHeading") or soup.find("h1")
    if heading and heading.get_text(" ", strip=True):
        return str(heading.get_text(" ", strip=True))
    title = _meta(soup, "og:title", "citation_title", "dc.title", "DC.title")
    if not title and soup.title and soup.title.string:
        title = str(soup.title.string)
    return _TITLE_SUFFIX.sub("", title.strip()) if title else None


def _references(content: Any) -> list[tuple[str, str]]:
    """MediaWiki reference lists to notes, numbered in order; the lists leave the page."""
    notes: list[tuple[str, str]] = []
    for listing in content.select("ol.references"):
        for li in listing.find_all("li", recursive=False):
            text = li.select_one(".reference-text") or li
            notes.append((str(len(notes) + 1), _text(text)))
        listing.decompose()
    for box in content.select(".reflist, .references-small"):
        if not box.get_text(strip=True):
            box.decompose()
    return notes


def _calls(content: Any) -> None:
    """``[n]`` reference markers to note calls."""
    for sup in content.select("sup.reference"):
        label = sup.get_text("", strip=True).strip("[]")
        sup.replace_with(note_mark(label) if label.isdigit() else "")


def _text(tag: Any) -> str:
    return str(tag.get_text("", strip=False))


def _own_text(tag: Any) -> str:
    """A block's text outside the blocks nested in it."""
    parts: list[str] = []
    for child in tag.children:
        if getattr(child, "name", None) in _BLOCKS | _HEADINGS:
            continue
        parts.append(str(child) if child.name is None else _text(child))
    return "".join(parts)


def _check_depth(content: Any, filename: str) -> None:
    """Refuse elements nested deeper than :data:`MAX_DEPTH` (found in one pass): reading
    blocks costs time in proportion to depth times size."""
    depth: dict[int, int] = {id(content): 0}
    for tag in content.find_all(True):
        here = depth[id(tag)] = depth.get(id(tag.parent), 0) + 1
        if here > MAX_DEPTH:
            raise CorpusError(
                f"{filename}: its HTML elements are nested more than {MAX_DEPTH} deep; "
                "save the page again as plain text"
            )


def _items(content: Any) -> list[Item]:
    """Leaf blocks in document order; a block holding other blocks gives the text it has
    outside them."""
    items: list[Item] = []
    for tag in content.find_all(True):
        name = tag.name
        if name in _HEADINGS:
            items.append(Item("heading", _text(tag)))
            continue
        if name not in _BLOCKS or tag.find_parent(_HEADINGS):
            continue
        if name == "tr":
            cells = [c.get_text(" ", strip=True) for c in tag.find_all(["td", "th"])]
            items.append(Item("paragraph", " | ".join(c for c in cells if c)))
            continue
        if tag.find_parent("tr") is not None:
            continue
        if tag.find(list(_BLOCKS | _HEADINGS)):
            items.append(Item("paragraph", _own_text(tag)))
            continue
        items.append(Item("paragraph", _text(tag)))
    return items


def body_items(soup: Any) -> tuple[list[Item], list[tuple[str, str]]]:
    """The page's content without its chrome: headings and paragraphs, and MediaWiki
    references as notes. Changes ``soup``."""
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for selector in _DROP_SELECTORS:
        for tag in soup.select(selector):
            tag.decompose()
    content = next((c for s in _CONTENT if (c := soup.select_one(s)) is not None), None)
    content = content or soup.body or soup
    notes = _references(content)
    _calls(content)
    return _items(content), notes


def parse(raw: str, filename: str = "") -> Parsed:
    soup = soup_of(raw)
    _check_depth(soup, filename)
    fields: dict[str, object] = {}
    title = _title(soup)
    canonical = soup.find("link", rel="canonical")
    fields["source_url"] = (canonical.get("href") if canonical else None) or _meta(soup, "og:url")
    fields["collection"] = _meta(soup, "og:site_name")
    published = _meta(soup, "citation_date", "article:published_time", "dc.date", "DC.date")
    if published:
        fields["date"] = parse_date(published[:10].replace("/", "-")) or parse_date(published)
        fields["date_text"] = published
    lang = (soup.html.get("lang", "") if soup.html else "").lower()
    items, notes = body_items(soup)
    if title and items and items[0].kind == "heading" and items[0].text.strip() == title:
        items.pop(0)
    joined = "\n\n".join(i.text.strip() for i in items)
    if "Document Information" in joined and "History and Public Policy Program" in joined:
        parsed = wilson.parse(joined, filename)
        return Parsed(parsed.items, {**fields, **parsed.fields}, parsed.notes)
    fields["title"] = title
    if not any(i.text.strip() for i in items) and lang in _LANGS:
        fields["language"] = _LANGS[lang]
    return Parsed(items=items, fields=fields, notes=notes, note_kind="reference")
