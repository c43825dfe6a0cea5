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
from .text import Item, Parsed, split_paragraphs

NAME = "chronology"
_LABEL = re.compile(r"^\*\*([^*]{2,60}?):?\*\*$")
_HASH_HEADING = re.compile(r"^#{1,6}\s+(.+?):?\s*$")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:[^()\s]|\([^()]*\))*\)")
_SUP = re.compile(r"</?(?:sup|sub)>", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_LIST_ITEM = re.compile(r"^(?:[-*+]\s+|(\d{1,3}\.)\s+)")
_FIELD_LABELS = ("Dates of Meeting", "Type of Meeting", "Place of Meeting")


def sniff(raw: str, filename: str) -> bool:
    return "**Dates of Meeting:**" in raw[:2000] or "**Type of Meeting:**" in raw[:2000]


def clean_inline(text: str) -> str:
    """Markdown and HTML markup to plain text."""
    text = _LINK.sub(lambda m: m[1], text)
    text = _SUP.sub("", text)
    text = _BOLD.sub(lambda m: m[1], text)
    text = _ITALIC.sub(lambda m: m[1], text)
    return _ESCAPE.sub(lambda m: m[1], text)


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
            items.append(Item("heading", clean_inline(m[1])))
            continue
        if (m := _LIST_ITEM.match(line)) and current:
            items.append(Item("paragraph", " ".join(current)))
            current = []
        if m and not m[1]:
            line = line[m.end() :]
        current.append(clean_inline(line))
        if hard_break:
            items.append(Item("paragraph", " ".join(current)))
            current = []
    items.append(Item("paragraph", " ".join(current)))
    return [item for item in items if item.text.strip()]


def parse(raw: str) -> Parsed:
    items: list[Item] = []
    for para in split_paragraphs(raw):
        items.extend(_lines_to_items(para))
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
