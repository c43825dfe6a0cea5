"""Documents on Australian Foreign Policy (DFAT), as Markdown with YAML front matter.

Front matter gives the title ("163 CABLEGRAM TO CANBERRA": document number and title),
the volume, the database id and the date. The body repeats the title as a "#"
heading, then a place-and-date line ("Taipei, 10 March 1971"), the text with
escaped list numbers ("2\\."), emphasis and leftover HTML entities, the archival
citation in brackets ("[NAA: A1838, 3107/38, iii]"), and the footnotes as lines
starting with their number. Footnote calls are numbers glued to the word or
punctuation before them ("Yang,2", "N.E.F.A.4", "[for]5"): they are found in order,
each after the last, and become calls of their notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import parse_date, parse_dateline
from .markdown import markdown_inline
from .text import Item, Parsed, note_mark, split_paragraphs, strip_marks

NAME = "dfat"
COLLECTION = "Documents on Australian Foreign Policy"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_FIELD = re.compile(r'^([A-Za-z_]+):\s*"?(.*?)"?\s*$')
_NUMBERED_TITLE = re.compile(r"^(\d{1,4})\s+(.+)$")
_ARCHIVE = re.compile(r"^\[\s*\[?\s*(?:NAA|AA|PRO|TNA|NARA)\s*:[^\n]{0,200}$")
_ARCHIVE_URL = re.compile(r"\]\((https?://[^)\s]+)\)")
_FOOTNOTE = re.compile(r"^(?:\*\s*)?(\d{1,3})(?!\d)(?:\s+|(?=[^\s\d.,:;)\]%\\]))(\S.*)$", re.S)
_PLACE_DATE = re.compile(
    r"^([A-Z][A-Za-z .'’-]{1,40}),\s+((?:\d{1,2}\s+)?[A-Z][a-z]+,?\s+\d{4,6}|undated)\d{0,2}$"
)
MAX_NOTE_GAP = 2
_BOLD_BLOCK = re.compile(r"\*\*([^*].*?)\*\*", re.S)  # a heading, perhaps over two lines
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
_BOLD_LINE = re.compile(r"^\*\*([^*].*?)\*\*$")
_DOC_TYPES = (
    "record of conversation",
    "cabinet submission",
    "cabinet decision",
    "cablegram",
    "savingram",
    "teletype",
    "minute",
    "letter",
    "submission",
    "memorandum",
    "paper",
    "brief",
    "record",
    "note",
    "notes",
    "dispatch",
    "extract",
    "summary",
)


def sniff(raw: str, filename: str) -> bool:
    m = _FRONT.match(raw)
    return bool(m and re.search(r"^(vol_id|doc_date|barcode):", m[1], re.M))


def _note_items(para: str) -> list[tuple[str, str]]:
    """A paragraph of one or more numbered notes ("1 H.M. Loveday…", "2See…",
    "* 1  See Document 161.\n* 2  …") as (label, text) pairs; [] if it is not one."""
    lines = re.split(r"\n(?=\*\s*\d)", para) if para.startswith("*") else [para]
    items = [(m[1], m[2]) for line in lines if (m := _FOOTNOTE.match(line))]
    return items if len(items) == len(lines) else []


def _tail(
    paras: list[str], document: str = ""
) -> tuple[list[str], list[tuple[str, str]], list[_Section]]:
    """What follows the archival citation: paragraphs the document still has, its
    numbered footnotes, and the editors' sections ("**KISSINGER'S FIRST VISIT…**",
    italic paragraphs, footnotes numbered anew) that the volume prints after it.

    After a section, notes come in runs numbered from 1, the document's and the
    sections' alike (see :func:`_owners`)."""
    body: list[str] = []
    notes: list[tuple[str, str]] = []
    sections: list[_Section] = []
    runs: list[list[tuple[str, str]]] = []
    for para in paras:
        if m := _BOLD_BLOCK.fullmatch(para):
            sections.append(_Section(" ".join(markdown_inline(m[1]).split()), [], []))
            continue
        items = _note_items(para)
        own = runs[-1] if sections and runs else notes
        mine = own is not notes or not sections
        if sections and items and items[0][0] == "1":
            runs.append(list(items))
        elif items and mine and _follows(own, items[0][0]):
            own.extend(items)
        elif own and mine:  # a note running on
            own[-1] = (own[-1][0], f"{own[-1][1]} {para}")
        elif sections:
            sections[-1].paragraphs.append(para)
        else:
            body.append(para)
    _owners(runs, notes, sections, document)
    return body, notes, sections


def _follows(notes: list[tuple[str, str]], label: str) -> bool:
    """Whether a note numbered ``label`` comes next: one more than the last (or up to
    two more, where the source lost a note), or a second note 1 (a date's, a list's)."""
    last = int(notes[-1][0]) if notes else 0
    return label == "1" or last < int(label) <= last + MAX_NOTE_GAP + 1


def _owners(
    runs: list[list[tuple[str, str]]],
    notes: list[tuple[str, str]],
    sections: list[_Section],
    document: str,
) -> None:
    """Give each run of notes after the sections its owner: with more runs than
    sections, the first is the document's (it is printed first); with as many, the
    first is the document's if it has none yet and its text calls more of the run's
    numbers than the first section's does. The others go to the sections, in order."""
    if runs and not notes:
        labels = [label for label, _ in runs[0]]
        section_text = "\n\n".join(sections[0].paragraphs) if sections else ""
        if len(runs) > len(sections) or _called(document, labels) > _called(section_text, labels):
            notes.extend(runs.pop(0))
    for section, run in zip(sections[len(sections) - len(runs) :], runs, strict=False):
        section.notes.extend(run)


def _called(text: str, labels: list[str]) -> int:
    """How many of these note numbers the text calls."""
    return sum(bool(_call_pattern(label).search(text)) for label in labels)


def _call_pattern(label: str) -> re.Pattern[str]:
    """A note's call: its number glued to the word or punctuation before it."""
    return re.compile(rf"(?<=[^\s\d]){label}(?!\d)")


@dataclass
class _Section:
    """An editors' section printed after a document."""

    heading: str
    paragraphs: list[str]
    notes: list[tuple[str, str]]

    def text(self) -> str:
        """Heading, paragraphs and numbered notes as one note text (calls as "[n]")."""
        paras = _call_notes(self.paragraphs, [label for label, _ in self.notes], "[{}]")
        notes = [f"[{label}] {text}" for label, text in self.notes]
        return "\n\n".join(markdown_inline(p) for p in [self.heading, *paras, *notes])


def _footnotes(paras: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Split the trailing footnotes (numbered 1, 2, 3 … in order) off the paragraphs
    of a document without an archival citation."""
    for start in range(len(paras)):
        if not (items := _note_items(paras[start])) or items[0][0] != "1":
            continue
        body, notes, sections = _tail(paras[start:])
        if not body and not sections:
            return paras[:start], notes
    return paras, []


def _call_notes(paras: list[str], labels: list[str], mark_format: str = "") -> list[str]:
    """Replace each note's call, found in order after the previous one, by a mark
    (or by ``mark_format`` with the label, in text that keeps its calls visible)."""
    text = "\n\n".join(paras)
    pos = 0
    for label in labels:
        m = _call_pattern(label).search(text, pos)
        if not m:
            continue
        mark = mark_format.format(label) if mark_format else note_mark(label)
        text = text[: m.start()] + mark + text[m.end() :]
        pos = m.start() + len(mark)
    return text.split("\n\n")


def _archive_citation(line: str) -> str:
    """'[ [NAA: A1838, 3107/38, iii](http://…) ]' -> 'NAA: A1838, 3107/38, iii', as written
    but for the brackets (which the source does not always balance)."""
    return _ARCHIVE_URL.sub("", line).strip("[]() \t")


def _doc_type(title: str) -> str | None:
    lower = title.lower()
    return next((t for t in _DOC_TYPES if lower.startswith(t)), None)


def parse(raw: str, filename: str = "") -> Parsed:
    front = _FRONT.match(raw)
    assert front is not None  # sniffed, or named in a sidecar: then say so below
    meta = {m[1]: m[2] for line in front[1].splitlines() if (m := _FIELD.match(line))}
    fields: dict[str, object] = {"collection": COLLECTION}
    heading_title = meta.get("title", "")
    if m := _NUMBERED_TITLE.match(heading_title):
        fields["document_number"], fields["title"] = m[1], m[2]
    elif heading_title:
        fields["title"] = heading_title
    fields["doc_type"] = _doc_type(str(fields.get("title", "")))
    fields["volume"] = meta.get("volume") or None
    fields["record_id"] = meta.get("doc_id") or None
    if meta.get("doc_date"):
        fields["date"] = parse_date(meta["doc_date"])
    paras = [p.strip() for p in split_paragraphs(raw[front.end() :])]
    archive = [p for p in paras if _ARCHIVE.match(p)]
    if archive:
        fields["archive_citation"] = "; ".join(_archive_citation(p) for p in archive)
        fields["archive_url"] = next((m[1] for p in archive if (m := _ARCHIVE_URL.search(p))), None)
        last = len(paras) - 1 - paras[::-1].index(archive[-1])
        rest, notes, sections = _tail(paras[last + 1 :], "\n\n".join(paras[:last]))
        body = [p for p in paras[:last] + rest if not _ARCHIVE.match(p)]
    else:
        (body, notes), sections = _footnotes(paras), []
    body = _call_notes(body, [label for label, _ in notes])
    items: list[Item] = []
    for para in body:
        if (m := _HEADING.match(para)) and "\n" not in para:
            if m[1].strip() != heading_title:
                items.append(Item("heading", markdown_inline(m[1])))
            continue
        if (m := _BOLD_LINE.match(para)) and "\n" not in para:
            items.append(Item("heading", markdown_inline(m[1])))
            continue
        if "place" not in fields and (m := _PLACE_DATE.match(strip_marks(para))):
            date, fields["date_text"] = parse_dateline(m[2])
            fields["place"] = m[1]
            if not fields.get("date"):
                fields["date"] = date
        items.append(Item("paragraph", markdown_inline(para)))
    editorial = [(section.heading, section.text()) for section in sections]
    return Parsed(
        items=items,
        fields=fields,
        notes=[(k, markdown_inline(v)) for k, v in notes] + editorial,
        note_kinds={heading: "editorial" for heading, _ in editorial},
    )
