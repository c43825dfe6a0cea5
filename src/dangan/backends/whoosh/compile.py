"""Compiling a parsed query (:mod:`dangan.query`) into a Whoosh query over the
index's fields (see :mod:`dangan.backends.base`), leaves by their plans
(:mod:`dangan.plan`).

An unquoted English word matches the exact word or its stem; quoted phrases, words of
several tokens and anything Chinese match as exact token sequences, character by
character for Chinese, and Chinese matches rank higher where the index's word stream
holds the query's words. A match in a document's title weighs more. ``title:`` and
``collection:`` search those fields instead; ``date:``, ``lang:`` and ``type:`` and the
search options narrow the documents (:func:`filter_query`); ``NEAR`` and ``"…"~N``
become a :class:`~dangan.backends.whoosh.near.NearQuery`. Nothing here reads the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh import query as wq

from ... import analysis, names
from ...filters import UNDATED, Filters, date_range
from ...plan import LeafPlan, plan_leaf
from ...query import (
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
from ..base import (
    COLLECTION,
    COLLECTION_ID,
    DATE_END,
    DATE_START,
    DOC_TYPE,
    EXACT,
    HEAD,
    LANG,
    WORDS,
)
from .near import NearQuery
from .phrase import PackedPhrase

HEAD_BOOST = 3.0
"""Weight of a match in a document's title (the title unit's ``head`` field), on top of
the match in its text: a query that is a document's title ranks that document first."""
SPELLING_BOOST = 0.1
"""Weight of a name's other spellings (Gao Gang for Kao Kang): they match, but the
spelling typed ranks first."""
PROXIMITY_BOOST = 2.0


def _word_boost(plan: LeafPlan) -> Any:
    """Word matches that rank a Chinese match higher (see LeafPlan.boost_words)."""
    words = plan.boost_words
    return wq.Or([wq.Term(WORDS, w) for w in words]) if words else None


def _leaf_query(leaf: Leaf, field: str | None = None) -> Any:
    plan = plan_leaf(leaf)
    if plan is None:
        return None
    name = field or EXACT
    texts = plan.texts
    if plan.kind == "prefix":
        # Scored like any word: Whoosh's constant score gives every hit 1.0 in a segment
        # of 5,000 units or fewer, so ranking would depend on how the index was built.
        return wq.Prefix(name, texts[0], constantscore=False)
    if plan.kind == "word" and field is None:
        return wq.Or([wq.Term(EXACT, texts[0]), wq.Term(WORDS, plan.tokens[0].stem), _head(texts)])
    core = wq.Term(name, texts[0]) if len(texts) == 1 else PackedPhrase(name, texts)
    if field:
        return core
    boost = _word_boost(plan)
    core = wq.Or([core, _head(texts)])
    return core if boost is None else wq.AndMaybe(core, boost)


def _head(texts: list[str]) -> Any:
    """The tokens as a match in a document's title, weighted :data:`HEAD_BOOST`."""
    if len(texts) == 1:
        return wq.Term(HEAD, texts[0], boost=HEAD_BOOST)
    return PackedPhrase(HEAD, texts, boost=HEAD_BOOST)


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
            out.append(PackedPhrase(field or EXACT, list(key), boost=boost))
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


def to_whoosh(node: Node, field: str | None = None) -> Any:
    """The Whoosh query for a pruned query node; ``field`` for leaves under field:."""
    if isinstance(node, (Word, Phrase, Prefix)):
        return _leaf_query(node, field)
    if isinstance(node, Name):
        return _name_query(node, field)
    if isinstance(node, Filter):
        return _filter_node(node)
    if isinstance(node, Near):
        plans = [plan_leaf(Phrase(n.text)) for n in node.nodes]  # as typed: no stems
        parts = [plan.texts for plan in plans if plan is not None]
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
    return PackedPhrase(EXACT, tokens, slop=3, boost=PROXIMITY_BOOST)


def _day_range(first: int | None, last: int | None) -> Any:
    """Documents whose span of days overlaps [first, last] (dated ones only)."""
    parts = [wq.NumericRange(DATE_START, UNDATED + 1, last)]
    if first is not None:
        parts.append(wq.NumericRange(DATE_END, first, None))
    return wq.And(parts)


def _filter_node(node: Filter) -> Any:
    if node.name == "date":
        return _day_range(*date_range(node.value))
    if node.name == LANG:
        langs = Filters(langs=(node.value,)).lang_values()
        return wq.Or([wq.Term(LANG, v) for v in langs])
    return _type_query((node.value,))


def _type_query(types: tuple[str, ...]) -> Any:
    """Documents of these types (the cleaner's doc_type, any case; spaces or -)."""
    return wq.Or([wq.Term(DOC_TYPE, t.lower().replace("-", " ")) for t in types])


def _collection_query(collections: tuple[str, ...]) -> Any:
    """Documents of these collections, by short id or by display name."""
    alternatives = []
    for name in collections:
        alternatives.append(wq.Term(COLLECTION_ID, name))
        tokens = [t.text for t in analysis.text_tokens(name)]
        if tokens:
            alternatives.append(
                PackedPhrase(COLLECTION, tokens)
                if len(tokens) > 1
                else wq.Term(COLLECTION, tokens[0])
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
        parts.append(wq.Or([wq.Term(LANG, v) for v in filters.lang_values()]))
    if filters.types:
        parts.append(_type_query(filters.types))
    return wq.And(parts) if parts else None
