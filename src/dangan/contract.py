"""The JSON shapes of the ``--json`` contract (README, "JSON output") for search, show,
quote and names: one definition that the command line prints and the web API
(:mod:`dangan.web`) serves. Pure: it turns result records into plain dicts and lists;
it neither searches, prints nor imports click or a web framework.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .cite import citation
from .models import IndexedPassage, QuoteMatch, json_record
from .units import document_text

if TYPE_CHECKING:
    from .names import NameExpansion
    from .search import SearchResult


def search_record(result: SearchResult) -> dict[str, Any]:
    """``dangan search --json``: the page's hits and the summary's counts."""
    return {"hits": [json_record(h) for h in result], **asdict(result.summary)}


def quote_records(matches: list[QuoteMatch]) -> list[dict[str, Any]]:
    """``dangan quote --json``: the matches, best first."""
    return [json_record(m) for m in matches]


def names_records(found: list[tuple[NameExpansion, dict[str, int]]]) -> list[dict[str, Any]]:
    """``dangan names --json``: each name, its forms and the units holding each form."""
    from .names import name_record

    return [{**name_record(n), "passages": counts} for n, counts in found]


def passage_record(stored: IndexedPassage, around: list[IndexedPassage]) -> dict[str, Any]:
    """``dangan show ID --json`` of a passage, note or title, with its context."""
    return {
        "passage": json_record(stored.passage),
        "path": stored.path,
        "profile": stored.profile,
        "citation": asdict(citation(stored)),
        "metadata": asdict(stored.metadata),
        "context": [json_record(p.passage) for p in around if p != stored],
    }


def document_record(units: list[IndexedPassage]) -> dict[str, Any]:
    """``dangan show DOC_ID --json``: a whole document, its passages and its notes."""
    title = title_unit(units)
    body = [u.passage for u in units if u.passage.part == "body"]
    notes = [u.passage for u in units if u.passage.part == "note"]
    return {
        "doc_id": title.passage.doc_id,
        "path": title.path,
        "profile": title.profile,
        "citation": asdict(citation(title)),
        "metadata": asdict(title.metadata),
        "text": document_text(body),
        "passages": [json_record(p) for p in body],
        "notes": [json_record(n) for n in notes],
    }


def title_unit(units: list[IndexedPassage]) -> IndexedPassage:
    """The title unit of a document's units (every document has one)."""
    return next(u for u in units if u.passage.part == "title")
