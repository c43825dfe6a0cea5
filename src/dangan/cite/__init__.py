"""Citations: a passage and its document's metadata to a one-line reference.

The one-line form follows the shape of a Chicago note: title in quotes, date, archive
reference and credits, collection, URL, then the passage's locator (section and
paragraphs). Only what the source states is used; nothing is invented. Pure: no
Whoosh, no I/O.
"""

from __future__ import annotations

import datetime as dt

from ..models import CIRCLED_CALLS, Citation, IndexedPassage, Metadata, Passage
from .item import csl_item

# The styles themselves are loaded only when one is asked for.
STYLES = ("chicago-note", "chicago-bib", "bibtex", "ris", "csl-json")

__all__ = ["STYLES", "cite", "csl_item", "format_citations", "human_date", "locator"]


def human_date(iso: str | None, iso_end: str | None = None) -> str | None:
    """'1954-02-13' -> '13 February 1954'; a range in one month -> '6–10 February 1954'."""
    if not iso:
        return None
    if len(iso) == 4:  # a year
        return iso
    if len(iso) == 7:  # a year and month
        return f"{dt.date.fromisoformat(iso + '-01'):%B %Y}"
    start = dt.date.fromisoformat(iso)
    if not iso_end or len(iso_end) != 10:
        return f"{start.day} {start:%B %Y}"
    end = dt.date.fromisoformat(iso_end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


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


def _book(passage: Passage) -> str:
    """The Chicago note of the book an excerpt carries the citation of, with its pages."""
    from .item import excerpt_source
    from .styles import chicago_note

    assert passage.source is not None
    return (
        chicago_note({"id": passage.passage_id, **excerpt_source(passage.source)}).rstrip(".") + ";"
    )


def cite(passage: Passage, metadata: Metadata) -> Citation:
    """The citation of one passage."""
    title = metadata.title.rstrip(".")
    parts = [f"“{title},”"]
    date = human_date(metadata.date, metadata.date_end) or metadata.date_text
    if date:
        parts.append(f"{date},")
    if metadata.archive_citation:
        parts.append(f"{metadata.archive_citation.rstrip('.')},")
    if metadata.contributors:
        parts.append(" and ".join(metadata.contributors) + ",")
    if metadata.volume:
        parts.append(f"{metadata.volume},")
    elif metadata.collection:
        parts.append(f"{metadata.collection},")
    if metadata.document_number:
        parts.append(f"doc. {metadata.document_number},")
    if metadata.pages and not passage.pages:
        parts.append(f"pp. {metadata.pages},")
    if metadata.source_url:
        parts.append(f"{metadata.source_url},")
    where = locator(passage)
    if passage.source:  # an excerpt is cited as its own book, found in the document
        parts = [_book(passage), "quoted in", *parts]
        where = locator(passage, pages=False)
    if where:
        parts.append(where)
    text = " ".join(parts).rstrip(",") + "."
    if len(parts) == 1:  # nothing but the title: the period goes inside its quotes
        text = f"“{title}.”"
    return Citation(
        text=text,
        title=metadata.title,
        date=metadata.date,
        archive_citation=metadata.archive_citation,
        collection=metadata.collection,
        source_url=metadata.source_url,
        locator=where,
    )


def format_citations(style: str, passages: list[IndexedPassage]) -> str:
    """The citations of passages in one style (see :mod:`dangan.cite.styles`)."""
    from .styles import format_citations as render

    return render(style, passages)
