"""The structured citation of a passage: a CSL-JSON item, built only from what the
source states.

One function decides what kind of thing a passage comes from (an archival record, a
FRUS or DFAT document in a printed volume, an encyclopedia article, a book excerpt
with its own citation, a web page, a plain document; or the kind its collection file
names) and fills the CSL variables that kind has. Every other style is rendered from
this item. Nothing is invented: a missing editor, publisher or access date stays
missing. Pure: no Whoosh, no I/O.

Chinese titles and names (Chicago 17th ed., 11.85–89, 14.98): a Chinese title is carried
as its romanized form in ``title`` and its characters in ``original-title`` (CSL's
"title of the original version"); a book's name and a person's name as one text, the
romanized form then the characters ("Mao Zedong xuanji 毛泽东选集", a ``literal`` name
"Mao Zedong 毛泽东": never inverted, family name first). The romanized forms were made
when the document was cleaned (:mod:`dangan.clean.romanized`).
"""

from __future__ import annotations

import re
from typing import Any

from ..models import CitationKind, Metadata, Passage

FRUS = "Foreign Relations of the United States"
WILSON = "Wilson Center Digital Archive"
_EXCERPT_TITLE = re.compile(r"^(.*?)\.\s+Contributors:")
_EXCERPT_LABELS = r"Contributors|Publisher|Place of Publication|Publication Year|Page Numbers?"
_EXCERPT_FIELDS = re.compile(rf"({_EXCERPT_LABELS}):\s*(.*?)\.(?=\s+(?:{_EXCERPT_LABELS}):|\s*$)")
_ROLE = re.compile(r"^(.*?)\s+-\s+(author|editor|translator|orgname)$")
_CREDIT = re.compile(r"^(obtained|translated|edited|contributed|transcribed) by (.+)$", re.I)
# A footnote call left in a title: ⑴, 〔1〕, [1], a superscript digit.
NOTE_CALL = re.compile(r"\s*(?:[\u2474-\u2487]|〔\d{1,3}〕|\[\d{1,3}\]|[¹²³⁴-⁹⁰]+)")
HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002fa1f]")
TYPES = {
    "frus": "chapter",
    "dfat": "chapter",
    "chapter": "chapter",
    "book": "book",
    "archival": "manuscript",
    "encyclopedia": "entry-encyclopedia",
    "wikisource": "webpage",
    "webpage": "webpage",
    "document": "document",
}


def kind_of(passage: Passage, metadata: Metadata, profile: str) -> CitationKind | str:
    """excerpt, or the kind the collection file names, or frus, dfat, archival,
    encyclopedia, wikisource, webpage or document by the profile and metadata."""
    if passage.source:
        return "excerpt"
    if metadata.citation_kind:
        return metadata.citation_kind
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


def person(name: str, romanized: dict[str, str] | None = None) -> dict[str, str]:
    """'Dorothy J. Solinger' -> family and given; a Chinese name is one text, romanized
    then in characters ('Mao Zedong 毛泽东'); a single word is kept whole."""
    name = " ".join(name.split())
    if HAN.search(name):
        return {"literal": both(name, romanized or {})}
    if " " not in name:
        return {"literal": name}
    given, _, family = name.rpartition(" ")
    return {"family": family, "given": given}


def both(text: str, romanized: dict[str, str]) -> str:
    """A Chinese text as Chicago gives it, romanized then in characters; others as is."""
    latin = romanized.get(text)
    return f"{latin} {text}" if latin else text


_SMALL_WORDS = frozenset(
    re.findall(r"\w+", "a an and as at but by for from in nor of on or the to with")
)


_MC_CAPS = re.compile(r"\bMc(?=[A-Z])")
_MC = re.compile(r"\bMc([a-z])")


def title_case(title: str) -> str:
    """A title printed in capitals ("CABLEGRAM TO CANBERRA") in headline style, as
    Chicago cites it; any other title is left exactly as the source has it. Each part
    of a hyphened word is capitalised, abbreviations with dots stay in capitals (U.S.)."""
    if not _MC_CAPS.sub("MC", title).isupper():  # McINTYRE is a name in capitals too
        return title
    words = title.lower().split(" ")
    return _MC.sub(
        lambda m: "Mc" + m[1].upper(), " ".join(_headline(w, i == 0) for i, w in enumerate(words))
    )


def _headline(word: str, first: bool) -> str:
    if not first and word in _SMALL_WORDS:
        return word
    return "-".join(_capital(part) for part in word.split("-"))


def _capital(part: str) -> str:
    if re.fullmatch(r"\W*(?:[a-z]\.)+\W*", part):
        return part.upper()
    return re.sub(r"^(\W*)(\w)", lambda m: m[1] + m[2].upper(), part)


def clean_title(title: str) -> str:
    """A title without the note calls a source prints in it."""
    return NOTE_CALL.sub("", title).rstrip(".").strip()


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
    romanized = dict(metadata.romanized)
    item["type"] = TYPES[kind]
    title = clean_title(metadata.title)
    latin = romanized.get(title) or romanized.get(metadata.title)
    item["title"] = latin or title_case(title)
    item["original-title"] = title if latin else None
    for csl, names in (("author", metadata.author), ("editor", metadata.editor)):
        if names:
            item[csl] = [person(n, romanized) for n in names]
    _dates(item, metadata)
    if metadata.source_url:
        item["URL"] = metadata.source_url
    if metadata.language:
        item["language"] = metadata.language
    _container(item, metadata, kind, passage, romanized)
    if kind == "frus" and metadata.source_note:
        item["note"] = metadata.source_note
    elif metadata.archive_citation:
        item["archive"], location = split_archive(metadata.archive_citation)
        if location:
            item["archive_location"] = location
    if kind == "archival" and metadata.pages:
        item["page"] = metadata.pages
    _credits(item, metadata)
    if kind == "document":  # a PDF, Word file or book: its authors, and its printed pages
        authors = [c for c in metadata.contributors if not _CREDIT.match(c)]
        if authors and "author" not in item:
            item["author"] = [person(a, romanized) for a in authors]
        if passage.pages:
            item["page"] = passage.pages
    if metadata.place:
        item["event-place"] = metadata.place
    if metadata.doc_type and kind != "encyclopedia":
        item["genre"] = metadata.doc_type
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def _dates(item: dict[str, Any], metadata: Metadata) -> None:
    """``issued``: the document's date, or the edition's year when the collection gives
    one (the document's date is then its ``original-date``); ``accessed``."""
    written = date_parts(metadata.date)
    if written and (end := date_parts(metadata.date_end)):
        written = {"date-parts": written["date-parts"] + end["date-parts"]}
    if not written and metadata.date_text:  # a date that cannot be read: as written
        written = {"literal": metadata.date_text}
    if published := date_parts(metadata.published):
        item["issued"] = published
        item["original-date"] = written
    else:
        item["issued"] = written
    if accessed := date_parts(metadata.accessed):
        item["accessed"] = accessed


def _container(
    item: dict[str, Any], metadata: Metadata, kind: str, passage: Passage, romanized: dict[str, str]
) -> None:
    """The book, volume, series or site the document is in, its publisher, and the
    passage's printed pages."""
    for csl, value in (("publisher", metadata.publisher),
                       ("publisher-place", metadata.publisher_place)):  # fmt: skip
        if value:
            item[csl] = romanized.get(value, value)
    if metadata.container_title:
        item["container-title"] = both(metadata.container_title, romanized)
        item["volume"] = metadata.volume
        item["collection-title"] = metadata.collection if kind in ("frus", "dfat") else None
    elif kind in ("frus", "dfat"):
        item["container-title"] = _volume_title(metadata, kind)
        item["collection-title"] = metadata.collection or (FRUS if kind == "frus" else None)
    elif kind in ("encyclopedia", "wikisource", "webpage") and metadata.collection:
        item["container-title"] = metadata.collection
    elif metadata.collection:
        item["source"] = metadata.collection
    if kind in ("frus", "dfat", "chapter", "book") and metadata.document_number:
        item["number"] = metadata.document_number
    if kind in ("frus", "dfat", "chapter") and passage.pages:
        item["page"] = passage.pages


def _credits(item: dict[str, Any], metadata: Metadata) -> None:
    """Who obtained, translated or edited an archival record, as a note; translators
    as names."""
    credits = [c for c in metadata.contributors if _CREDIT.match(c)]
    translators = [c.split(" by ", 1)[1] for c in credits if c.lower().startswith("translated by ")]
    if translators:
        item["translator"] = [person(t) for t in translators]
    if credits:
        line = " and ".join(credits)
        item["note"] = f"{line[0].upper()}{line[1:]}." if "note" not in item else item["note"]


def _volume_title(metadata: Metadata, kind: str) -> str | None:
    volume = metadata.volume
    if kind == "dfat" and volume and metadata.collection and metadata.collection not in volume:
        return f"{metadata.collection}, {volume}"
    return volume or metadata.collection


def archive_reference(item: dict[str, Any]) -> str | None:
    """The archival reference as the source writes it ("NAA: A1838, …", "AVPRF, f. …")."""
    if "archive" not in item:
        return None
    archive, location = item["archive"], item.get("archive_location")
    if not location:
        return str(archive)
    acronym = archive.isupper() and " " not in archive
    return f"{archive}: {location}" if acronym else f"{archive}, {location}"


def joined(parts: list[str | None], sep: str = ", ") -> str:
    """The parts that are there, joined."""
    return sep.join(p for p in parts if p)
