"""What one cleaned document becomes in the index: its units and their fields.

Every word the cleaner keeps is in one unit, and each unit says where it stands
(:data:`~dangan.models.Part`):

- ``title``: one per document, id ``<doc_id>-t``: the title on its first line, then the
  searchable metadata (document number, place, archive citation, contributors,
  summary, the citations of embedded excerpts);
- ``body``: the passages of :func:`dangan.passages.split`, ids ``<doc_id>-<n>``;
- ``note``: one per note (footnotes, endnotes, editors' notes, a FRUS source note),
  id ``<doc_id>-n<label>`` for a note numbered as printed (``-n4`` is n. 4),
  ``-s`` for a source note, ``-e<k>`` for the k-th editors' note, ``-r<k>`` for any
  other (the k-th note), with the passage that calls it, whose section, paragraphs and
  pages it takes.

Pure: it builds dictionaries of field values and never opens the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .backends.base import (
    BOOST,
    COLLECTION,
    COLLECTION_ID,
    DATE_END,
    DATE_START,
    DATED,
    DOC_ID,
    DOC_TYPE,
    EXACT,
    HEAD,
    LANG,
    PART,
    PASSAGE_ID,
    PATH,
    POSITION,
    RECORD,
    ROOT,
    SHA256,
    SIZE,
    SOURCE_KEY,
    TITLE,
    WORDS,
)
from .corpus import Source
from .filters import UNDATED, document_span
from .models import CONTENTS, Document, Note, Passage
from .passages import split, weight
from .records import encode_record

_DOC_ID = re.compile(r"[0-9a-fA-F]{12}")
CONTENTS_BOOST = 0.25
"""The weight of the words of a table of contents: it names every document it lists,
and must rank below each of them."""
NOTE_BOOST = 0.6
"""The weight of a note's words: a note is short, and would otherwise rank above the
passages it comments on; a historian reads the text first."""


def is_document_id(text: str) -> bool:
    """Whether ``text`` is a document id (12 hex digits) rather than a unit's id."""
    return bool(_DOC_ID.fullmatch(text))


def document_text(passages: list[Passage]) -> str:
    """A document's cleaned text from its passages in order: a blank line between two
    paragraphs, the one space (or none, in Chinese) where a long paragraph was cut."""
    parts: list[str] = []
    for before, passage in zip([None, *passages], passages, strict=False):
        if before is not None:
            same = before.paragraphs[1] == passage.paragraphs[0] != 0
            gap = passage.char_start - before.char_end
            parts.append(" " * min(gap, 1) if same else "\n\n")
        parts.append(passage.text)
    return "".join(parts)


def context_centre(passage: Passage) -> int:
    """The passage number a unit's context is around: a passage's own, a note's calling
    passage's, or 0 (the opening) for a title or a note never called."""
    if passage.part == "body":
        return passage.seq
    if passage.called_from:
        return int(passage.called_from.rsplit("-", 1)[1])
    return 0


def title_text(doc: Document, passages: list[Passage]) -> str:
    """The title unit's text: the title, then one line per searchable metadata field."""
    m = doc.metadata
    head = [f"No. {m.document_number}" if m.document_number else "", m.place or ""]
    lines = [m.title, " · ".join(part for part in head if part)]
    if m.archive_citation and not m.source_note:  # a source note is a note of its own
        lines.append(m.archive_citation)
    lines.append("; ".join(m.contributors))
    lines.append(m.summary or "")
    lines += list(dict.fromkeys(p.source for p in passages if p.source))
    return "\n".join(line for line in lines if line)


def title_unit(doc: Document, passages: list[Passage]) -> Passage:
    text = title_text(doc, passages)
    return Passage(
        passage_id=f"{doc.doc_id}-t",
        doc_id=doc.doc_id,
        seq=0,
        char_start=0,
        char_end=0,
        text=text,
        section=None,
        paragraphs=(0, 0),
        part="title",
    )


def _all_notes(doc: Document) -> list[tuple[str, Note]]:
    """The document's notes with the ends of their ids (see the module's docstring)."""
    labels = [n.label for n in doc.notes]
    found: list[tuple[str, Note]] = []
    if doc.metadata.source_note:
        found.append(("s", Note("source", doc.metadata.source_note, (), "source")))
    editorial = 0
    for k, note in enumerate(doc.notes, start=1):
        if note.kind == "editorial":
            editorial += 1
            found.append((f"e{editorial}", note))
        elif note.label.isdigit() and labels.count(note.label) == 1:
            found.append((f"n{note.label}", note))
        else:
            found.append((f"r{k}", note))
    return found


def note_units(doc: Document, passages: list[Passage]) -> list[Passage]:
    """One unit per note, placed at the passage that first calls it."""
    units = []
    for number, (end, note) in enumerate(_all_notes(doc)):
        call = min(note.anchors, default=None)
        caller = None
        if call is not None:
            caller = next((p for p in passages if p.char_start <= call <= p.char_end), None)
        where = caller or (passages[0] if passages and note.kind == "source" else None)
        units.append(
            Passage(
                passage_id=f"{doc.doc_id}-{end}",
                doc_id=doc.doc_id,
                seq=number,
                char_start=call or 0,
                char_end=call or 0,
                text=note.text,
                section=where.section if where else None,
                paragraphs=where.paragraphs if where else (0, 0),
                pages=where.pages if where else None,
                pdf_pages=where.pdf_pages if where else None,
                part="note",
                note=note.label,
                note_kind=note.kind,
                called_from=caller.passage_id if caller else None,
            )
        )
    return units


def units(doc: Document) -> list[Passage]:
    """Every unit of the document: its title, its passages, its notes."""
    passages = split(doc)
    return [title_unit(doc, passages), *passages, *note_units(doc, passages)]


def _head(unit: Passage, title: str) -> str:
    """What a unit has for a title: a document's, or an editors' note's heading."""
    if unit.part == "title":
        return title
    return unit.note or "" if unit.note_kind == "editorial" else ""


def document_fields(doc: Document, source: Source, key: str) -> Iterator[dict[str, Any]]:
    """The fields of every unit of ``doc`` to add to the index, in order."""
    m = doc.metadata
    collection = " ".join(dict.fromkeys(c for c in (m.collection_id, m.collection) if c))
    doc_boost = CONTENTS_BOOST if m.doc_type == CONTENTS else 1.0
    span = document_span(m.date, m.date_end) or (UNDATED, UNDATED)
    for order, unit in enumerate(units(doc)):
        boost = doc_boost * (NOTE_BOOST if unit.part == "note" else 1.0)
        yield {
            **({BOOST: boost} if boost != 1.0 else {}),
            DATE_START: span[0],
            DATE_END: span[1],
            DATED: "no" if span[0] == UNDATED else "yes",
            LANG: m.language or "",
            DOC_TYPE: (m.doc_type or "").lower(),
            COLLECTION_ID: m.collection_id or "",
            POSITION: f"{source.path}\x00{order:06d}",
            SIZE: round(weight(unit.text)),
            PASSAGE_ID: unit.passage_id,
            DOC_ID: doc.doc_id,
            PART: unit.part,
            SOURCE_KEY: key,
            ROOT: str(source.root),
            PATH: source.path,
            SHA256: doc.sha256,
            EXACT: unit.text,
            WORDS: unit.text,
            HEAD: _head(unit, m.title),
            TITLE: m.title,
            COLLECTION: collection,
            RECORD: encode_record(unit, doc.path, doc.profile, m),
        }
