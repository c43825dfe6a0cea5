"""Plain data passed between the stages: documents, passages, hits and citations.

All records are frozen dataclasses; ``dataclasses.asdict`` defines their JSON shape.
This module imports neither whoosh, jieba nor click.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Part = Literal["body", "note", "title"]
"""Where an indexed unit stands in its document: a passage of the body, a note (foot-,
end-, source or editors' note), or the title with the searchable metadata."""
NoteKind = Literal["footnote", "endnote", "source", "editorial", "reference"]
CIRCLED_CALLS = 20
"""A Chinese edition prints its first twenty note calls as ⑴ … ⒇, the rest as （21）."""
CitationKind = Literal[
    "archival",
    "frus",
    "dfat",
    "chapter",
    "book",
    "encyclopedia",
    "wikisource",
    "webpage",
    "document",
]
"""What a document is cited as (see :mod:`dangan.cite.item`)."""
CONTENTS = "table of contents"
"""The doc_type of a list of titles, such as a collection's table of contents."""


@dataclass(frozen=True)
class Block:
    """A structural unit of a cleaned text: a heading or a paragraph."""

    kind: str  # "heading" or "paragraph"
    start: int
    end: int
    source: str | None = None  # the own citation of an embedded excerpt, as written


@dataclass(frozen=True)
class Note:
    """A footnote or reference entry kept beside the text, not inside it."""

    label: str
    text: str
    anchors: tuple[int, ...] = ()  # offsets in the cleaned text where the note is called
    kind: NoteKind = "footnote"


@dataclass(frozen=True)
class Metadata:
    """What a document says about itself, plus what its sidecar adds."""

    title: str
    date: str | None = None  # ISO 8601
    date_end: str | None = None  # ISO 8601, for ranges
    date_text: str | None = None  # the date as written in the source
    doc_type: str | None = None
    language: str | None = None
    collection: str | None = None  # the collection's display name
    collection_id: str | None = None  # its short id: the corpus folder, or a sidecar's value
    source_url: str | None = None
    archive_citation: str | None = None
    archive_url: str | None = None  # the archive's own catalogue entry, where given
    contributors: tuple[str, ...] = ()
    pages: str | None = None
    record_id: str | None = None
    summary: str | None = None
    volume: str | None = None  # e.g. a FRUS or DFAT volume
    document_number: str | None = None  # the document's number in its volume
    source_note: str | None = None  # FRUS: where the editors found the document
    place: str | None = None  # where the document was written or sent from
    accessed: str | None = None  # ISO date a web page was saved or exported
    # What a collection's metadata file (or a sidecar) adds for citing:
    author: tuple[str, ...] = ()  # as written: "毛泽东", "Dorothy J. Solinger"
    editor: tuple[str, ...] = ()
    container_title: str | None = None  # the book or series a document is printed in
    publisher: str | None = None
    publisher_place: str | None = None
    published: str | None = None  # the year (ISO) of the edition cited
    citation_kind: CitationKind | None = None  # overrides the kind guessed from the profile
    title_translated: str | None = None  # an English gloss of a title in another language
    # (original, romanized) for every Chinese title, name and publisher above, in Pinyin
    romanized: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Document:
    """A cleaned source file."""

    doc_id: str
    path: str  # relative to the corpus folder it was indexed from, with "/" separators
    sha256: str  # of the raw bytes
    profile: str  # the archive profile that cleaned it
    text: str
    blocks: tuple[Block, ...]
    metadata: Metadata
    notes: tuple[Note, ...] = ()
    page_breaks: tuple[tuple[int, str], ...] = ()  # (offset, page that starts there)
    pdf_pages: tuple[tuple[int, int], ...] = ()  # (offset, 1-based PDF page starting there)


@dataclass(frozen=True)
class Passage:
    """A bounded span of a document's cleaned text: the unit that is indexed and cited."""

    passage_id: str
    doc_id: str
    seq: int  # 1-based position among the document's passages
    char_start: int  # offsets into Document.text
    char_end: int
    text: str
    section: str | None  # the heading the passage falls under, if any
    paragraphs: tuple[int, int]  # first and last paragraph numbers (1-based)
    pages: str | None = None  # the printed page(s) the passage is on: "177" or "177-178"
    notes: tuple[Note, ...] = ()  # footnotes called from within the passage
    source: str | None = None  # own citation of an embedded excerpt the passage is in
    part: Part = "body"
    note: str | None = None  # a note's label ("4", "source", an editorial note's heading)
    note_kind: NoteKind | None = None
    called_from: str | None = None  # a note's calling passage (its first call)
    pdf_pages: str | None = None  # a PDF's page(s) as a viewer counts them: "12" or "12-13"


@dataclass(frozen=True)
class Citation:
    """A citation of one passage: the one-line text and the parts it was made from."""

    text: str
    title: str
    date: str | None
    archive_citation: str | None
    collection: str | None
    source_url: str | None
    locator: str


@dataclass(frozen=True)
class Hit:
    """One search result. Field order and names are the documented ``--json`` contract."""

    rank: int
    score: float
    passage_id: str
    doc_id: str
    path: str
    title: str
    date: str | None
    text: str
    matches: list[tuple[int, int]]
    citation: str
    locator: str = ""
    snippet: tuple[int, int] = (0, 0)
    in_: Part = "body"  # "in" in JSON
    note: str | None = None
    called_from: str | None = None
    collection: str | None = None  # the collection's short id
    document_number: str | None = None
    place: str | None = None
    other_matches: int | None = None  # with --by-doc: the document's other matching units
    pdf_pages: str | None = None  # the PDF page(s), as a viewer counts them, of a PDF's passage


@dataclass(frozen=True)
class SearchSummary:
    """What a search found beyond the hits of its page. Field names are the documented
    ``--json`` contract."""

    index_dir: str  # the index searched
    total: int  # matching units (titles, passages, notes)
    documents: int  # the documents they are in
    page: int
    first: int  # rank of the page's first hit (1-based); 0 if the page is empty
    last: int  # rank of its last hit
    undated_left_out: int = 0  # documents a date filter left out for having no date
    facets: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexedPassage:
    """A passage as the index stores it: with its document's path, profile and metadata."""

    passage: Passage
    path: str
    profile: str
    metadata: Metadata


@dataclass(frozen=True)
class IndexReport:
    """What one indexing run did."""

    index_dir: str
    files: int = 0  # source files seen
    indexed: int = 0  # new or changed files cleaned and indexed
    unchanged: int = 0  # files whose bytes had not changed since the last run
    removed: int = 0  # files indexed before that are gone from their folder
    passages: int = 0  # body passages in the index after the run
    notes: int = 0  # notes in the index after the run, each searched as a unit of its own
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason)


@dataclass(frozen=True)
class QuoteMatch:
    """A passage a quotation may come from. Field order and names are the
    ``dangan quote --json`` contract."""

    rank: int
    score: float  # similarity of the quotation to the aligned span, 0 to 100
    passage_id: str
    doc_id: str
    path: str
    title: str
    date: str | None
    text: str
    span: tuple[int, int]  # text[start:end] is the part of the passage quoted
    citation: str
    locator: str = ""
    in_: Part = "body"  # "in" in JSON
    note: str | None = None
    called_from: str | None = None
    collection: str | None = None
    document_number: str | None = None
    place: str | None = None
    pdf_pages: str | None = None  # the PDF page(s), as a viewer counts them, of a PDF's passage


def json_record(record: Any) -> dict[str, Any]:
    """A result dataclass as its JSON object: ``asdict`` with the trailing underscore of
    a field named after a Python keyword (``in_``) dropped."""
    return json_names(asdict(record))


def json_names(fields: dict[str, Any]) -> dict[str, Any]:
    """Field names as JSON writes them: ``in_`` (a Python keyword's field) is ``in``."""
    return {key.removesuffix("_"): value for key, value in fields.items()}
