"""Wilson Center Digital Archive records saved from the web page as text.

Layout: "Skip to content", the record's date, its title, the translated document, a
one-paragraph summary, then "Document Information" (archive citation with "Obtained
by …" and "translated by …", rights notices, uploaded date, document type, record id).
The document and its metadata are kept; the site's navigation and rights notices are not.
"""

from __future__ import annotations

import re

from .dates import parse_date
from .text import Item, Parsed, split_paragraphs

NAME = "wilson"
_INFO = "Document Information"
_SITE_LINES = frozenset({"Skip to content"})
_RIGHTS_PREFIXES = (
    "The History and Public Policy Program welcomes reuse",
    "To enquire about this document's rights status",
    "To enquire about this document’s rights status",
)
_LABELS = (
    "Original Uploaded Date",
    "Record ID",
    "Original Language",
    "Contents",
    "Theme",
    "Type",
    "Document Type",
)
_CONTRIBUTOR = re.compile(
    r"\b(obtained|translated|edited|contributed|transcribed)\s+by\s+(.+?)(?=,?\s+and\s+\w+\s+by\b|\.?$)",
    re.IGNORECASE,
)
_PAGES = re.compile(r"^\[pp?\.\]\s*([\d\s\-–,]+)$")


def sniff(raw: str, filename: str) -> bool:
    head = raw[:400]
    return "Skip to content" in head and _INFO in raw and "History and Public Policy Program" in raw


def _split_citation(line: str) -> tuple[str, tuple[str, ...]]:
    """'Archive …, delo 7. Obtained by A and translated by B.' -> citation, contributors."""
    m = re.search(r"\.\s+(?=(Obtained|Translated|Edited|Contributed|Transcribed)\s+by\b)", line)
    if not m:
        return line.strip().rstrip("."), ()
    citation, credits = line[: m.start()].strip(), line[m.end() :].strip()
    contributors = tuple(
        f"{verb.lower()} by {who.strip().rstrip('.')}"
        for verb, who in _CONTRIBUTOR.findall(credits)
    )
    return citation, contributors


def parse(raw: str, filename: str = "") -> Parsed:
    paragraphs = [p.strip() for p in split_paragraphs(raw)]
    paragraphs = [p for p in paragraphs if p not in _SITE_LINES]
    fields: dict[str, object] = {}
    if paragraphs and (date := parse_date(paragraphs[0])):
        fields["date"], fields["date_text"] = date, paragraphs.pop(0)
    if paragraphs:
        fields["title"] = paragraphs.pop(0)
    body, info = paragraphs, []
    if _INFO in paragraphs:
        cut = paragraphs.index(_INFO)
        body, info = paragraphs[:cut], paragraphs[cut + 1 :]
        if len(body) > 1:
            fields["summary"] = body.pop()
    _read_information(info, fields)
    for p in body:
        if m := _PAGES.match(p):
            fields["pages"] = m[1].strip()
            break
    return Parsed(items=[Item("paragraph", p) for p in body], fields=fields, notes=[])


def _read_information(info: list[str], fields: dict[str, object]) -> None:
    """Read the "Document Information" block into metadata fields."""
    pending_label: str | None = None
    for para in info:
        if para.startswith(_RIGHTS_PREFIXES):
            continue
        if para in _LABELS:
            pending_label = para
            continue
        if pending_label == "Record ID" and re.fullmatch(r"\d+", para):
            fields["record_id"] = para
        elif pending_label == "Original Uploaded Date" and parse_date(para):
            pass
        elif "archive_citation" not in fields and "," in para:
            fields["archive_citation"], fields["contributors"] = _split_citation(para)
        elif "doc_type" not in fields and len(para) < 60:
            fields["doc_type"] = para
        pending_label = None
