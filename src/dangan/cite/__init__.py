"""Citations: a passage and its document's metadata to a reference, in one of the
registered styles.

A citation is built once, as a CSL-JSON item (:mod:`.item`), and rendered per style
(:mod:`.styles`). The citation printed under every hit, in JSON ``citation`` and by
``dangan show`` is the Chicago note of that item, the very text ``dangan cite --style
chicago-note`` prints. This module owns the registry of styles and a unit's locator.
Pure: no Whoosh, no I/O.
"""

from __future__ import annotations

from typing import Literal

from ..models import CIRCLED_CALLS, Citation, IndexedPassage, Passage
from .item import csl_item
from .markup import FORMATS, Format

# The styles themselves are loaded only when one is asked for.
STYLES = ("chicago-note", "chicago-bib", "bibtex", "ris", "csl-json")
Per = Literal["document", "passage"]
PER: tuple[Per, ...] = ("document", "passage")  # one entry for each document, or each unit

__all__ = [
    "FORMATS",
    "PER",
    "STYLES",
    "Format",
    "Per",
    "citation",
    "csl_item",
    "format_citations",
    "locator",
]


def note_name(passage: Passage) -> str:
    """A note as a citation names it: "n. 4", "note ⑴" or "note （21）" (a Chinese
    edition's endnote, as its call is printed), "source note", "editorial note “TITLE”"."""
    label = passage.note or ""
    if passage.note_kind == "source":
        return "source note"
    if passage.note_kind == "editorial":
        return f"editorial note “{label}”"
    if passage.note_kind == "endnote" and label.isdigit():  # as the edition prints its call
        number = int(label)
        if number <= CIRCLED_CALLS:
            return f"note {chr(0x2474 + number - 1)}"
        return f"note （{number}）"
    return f"n. {label}"


def locator(passage: Passage, *, pages: bool = True) -> str:
    """Where the unit is within its document: printed pages, section, paragraphs; a
    note is named after its page; a title stands for the whole document (no locator)."""
    if passage.part == "title":
        return ""
    parts = []
    if passage.pages and pages:
        parts.append(f"p. {passage.pages}" if "-" not in passage.pages else f"pp. {passage.pages}")
    if passage.part == "note":
        return ", ".join([*parts, note_name(passage)])
    if passage.section:
        parts.append(f"§ {passage.section}")
    first, last = passage.paragraphs
    if first:
        parts.append(f"¶ {first}" if first == last else f"¶¶ {first}–{last}")
    return ", ".join(parts)


def citation(stored: IndexedPassage) -> Citation:
    """The citation of one unit: its Chicago note (the text ``dangan cite`` prints) and
    the parts it was made from."""
    from .markup import plain
    from .styles import note_text

    metadata = stored.metadata
    return Citation(
        text=plain(note_text(stored)),
        title=metadata.title,
        date=metadata.date,
        archive_citation=metadata.archive_citation,
        collection=metadata.collection,
        source_url=metadata.source_url,
        locator=locator(stored.passage),
    )


def format_citations(
    style: str, passages: list[IndexedPassage], per: Per = "document", fmt: Format = "text"
) -> str:
    """The citations of units in one style (see :func:`dangan.cite.styles.format_citations`):
    one entry per document, or per unit with ``per="passage"``; ``fmt`` text, markdown,
    html or rtf."""
    from .styles import format_citations as render

    return render(style, passages, per, fmt)
