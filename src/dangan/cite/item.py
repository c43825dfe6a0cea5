"""The structured citation of a passage: a CSL-JSON item, built only from what the
source states.

One function decides what kind of thing a passage comes from (an archival record, a
FRUS or DFAT document in a printed volume, an encyclopedia article, a book excerpt
with its own citation, a web page, a plain document) and fills the CSL variables
that kind has. Every other style is rendered from this item. Nothing is invented: a
missing editor, publisher or access date stays missing. Pure: no Whoosh, no I/O.
"""

from __future__ import annotations

import re
from typing import Any

from ..models import Metadata, Passage

FRUS = "Foreign Relations of the United States"
WILSON = "Wilson Center Digital Archive"
_EXCERPT_TITLE = re.compile(r"^(.*?)\.\s+Contributors:")
_EXCERPT_LABELS = r"Contributors|Publisher|Place of Publication|Publication Year|Page Numbers?"
_EXCERPT_FIELDS = re.compile(rf"({_EXCERPT_LABELS}):\s*(.*?)\.(?=\s+(?:{_EXCERPT_LABELS}):|\s*$)")
_ROLE = re.compile(r"^(.*?)\s+-\s+(author|editor|translator|orgname)$")
_CREDIT = re.compile(r"^(obtained|translated|edited|contributed|transcribed) by (.+)$", re.I)


def kind_of(passage: Passage, metadata: Metadata, profile: str) -> str:
    """excerpt, frus, dfat, archival, encyclopedia, wikisource, webpage or document."""
    if passage.source:
        return "excerpt"
    if profile == "frus" or metadata.collection == FRUS:
        return "frus"
    if profile == "dfat":
        return "dfat"
    if (metadata.collection or "").startswith("Wilson Center") or profile == "wilson":
        return "archival"
    if profile == "wikipedia" or metadata.collection == "Wikipedia":
        return "encyclopedia"
    if profile == "wikisource" or metadata.collection == "Wikisource":
        return "wikisource"
    if metadata.archive_citation:
        return "archival"
    if metadata.source_url:
        return "webpage"
    return "document"


def date_parts(iso: str | None) -> dict[str, Any] | None:
    """'1954-02-13' -> {"date-parts": [[1954, 2, 13]]}; a year or year-month likewise."""
    if not iso or not re.fullmatch(r"\d{4}(-\d{2}){0,2}", iso):
        return None
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


def person(name: str) -> dict[str, str]:
    """'Dorothy J. Solinger' -> family and given; a name in Chinese characters, or a
    single word, is kept whole."""
    name = " ".join(name.split())
    if " " not in name or re.search(r"[\u3400-\u9fff]", name):
        return {"literal": name}
    given, _, family = name.rpartition(" ")
    return {"family": family, "given": given}


def split_archive(citation: str) -> tuple[str, str | None]:
    """'Archive of … (AVPRF), f. 0100, op. 47' -> archive, location; 'NAA: A1838, 3107/38'
    -> 'NAA', 'A1838, 3107/38'. As written, only split."""
    if ":" in citation.split(",", 1)[0]:
        archive, _, location = citation.partition(":")
    else:
        archive, _, location = citation.partition(",")
    return archive.strip(), location.strip() or None


def excerpt_source(source: str) -> dict[str, Any]:
    """A library database's citation of a book ('Title. Contributors: A - author, …
    Publisher: P. Place of Publication: Q. Publication Year: 1977. Page Number: 40/41/42.')
    as CSL variables."""
    item: dict[str, Any] = {"type": "book"}
    if m := _EXCERPT_TITLE.match(source):
        item["title"] = m[1].strip()
    for label, value in _EXCERPT_FIELDS.findall(source):
        if label == "Contributors":
            for part in value.split(", "):
                if (role := _ROLE.match(part.strip())) and role[2] in ("author", "editor"):
                    item.setdefault(role[2], []).append(person(role[1]))
        elif label == "Publisher":
            item["publisher"] = value.strip()
        elif label == "Place of Publication":
            item["publisher-place"] = value.strip()
        elif label == "Publication Year" and value.strip().isdigit():
            item["issued"] = {"date-parts": [[int(value.strip())]]}
        elif label.startswith("Page Number"):
            pages = [p for p in re.split(r"[/,\s-]+", value) if p]
            if pages:
                item["page"] = pages[0] if len(pages) == 1 else f"{pages[0]}-{pages[-1]}"
    return item


def csl_item(passage: Passage, metadata: Metadata, profile: str) -> dict[str, Any]:
    """The CSL-JSON item for one passage (its ``id`` is the passage id)."""
    kind = kind_of(passage, metadata, profile)
    item: dict[str, Any] = {"id": passage.passage_id}
    if kind == "excerpt":
        assert passage.source is not None
        item.update(excerpt_source(passage.source))
        item["note"] = f"Quoted in: {metadata.title}"
        return item
    types = {
        "frus": "chapter",
        "dfat": "chapter",
        "archival": "manuscript",
        "encyclopedia": "entry-encyclopedia",
        "wikisource": "webpage",
        "webpage": "webpage",
        "document": "document",
    }
    item["type"] = types[kind]
    item["title"] = metadata.title
    if issued := date_parts(metadata.date):
        if end := date_parts(metadata.date_end):
            issued = {"date-parts": issued["date-parts"] + end["date-parts"]}
        item["issued"] = issued
    if accessed := date_parts(metadata.accessed):
        item["accessed"] = accessed
    if metadata.source_url:
        item["URL"] = metadata.source_url
    if metadata.language:
        item["language"] = metadata.language
    if kind in ("frus", "dfat"):
        item["container-title"] = _volume_title(metadata, kind)
        item["collection-title"] = metadata.collection or (FRUS if kind == "frus" else None)
        if metadata.document_number:
            item["number"] = metadata.document_number
        if passage.pages:
            item["page"] = passage.pages
    elif kind in ("encyclopedia", "wikisource", "webpage") and metadata.collection:
        item["container-title"] = metadata.collection
    elif metadata.collection:
        item["source"] = metadata.collection
    if kind == "frus" and metadata.source_note:
        item["note"] = metadata.source_note
    elif metadata.archive_citation:
        item["archive"], location = split_archive(metadata.archive_citation)
        if location:
            item["archive_location"] = location
    if kind == "archival" and metadata.pages:
        item["page"] = metadata.pages
    credits = [c for c in metadata.contributors if _CREDIT.match(c)]
    translators = [c.split(" by ", 1)[1] for c in credits if c.lower().startswith("translated by ")]
    if translators:
        item["translator"] = [person(t) for t in translators]
    if credits:
        line = " and ".join(credits)
        item["note"] = f"{line[0].upper()}{line[1:]}." if "note" not in item else item["note"]
    if kind == "document":  # a PDF, Word file or book: its authors, and its printed pages
        authors = [c for c in metadata.contributors if not _CREDIT.match(c)]
        if authors:
            item["author"] = [person(a) for a in authors]
        if passage.pages:
            item["page"] = passage.pages
    if metadata.place:
        item["event-place"] = metadata.place
    if metadata.doc_type and kind != "encyclopedia":
        item["genre"] = metadata.doc_type
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def _volume_title(metadata: Metadata, kind: str) -> str | None:
    volume = metadata.volume
    if kind == "dfat" and volume and metadata.collection and metadata.collection not in volume:
        return f"{metadata.collection}, {volume}"
    return volume or metadata.collection
