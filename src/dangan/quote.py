"""Quotations: the passage a quotation comes from, and the span of it that is quoted.

A quotation as a historian copies it differs from its source: OCR slips (rn for m,
1 for l), British or American spelling, changed punctuation, words left out with an
ellipsis (". . .", "...", "…"), a word dropped or added, only part of a sentence,
traditional or simplified characters. :func:`find_quote` finds its source in two steps:

1. **Candidates from the index.** The quotation is analysed like a passage
   (:func:`dangan.analysis.text_tokens`); its rarest words by the index's document
   frequency (an English word as typed or by its stem, which makes British spellings
   American; a Chinese character) are searched with OR, and the best passages by BM25
   are the candidates. Words the index lacks (an OCR slip) are left out of that search.
   No passage is read unless the index offers it.
2. **Alignment.** Quotation and candidate are compared in a normal form: their tokens,
   English words by their stem, separated by one space, Chinese characters side by
   side, punctuation gone. Each part of the quotation between ellipses is aligned with
   rapidfuzz's ``partial_ratio_alignment`` (the best-matching window of the passage);
   the score is the parts' similarity weighted by their length, 0 to 100. The aligned
   window is then widened or narrowed by whole words to the span most like the
   quotation, and mapped back to offsets into the passage's own text.

A quotation must be long enough to tell its source from other passages: three words,
or four Chinese characters. This module neither prints nor imports whoosh.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from . import analysis
from .backends.base import EXACT, WORDS
from .errors import QueryError, QuoteTooShortError
from .index import rarest_term_passages
from .library import Library
from .models import QuoteMatch
from .search import passage_fields

MIN_WORDS = 3  # English words a quotation needs at least ...
MIN_HAN = 4  # ... or Chinese characters (mixed: the fractions add up to one)
MAX_TOKENS = 1000
SEARCH_TERMS = 12  # the rarest words of the quotation the candidate search looks up
CANDIDATES = 25  # passages holding most of them, aligned one by one
MIN_SCORE = 50.0  # weaker alignments are not a source of the quotation
WIDEN = 3  # words by which a span's ends may move to fit the quotation better

ELLIPSIS = re.compile(r"[\[(]?\s*(?:[.．。]\s*){3,}[\])]?|[\[(]?\s*[…⋯]+\s*[\])]?")


@dataclass(frozen=True)
class Normal:
    """A text's tokens in the form quotations are compared in.

    ``text`` joins the tokens' keys (English stems, Chinese characters); ``owner[i]`` is
    the index in ``tokens`` of the token that character ``i`` of ``text`` belongs to,
    or -1 for a separating space.
    """

    text: str
    owner: tuple[int, ...]
    tokens: tuple[analysis.TextToken, ...]


def normalise(tokens: Sequence[analysis.TextToken]) -> Normal:
    parts: list[str] = []
    owner: list[int] = []
    previous_han = False
    for i, t in enumerate(tokens):
        key = t.text if t.han else t.stem
        if parts and not (t.han and previous_han):
            parts.append(" ")
            owner.append(-1)
        parts.append(key)
        owner.extend([i] * len(key))
        previous_han = t.han
    return Normal("".join(parts), tuple(owner), tuple(tokens))


def fragments(text: str) -> list[list[analysis.TextToken]]:
    """The quotation's parts between ellipses, each as its tokens; empty parts dropped."""
    parts = [analysis.text_tokens(part) for part in ELLIPSIS.split(text)]
    return [p for p in parts if p]


def check_length(tokens: Sequence[analysis.TextToken], text: str) -> None:
    han = sum(t.han for t in tokens)
    words = len(tokens) - han
    if words / MIN_WORDS + han / MIN_HAN < 1:
        shown = text.strip() if len(text.strip()) <= 40 else text.strip()[:37] + "..."
        raise QuoteTooShortError(
            f"quotation {shown!r} is too short to tell its source: give at least "
            f"{MIN_WORDS} words or {MIN_HAN} Chinese characters, a longer quotation if you can"
        )
    if len(tokens) > MAX_TOKENS:
        raise QueryError(
            f"quotation has {len(tokens)} words; the most is {MAX_TOKENS}: "
            "quote a shorter, distinctive part"
        )


def term_groups(tokens: Sequence[analysis.TextToken]) -> list[list[tuple[str, str]]]:
    """Each distinct word once: a Chinese character, or an English word or its stem."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for t in tokens:
        if t.han:
            groups.setdefault(t.text, [(EXACT, t.text)])
        else:
            groups.setdefault(t.stem, [(EXACT, t.text), (WORDS, t.stem)])
    return list(groups.values())


def _window(needle: str, hay: str) -> tuple[float, int, int]:
    """Similarity of ``needle`` to its best window of ``hay``, and that window."""
    if len(needle) > len(hay):
        return fuzz.ratio(needle, hay), 0, len(hay)
    found = fuzz.partial_ratio_alignment(needle, hay)
    if found is None:  # only with a score cutoff, which is not given
        return 0.0, 0, 0
    return found.score, found.dest_start, found.dest_end


def _token_range(normal: Normal, start: int, end: int) -> tuple[int, int]:
    """The first and last token (inclusive) a window of ``normal.text`` touches."""
    owned = [o for o in normal.owner[start:end] if o >= 0]
    if not owned:
        nearest = next((o for o in normal.owner[start:] if o >= 0), len(normal.tokens) - 1)
        return nearest, nearest
    return owned[0], owned[-1]


def _char_range(normal: Normal, first: int, last: int) -> tuple[int, int]:
    """The window of ``normal.text`` that tokens first..last (inclusive) fill."""
    start = normal.owner.index(first)
    end = len(normal.owner) - normal.owner[::-1].index(last)
    return start, end


def _fit(needle: str, normal: Normal, first: int, last: int) -> tuple[float, int, int]:
    """Move the ends of tokens first..last by up to WIDEN words to best match needle."""
    best = (-1.0, first, last)
    count = len(normal.tokens)
    for a in range(max(0, first - WIDEN), min(count, first + WIDEN + 1)):
        for b in range(max(a, last - WIDEN), min(count, last + WIDEN + 1)):
            start, end = _char_range(normal, a, b)
            score = fuzz.ratio(needle, normal.text[start:end])
            if score > best[0]:
                best = (score, a, b)
    return best


def align(parts: Sequence[Normal], normal: Normal, *, fit: bool = False) -> tuple[float, int, int]:
    """Score of the quotation's parts against a passage, and the span (offsets into the
    passage's text) from the first to the last aligned part; ``fit`` refines the span."""
    total = sum(len(p.text) for p in parts)
    score = 0.0
    first_token, last_token = len(normal.tokens), -1
    for part in parts:
        similarity, start, end = _window(part.text, normal.text)
        a, b = _token_range(normal, start, end)
        if fit:
            fitted, fa, fb = _fit(part.text, normal, a, b)
            if fitted >= similarity:
                similarity, a, b = fitted, fa, fb
        score += similarity * len(part.text)
        first_token, last_token = min(first_token, a), max(last_token, b)
    tokens = normal.tokens
    return score / total, tokens[first_token].start, tokens[last_token].end


def find_quote(text: str, index_dir: Library | Path, *, limit: int = 5) -> list[QuoteMatch]:
    """The passages of the index the quotation most likely comes from, best first.

    Passages whose alignment scores below :data:`MIN_SCORE` are left out, so the list
    may be empty. Raises :class:`QuoteTooShortError` for a quotation too short to be
    distinctive.
    """
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    pieces = fragments(text)
    tokens = [t for piece in pieces for t in piece]
    check_length(tokens, text)
    parts = [normalise(piece) for piece in pieces]
    candidates = rarest_term_passages(
        index_dir, term_groups(tokens), most=SEARCH_TERMS, limit=CANDIDATES
    )
    scored = []
    for order, stored in enumerate(candidates):
        normal = normalise(analysis.text_tokens(stored.passage.text))
        if not normal.tokens:
            continue
        score = align(parts, normal)[0]
        scored.append((score, order, stored, normal))
    scored.sort(key=lambda s: (-s[0], s[1]))
    results = []
    for _, order, stored, normal in scored[:limit]:
        score, start, end = align(parts, normal, fit=True)
        if score >= MIN_SCORE:
            results.append((score, order, stored, (start, end)))
    results.sort(key=lambda r: (-r[0], r[1]))
    matches = []
    for rank, (score, _, stored, span) in enumerate(results, start=1):
        matches.append(
            QuoteMatch(rank=rank, score=round(score, 1), span=span, **passage_fields(stored))
        )
    return matches
