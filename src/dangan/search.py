"""Searching: a query string in, ranked :class:`~dangan.models.Hit` records out.

It turns the parsed query into Whoosh queries (unquoted words match exactly or by
stem; quoted phrases and multi-token words match as exact token sequences), runs
them, and finds each hit's match offsets by re-analysing the passage text with the
same analyzer, so offsets always slice to what matched. The snippet is chosen with
Whoosh's highlight parts (context fragmenter, fragment scorer). ``export`` gives every
passage as a record with the same fields as a hit. It neither prints nor returns
markup: styling matches is the CLI's business.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.analysis import Token
from whoosh.highlight import BasicFragmentScorer, ContextFragmenter

from . import analysis
from .cite import cite, locator
from .errors import QueryError
from .index import all_passages, open_index, reading
from .models import Hit
from .query import (
    And,
    Node,
    Not,
    Or,
    Phrase,
    Word,
    has_positive,
    leaves,
    parse_query,
    positive_leaves,
)
from .records import decode_record

SNIPPET_CHARS = 300
SNIPPET_CONTEXT = 80
PROXIMITY_BOOST = 2.0
MAX_QUERY_TOKENS = 200


def _leaf_query(leaf: Word | Phrase) -> Any:
    tokens = analysis.text_tokens(leaf.text)
    if not tokens:
        return None
    if len(tokens) == 1 and isinstance(leaf, Word):
        t = tokens[0]
        return wq.Or([wq.Term("text", t.text), wq.Term("stem", t.stem)])
    if len(tokens) == 1:
        return wq.Term("text", tokens[0].text)
    return wq.Phrase("text", [t.text for t in tokens])


def prune(node: Node) -> Node | None:
    """The query without words and phrases that hold nothing searchable (punctuation)."""
    if isinstance(node, (Word, Phrase)):
        return node if analysis.text_tokens(node.text) else None
    if isinstance(node, Not):
        inner = prune(node.node)
        return None if inner is None else Not(inner)
    children = [c for c in (prune(n) for n in node.nodes) if c is not None]
    if len(children) <= 1:
        return children[0] if children else None
    return Or(tuple(children)) if isinstance(node, Or) else And(tuple(children))


def to_whoosh(node: Node) -> Any:
    """The Whoosh query for a pruned query node."""
    if isinstance(node, (Word, Phrase)):
        return _leaf_query(node)
    if isinstance(node, Not):
        return wq.Not(to_whoosh(node.node))
    children = [to_whoosh(n) for n in node.nodes]
    if isinstance(node, Or):
        return wq.Or(children)
    combined = wq.And(children)
    # Words side by side in the query rank higher when they are near each other.
    words = [n for n in node.nodes if isinstance(n, Word)]
    if len(words) == len(node.nodes):
        tokens = [t.text for w in words for t in analysis.text_tokens(w.text)]
        near = wq.Phrase("text", tokens, slop=3, boost=PROXIMITY_BOOST)
        return wq.AndMaybe(combined, near)
    return combined


def prepare(query: str) -> Node:
    """Parse and prune a query, or raise QueryError saying what is wrong with it."""
    node = prune(parse_query(query))
    if node is None:
        raise QueryError(f"nothing to search for in {query!r}: give words, not only punctuation")
    if not has_positive(node):
        raise QueryError("a query cannot only exclude: add a word to search for besides NOT/-")
    tokens = sum(len(analysis.text_tokens(leaf.text)) for leaf in leaves(node))
    if tokens > MAX_QUERY_TOKENS:
        raise QueryError(
            f"query has {tokens} words; the most is {MAX_QUERY_TOKENS}: "
            "search for a shorter, distinctive part"
        )
    return node


def find_matches(
    text: str, node: Node, tokens: list[analysis.TextToken] | None = None
) -> list[tuple[int, int]]:
    """Character spans of ``text`` matching the query's positive words and phrases."""
    if tokens is None:
        tokens = analysis.text_tokens(text)
    spans: set[tuple[int, int]] = set()
    for leaf in positive_leaves(node):
        wanted = analysis.text_tokens(leaf.text)
        if not wanted:
            continue
        if len(wanted) == 1 and isinstance(leaf, Word):
            w = wanted[0]
            spans.update((t.start, t.end) for t in tokens if t.text == w.text or t.stem == w.stem)
            continue
        n = len(wanted)
        for i in range(len(tokens) - n + 1):
            if all(tokens[i + k].text == wanted[k].text for k in range(n)):
                spans.add((tokens[i].start, tokens[i + n - 1].end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def choose_snippet(
    text: str, matches: list[tuple[int, int]], tokens: list[analysis.TextToken] | None = None
) -> tuple[int, int]:
    """The span of the text to show: the best-scoring fragment around the matches."""
    if not matches:
        return 0, min(len(text), SNIPPET_CHARS)
    fragment_tokens = []
    for t in analysis.text_tokens(text) if tokens is None else tokens:
        token = Token(chars=True, boost=1.0)
        token.text, token.startchar, token.endchar = t.text, t.start, t.end
        token.matched = any(s <= t.start and t.end <= e for s, e in matches)
        fragment_tokens.append(token)
    fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=SNIPPET_CONTEXT)
    scorer = BasicFragmentScorer()
    fragments = list(fragmenter.fragment_tokens(text, fragment_tokens))
    if not fragments:
        return 0, min(len(text), SNIPPET_CHARS)
    best = max(fragments, key=lambda f: (scorer(f), -f.startchar))
    return best.startchar, best.endchar


def search(query: str, index_dir: Path, *, limit: int = 10) -> list[Hit]:
    """Run a query against the index and return up to ``limit`` ranked hits."""
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    node = prepare(query)
    whoosh_query = to_whoosh(node)
    ix = open_index(index_dir)
    with reading(index_dir), ix.searcher() as searcher:
        results = [
            (float(r.score), r["record"]) for r in searcher.search(whoosh_query, limit=limit)
        ]
    hits: list[Hit] = []
    for rank, (score, record) in enumerate(results, start=1):
        stored = decode_record(record)
        passage, metadata = stored.passage, stored.metadata
        tokens = analysis.text_tokens(passage.text)
        matches = find_matches(passage.text, node, tokens)
        hits.append(
            Hit(
                rank=rank,
                score=round(score, 4),
                passage_id=passage.passage_id,
                doc_id=passage.doc_id,
                path=stored.path,
                title=metadata.title,
                date=metadata.date,
                text=passage.text,
                matches=matches,
                citation=cite(passage, metadata).text,
                locator=locator(passage),
                snippet=choose_snippet(passage.text, matches, tokens),
            )
        )
    return hits


def export(index_dir: Path) -> Iterator[dict[str, Any]]:
    """Every passage as a plain record: the hit fields, less rank, score and matches."""
    for stored in all_passages(index_dir):
        p, m = stored.passage, stored.metadata
        yield {
            "passage_id": p.passage_id,
            "doc_id": p.doc_id,
            "path": stored.path,
            "title": m.title,
            "date": m.date,
            "text": p.text,
            "citation": cite(p, m).text,
            "locator": locator(p),
            "char_start": p.char_start,
            "char_end": p.char_end,
            "metadata": asdict(m),
        }
