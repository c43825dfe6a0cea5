"""Highlights and snippets: where a query's words and phrases stand in a unit's text,
as character offsets (``text[start:end]`` is what matched), and the span of text to
show. The text is re-analysed with the index's own analyzer, so offsets always slice
to what matched; the leaves are matched by the same plans the backend compiles
(:mod:`dangan.plan`). It never returns markup: styling is the caller's.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    """The span of the text to show, at most :data:`SNIPPET_CHARS` long: of the windows
    that open :data:`SNIPPET_CONTEXT` characters before a match, the one holding the
    most different matched words, then the most matches, then the earliest. A window
    never cuts a match, and ends at a word's end (a space, where one is near)."""
    tokens = analysis.text_tokens(text) if tokens is None else tokens
    if not matches:
        return 0, _end_at_word(text, tokens, 0, SNIPPET_CHARS)
    spans = _merged(matches)
    best: tuple[tuple[int, int, int], tuple[int, int]] | None = None
    for i, (first, _) in enumerate(spans):
        # Open before the match, but not so late that the text's end leaves room unused.
        opening = max(0, min(first - SNIPPET_CONTEXT, len(text) - SNIPPET_CHARS))
        start = _start_at_word(text, tokens, opening, first)
        limit = start + SNIPPET_CHARS
        inside = [s for s in spans[i:] if s[1] <= limit] or [spans[i]]  # a match is never cut
        # End before a match that does not fit whole, at the last word that does.
        cut = next((s[0] for s in spans[i + len(inside) :] if s[0] < limit), limit)
        end = _end_at_word(text, tokens, inside[-1][1], max(cut, inside[-1][1]))
        words = {text[a:b].casefold() for a, b in inside}
        rank = (len(words), len(inside), -start)
        if best is None or rank > best[0]:
            best = (rank, (start, end))
    assert best is not None
    return best[1]


WORD_SLACK = 24
"""How far from the window's edge a space may be to end (or open) it there rather than
at the nearest token: a hyphenated word stays whole ("anti-Party")."""


def _end_at_word(text: str, tokens: list[analysis.TextToken], floor: int, limit: int) -> int:
    """The last place at or before ``limit`` (and not before ``floor``) where a word
    ends: a space within WORD_SLACK, else a token's end; the text's end if it fits."""
    if limit >= len(text):
        return len(text)
    space = text.rfind(" ", max(floor, limit - WORD_SLACK), limit + 1)
    if space > floor:
        return space
    ends = [t.end for t in tokens if floor <= t.end <= limit]
    return ends[-1] if ends else max(floor, limit)


def _start_at_word(text: str, tokens: list[analysis.TextToken], start: int, ceiling: int) -> int:
    """The first place at or after ``start`` (not past ``ceiling``) where a word
    begins: after a space within WORD_SLACK, else a token's start."""
    if start <= 0:
        return 0
    space = text.find(" ", start - 1, min(ceiling, start + WORD_SLACK))
    if space != -1:
        return space + 1
    starts = [t.start for t in tokens if start <= t.start <= ceiling]
    return starts[0] if starts else min(start, ceiling)
