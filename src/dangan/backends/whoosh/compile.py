"""Compiling a parsed query (:mod:`dangan.query`) into a Whoosh query over the
index's fields (see :mod:`dangan.index` and :mod:`dangan.analysis`).

An unquoted English word matches the exact word or its stem; quoted phrases, words of
several tokens and anything Chinese match as exact token sequences, character by
character for Chinese, and Chinese matches rank higher where the index's word stream
holds the query's words. A match in a document's title weighs more. ``title:`` and
``collection:`` search those fields instead; ``date:``, ``lang:`` and ``type:`` and the
search options narrow the documents (:func:`filter_query`); ``NEAR`` and ``"…"~N``
become a :class:`~dangan.near.NearQuery`. Nothing here reads the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh import query as wq

from . import analysis, names
from .errors import QueryError
from .filters import UNDATED, Filters, date_range
from .near import NearQuery
from .query import (
    And,
    Field,
    Filter,
    Leaf,
    Name,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Word,
)

EXACT = "exact"
WORDS = "words"
HEAD = "head"
HEAD_BOOST = 3.0
"""Weight of a match in a document's title (the title unit's ``head`` field), on top of
the match in its text: a query that is a document's title ranks that document first."""
MAX_BOOST_RUN = 32  # characters of a Han run whose substrings may boost the rank
MAX_WORD_CHARS = 6  # the longest word looked up among those substrings
SPELLING_BOOST = 0.1
"""Weight of a name's other spellings (Gao Gang for Kao Kang): they match, but the
spelling typed ranks first."""
PROXIMITY_BOOST = 2.0


def _word_boost(tokens: list[analysis.TextToken]) -> Any:
    """Word matches that rank a Chinese match higher: the run's substrings as words.

    The index's own vocabulary stands in for a dictionary: a substring that jieba never
    cut out as a word is simply not found. A search so never loads jieba.
    """
    terms: dict[str, None] = {}
    for run in analysis.han_runs(tokens):
        run = run[:MAX_BOOST_RUN]
        sizes = range(min(2, len(run)), min(MAX_WORD_CHARS, len(run)) + 1)
        for size in sizes:
            for i in range(len(run) - size + 1):
                terms[run[i : i + size]] = None
    if not terms:
        return None
    return wq.Or([wq.Term(WORDS, term) for term in terms])


def _leaf_query(leaf: Leaf, field: str | None = None) -> Any:
    tokens = analysis.text_tokens(leaf.text)
    if not tokens:
        return None
    name = field or EXACT
    if isinstance(leaf, Prefix):
        if len(tokens) != 1 or tokens[0].han:
            raise QueryError(f"cannot expand {leaf.text + '*'!r}: * works after one word")
        return wq.Prefix(name, tokens[0].text)
    texts = [t.text for t in tokens]
    if len(tokens) == 1 and isinstance(leaf, Word) and not tokens[0].han and field is None:
        t = tokens[0]
        return wq.Or([wq.Term(EXACT, t.text), wq.Term(WORDS, t.stem), _head(texts)])
    core = wq.Term(name, texts[0]) if len(texts) == 1 else wq.Phrase(name, texts)
    if field:
        return core
    boost = _word_boost(tokens)
    core = wq.Or([core, _head(texts)])
    return core if boost is None else wq.AndMaybe(core, boost)


def _head(texts: list[str]) -> Any:
    """The tokens as a match in a document's title, weighted :data:`HEAD_BOOST`."""
    if len(texts) == 1:
        return wq.Term(HEAD, texts[0], boost=HEAD_BOOST)
    return wq.Phrase(HEAD, texts, boost=HEAD_BOOST)


def _spelling_queries(
    spellings: Sequence[str], field: str | None = None, boost: float = 1.0, skip: Any = ()
) -> list[Any]:
    """Each spelling as an exact word or phrase (none twice, none of ``skip``)."""
    seen = set(skip)
    out = []
    for spelling in spellings:
        key = names.phrase_key(spelling)
        if key in seen or not key:
            continue
        seen.add(key)
        if len(key) == 1:
            out.append(wq.Term(field or EXACT, key[0], boost=boost))
        else:
            out.append(wq.Phrase(field or EXACT, list(key), boost=boost))
    return out


def spelling_query(spellings: Sequence[str]) -> Any:
    """Any of the spellings, as an exact word or phrase of the text."""
    return wq.Or(_spelling_queries(spellings))


def _name_query(name: Name, field: str | None) -> Any:
    """The name as typed, or any of its other spellings as a phrase, ranked lower."""
    typed_leaf = name.typed()
    typed = _leaf_query(typed_leaf, field) if name.together else to_whoosh(name.node, field)
    skip = {names.phrase_key(typed_leaf.text)}
    return wq.Or([typed, *_spelling_queries(name.spellings, field, SPELLING_BOOST, skip)])


def prune(node: Node) -> Node | None:
    """The query without leaves that hold nothing searchable (punctuation)."""
    if isinstance(node, (Name, Filter)):
        return node
    if isinstance(node, Near):
        parts = tuple(n for n in node.nodes if analysis.text_tokens(n.text))
        if len(parts) < 2:
            return parts[0] if parts else None
        return Near(parts, node.slop)
    if isinstance(node, (Word, Phrase, Prefix)):
        return node if analysis.text_tokens(node.text) else None
    if isinstance(node, (Not, Field)):
        inner = prune(node.node)
        if inner is None:
            return None
        return Not(inner) if isinstance(node, Not) else Field(node.name, inner)
    children = [c for c in (prune(n) for n in node.nodes) if c is not None]
    if len(children) <= 1:
        return children[0] if children else None
    return Or(tuple(children)) if isinstance(node, Or) else And(tuple(children))


def to_whoosh(node: Node, field: str | None = None) -> Any:
    """The Whoosh query for a pruned query node; ``field`` for leaves under field:."""
    if isinstance(node, (Word, Phrase, Prefix)):
        return _leaf_query(node, field)
    if isinstance(node, Name):
        return _name_query(node, field)
    if isinstance(node, Filter):
        return _filter_node(node)
    if isinstance(node, Near):
        parts = [[t.text for t in analysis.text_tokens(n.text)] for n in node.nodes]
        return NearQuery(field or EXACT, parts, node.slop)
    if isinstance(node, Field):
        return to_whoosh(node.node, node.name)
    if isinstance(node, Not):
        return wq.Not(to_whoosh(node.node, field))
    children = [to_whoosh(n, field) for n in node.nodes]
    if isinstance(node, Or):
        return wq.Or(children)
    return wq.And(children)


def proximity(node: Node) -> Any:
    """For a query of words side by side, the phrase (with slack) that ranks passages
    where they stand near each other higher; None for any other query."""
    if not isinstance(node, And):
        return None
    words = [n for n in node.nodes if isinstance(n, Word)]
    if len(words) != len(node.nodes):
        return None
    tokens = [t.text for w in words for t in analysis.text_tokens(w.text)]
    return wq.Phrase(EXACT, tokens, slop=3, boost=PROXIMITY_BOOST)


def _day_range(first: int | None, last: int | None) -> Any:
    """Documents whose span of days overlaps [first, last] (dated ones only)."""
    parts = [wq.NumericRange("date_start", UNDATED + 1, last)]
    if first is not None:
        parts.append(wq.NumericRange("date_end", first, None))
    return wq.And(parts)


def _filter_node(node: Filter) -> Any:
    if node.name == "date":
        return _day_range(*date_range(node.value))
    if node.name == "lang":
        langs = Filters(langs=(node.value,)).lang_values()
        return wq.Or([wq.Term("lang", v) for v in langs])
    return _type_query((node.value,))


def _type_query(types: tuple[str, ...]) -> Any:
    """Documents of these types (the cleaner's doc_type, any case; spaces or -)."""
    return wq.Or([wq.Term("doc_type", t.lower().replace("-", " ")) for t in types])


def _collection_query(collections: tuple[str, ...]) -> Any:
    """Documents of these collections, by short id or by display name."""
    alternatives = []
    for name in collections:
        alternatives.append(wq.Term("collection_id", name))
        tokens = [t.text for t in analysis.text_tokens(name)]
        if tokens:
            alternatives.append(
                wq.Phrase("collection", tokens)
                if len(tokens) > 1
                else wq.Term("collection", tokens[0])
            )
    return wq.Or(alternatives)


def filter_query(filters: Filters) -> Any:
    """The Whoosh query the search options narrow to, or None if they narrow nothing."""
    parts = []
    if filters.dated:
        parts.append(_day_range(*filters.days()))
    if filters.collections:
        parts.append(_collection_query(filters.collections))
    if filters.langs:
        parts.append(wq.Or([wq.Term("lang", v) for v in filters.lang_values()]))
    if filters.types:
        parts.append(_type_query(filters.types))
    return wq.And(parts) if parts else None


def undated(node: Node) -> Node | None:
    """The query without its date: filters (to count what a date filter left out)."""
    if isinstance(node, Filter):
        return None if node.name == "date" else node
    if isinstance(node, (And, Or)):
        children = [c for c in (undated(n) for n in node.nodes) if c is not None]
        if len(children) <= 1:
            return children[0] if children else None
        return Or(tuple(children)) if isinstance(node, Or) else And(tuple(children))
    if isinstance(node, Not):
        inner = undated(node.node)
        return None if inner is None else Not(inner)
    return node
