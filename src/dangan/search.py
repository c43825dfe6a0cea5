"""Searching: a query string in, ranked :class:`~dangan.models.Hit` records out.

It turns the parsed query into Whoosh queries over the index's two streams (see
:mod:`dangan.analysis`): an unquoted English word matches the exact word or its stem;
quoted phrases, words of several tokens and anything Chinese match as exact token
sequences, character by character for Chinese, and Chinese matches rank higher where
the index's word stream holds the query's words. ``title:`` and ``collection:`` search
those fields instead. Each hit's match offsets come from re-analysing the passage text
with the same analyzer, so offsets always slice to what matched. The snippet is chosen
with Whoosh's highlight parts (context fragmenter, fragment scorer). ``export`` gives
every passage as a record with the same fields as a hit. It neither prints nor returns
markup: styling matches is the CLI's business.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.analysis import Token
from whoosh.highlight import BasicFragmentScorer, ContextFragmenter

from . import analysis, names
from .cite import cite, locator
from .errors import QueryError
from .index import all_passages, searching
from .models import Hit, IndexedPassage
from .query import (
    And,
    Field,
    Leaf,
    Name,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
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
RERANK_DEPTH = 50  # hits re-ranked by proximity
MAX_QUERY_TOKENS = 200


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


def _name_query(name: Name, field: str | None) -> Any:
    """The name as typed, or any of its other spellings as a phrase, ranked lower."""
    typed_leaf = name.typed()
    typed = _leaf_query(typed_leaf, field) if name.together else to_whoosh(name.node, field)
    seen = {names.phrase_key(typed_leaf.text)}
    alternatives = [typed]
    for spelling in name.spellings:
        key = names.phrase_key(spelling)
        if key in seen or not key:
            continue
        seen.add(key)
        if len(key) == 1:
            alternatives.append(wq.Term(field or EXACT, key[0], boost=SPELLING_BOOST))
        else:
            alternatives.append(wq.Phrase(field or EXACT, list(key), boost=SPELLING_BOOST))
    return wq.Or(alternatives)


def prune(node: Node) -> Node | None:
    """The query without leaves that hold nothing searchable (punctuation)."""
    if isinstance(node, Name):
        return node
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


def _ranked(searcher: Any, query: Any, near: Any, limit: int | None) -> list[tuple[float, int]]:
    """(score, document number) of the best hits (all with ``limit`` None); with
    ``near``, the first RERANK_DEPTH by BM25 are re-ranked with the proximity phrase's
    score added. Checking proximity only there, not in every passage that matches, is
    what keeps common words fast."""
    if near is None:
        return [(float(h.score), h.docnum) for h in searcher.search(query, limit=limit)]
    depth = None if limit is None else max(limit, RERANK_DEPTH)
    everything = [(float(h.score), h.docnum) for h in searcher.search(query, limit=depth)]
    first, rest = everything[:RERANK_DEPTH], everything[RERANK_DEPTH:]
    bonus: dict[int, float] = {}
    matcher = near.matcher(searcher, searcher.context())
    for _, docnum in sorted(first, key=lambda pair: pair[1]):
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            bonus[docnum] = float(matcher.score())
    ranked = sorted(((score + bonus.get(d, 0.0), d) for score, d in first), key=lambda p: -p[0])
    return (ranked + rest)[:limit]


def _one_per_document(
    searcher: Any, ranked: list[tuple[float, int]]
) -> list[tuple[float, int, int]]:
    """The best hit of each document, in rank order, with how many other hits it has."""
    doc_ids = searcher.reader().column_reader("doc_id")
    best: dict[str, tuple[float, int]] = {}
    counts: dict[str, int] = {}
    for score, docnum in ranked:
        doc_id = doc_ids[docnum]
        best.setdefault(doc_id, (score, docnum))
        counts[doc_id] = counts.get(doc_id, 0) + 1
    return [(score, docnum, counts[doc_id] - 1) for doc_id, (score, docnum) in best.items()]


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


@lru_cache(maxsize=8)
def _wanted(node: Node) -> tuple[tuple[Leaf, tuple[analysis.TextToken, ...]], ...]:
    """The query's positive leaves with their tokens, worked out once for all hits."""
    return tuple((leaf, tuple(analysis.text_tokens(leaf.text))) for leaf in positive_leaves(node))


def find_matches(
    text: str, node: Node, tokens: list[analysis.TextToken] | None = None
) -> list[tuple[int, int]]:
    """Character spans of ``text`` matching the query's positive words and phrases."""
    if tokens is None:
        tokens = analysis.text_tokens(text)
    starts: dict[str, list[int]] = {}  # where each token stands, to find phrases fast
    for i, t in enumerate(tokens):
        starts.setdefault(t.text, []).append(i)
    spans: set[tuple[int, int]] = set()
    for leaf, wanted in _wanted(node):
        if not wanted:
            continue
        if isinstance(leaf, Prefix):
            prefix = wanted[0].text
            spans.update((t.start, t.end) for t in tokens if t.text.startswith(prefix))
            continue
        if len(wanted) == 1 and isinstance(leaf, Word) and not wanted[0].han:
            w = wanted[0]
            spans.update((t.start, t.end) for t in tokens if t.text == w.text or t.stem == w.stem)
            continue
        n = len(wanted)
        for i in starts.get(wanted[0].text, ()):
            if i + n <= len(tokens) and all(
                tokens[i + k].text == wanted[k].text for k in range(1, n)
            ):
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


def search(
    query: str, index_dir: Path, *, limit: int = 10, exact: bool = False, by_doc: bool = False
) -> list[Hit]:
    """Run a query against the index and return up to ``limit`` ranked hits.

    A hit is a unit of a document: a passage of its body, a note, or its title with the
    searchable metadata (see :mod:`dangan.units`). Names in the query are searched in
    all their forms (see :mod:`dangan.names`), the form typed ranking first; ``exact``
    searches them only as typed (a quoted phrase is always searched as typed).
    ``by_doc`` gives each document once, by its best hit, with the number of its
    other hits in ``other_matches``.
    """
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    node = prepare(query)
    if not exact:
        node = names.expand(node)
    whoosh_query, near = to_whoosh(node), proximity(node)
    best: list[tuple[float, int, int | None]]
    with searching(index_dir) as searcher:
        if by_doc:
            best = list(_one_per_document(searcher, _ranked(searcher, whoosh_query, near, None)))
        else:
            ranked = _ranked(searcher, whoosh_query, near, limit)
            best = [(score, docnum, None) for score, docnum in ranked]
        results = [
            (score, searcher.stored_fields(docnum)["record"], others)
            for score, docnum, others in best[:limit]
        ]
    hits: list[Hit] = []
    for rank, (score, record, others) in enumerate(results, start=1):
        stored = decode_record(record)
        passage = stored.passage
        tokens = analysis.text_tokens(passage.text)
        matches = find_matches(passage.text, node, tokens)
        hits.append(
            Hit(
                rank=rank,
                score=round(score, 4),
                matches=matches,
                snippet=choose_snippet(passage.text, matches, tokens),
                other_matches=others,
                **passage_fields(stored),
            )
        )
    return hits


def passage_fields(stored: IndexedPassage) -> dict[str, Any]:
    """What every result record says of its passage: ids, path, title, date, text,
    one-line citation and locator (hits, quotation matches and exports share it)."""
    passage, metadata = stored.passage, stored.metadata
    return {
        "passage_id": passage.passage_id,
        "doc_id": passage.doc_id,
        "path": stored.path,
        "title": metadata.title,
        "date": metadata.date,
        "text": passage.text,
        "citation": cite(passage, metadata).text,
        "locator": locator(passage),
        "in_": passage.part,
        "note": passage.note,
        "called_from": passage.called_from,
        "collection": metadata.collection_id,
        "document_number": metadata.document_number,
        "place": metadata.place,
    }


def export(index_dir: Path) -> Iterator[dict[str, Any]]:
    """Every unit as a plain record: the hit fields, less rank, score and matches, under
    their JSON names (``in``)."""
    for stored in all_passages(index_dir):
        fields = {key.removesuffix("_"): value for key, value in passage_fields(stored).items()}
        yield {
            **fields,
            "char_start": stored.passage.char_start,
            "char_end": stored.passage.char_end,
            "metadata": asdict(stored.metadata),
        }
