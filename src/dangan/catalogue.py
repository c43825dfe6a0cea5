"""The collections an index holds: their ids, names, sizes, languages and date spans
(what ``dangan collections`` lists and ``--collection`` accepts). It reads the title
unit of every document; it does not search."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .index import all_passages
from .library import Library

MAX_NAMES = 3


@dataclass(frozen=True)
class Collection:
    """One collection of the index. Field names are the ``--json`` contract."""

    collection_id: str
    name: str  # the display name, or its documents' names joined by "; " where they differ
    documents: int
    languages: tuple[str, ...]  # most documents first
    first_date: str | None  # the earliest document date (ISO 8601)
    last_date: str | None  # the latest (a range's end where given)
    undated: int  # documents without a date


def collections(index_dir: Library | Path) -> list[Collection]:
    """Every collection of the index, by id."""
    grouped: dict[str, list[tuple[str, str, str | None, str | None]]] = {}
    for unit in all_passages(index_dir):
        if unit.passage.part != "title":
            continue
        m = unit.metadata
        key = m.collection_id or ""
        grouped.setdefault(key, []).append(
            (m.collection or key, m.language or "unknown", m.date, m.date_end or m.date)
        )
    found = []
    for key in sorted(grouped):
        docs = grouped[key]
        starts = sorted(d[2] for d in docs if d[2])
        ends = sorted(d[3] for d in docs if d[3])
        found.append(
            Collection(
                collection_id=key,
                name="; ".join(_by_count([d[0] for d in docs])[:MAX_NAMES]),
                documents=len(docs),
                languages=tuple(_by_count([d[1] for d in docs])),
                first_date=starts[0] if starts else None,
                last_date=ends[-1] if ends else None,
                undated=sum(1 for d in docs if not d[2]),
            )
        )
    return found


def _by_count(values: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts, key=lambda v: (-counts[v], v))
