"""Stored passage records: a passage with its document's path, profile and metadata,
as the JSON the index keeps beside each passage. Not compressed one by one: the
index's codec compresses the records of neighbouring passages together, so that the
metadata every passage of a document repeats costs almost nothing after the first.
Pure: no Whoosh, no I/O."""

from __future__ import annotations

import json
from dataclasses import asdict

from .models import IndexedPassage, Metadata, Note, Passage


def encode_record(passage: Passage, path: str, profile: str, metadata: Metadata) -> bytes:
    text = json.dumps(
        {
            "passage": asdict(passage),
            "path": path,
            "profile": profile,
            "metadata": asdict(metadata),
        },
        ensure_ascii=False,
    )
    return text.encode("utf-8")


def _tuples(value: list[object]) -> tuple[object, ...]:
    """A JSON list back as the tuple (of tuples) a frozen record holds."""
    return tuple(_tuples(v) if isinstance(v, list) else v for v in value)


def decode_record(record: bytes) -> IndexedPassage:
    data = json.loads(record.decode("utf-8"))
    p = data["passage"]
    notes = tuple(Note(**{**n, "anchors": tuple(n["anchors"])}) for n in p.get("notes", ()))
    passage = Passage(**{**p, "paragraphs": tuple(p["paragraphs"]), "notes": notes})
    m = data["metadata"]
    fields = {k: _tuples(v) if isinstance(v, list) else v for k, v in m.items()}
    metadata = Metadata(**fields)  # type: ignore[arg-type]
    return IndexedPassage(passage, data["path"], data["profile"], metadata)
