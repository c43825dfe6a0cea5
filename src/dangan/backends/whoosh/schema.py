"""Dangan's fields as a Whoosh schema, and the two token streams of
:mod:`dangan.analysis` as Whoosh tokenizers. The field names are
:mod:`dangan.backends.base`'s; what each holds is said there and in dangan.units.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions

from ...analysis import token_fields, word_terms
from ...fold import fold_han, fold_word
from .postings import PackedPositions


class _StreamTokenizer(Tokenizer):
    """Whoosh's tokenizer contract around one of the streams above; a subclass gives
    ``stream``: (text, boost, start, end) for each token of a value."""

    stream: Callable[[str], Iterator[tuple[str, float, int, int]]]

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            items = self.stream(value)
        else:
            items = iter([(fold_han(fold_word(value)), 1.0, 0, len(value))])
        for pos, (text, boost, start, end) in enumerate(items, start=start_pos):
            t.text = text
            t.boost = boost
            t.stopped = False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


class ExactTokenizer(_StreamTokenizer):
    """The exact stream: folded words and single Han characters, with positions."""

    def stream(self, value: str) -> Iterator[tuple[str, float, int, int]]:
        for text, _stem, start, end, _han in token_fields(value):
            yield text, 1.0, start, end


class WordsTokenizer(_StreamTokenizer):
    """The words stream, for ranking; it has no positions or offsets worth keeping."""

    def stream(self, value: str) -> Iterator[tuple[str, float, int, int]]:
        for text, boost in word_terms(value):
            yield text, boost, 0, 0


def schema(packed: bool = True) -> Schema:
    """The index's fields; ``packed`` gives the positional fields the cheap value of
    :class:`.postings.PackedPositions` (False: Whoosh's own, pickled per posting)."""
    fields = Schema(
        passage_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        part=ID(stored=True, sortable=True),  # body, note or title (see dangan.units)
        size=NUMERIC(int, bits=32, signed=False, sortable=True),  # in words (see passages)
        # Filters, sorts and facets (see dangan.filters): the document's date as the
        # first and last day it spans (YYYYMMDD; 0 undated), language, type, collection.
        # 64-bit signed: Whoosh's 32-bit unsigned ranges match everything below 2**24.
        date_start=NUMERIC(int, bits=64, signed=True, sortable=True),
        date_end=NUMERIC(int, bits=64, signed=True, sortable=True),
        dated=ID,  # "yes" or "no"
        lang=ID(sortable=True),
        doc_type=ID,
        collection_id=ID(sortable=True),
        position=ID(sortable=True),  # path and order in the document: date sorts' ties
        source_key=ID(stored=True),  # the file's absolute path
        root=STORED(),  # the corpus folder its path and doc_id are relative to
        path=STORED(),  # the file's path in that folder
        sha256=STORED(),
        exact=TEXT(analyzer=ExactTokenizer(), phrase=True),
        words=TEXT(analyzer=WordsTokenizer(), phrase=False),
        # Title units' title, stored so that ranking reads it without the record.
        head=TEXT(analyzer=ExactTokenizer(), phrase=True, stored=True),
        title=TEXT(analyzer=ExactTokenizer(), phrase=True),
        collection=TEXT(analyzer=ExactTokenizer(), phrase=True),
        record=STORED(),
    )
    if packed:
        for name in fields.names():
            fmt = fields[name].format
            if type(fmt) is Positions:
                fields[name].format = PackedPositions(field_boost=fmt.field_boost)
    return fields
