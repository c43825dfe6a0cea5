"""Citation styles rendered from a passage's CSL-JSON item: Chicago (17th ed.) notes
and bibliography entries, BibTeX, RIS and CSL-JSON itself.

Chicago forms follow the manual's patterns for archival documents, documents in a
published collection (FRUS, DFAT: "in *Volume*, doc. 90, p. 177"), encyclopedia
entries ("Wikipedia, s.v. …"), chapters of a book ("in *Mao Zedong xuanji* 毛泽东选集,
vol. 1 (Beijing: Renmin chubanshe)"), books and web pages; Chinese titles romanized,
then in characters (Chicago 14.98). Italics are marked and written as plain text,
Markdown, HTML or RTF by :mod:`dangan.cite.markup`. A note carries the passage's
locator: its printed page(s) where the source has them, else its section and
paragraphs; an entry for several passages of one document merges them. BibTeX and RIS
are written by :mod:`dangan.cite.exchange`; this module's :func:`format_citations` is
the one entry point for every style. Pure: no Whoosh, no I/O.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import replace
from typing import Any, NamedTuple

from ..models import IndexedPassage
from . import STYLES, Per
from .exchange import bibtex, ris
from .item import archive_reference, csl_item
from .item import joined as _join
from .markup import ITALIC_END, Format, italic, render

# Pieces ------------------------------------------------------------------------------


def _date(parts: list[int]) -> str:
    if len(parts) == 3:
        return f"{calendar.month_name[parts[1]]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{calendar.month_name[parts[1]]} {parts[0]}"
    return str(parts[0])


def chicago_date(value: dict[str, Any] | None) -> str | None:
    """CSL date -> 'February 13, 1954'; a range -> 'February 6–10, 1954'."""
    if not value:
        return None
    if "literal" in value:
        return str(value["literal"])
    parts = value["date-parts"]
    if len(parts) == 1:
        return _date(parts[0])
    start, end = parts[0], parts[1]
    if len(start) == len(end) == 3 and start[:2] == end[:2]:
        return f"{calendar.month_name[start[1]]} {start[2]}–{end[2]}, {start[0]}"
    if len(start) == len(end) == 3 and start[0] == end[0]:
        return f"{calendar.month_name[start[1]]} {start[2]} – {_date(end)}"
    return f"{_date(start)} – {_date(end)}"


def _pages(page: str) -> str:
    page = page.replace("-", "–")
    return f"pp. {page}" if "–" in page else f"p. {page}"


def _names(names: list[dict[str, str]], inverted_first: bool) -> str:
    out = []
    for i, n in enumerate(names):
        if "literal" in n:
            out.append(n["literal"])
        elif i == 0 and inverted_first:
            out.append(f"{n['family']}, {n['given']}")
        else:
            out.append(f"{n['given']} {n['family']}")
    return " and ".join(out) if len(out) < 3 else ", ".join(out[:-1]) + ", and " + out[-1]


def _end(text: str) -> str:
    if not text:
        return text
    return text if text.rstrip(ITALIC_END).endswith((".", "?", "!", "”")) else text + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _accessed(item: dict[str, Any], capital: bool = False) -> str | None:
    date = chicago_date(item.get("accessed"))
    if not date:
        return None
    return f"{'Accessed' if capital else 'accessed'} {date}"


def _quoted(item: dict[str, Any], punct: str, translation: str = "") -> str:
    """A title in quotation marks, the comma or period inside them; a Chinese title
    romanized in them, its characters after them, an English gloss given in the
    metadata in brackets, then the punctuation."""
    title = item.get("title", "")
    after = _join([item.get("original-title"), f"[{translation}]" if translation else None], " ")
    return f"“{title}” {after}{punct}" if after else f"“{title}{punct}”"


def _dates_and_facts(item: dict[str, Any]) -> tuple[str | None, str | None]:
    """The document's date, and the edition's facts "(Place: Publisher, Year)"."""
    issued = chicago_date(item.get("issued"))
    written = chicago_date(item.get("original-date"))
    year = issued if written or item["type"] == "book" else None
    publisher = _join([item.get("publisher-place"), item.get("publisher")], ": ")
    facts = _join([publisher, year])
    return (written or issued), (f"({facts})" if facts else None)


def _container(item: dict[str, Any], note: bool) -> str | None:
    """ "in *Book*, vol. 1 (Place: Publisher)" as a note has it; "In *Book*, vol. 1"
    in a bibliography, whose edition facts are a sentence of their own."""
    if not item.get("container-title"):
        return None
    volume = f"vol. {item['volume']}" if item.get("volume") else None
    _, facts = _dates_and_facts(item)
    head = _join([f"{'in' if note else 'In'} {italic(item['container-title'])}", volume])
    return f"{head} {facts}" if facts and note else head


# Chicago ----------------------------------------------------------------------------


def chicago_note(
    item: dict[str, Any], locator: str = "", note: str = "", translation: str = ""
) -> str:
    """A Chicago note for the passage (``locator``: its section and paragraphs, used
    where it has no page; ``note``: the note it is, after the page: "n. 4";
    ``translation``: an English gloss of the title). Titles Chicago italicises are
    marked (see :mod:`dangan.cite.markup`)."""
    kind = item["type"]
    date, facts = _dates_and_facts(item)
    page = _pages(item["page"]) if item.get("page") else None
    # A record's pages are the whole record's: the passage's own locator follows them.
    own_page = page and kind != "manuscript"
    where = _join([None if own_page else (locator or None), note or None])
    authors = _names(item.get("author", []), False) or None
    if kind == "book":
        title = f"{italic(item.get('title', ''))} {facts or ''}".strip()
        pages = page.removeprefix("pp. ").removeprefix("p. ") if page else None
        return _end(_join([authors, title, pages]))
    if kind == "entry-encyclopedia":
        rest = _join([_accessed(item), where, item.get("URL")])
        title = _quoted(item, "," if rest else ".", translation)
        head = f"{item.get('container-title', '')}, s.v. {title}"
        return _end(f"{head} {rest}" if rest else head)
    if kind == "chapter":
        number = f"doc. {item['number']}" if item.get("number") else None
        rest = _join([item.get("event-place"), date, _container(item, True), number, page, where,
                      archive_reference(item), item.get("URL")])  # fmt: skip
    elif kind == "manuscript":
        credits = _lower_first(item["note"].rstrip(".")) if item.get("note") else None
        rest = _join([item.get("genre") if not date else None, date, archive_reference(item), page,
                      credits, item.get("source"), where, item.get("URL")])  # fmt: skip
    elif kind == "webpage":
        rest = _join([item.get("container-title"), date, _accessed(item), where, item.get("URL")])
    else:
        rest = _join(
            [date, archive_reference(item), item.get("source"), page, where, item.get("URL")]
        )
    head = _quoted(item, "," if rest else ".", translation)
    return _end(_join([authors, f"{head} {rest}" if rest else head]))


def chicago_bibliography(item: dict[str, Any], translation: str = "") -> str:
    """A Chicago bibliography entry for the work the passage is in."""
    kind = item["type"]
    date, facts = _dates_and_facts(item)
    authors = _end(_names(item.get("author", []), True)) or None
    if kind == "book":
        return _join([authors, _end(italic(item.get("title", ""))),
                      _end(facts.strip("()")) if facts else None], " ")  # fmt: skip
    parts: list[str | None] = [authors, _quoted(item, ".", translation)]
    if kind == "entry-encyclopedia":
        parts = [_end(item.get("container-title", "")), parts[1]]
    if kind == "chapter":
        parts.append(_end(_join([item.get("event-place"), date])) if date else None)
        container = _join(
            [_container(item, False), f"doc. {item['number']}" if item.get("number") else None]
        )
        parts.append(_end(container) if container else None)
        if container and facts:  # "In Book, vol. 1. Place: Publisher, Year."
            parts.append(_end(facts.strip("()")))
        archive = archive_reference(item)
        parts.append(_end(archive) if archive else None)
    elif kind != "entry-encyclopedia":
        if kind == "webpage" and item.get("container-title"):
            parts.append(_end(item["container-title"]))
        parts.append(_end(date) if date else None)
        if kind == "manuscript" and item.get("genre") and not date:
            parts.append(_end(item["genre"]))
        archive = archive_reference(item)
        parts.append(_end(archive) if archive else None)
        if kind == "manuscript" and item.get("page"):
            parts.append(_end(_pages(item["page"])))
        parts.append(_end(item["note"]) if kind == "manuscript" and item.get("note") else None)
        parts.append(_end(item["source"]) if item.get("source") else None)
    accessed = _accessed(item, capital=True)
    parts.append(_end(accessed) if accessed else None)
    parts.append(_end(item["URL"]) if item.get("URL") else None)
    return _join(parts, " ")


# Entry points -----------------------------------------------------------------------


def _item(stored: IndexedPassage) -> dict[str, Any]:
    return csl_item(stored.passage, stored.metadata, stored.profile)


class Entry(NamedTuple):
    """What one citation is made of: the item, the locator where it has no page, the
    note it is, an English gloss of its title."""

    item: dict[str, Any]
    locator: str = ""
    note: str = ""
    translation: str = ""
    quoted_in: str = ""  # an excerpt's: the note of the document that quotes it


def _note(entry: Entry) -> str:
    """An entry's Chicago note; an excerpt's book, then "quoted in" the document."""
    text = chicago_note(entry.item, entry.locator, entry.note, entry.translation)
    return f"{text.removesuffix('.')}, quoted in {entry.quoted_in}" if entry.quoted_in else text


def note_text(stored: IndexedPassage) -> str:
    """The Chicago note of one unit, italics marked: the citation printed under a hit."""
    return _note(_entry([stored]))


def _where(stored: IndexedPassage) -> tuple[str, str]:
    """A unit's locator where it has no printed page, and the note it is."""
    from . import locator, note_name

    if stored.passage.part == "note":
        return "", note_name(stored.passage)
    return locator(stored.passage, pages=False), ""


def _entry(group: list[IndexedPassage]) -> Entry:
    """One entry for one or several units of a document: its item with their pages
    merged, and their locators, in document order (passages, then notes)."""
    group = sorted(group, key=lambda p: (p.passage.part != "body", p.passage.seq))
    first = group[0]
    item = _item(first)
    gloss = first.metadata.title_translated or ""
    quoted_in = ""
    if first.passage.source:  # the book is cited where it is quoted: in the document
        document = replace(first, passage=replace(first.passage, source=None, pages=None))
        quoted_in = chicago_note(_item(document), *_where(document))
    if len(group) == 1:
        return (
            Entry(item, "", "", gloss, quoted_in)
            if quoted_in
            else Entry(item, *_where(first), gloss)
        )
    item["id"] = first.passage.doc_id
    pages = list(dict.fromkeys(p.passage.pages for p in group if p.passage.pages))
    if item.get("page") and pages:
        item["page"] = ", ".join(pages)
    return Entry(item, _merged_locators(group), "", gloss, quoted_in)


def _paragraphs(ranges: list[tuple[int, int]]) -> str:
    """Paragraph ranges joined where they overlap or touch: "¶ 1", "¶¶ 1–8, 12"."""
    merged: list[list[int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    spans = [f"{a}" if a == b else f"{a}–{b}" for a, b in merged]
    return f"{'¶' if len(spans) == 1 and '–' not in spans[0] else '¶¶'} {', '.join(spans)}"


def _merged_locators(group: list[IndexedPassage]) -> str:
    """The locators of several units of one document as one: body paragraphs combined
    per section ("§ Remarks, ¶¶ 27–37"), then the notes ("n. 4")."""
    sections: dict[str | None, list[tuple[int, int]]] = {}
    others: list[str] = []
    for p in group:
        first, last = p.passage.paragraphs
        if p.passage.part == "body" and first:
            sections.setdefault(p.passage.section, []).append((first, last))
        else:
            others.append(_join(list(_where(p))))
    wheres = [_join([f"§ {s}" if s else None, _paragraphs(r)]) for s, r in sections.items()]
    return "; ".join(dict.fromkeys(w for w in [*wheres, *others] if w))


def group_by_document(passages: list[IndexedPassage]) -> list[list[IndexedPassage]]:
    """Units grouped by the work they cite, in order of first appearance: a document,
    or a book an excerpt in it quotes."""
    groups: dict[tuple[str, str | None], list[IndexedPassage]] = {}
    for p in passages:
        groups.setdefault((p.passage.doc_id, p.passage.source), []).append(p)
    return list(groups.values())


def format_citations(
    style: str, passages: list[IndexedPassage], per: Per = "document", fmt: Format = "text"
) -> str:
    """The citations of units in one style, as the text to print: one entry for each
    document (its units' locators merged) or for each unit; notes and bibliography
    entries in text, Markdown, HTML or RTF."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")
    groups = group_by_document(passages) if per == "document" else [[p] for p in passages]
    entries = [_entry(group) for group in groups]
    if style == "chicago-note":
        return render([_note(e) for e in entries], fmt)
    if style == "chicago-bib":
        return render([chicago_bibliography(e.item, e.translation) for e in entries], fmt)
    if fmt != "text":
        raise ValueError(f"{style} is written as text only; --format is for the Chicago styles")
    if style == "csl-json":
        return json.dumps([e.item for e in entries], ensure_ascii=False, indent=2)
    if style == "ris":
        return "\n".join(ris(e.item, e.translation) for e in entries).rstrip("\n")
    return "\n".join(bibtex(e.item) for e in entries).rstrip("\n")
