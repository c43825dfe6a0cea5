"""Plain text with no archive profile: the first line is the title, paragraphs are
separated by blank lines."""

from __future__ import annotations

from .text import Item, Parsed, split_paragraphs

NAME = "plain"


def sniff(raw: str, filename: str) -> bool:
    return True


def parse(raw: str, filename: str = "") -> Parsed:
    paragraphs = split_paragraphs(raw)
    fields: dict[str, object] = {}
    items = [Item("paragraph", p) for p in paragraphs]
    if items:
        first_line = items[0].text.strip().splitlines()[0].strip()
        if len(first_line) <= 200:
            fields["title"] = first_line
    return Parsed(items=items, fields=fields, notes=[])
