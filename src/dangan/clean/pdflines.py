"""A PDF page's characters grouped into lines, horizontal or vertical.

Pure geometry (no PDF library): :mod:`dangan.clean.pdf` gives each character with its
box and font size, in the order the page draws them. A character continues a line
when it overlaps it vertically and follows it closely (a wide gap is a column gutter
or a running head's other half).

Chinese set vertically (columns read top to bottom, right to left) is told by most
characters standing under the one before; such a page is turned a quarter so that its
columns become lines read in order, and :mod:`dangan.clean.pdflayout` reads them as it
reads any page (a column's first characters indented by two are a paragraph's start).
Horizontal text on such a page (a page number, a running title) is set at the turned
page's foot, where it is found as a running foot.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from .pdflayout import Char, Line, PageLines


def _same_line(last: Char, top: float, bottom: float, entry: Char) -> bool:
    char, left, _right, char_top, char_bottom, size = entry
    if char == " ":
        return True
    overlap = min(char_bottom, bottom) - max(char_top, top)
    if overlap < 0.4 * min(char_bottom - char_top, bottom - top):
        return False
    return -size < left - last[2] < 2.5 * max(size, last[5])


def _runs(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters in drawing order, cut where a character does not continue the line."""
    runs: list[list[Char]] = []
    top = bottom = 0.0
    for entry in chars:
        if not runs or not _same_line(runs[-1][-1], top, bottom, entry):
            runs.append([])
            top, bottom = entry[3], entry[4]
        runs[-1].append(entry)
        top, bottom = min(top, entry[3]), max(bottom, entry[4])
    return runs


def _vertical(chars: Sequence[Char]) -> bool:
    """Whether most characters stand under the one before (vertical setting)."""
    down = across = 0
    visible = [c for c in chars if not c[0].isspace()]
    for a, b in pairwise(visible):
        size = max(a[5], 1.0)
        if abs(b[1] - a[1]) < 0.3 * size and 0 < b[3] - a[3] < 2 * size:
            down += 1
        elif abs(b[3] - a[3]) < 0.3 * size and b[1] > a[1]:
            across += 1
    return down >= 10 and down > 2 * across


def _horizontal(run: list[Char]) -> bool:
    """Whether a run holds two or more characters side by side."""
    shown = [c for c in run if not c[0].isspace()]
    return len(shown) >= 2 and all(b[1] - a[1] > 0.3 * a[5] for a, b in pairwise(shown))


def _turned(char: Char, width: float) -> Char:
    """A character of a vertical page on the page turned a quarter clockwise: columns
    (right to left) become lines (top to bottom)."""
    text, left, right, top, bottom, size = char
    return (text, top, bottom, width - right, width - left, size)


def page_lines(
    chars: Sequence[Char], index: int, label: str, width: float, height: float
) -> PageLines:
    """The page's lines; a vertical page's turned a quarter (see the module docstring)."""
    runs = _runs(chars)
    if not _vertical(chars):
        return PageLines(index, label, width, height, tuple(Line.of(run) for run in runs))
    across = [run for run in runs if _horizontal(run)]
    down = sorted(
        (_turned(c, width) for run in runs if run not in across for c in run),
        key=lambda c: (c[3], c[1]),
    )
    lines = _columns(down)
    for n, run in enumerate(across):  # the turned page is `height` wide, `width` high
        line = Line.of(run)
        top = width - 12.0 * (len(across) - n)
        length = line.right - line.left
        lines.append(Line(line.text, 0.1 * height, 0.1 * height + length, top, top + 8, 8))
    return PageLines(index, label, height, width, tuple(lines))


def _columns(chars: list[Char]) -> list[Line]:
    """Turned characters, sorted by column then place in it, to lines."""
    lines: list[Line] = []
    current: list[Char] = []
    for char in chars:
        if current and abs(char[3] - current[-1][3]) > 0.5 * char[5]:
            lines.append(Line.of(current))
            current = []
        current.append(char)
    if current:
        lines.append(Line.of(current))
    return lines
