"""Highlights and snippets: where a query's words and phrases stand in a unit's text,
as character offsets (``text[start:end]`` is what matched), and the span of text to
show. The text is re-analysed with the index's own analyzer, so offsets always slice
to what matched; the snippet is chosen with Whoosh's highlight parts (context
fragmenter, fragment scorer). It never returns markup: styling is the caller's.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from whoosh.analysis import Token
from whoosh.highlight import BasicFragmentScorer, ContextFragmenter

from . import analysis
from .query import Leaf, Node, Prefix, Word, positive_leaves

SNIPPET_CHARS = 300
SNIPPET_CONTEXT = 80


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
    return _merged(spans)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, overlapping ones joined."""
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
    spans = _merged(matches)
    starts = [start for start, _ in spans]
    fragment_tokens = []
    for t in analysis.text_tokens(text) if tokens is None else tokens:
        token = Token(chars=True, boost=1.0)
        token.text, token.startchar, token.endchar = t.text, t.start, t.end
        n = bisect_right(starts, t.start) - 1  # the span that starts last at or before it
        token.matched = n >= 0 and t.end <= spans[n][1]
        fragment_tokens.append(token)
    fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=SNIPPET_CONTEXT)
    scorer = BasicFragmentScorer()
    fragments = list(fragmenter.fragment_tokens(text, fragment_tokens))
    if not fragments:
        return 0, min(len(text), SNIPPET_CHARS)
    best = max(fragments, key=lambda f: (scorer(f), -f.startchar))
    return best.startchar, best.endchar
