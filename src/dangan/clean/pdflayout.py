"""From a PDF's positioned lines to headings, paragraphs, notes and page marks.

Pure geometry and text (no PDF library): :mod:`dangan.clean.pdf` gives the lines of
every page; this module decides what they are.

- **Running heads and feet**: lines in the top or bottom tenth of a page that recur at
  the same height on other pages (numbers aside), that are a bare page number ("181",
  "xii", "— 24 —", "第5页", "Page 3 of 10"), that share their height with one, or that
  begin or end with the number following the last page's, are dropped.
- **Printed page**: the PDF's page labels where it has them, else the bare number (or a
  number at the outer edge of a running head) found on the page, else unknown.
- **Footnotes**: lines in a smaller size below every line of the body size, the first
  of them starting with a number (or *, †, ‡, ①…); each such line starts a note, the
  next lines continue it. Smaller lines at the foot that start with no number (an
  OCR layer's uneven sizes, a note running on from the page before) stay in the body,
  so no text is lost from the search. A smaller, raised number in a line is a note call.
- **Columns**: a page whose lines stand in two halves is read left half, then right,
  band by band between the lines that cross the middle (headings).
- **Paragraphs** come from layout: a new one at an indented first line (against the
  page's own left edge, so mirrored book margins do not matter), at the start of an
  indented block (a quotation, a list item) and where it ends, at a vertical gap wider
  than the usual line pitch, or at a heading (a larger size). A paragraph runs on
  across columns and pages unless the next line is indented.
- **Line ends**: a word broken by a hyphen (or a soft hyphen) is joined ("inter-" "national" →
  "international") unless the part before it is capitalised or the part after is
  ("Kai-" "shek" → "Kai-shek", "Sino-" "Soviet"); between Chinese characters a line
  break leaves nothing, elsewhere one space.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .text import HAN_WRAP, Item, note_mark, page_mark, pdf_page_mark

_ROMAN = r"[ivxlcdm]{1,8}"
_BARE_NUMBER = re.compile(
    rf"^[\W_]*(?:page|p\.|第)?\s*(\d{{1,5}}|{_ROMAN})\s*(?:页|頁)?"
    r"(?:\s*(?:of|/|共)\s*\d{1,5}\s*(?:页|頁)?)?[\W_]*$",
    re.I,
)
_NUMBER_TOKEN = re.compile(rf"\b(?:\d+|{_ROMAN})\b", re.I)
_EDGE_NUMBER = re.compile(r"^\s*(\d{1,5})\b|\b(\d{1,5})\s*$")
_NOTE_START = re.compile(
    r"^\s*(?:\ufdd0n:([^\ufdd1]+)\ufdd1|(\d{1,3})(?=[\s.)]|[^\d\W]|[" + HAN_WRAP + r"])"
    r"|([*†‡§]|[\u2460-\u2473]))[.)]?\s*"
)
_MARK = re.compile("\ufdd0[^\ufdd1]*\ufdd1")
_HYPHENS = "-\u2010"  # hyphen-minus and the Unicode hyphen

Char = tuple[str, float, float, float, float, float]  # char, left, right, top, bottom, size


@dataclass(frozen=True)
class Line:
    """A run of characters on one baseline; coordinates from the page's top left."""

    text: str  # superscript numbers already turned into note marks
    left: float
    right: float
    top: float
    bottom: float
    size: float  # the font size of most of its characters

    @classmethod
    def of(cls, chars: Sequence[Char]) -> Line:
        sizes = Counter(round(c[5], 1) for c in chars if not c[0].isspace())
        size = sizes.most_common(1)[0][0] if sizes else round(chars[0][5], 1)
        main = [c for c in chars if round(c[5], 1) == size] or list(chars)
        bottom = max(c[4] for c in main)
        parts: list[str] = []
        call = ""
        for char, _left, _right, _top, char_bottom, char_size in chars:
            raised = char_size < 0.8 * size and char_bottom < bottom - 0.15 * size
            if raised and char.isdigit():
                call += char
                continue
            if call:
                parts.append(note_mark(call))
                call = ""
            parts.append(char)
        if call:
            parts.append(note_mark(call))
        return cls(
            "".join(parts),
            min(c[1] for c in chars),
            max(c[2] for c in chars),
            min(c[3] for c in main),
            bottom,
            size,
        )


@dataclass(frozen=True)
class PageLines:
    """A page's lines as the PDF draws them."""

    index: int  # 0-based
    label: str  # the PDF's page label, "" if it has none
    width: float
    height: float
    lines: tuple[Line, ...]


def visible(text: str) -> str:
    return _MARK.sub("", text)


def join_lines(before: str, after: str) -> str:
    """Two lines of one paragraph as one text (see the module docstring)."""
    head, tail = visible(before[-80:]).rstrip(), visible(after[:80]).lstrip()
    if not head or not tail:
        return before + after
    if head.endswith("\u00ad"):  # a soft hyphen: the word was broken here, nothing more
        return before.rstrip() + after.lstrip()
    if head[-1] in _HYPHENS and tail[0].isalpha():
        word = (head[:-1].split() or [""])[-1]
        if word[-1:].isalpha() and tail[0].islower() and word[0].islower() and "-" not in word:
            cut = before.rstrip()
            at = max(cut.rfind(hyphen) for hyphen in _HYPHENS)  # a call may follow it
            return cut[:at] + cut[at + 1 :] + after.lstrip()
        if word[-1:].isalpha():
            return before.rstrip() + after.lstrip()
    if re.match(f"[{HAN_WRAP}]", head[-1]) and re.match(f"[{HAN_WRAP}]", tail[0]):
        return before.rstrip() + after.lstrip()
    return before.rstrip() + " " + after.lstrip()


def _key(line: Line, page: PageLines) -> tuple[str, int]:
    text = _NUMBER_TOKEN.sub("#", visible(line.text))
    return " ".join(text.split()), round(line.top / 3)


def _in_margin(line: Line, page: PageLines) -> bool:
    return line.top < 0.1 * page.height or line.bottom > 0.9 * page.height


def _page_furniture(
    page: PageLines, counts: Counter[tuple[str, int]], expected: int | None
) -> tuple[set[int], str]:
    """The page's running heads and feet and its printed number: bare numbers, lines
    repeated on other pages, lines on a bare number's row, and a line whose edge holds
    the number that follows the last page's."""
    drop: set[int] = set()
    number = ""
    rows: list[float] = []
    for i, line in enumerate(page.lines):
        if not _in_margin(line, page):
            continue
        text = visible(line.text)
        bare = _BARE_NUMBER.match(text)
        edge = _EDGE_NUMBER.search(text)
        edge_number = (edge.group(1) or edge.group(2)) if edge else ""
        if bare:
            number = number or bare.group(1)
            rows.append((line.top + line.bottom) / 2)
        elif counts[_key(line, page)] < 2 and not (
            expected is not None and edge_number == str(expected)
        ):
            continue
        drop.add(i)
        number = number or edge_number
    for i, line in enumerate(page.lines):
        middle = (line.top + line.bottom) / 2
        if _in_margin(line, page) and any(abs(middle - row) < 3 for row in rows):
            drop.add(i)
    return drop, number


def _furniture(pages: Sequence[PageLines]) -> tuple[list[set[int]], list[str]]:
    """Per page, the indices of running heads and feet, and the printed number found."""
    counts = Counter(
        key
        for page in pages
        for key in {_key(line, page) for line in page.lines if _in_margin(line, page)}
    )
    dropped: list[set[int]] = []
    numbers: list[str] = []
    for page in pages:
        last = numbers[-1] if numbers else ""
        drop, number = _page_furniture(page, counts, int(last) + 1 if last.isdigit() else None)
        dropped.append(drop)
        numbers.append(number)
    return dropped, numbers


def _notes_of(lines: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """A page's lines split into body and footnote lines."""
    big = [line.bottom for line in lines if line.size >= 0.9 * body_size]
    floor = max(big) if big else -1.0
    body = [line for line in lines if line.size >= 0.9 * body_size or line.top < floor]
    notes = [line for line in lines if line.size < 0.9 * body_size and line.top >= floor]
    first = min(notes, key=lambda line: line.top, default=None)
    if first is None or not _NOTE_START.match(first.text):  # smaller text, but no note
        return lines, []
    return body, notes


def _reading_order(lines: list[Line], width: float) -> list[tuple[int, Line]]:
    """Lines with their column (0 full width, 1 left, 2 right) in reading order."""
    ordered = sorted(lines, key=lambda line: (round(line.top), line.left))
    middle = width / 2
    left = [ln for ln in ordered if ln.right < middle + 0.02 * width]
    right = [ln for ln in ordered if ln.left > middle - 0.02 * width]
    if len(left) < 3 or len(right) < 3:
        return [(0, line) for line in ordered]
    out: list[tuple[int, Line]] = []
    band: list[Line] = []

    def flush() -> None:
        out.extend((1, ln) for ln in band if ln.right < middle + 0.02 * width)
        out.extend((2, ln) for ln in band if not ln.right < middle + 0.02 * width)
        band.clear()

    for line in ordered:
        if line.left < middle - 0.02 * width and line.right > middle + 0.02 * width:
            flush()
            out.append((0, line))
        else:
            band.append(line)
    flush()
    return out


@dataclass
class _Builder:
    """Collects items and notes while the pages are walked in order."""

    items: list[Item]
    notes: list[tuple[str, str]]
    kind: str = ""
    text: str = ""

    def flush(self) -> None:
        if self.kind:
            self.items.append(Item(self.kind, self.text))
        self.kind, self.text = "", ""

    def add(self, kind: str, text: str, new: bool) -> None:
        if new or kind != self.kind or kind == "marks":
            self.flush()
            self.kind, self.text = kind, text
        else:
            self.text = join_lines(self.text, text)

    def add_notes(self, lines: list[Line]) -> None:
        for line in lines:
            m = _NOTE_START.match(line.text)
            if m:
                label = m.group(1) or m.group(2) or m.group(3)
                self.notes.append((label, line.text[m.end() :]))
            elif self.notes:
                label, text = self.notes[-1]
                self.notes[-1] = (label, join_lines(text, line.text))


def _margins(pages: Sequence[PageLines], body_size: float) -> tuple[float, float]:
    """The usual left edge of body lines and the usual line pitch."""
    lefts: Counter[int] = Counter()
    pitches: list[float] = []
    for page in pages:
        body = sorted(
            (ln for ln in page.lines if abs(ln.size - body_size) < 0.5), key=lambda ln: ln.top
        )
        lefts.update(round(ln.left) for ln in body)
        pitches += [
            b.top - a.top
            for a, b in pairwise(body)
            if 0 < b.top - a.top < 3 * body_size and abs(a.left - b.left) < 4 * body_size
        ]
    left = lefts.most_common(1)[0][0] if lefts else 0
    return float(left), statistics.median(pitches) if pitches else 1.2 * body_size


_BULLET = re.compile(
    r"^\s*(?:[•·▪◦‣●○■□–—]|\(?\d{1,3}[.)]|\(?[a-z][.)]|[一二三四五六七八九十]+、)\s*"
)


class _Indents:
    """Whether a line starts a paragraph, from its indentation against the column's left
    edge and the line before it: a first line indented alone starts one (and the lines
    after it, back at the edge, continue it); an indented block (a quotation, a list
    item's hanging lines) runs on at its indentation or deeper and starts one where it
    begins, at each bullet, at a shallower indent, and when the edge comes back after
    two or more of its lines. An indented line after a short one starts one too (one-line
    paragraphs in a row)."""

    def __init__(self) -> None:
        self.block = 0  # lines of the current indented run

    def starts(
        self, line: Line, before: Line | None, edges: tuple[float, float], size: float
    ) -> bool:
        tolerance = 0.6 * size
        edge, right = edges
        indented = line.left > edge + tolerance
        if before is None:  # a new column or page: only an indented line starts one
            self.block = 1 if indented else 0
            return indented
        was = before.left > edge + tolerance
        if not indented:
            ended = was and self.block >= 2
            self.block = 0
            return ended
        short = before.right < right - 3 * size  # the line before ended a paragraph
        if (
            not was
            or short
            or _BULLET.match(visible(line.text))
            or line.left < before.left - tolerance
        ):
            self.block = 1
            return True
        self.block += 1
        return False


def _page_margin(lines: list[Line], body_size: float, usual: float) -> float:
    """The page's own left edge of body lines (a book's odd and even pages have mirrored
    margins): where its leftmost line of ten or more characters starts, else the
    document's usual edge. Indented paragraphs and lists stand to the right of it."""
    lefts = [
        ln.left
        for ln in lines
        if abs(ln.size - body_size) < 0.5 and len(visible(ln.text).strip()) >= 10
    ]
    return min(lefts, default=usual)


def layout(pages: Sequence[PageLines]) -> tuple[list[Item], list[tuple[str, str]]]:
    """The document's items (headings and paragraphs, with page marks) and notes."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(visible(line.text).strip())
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    dropped, numbers = _furniture(pages)
    labelled = any(page.label for page in pages)
    margin, pitch = _margins(pages, body_size)
    out = _Builder([], [])
    for page, drop, number in zip(pages, dropped, numbers, strict=True):
        kept = [line for i, line in enumerate(page.lines) if i not in drop]
        body, notes = _notes_of(kept, body_size)
        marks = page_mark(page.label if labelled else number) + pdf_page_mark(page.index + 1)
        ordered = _reading_order(body, page.width)
        column_left = {
            c: min((ln.left for k, ln in ordered if k == c), default=margin) for c in (1, 2)
        }
        column_left[0] = _page_margin([ln for k, ln in ordered if k == 0], body_size, margin)
        column_right: dict[int, float] = {}
        for k, ln in ordered:
            column_right[k] = max(column_right.get(k, ln.right), ln.right)
        previous: tuple[int, Line] | None = None
        indents = _Indents()
        for column, line in ordered:
            kind = "heading" if line.size >= 1.15 * body_size else "paragraph"
            edge = column_left[column]
            right = column_right.get(column, line.right)
            gap = (
                previous is not None
                and previous[0] == column
                and line.top - previous[1].top > 1.5 * pitch
            )
            text = marks + line.text if previous is None else line.text
            if kind == "heading":  # a heading's lines share a size and follow closely
                new = (
                    previous is None
                    or abs(previous[1].size - line.size) > 0.5
                    or (line.top - previous[1].bottom > line.size)
                )
            else:
                same_column = previous is not None and previous[0] == column
                before = previous[1] if same_column and previous else None
                new = bool(gap) or indents.starts(line, before, (edge, right), body_size)
            out.add(kind, text, new=new)
            previous = (column, line)
        if previous is None:
            out.add("marks", marks, new=True)
        out.add_notes(notes)
    out.flush()
    return [i if i.kind != "marks" else Item("paragraph", i.text) for i in out.items], out.notes
