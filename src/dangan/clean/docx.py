"""Word documents (DOCX): paragraphs, headings, footnotes and endnotes, properties.

Read with zipfile and the defused XML guard (python-docx does not expose notes).
Paragraphs in body order, table cells included; a paragraph whose style is named
``heading n`` or ``Title`` in ``styles.xml`` (whatever its id: Chinese Word's are "1",
"2") or has an outline level is a heading. Footnotes are numbered 1, 2, 3
and endnotes i, ii, iii in the order they are first called, as Word shows them, and
are called where their reference stands. Deleted text of tracked changes and field
codes are left out. Title and author come from the document properties
(``docProps/core.xml``); its creation date is the file's, not the document's, so it is
not taken as a date.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from ..errors import CorpusError
from .archive import open_zip, read_xml_part
from .text import Item, Parsed, note_mark

NAME = "docx"
MAIN = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_HEADING_STYLE = re.compile(r"^(?:heading\s*\d|title$|subtitle$|标题\s*\d|標題\s*\d)", re.I)
_SKIPPED = {f"{_W}del", f"{_W}instrText", f"{_W}delText", f"{_W}footnotes", f"{_W}endnotes"}
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


class _Calls:
    """Labels of notes in the order they are first called."""

    def __init__(self) -> None:
        self.labels: dict[tuple[str, str], str] = {}

    def label(self, kind: str, note_id: str) -> str:
        key = (kind, note_id)
        if key not in self.labels:
            number = sum(1 for k, _ in self.labels if k == kind) + 1
            self.labels[key] = str(number) if kind == "footnote" else _roman(number)
        return self.labels[key]


def _text(element: ET.Element, calls: _Calls | None) -> Iterator[str]:
    """The text of a paragraph's runs, with note calls as marks; a paragraph nested in
    it (a text box) gives its own item, deleted text and field codes none."""
    for node in element:
        tag = node.tag
        if tag in _SKIPPED or tag == f"{_W}p":
            continue
        if tag == f"{_W}t" and node.text:
            yield node.text
        elif tag == f"{_W}tab":
            yield "\t"
        elif tag in (f"{_W}br", f"{_W}cr"):
            yield "\n"
        elif calls and tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
            kind = "footnote" if tag == f"{_W}footnoteReference" else "endnote"
            yield note_mark(calls.label(kind, node.get(f"{_W}id", "")))
        else:
            yield from _text(node, calls)


def _heading_styles(root: ET.Element | None) -> set[str]:
    """Ids of the paragraph styles that are headings: by name ("heading 1", "Title"),
    whatever the id (Chinese and German Word name their ids "1", "berschrift1"), or by
    an outline level."""
    if root is None:
        return set()
    ids = set()
    for style in root.iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        props = style.find(f"{_W}pPr")
        named = name is not None and _HEADING_STYLE.match(name.get(f"{_W}val", ""))
        if named or (props is not None and props.find(f"{_W}outlineLvl") is not None):
            ids.add(style.get(f"{_W}styleId", ""))
    return ids


def _is_heading(paragraph: ET.Element, headings: set[str]) -> bool:
    props = paragraph.find(f"{_W}pPr")
    if props is None:
        return False
    style = props.find(f"{_W}pStyle")
    if style is not None:
        value = style.get(f"{_W}val", "")
        if value in headings or _HEADING_STYLE.match(value):
            return True
    return props.find(f"{_W}outlineLvl") is not None


def _notes(root: ET.Element | None, kind: str, calls: _Calls) -> list[tuple[str, str]]:
    if root is None:
        return []
    notes = []
    for note in root.iter(f"{_W}{kind}"):
        key = (kind, note.get(f"{_W}id", ""))
        if key not in calls.labels:  # separators, and notes never called
            continue
        text = "\n\n".join("".join(_text(p, None)) for p in note.iter(f"{_W}p"))
        notes.append((calls.labels[key], text))
    order = list(calls.labels.values())
    return sorted(notes, key=lambda note: order.index(note[0]))


def _properties(root: ET.Element | None) -> dict[str, object]:
    if root is None:
        return {}
    fields: dict[str, object] = {}
    title = root.findtext(f"{_DC}title")
    if title and title.strip():
        fields["title"] = " ".join(title.split())
    creator = root.findtext(f"{_DC}creator")
    if creator and creator.strip():
        fields["contributors"] = (" ".join(creator.split()),)
    return fields


def parse(raw: bytes, path: str) -> Parsed:
    with open_zip(raw, path) as archive:
        document = read_xml_part(archive, MAIN, path)
        if document is None:
            raise CorpusError(f"{path}: DOCX has no {MAIN}; the file is damaged")
        calls = _Calls()
        headings = _heading_styles(read_xml_part(archive, "word/styles.xml", path))
        items = [
            Item("heading" if _is_heading(p, headings) else "paragraph", "".join(_text(p, calls)))
            for p in document.iter(f"{_W}p")
        ]
        notes = _notes(read_xml_part(archive, "word/footnotes.xml", path), "footnote", calls)
        notes += _notes(read_xml_part(archive, "word/endnotes.xml", path), "endnote", calls)
        fields = _properties(read_xml_part(archive, "docProps/core.xml", path))
    return Parsed(items=items, fields=fields, notes=notes)
