"""Chronology entries of Party meetings, saved as markdown-ish text.

Fields are bold labels on their own line ("**Dates of Meeting:**") followed by their
value; later sections are "####" headings. Inline markup is markdown links with empty
targets ("[text](#)"), escaped brackets, bold and italic, ``<sup>`` ordinals and
hard line breaks (two trailing spaces). Dates are day first ("6-2-1954 - 10-2-1954").
"""

from __future__ import annotations

import itertools
import re

from .dates import parse_date_range
from .markdown import markdown_inline
from .text import Item, Parsed, page_mark, split_paragraphs

NAME = "chronology"
_LABEL = re.compile(r"^\*\*([^*]{2,60}?):?\*\*$")
_HASH_HEADING = re.compile(r"^#{1,6}\s+(.+?):?\s*$")
_LIST_ITEM = re.compile(r"^(?:[-*+]\s+|(\d{1,3}\.)\s+)")
_FIELD_LABELS = ("Dates of Meeting", "Type of Meeting", "Place of Meeting")


def sniff(raw: str, filename: str) -> bool:
    return "**Dates of Meeting:**" in raw[:2000] or "**Type of Meeting:**" in raw[:2000]


def _lines_to_items(para: str) -> list[Item]:
    """One blank-line paragraph to items: list items and hard breaks start new paragraphs."""
    items: list[Item] = []
    current: list[str] = []
    for raw_line in para.splitlines():
        hard_break = raw_line.endswith("  ")
        line = raw_line.strip()
        if not line:
            continue
        if (m := _LABEL.match(line)) or (m := _HASH_HEADING.match(line)):
            items.append(Item("paragraph", " ".join(current)))
            current = []
            items.append(Item("heading", markdown_inline(m[1])))
            continue
        if (m := _LIST_ITEM.match(line)) and current:
            items.append(Item("paragraph", " ".join(current)))
            current = []
        if m and not m[1]:
            line = line[m.end() :]
        current.append(markdown_inline(line))
        if hard_break:
            items.append(Item("paragraph", " ".join(current)))
            current = []
    items.append(Item("paragraph", " ".join(current)))
    return [item for item in items if item.text.strip()]


_NUMBERED = re.compile(r"^\d{1,3}\.\s")
_PAGE_NUMBER = re.compile(r"Page Numbers?:\s*([\d/,\s-]+?)\.?$")


def _excerpt_citation(items: list[Item]) -> tuple[int, int] | None:
    """Where a book excerpt's own citation is: a title line, then "Contributors: …",
    then "Publisher: …" (the form library databases export)."""
    for i in range(1, len(items) - 1):
        if items[i].text.startswith("Contributors:") and items[i + 1].text.startswith("Publisher:"):
            return i - 1, i + 2
    return None


def _mark_excerpt(items: list[Item]) -> list[Item]:
    """Give the paragraphs of an embedded book excerpt the excerpt's own citation.

    The excerpt runs back from its citation over plain paragraphs, up to and including
    the numbered remark that opens it, and never across a heading. The citation lines
    leave the text: they are the excerpt's metadata.
    """
    found = _excerpt_citation(items)
    if found is None:
        return items
    start, end = found
    source = " ".join(item.text.strip() for item in items[start:end])
    first = start
    while first > 0 and items[first - 1].kind == "paragraph":
        first -= 1
        if _NUMBERED.match(items[first].text):
            break
    marked = [Item(item.kind, item.text, source) for item in items[first:start]]
    pages = excerpt_pages(source)
    if pages and marked:  # the book's pages hold for the excerpt, and for nothing after it
        marked[0] = Item(marked[0].kind, page_mark(pages) + marked[0].text, source)
        after = [Item(i.kind, page_mark("") + i.text, i.source) for i in items[end : end + 1]]
        return items[:first] + marked + after + items[end + 1 :]
    return items[:first] + marked + items[end:]


def excerpt_pages(source: str) -> str | None:
    """The pages an excerpt citation names: "Page Number: 40/41/42" -> "40-42"."""
    m = _PAGE_NUMBER.search(source)
    if not m:
        return None
    numbers = [n for n in re.split(r"[/,\s-]+", m[1]) if n]
    return numbers[0] if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"


def parse(raw: str, filename: str = "") -> Parsed:
    items: list[Item] = []
    for para in split_paragraphs(raw):
        items.extend(_lines_to_items(para))
    items = _mark_excerpt(items)
    values: dict[str, str] = {}
    for heading, value in itertools.pairwise(items):
        if (
            heading.kind == "heading"
            and heading.text in _FIELD_LABELS
            and value.kind == "paragraph"
        ):
            values[heading.text] = value.text.strip()
    fields: dict[str, object] = {"doc_type": "meeting chronology entry"}
    if dates := values.get("Dates of Meeting"):
        fields["date_text"] = dates
        fields["date"], fields["date_end"] = parse_date_range(dates)
    title = values.get("Type of Meeting")
    if title and (place := values.get("Place of Meeting")):
        title = f"{title}, {place}"
    if title:
        fields["title"] = title
    return Parsed(items=items, fields=fields, notes=[])
