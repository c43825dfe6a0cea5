"""Splitting a document into passages: the units that are indexed, returned and cited.

A passage is a run of whole paragraphs (a heading travels with the paragraphs under
it) of roughly 40 to 300 English words, or the same weight of Chinese at 1.5
characters a word. A paragraph longer than that is cut at sentence ends. Passages tile
the document: in order, without overlap, leaving out only the blank lines between them.
Each passage's id is its document's id and its ordinal, so indexing unchanged files
again gives the same ids. This module does not tokenize and knows nothing of Whoosh.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Document, Passage

MIN_WORDS = 40
MAX_WORDS = 300
CHUNK_WORDS = 250  # pieces of an over-long paragraph leave room for a heading or a neighbour
HAN_CHARS_PER_WORD = 1.5

_WORD = re.compile(r"[^\W\u3400-\u9fff\uf900-\ufaff]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_UNIT = re.compile(r"[^\W\u3400-\u9fff\uf900-\ufaff]+|[\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"(?<=[.!?;])[\"'”’)\]]*\s+|(?<=[。！？；])[」』”’）]*")


_NOT_IN_WORD = re.compile(r"[\W\u3400-\u9fff\uf900-\ufaff]")
CHUNK_CHARS = 1 << 16
"""Long texts are counted this many characters at a time: a list of every match of a
file of a million lines would take many times the file's size."""


def count_matches(pattern: re.Pattern[str], text: str, boundary: re.Pattern[str]) -> int:
    """How many times ``pattern`` matches in ``text``, counted a chunk at a time, each
    chunk ending where ``boundary`` (a character no match holds) does."""
    total = start = 0
    while start < len(text):
        end = start + CHUNK_CHARS
        found = boundary.search(text, end) if end < len(text) else None
        end = found.start() if found else len(text)
        total += len(pattern.findall(text, start, end))
        start = end
    return total


def weight(text: str) -> float:
    """The size of a text in English-word equivalents."""
    words = count_matches(_WORD, text, _NOT_IN_WORD)
    return words + count_matches(_HAN, text, _NOT_IN_WORD) / HAN_CHARS_PER_WORD


@dataclass(frozen=True)
class _Piece:
    kind: str
    start: int
    end: int
    paragraph: int  # 1-based paragraph number; 0 for headings
    weight: float
    source: str | None = None  # own citation of the excerpt the piece is in


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long paragraph into spans of at most CHUNK_WORDS.

    Cuts fall at the last sentence end that fits; failing that at the last space, or
    between two Han characters; never inside a word. Linear in the paragraph's length.
    """
    sentence_ends = iter([m.end() for m in _SENTENCE_END.finditer(text, start, end)] + [end + 1])
    next_end = next(sentence_ends)
    spans: list[tuple[int, int]] = []
    chunk_start, size = start, 0.0
    last_sentence = last_break = chunk_start
    for m in _UNIT.finditer(text, start, end):
        while next_end <= m.start():
            last_sentence, next_end = next_end, next(sentence_ends)
        if m.start() > chunk_start and (text[m.start() - 1].isspace() or _HAN.match(m.group())):
            last_break = m.start()
        unit = 1.0 / HAN_CHARS_PER_WORD if _HAN.match(m.group()) else 1.0
        if size + unit > CHUNK_WORDS:
            cut = last_sentence if last_sentence > chunk_start else last_break
            if cut > chunk_start:
                spans.append((chunk_start, cut))
                chunk_start = last_sentence = last_break = cut
                size = weight(text[cut : m.start()])
        size += unit
    spans.append((chunk_start, end))
    # Strip the whitespace left at span edges by the cuts.
    result = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            result.append((s, e))
    return result


def _pieces(doc: Document) -> list[_Piece]:
    pieces: list[_Piece] = []
    number = 0
    for block in doc.blocks:
        if block.kind == "heading":
            w = weight(doc.text[block.start : block.end])
            pieces.append(_Piece("heading", block.start, block.end, 0, w, block.source))
            continue
        number += 1
        w = weight(doc.text[block.start : block.end])
        spans = (
            _cut_long(doc.text, block.start, block.end)
            if w > MAX_WORDS
            else [(block.start, block.end)]
        )
        for s, e in spans:
            piece = _Piece("paragraph", s, e, number, weight(doc.text[s:e]), block.source)
            pieces.append(piece)
    return pieces


def _group(pieces: list[_Piece]) -> list[list[_Piece]]:
    groups: list[list[_Piece]] = []
    current: list[_Piece] = []
    size = 0.0
    for piece in pieces:
        starts_section = piece.kind == "heading" and size >= MIN_WORDS
        overflows = current and size + piece.weight > MAX_WORDS
        other_source = current and piece.source != current[-1].source
        if starts_section or overflows or other_source:
            groups.append(current)
            current, size = [], 0.0
        current.append(piece)
        size += piece.weight
    if current:
        groups.append(current)
    return _merge_small(groups)


def _merge_small(groups: list[list[_Piece]]) -> list[list[_Piece]]:
    """Join a group under MIN_WORDS to the next group, or else the previous, if it fits."""

    def size(group: list[_Piece]) -> float:
        return sum(p.weight for p in group)

    merged: list[list[_Piece]] = []
    i = 0
    while i < len(groups):
        group = groups[i]
        if size(group) < MIN_WORDS:
            after = groups[i + 1] if i + 1 < len(groups) else None
            fits = after and size(group) + size(after) <= MAX_WORDS
            if after and fits and after[0].source == group[-1].source:
                groups[i + 1] = group + after
                i += 1
                continue
            before = merged[-1] if merged else None
            fits = before and size(before) + size(group) <= MAX_WORDS
            if before and fits and before[-1].source == group[0].source:
                merged[-1] = merged[-1] + group
                i += 1
                continue
        merged.append(group)
        i += 1
    return merged


def split(doc: Document) -> list[Passage]:
    """The document's passages, in order.

    A passage's ``section`` is the heading it falls under; when it runs on into
    further sections, their headings follow, joined by "; ". Its ``pages`` come from
    the document's page breaks, its ``notes`` are the notes called from within it, and
    an embedded excerpt with its own citation is always a passage (or more) of its own.
    """
    passages: list[Passage] = []
    current: str | None = None
    for seq, group in enumerate(_group(_pieces(doc)), start=1):
        headings = [doc.text[p.start : p.end] for p in group if p.kind == "heading"]
        sections = headings if group[0].kind == "heading" else [current, *headings]
        if headings:
            current = headings[-1]
        numbers = [p.paragraph for p in group if p.paragraph]
        start, end = group[0].start, group[-1].end
        passages.append(
            Passage(
                passage_id=f"{doc.doc_id}-{seq}",
                doc_id=doc.doc_id,
                seq=seq,
                char_start=start,
                char_end=end,
                text=doc.text[start:end],
                section="; ".join(s for s in sections if s) or None,
                paragraphs=(numbers[0], numbers[-1]) if numbers else (0, 0),
                pages=_pages(doc.page_breaks, start, end),
                notes=tuple(n for n in doc.notes if any(start <= a <= end for a in n.anchors)),
                source=group[-1].source,
                pdf_pages=_pages(tuple((o, str(i)) for o, i in doc.pdf_pages), start, end),
            )
        )
    return passages


def _pages(breaks: tuple[tuple[int, str], ...], start: int, end: int) -> str | None:
    """The printed page(s) a span is on, from the document's page breaks."""
    first = last = None
    for offset, page in breaks:
        if offset <= start:
            first = page
        if offset < end:
            last = page
    if not first or not last:  # the page is not known ("" marks where knowledge ends)
        return None
    return first if first == last else f"{first}-{last}"
