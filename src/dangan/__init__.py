"""dangan: bilingual English/Chinese full-text search over historical primary sources.

The package re-exports the public API. Importing it has no side effects: it does not
load jieba, configure logging or open an index.
"""

from __future__ import annotations

from .cite import citation
from .index import build_index
from .models import Citation, Document, Hit, Metadata, Passage
from .search import search

__all__ = [
    "Citation",
    "Document",
    "Hit",
    "Metadata",
    "Passage",
    "build_index",
    "citation",
    "search",
]
