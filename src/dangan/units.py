"""What one cleaned document becomes in the index: the stored and searched fields of
each of its units. Pure: it builds dictionaries of field values and never opens the
index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .corpus import Source
from .models import Document
from .passages import split
from .records import encode_record


def document_fields(doc: Document, source: Source, key: str) -> Iterator[dict[str, Any]]:
    """The fields of every unit of ``doc`` to add to the index, in order."""
    for passage in split(doc):
        yield {
            "passage_id": passage.passage_id,
            "doc_id": doc.doc_id,
            "source_key": key,
            "root": str(source.root),
            "path": source.path,
            "sha256": doc.sha256,
            "exact": passage.text,
            "words": passage.text,
            "title": doc.metadata.title,
            "collection": doc.metadata.collection or "",
            "record": encode_record(passage, doc.path, doc.profile, doc.metadata),
        }
