"""Stored passage records: a passage with its document's path, profile and metadata,
as the JSON text the index keeps beside each passage. Pure: no Whoosh, no I/O."""

from __future__ import annotations

import json
from dataclasses import asdict

from .models import IndexedPassage, Metadata, Note, Passage


def encode_record(passage: Passage, path: str, profile: str, metadata: Metadata) -> str:
    return json.dumps(
        {
            "passage": asdict(passage),
            "path": path,
            "profile": profile,
            "metadata": asdict(metadata),
        },
        ensure_ascii=False,
    )


def decode_record(record: str) -> IndexedPassage:
    data = json.loads(record)
    p = data["passage"]
    notes = tuple(Note(**{**n, "anchors": tuple(n["anchors"])}) for n in p.get("notes", ()))
    passage = Passage(**{**p, "paragraphs": tuple(p["paragraphs"]), "notes": notes})
    m = data["metadata"]
    metadata = Metadata(**{**m, "contributors": tuple(m["contributors"])})
    return IndexedPassage(passage, data["path"], data["profile"], metadata)
