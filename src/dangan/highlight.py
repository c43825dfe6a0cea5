"""Highlights and snippets: where a query's words and phrases stand in a unit's text,
as character offsets (``text[start:end]`` is what matched), and the span of text to
show. The text is re-analysed with the index's own analyzer, so offsets always slice
to what matched; the leaves are matched by the same plans the backend compiles
(:mod:`dangan.plan`). It never returns markup: styling is the caller's.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

from . import analysis
from .plan import LeafPlan, plan_leaf
from .query import Node, positive_leaves

SNIPPET_CHARS = 300
SNIPPET_CONTEXT = 80


@lru_cache(maxsize=8)
def _wanted(node: Node) -> tuple[LeafPlan, ...]:
    """The plans of the query's positive leaves, worked out once for all hits."""
    plans = (plan_leaf(leaf) for leaf in positive_leaves(node))
    return tuple(plan for plan in plans if plan is not None)


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
    for plan in _wanted(node):
        first = plan.tokens[0]
        if plan.kind == "prefix":
            spans.update((t.start, t.end) for t in tokens if t.text.startswith(first.text))
        elif plan.kind == "word":
            spans.update(
                (t.start, t.end) for t in tokens if t.text == first.text or t.stem == first.stem
            )
        else:
            n = len(plan.tokens)
            for i in starts.get(first.text, ()):
                if i + n <= len(tokens) and all(
                    tokens[i + k].text == plan.tokens[k].text for k in range(1, n)
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
    """The span of the text to show: of the windows around the matches (up to
    :data:`SNIPPET_CONTEXT` characters of context each side, at most
    :data:`SNIPPET_CHARS` in all), the one with the most different matched words,
    then the most matches, then the earliest."""
    if not matches:
        return 0, min(len(text), SNIPPET_CHARS)
    spans = _merged(matches)
    starts = [start for start, _ in spans]
    tokens = analysis.text_tokens(text) if tokens is None else tokens
    best: tuple[tuple[int, int, int], tuple[int, int]] | None = None
    for window, found in _windows(tokens, spans, starts):
        rank = (len({f.text for f in found}), len(found), -window[0])
        if best is None or rank > best[0]:
            best = (rank, window)
    return best[1] if best else (0, min(len(text), SNIPPET_CHARS))


def _windows(
    tokens: list[analysis.TextToken], spans: list[tuple[int, int]], starts: list[int]
) -> Iterator[tuple[tuple[int, int], list[analysis.TextToken]]]:
    """Windows of text, each opened by a matched token and closed when no match has
    come for SNIPPET_CONTEXT characters or it would pass SNIPPET_CHARS; with the
    matched tokens inside."""
    i = 0
    while i < len(tokens):
        if not _is_matched(tokens[i], spans, starts):
            i += 1
            continue
        first = i  # reach back over the context before the match
        while first > 0 and tokens[i].start - tokens[first - 1].start <= SNIPPET_CONTEXT:
            first -= 1
        start, end, found = tokens[first].start, tokens[i].end, [tokens[i]]
        last_match = tokens[i].end
        i += 1
        while i < len(tokens) and tokens[i].end - start <= SNIPPET_CHARS:
            if _is_matched(tokens[i], spans, starts):
                found.append(tokens[i])
                last_match = tokens[i].end
            elif tokens[i].end - last_match > SNIPPET_CONTEXT:
                break
            end = tokens[i].end
            i += 1
        yield (start, end), found


def _is_matched(token: analysis.TextToken, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    n = bisect_right(starts, token.start) - 1  # the span that starts last at or before it
    return n >= 0 and token.end <= spans[n][1]
