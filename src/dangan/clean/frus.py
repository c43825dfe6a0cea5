"""Foreign Relations of the United States (FRUS) documents in TEI XML.

One ``<div type="document">`` per file, as the Office of the Historian publishes them:
``<head>`` (the number and title, with the source note as ``<note type="source">``),
``<dateline>`` (``<placeName>``, ``<date when=…>``), subject and participants lists,
paragraphs, numbered ``<label>``/``<item>`` lists, ``<quote>``, ``<table>``,
``<closer><signed>`` and ``<frus:attachment>``. Footnotes are ``<note>`` elements in the
middle of sentences: they leave the text and are kept as notes, called from where they
stood. Page breaks ``<pb n=…/>`` become page locators; the page before the first break
is the one before its number. XML is parsed with defusedxml: entity declarations (the
"billion laughs") and external entities are refused, and nothing is fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .text import Item, Parsed, note_mark, page_mark
from .xml import read_xml

NAME = "frus"
COLLECTION = "Foreign Relations of the United States"
_TEI = "{http://www.tei-c.org/ns/1.0}"
_FRUS = "{http://history.state.gov/frus/ns/1.0}"
_VOLUME_ID = re.compile(r"(frus(\d{4})-(\d{2,4})v(\d+)(?:p(\d+))?)")
_NUMBER_PREFIX = re.compile(r"^\s*(\d+)\.\s*")
_DOC_TYPE = re.compile(r"^(.+?)(?=\s+(?:From|To|by|By|Prepared|Between|for)\b|,|:|\(|$)")
_BLOCKS = {"p", "head", "dateline", "item", "signed", "closer", "quote", "row", "label"}


def sniff(raw: str, filename: str) -> bool:
    head = raw[:3000]
    return "http://www.tei-c.org/ns/1.0" in head and 'type="document"' in head


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _roman(number: int) -> str:
    values = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def volume_title(volume_id: str) -> str | None:
    """The volume's title from its id, its number in Roman numerals:
    frus1969-76v17 -> "Foreign Relations of the United States, 1969–1976, Volume XVII"."""
    m = _VOLUME_ID.fullmatch(volume_id)
    if not m:
        return None
    start, end = m[2], m[3]
    end = start[: 4 - len(end)] + end
    title = f"{COLLECTION}, {start}–{end}, Volume {_roman(int(m[4]))}"
    return f"{title}, Part {m[5]}" if m[5] else title


class _Reader:
    """Walks the document, turning elements into items, notes and metadata."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.notes: list[tuple[str, str]] = []
        self.source_note: str | None = None
        self.participants: list[str] = []
        self.current: list[str] = []
        self.first_page_marked = False

    def flush(self, kind: str = "paragraph") -> None:
        text = "".join(self.current)
        if text.strip() or "\ufdd0" in text:
            self.items.append(Item(kind, text))
        self.current = []

    def note(self, el: ET.Element) -> None:
        text = " ".join("".join(el.itertext()).split())
        if el.get("type") == "source":
            self.source_note = text
            return
        label = el.get("n") or str(len(self.notes) + 1)
        self.notes.append((label, text))
        self.current.append(note_mark(label))

    def page(self, el: ET.Element) -> None:
        number = el.get("n") or ""
        if not self.first_page_marked and number.isdigit():
            # What comes before the document's first break is on the page before it.
            self.items.insert(0, Item("paragraph", page_mark(str(int(number) - 1))))
        self.first_page_marked = True
        self.current.append(page_mark(number))

    def inline(self, el: ET.Element) -> None:
        """An element's text into the current paragraph, recursing into its children."""
        if el.text:
            self.current.append(el.text)
        for child in el:
            self.element(child)
            if child.tail:
                self.current.append(child.tail)

    def element(self, el: ET.Element) -> None:
        name = _local(el.tag)
        if name == "note":
            self.note(el)
        elif name == "pb":
            self.page(el)
        elif name == "lb":
            self.current.append(" ")
        elif name == "list":
            self.listing(el)
        elif name == "table":
            self.table(el)
        elif name == "head":
            self.flush()
            self.inline(el)
            self.flush("heading")
        elif name in _BLOCKS or name == "attachment" or name == "div":
            self.flush()
            if name == "label":
                self.inline(el)
                self.current.append(" ")
                return
            self.inline(el)
            self.flush()
        else:
            self.inline(el)

    def listing(self, el: ET.Element) -> None:
        self.flush()
        kind = el.get("type")
        for child in el:
            name = _local(child.tag)
            if name == "label":
                self.inline(child)
                self.current.append(" ")
            elif name == "item":
                if kind == "participants":
                    self.participants.append(" ".join("".join(child.itertext()).split()))
                self.inline(child)
                self.flush()
            elif name == "head":
                self.inline(child)
                self.flush("heading" if kind not in ("subject", "participants") else "paragraph")
            else:
                self.element(child)
            if child.tail and child.tail.strip():
                self.current.append(child.tail)
        self.flush()

    def table(self, el: ET.Element) -> None:
        self.flush()
        for row in el.iter(f"{_TEI}row"):
            cells = [" ".join("".join(c.itertext()).split()) for c in row]
            self.current.append(" | ".join(c for c in cells if c))
            self.flush()


def parse(raw: str, filename: str = "") -> Parsed:
    root = read_xml(raw, filename)
    reader = _Reader()
    head = root.find(f"{_TEI}head")
    title = number = None
    if head is not None:
        title_parts = [head.text or ""]
        for child in head:
            if _local(child.tag) == "note":
                reader.note(child) if child.get("type") == "source" else None
            else:
                title_parts.append("".join(child.itertext()))
            title_parts.append(child.tail or "")
        title = " ".join("".join(title_parts).split())
        if m := _NUMBER_PREFIX.match(title):
            number, title = m[1], title[m.end() :]
    for child in root:
        if child is head:
            continue
        reader.element(child)
        if child.tail and child.tail.strip():
            reader.current.append(child.tail)
    reader.flush()
    fields: dict[str, object] = {"collection": COLLECTION, "title": title}
    fields["document_number"] = root.get("n") or number
    if title and (m := _DOC_TYPE.match(title)):
        fields["doc_type"] = m[1].strip()
    dateline = root.find(f"{_TEI}dateline")
    if dateline is not None:
        date = dateline.find(f".//{_TEI}date")
        place = dateline.find(f".//{_TEI}placeName")
        if date is not None:
            fields["date_text"] = " ".join("".join(date.itertext()).split()) or None
            when = (date.get("when") or "")[:10]
            fields["date"] = when if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", when) else None
        if place is not None:
            fields["place"] = " ".join("".join(place.itertext()).split()) or None
    if not fields.get("date"):
        earliest = root.get(f"{_FRUS}doc-dateTime-min") or ""
        latest = root.get(f"{_FRUS}doc-dateTime-max") or ""
        if earliest[:10] and earliest[:10] == latest[:10]:
            fields["date"] = earliest[:10]
    if reader.source_note:
        fields["source_note"] = reader.source_note
        fields["archive_citation"] = re.sub(r"^Source:\s*", "", reader.source_note)
    if reader.participants:
        fields["contributors"] = tuple(f"participant: {p}" for p in reader.participants)
    doc_id = root.get("{http://www.w3.org/XML/1998/namespace}id") or ""
    if m := _VOLUME_ID.search(filename):
        fields["volume"] = volume_title(m[1])
        if doc_id:
            fields["record_id"] = f"{m[1]}/{doc_id}"
            fields["source_url"] = f"https://history.state.gov/historicaldocuments/{m[1]}/{doc_id}"
    return Parsed(items=reader.items, fields=fields, notes=reader.notes)
