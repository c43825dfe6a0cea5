"""The reading view of one document: its passages in order with the query's matches
marked and the hit picked out, each passage's notes under it (uncalled notes at the
end), note calls as links, printed pages in the margin, its metadata, and its
citations in the note and bibliography styles with their downloads.

A document id is looked up in the index, never used as a path: anything that is not
a document id is "not found".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from markupsafe import Markup

from .. import names
from ..cite import format_citations
from ..contract import title_unit
from ..errors import PassageNotFoundError, QueryError
from ..highlight import find_matches
from ..index import document_units
from ..library import Library
from ..models import IndexedPassage, Passage
from ..search import prepare
from ..units import is_document_id
from .render import marked, passage_lang, safe_url

LINKED = ("source_url", "archive_url")
SHOWN_STYLES = ("chicago-note", "chicago-bib")
DOWNLOADS = (("bibtex", ".bib"), ("ris", ".ris"), ("csl-json", ".json"))


@dataclass(frozen=True)
class UnitView:
    """A passage or note as the reading view shows it."""

    unit_id: str
    html: Markup
    lang: str
    label: str  # a note's label, a passage's number
    margin: str | None  # the printed page(s), where they change
    hit: bool
    notes: tuple[UnitView, ...] = ()


@dataclass(frozen=True)
class CitationView:
    """A document's or the hit's citations, and the ids its downloads cite."""

    what: str
    ids: str
    per: str
    texts: tuple[tuple[str, str], ...]  # (style, text)


@dataclass(frozen=True)
class DocumentView:
    doc_id: str
    title: str
    lang: str
    date: str | None
    passages: tuple[UnitView, ...]
    notes: tuple[UnitView, ...]  # notes no passage calls
    metadata: tuple[tuple[str, str, str | None], ...]  # (field, value, safe link)
    citations: tuple[CitationView, ...]
    query: str
    downloads: tuple[tuple[str, str], ...] = DOWNLOADS


def document_view(
    library: Library, doc_id: str, *, query: str, exact: bool, hit: str | None
) -> DocumentView:
    """The view of a document, its matches of ``query`` marked, ``hit`` picked out."""
    if not is_document_id(doc_id):
        raise PassageNotFoundError(f"no document with id {doc_id[:40]!r}")
    units = document_units(library, doc_id.lower())
    title = title_unit(units)
    node = _node(query, exact)
    declared = title.metadata.language
    note_units = [u.passage for u in units if u.passage.part == "note"]
    # A note unit stands at its first call: (label, first call) names it even where two
    # notes share a label (a document's and a section's notes both start at 1).
    by_call = {(n.note, n.char_start): n.passage_id for n in note_units if n.note}

    def view(p: Passage, margin: str | None = None, notes: tuple[UnitView, ...] = ()) -> UnitView:
        spans = find_matches(p.text, node) if node is not None else []
        calls = sorted(
            {
                (anchor - p.char_start, note.label, by_call[note.label, min(note.anchors)])
                for note in p.notes
                if note.anchors and (note.label, min(note.anchors)) in by_call
                for anchor in note.anchors
                if p.char_start <= anchor <= p.char_end
            }
        )
        label = (p.note or "") if p.part == "note" else str(p.seq)
        html = marked(p.text, spans, calls if p.part == "body" else ())
        lang = passage_lang(p.text, declared)
        return UnitView(p.passage_id, html, lang, label, margin, p.passage_id == hit, notes)

    passages: list[UnitView] = []
    last_pages: str | None = None
    called: set[str] = set()
    for p in (u.passage for u in units if u.passage.part == "body"):
        own = tuple(view(n) for n in note_units if n.called_from == p.passage_id)
        called.update(n.unit_id for n in own)
        margin = p.pages if p.pages and p.pages != last_pages else None
        last_pages = p.pages or last_pages
        passages.append(view(p, _page_label(margin), own))
    rest = tuple(view(n) for n in note_units if n.passage_id not in called)
    return DocumentView(
        doc_id=title.passage.doc_id,
        title=title.metadata.title,
        lang=passage_lang(title.metadata.title, declared),
        date=title.metadata.date_text or title.metadata.date,
        passages=tuple(passages),
        notes=rest,
        metadata=_metadata(title),
        citations=_citations(units, title, hit),
        query=query,
    )


def _node(query: str, exact: bool) -> Any:
    """The query to mark, or None if there is none (or it cannot be read)."""
    if not query.strip():
        return None
    try:
        node = prepare(query)
    except QueryError:
        return None
    return node if exact else names.expand(node)


def _page_label(pages: str | None) -> str | None:
    if not pages:
        return None
    return f"pp. {pages}" if "-" in pages else f"p. {pages}"


def _metadata(title: IndexedPassage) -> tuple[tuple[str, str, str | None], ...]:
    """The document's metadata fields that have a value, URLs linked only to the web."""
    shown = []
    for key, value in asdict(title.metadata).items():
        if value in (None, (), [], "") or key in ("title", "romanized"):
            continue
        if isinstance(value, (tuple, list)):
            value = "; ".join(v if isinstance(v, str) else " = ".join(v) for v in value)
        text = str(value)
        shown.append((key.replace("_", " "), text, safe_url(text) if key in LINKED else None))
    shown.append(("path", title.path, None))
    return tuple(shown)


def _citations(
    units: list[IndexedPassage], title: IndexedPassage, hit: str | None
) -> tuple[CitationView, ...]:
    """The document's citations, and the hit's (a passage or note of it) if there is one."""
    found = [
        CitationView(
            "this document",
            title.passage.passage_id,
            "document",
            tuple((s, format_citations(s, [title])) for s in SHOWN_STYLES),
        )
    ]
    chosen = next((u for u in units if u.passage.passage_id == hit and u is not title), None)
    if chosen is not None:
        texts = tuple((s, format_citations(s, [chosen], "passage")) for s in SHOWN_STYLES)
        found.append(CitationView("the highlighted passage", hit or "", "passage", texts))
    return tuple(found)
