"""A query leaf, planned once: what it matches, in the terms of the token streams.

The same plan compiles to the backend's query (``dangan.backends.whoosh.compile``)
and drives the highlighter (:mod:`dangan.highlight`), so the two cannot drift apart:

* ``prefix``: one non-Han word, matching every exact token that starts with it;
* ``word``: one non-Han word, matching its exact token or any token with its stem;
* ``phrase``: the tokens side by side (a single Han character or a word quoted is a
  phrase of one), matching exactly.

``boost_words`` are a Chinese leaf's substrings that may be words of the words
stream: matches that raise the rank, never matches of their own. This module imports
no engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from . import analysis
from .errors import QueryError
from .query import And, Field, Filter, Leaf, Name, Near, Node, Not, Or, Phrase, Prefix, Word

MAX_BOOST_RUN = 32  # characters of a Han run whose substrings may boost the rank
MAX_WORD_CHARS = 6  # the longest word looked up among those substrings


@dataclass(frozen=True)
class LeafPlan:
    kind: Literal["prefix", "word", "phrase"]
    tokens: tuple[analysis.TextToken, ...]

    @property
    def texts(self) -> list[str]:
        return [t.text for t in self.tokens]

    @property
    def boost_words(self) -> tuple[str, ...]:
        """Substrings of the leaf's Han runs (2 to MAX_WORD_CHARS characters) that the
        words stream may hold: a search never loads jieba, the index's vocabulary
        stands in for a dictionary."""
        terms: dict[str, None] = {}
        for run in analysis.han_runs(self.tokens):
            run = run[:MAX_BOOST_RUN]
            for size in range(min(2, len(run)), min(MAX_WORD_CHARS, len(run)) + 1):
                for i in range(len(run) - size + 1):
                    terms[run[i : i + size]] = None
        return tuple(terms)


@lru_cache(maxsize=256)
def plan_leaf(leaf: Leaf) -> LeafPlan | None:
    """The leaf's plan; None if it holds nothing searchable (punctuation only). A
    QueryError for a prefix that is not one word."""
    tokens = tuple(analysis.text_tokens(leaf.text))
    if not tokens:
        return None
    if isinstance(leaf, Prefix):
        if len(tokens) != 1 or tokens[0].han:
            raise QueryError(f"cannot expand {leaf.text + '*'!r}: * works after one word")
        return LeafPlan("prefix", tokens)
    if len(tokens) == 1 and isinstance(leaf, Word) and not tokens[0].han:
        return LeafPlan("word", tokens)
    return LeafPlan("phrase", tokens)


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
