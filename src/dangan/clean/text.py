"""Text normalisation shared by every archive profile.

Only what is invisible or presentational changes: NFC, no-break and other odd spaces,
zero-width characters, soft hyphens, and line-wrapping inside a paragraph. Letters,
spelling and punctuation are kept as the source has them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..models import Block, NoteKind

# Characters removed outright: zero-width space/joiners, word joiner, BOM, soft hyphen.
_REMOVED = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# From a whole file also the noncharacters U+FDD0-FDEF, which never belong in text:
# two of them delimit the marks below.
_REMOVED_FROM_FILE = {**_REMOVED, **dict.fromkeys(range(0xFDD0, 0xFDF0))}
# Spaces that are only presentational become a plain space. U+3000 (ideographic space)
# is kept: Chinese texts use it for indentation, which whitespace collapsing removes.
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"), " "
)
# Han characters with CJK punctuation and full-width forms: what a line joins without
# a space (a regex character class).
HAN_WRAP = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_WRAP_BETWEEN_HAN = re.compile(rf"(?<=[{HAN_WRAP}])[ \t]*\n[ \t\u3000]*(?=[{HAN_WRAP}])")
_WHITESPACE = re.compile(r"[\s\u3000]+")


def normalize_invisible(raw: str) -> str:
    """A whole file's text with line ends unified and invisible characters dealt with
    (before profiles look for blank lines, which a no-break space would otherwise hide)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_REMOVED_FROM_FILE).translate(_SPACES)


BATCH = 4096
"""Pieces of a replacement joined at a time: ``re.sub`` lists every piece of its result
first, which for a paragraph of a million lines takes many times its size."""


def _sub(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """``pattern.sub(replacement, text)`` (a replacement without references, a pattern
    that never matches empty), joining the pieces :data:`BATCH` at a time."""
    done: list[str] = []
    pieces: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        pieces += (text[last : m.start()], replacement)
        last = m.end()
        if len(pieces) >= BATCH:
            done.append("".join(pieces))
            pieces = []
    pieces.append(text[last:])
    done.append("".join(pieces))
    return "".join(done)


def normalize_inline(raw: str) -> str:
    """Normalise one paragraph: NFC, invisible characters, wrapped lines, runs of spaces."""
    text = unicodedata.normalize("NFC", raw).translate(_REMOVED).translate(_SPACES)
    if len(text) < BATCH * 16:
        return _WHITESPACE.sub(" ", _WRAP_BETWEEN_HAN.sub("", text)).strip()
    return _sub(_WHITESPACE, " ", _sub(_WRAP_BETWEEN_HAN, "", text)).strip()


# Marks ride inside item text, invisible to normalisation, and become offsets when
# the text is assembled: where a footnote is called, where a printed page begins.
_MARK = re.compile("\\s*\ufdd0([npi]):([^\ufdd1]*)\ufdd1\\s*")
_MARK_CHARS = dict.fromkeys(map(ord, "\ufdd0\ufdd1"))


def note_mark(label: str) -> str:
    """A mark for the place a footnote or reference is called."""
    return f"\ufdd0n:{label.translate(_MARK_CHARS)}\ufdd1"


def page_mark(page: str) -> str:
    """A mark for the place a printed page begins."""
    return f"\ufdd0p:{page.translate(_MARK_CHARS)}\ufdd1"


def pdf_page_mark(index: int) -> str:
    """A mark for the place a PDF page (1-based, as a viewer counts) begins."""
    return f"\ufdd0i:{index}\ufdd1"


def strip_marks(text: str) -> str:
    """Text without its marks (for metadata taken from marked text)."""
    return normalize_inline(_MARK.sub(" ", text))


@dataclass(frozen=True)
class Item:
    """A heading or paragraph produced by a profile, before assembly."""

    kind: str  # "heading" or "paragraph"
    text: str
    source: str | None = None  # own citation, for an embedded excerpt


@dataclass(frozen=True)
class Assembled:
    """The cleaned text with its blocks and the offsets of its marks."""

    text: str
    blocks: tuple[Block, ...]
    notes: tuple[tuple[int, str], ...]  # (offset, label) of each note call
    pages: tuple[tuple[int, str], ...]  # (offset, page) of each page start
    pdf_pages: tuple[tuple[int, int], ...] = ()  # (offset, PDF page) of each PDF page start


def _unmark(text: str, base: int) -> tuple[str, list[tuple[int, str, str]]]:
    """Remove marks from normalised text; a mark between words leaves one space."""
    out: list[str] = []
    marks: list[tuple[int, str, str]] = []
    pos = last = 0
    for m in _MARK.finditer(text):
        out.append(text[last : m.start()])
        pos += m.start() - last
        at = pos
        spaced = m.group().startswith((" ", "\n")) or m.group().endswith((" ", "\n"))
        if spaced and pos > 0 and m.end() < len(text):
            out.append(" ")
            pos += 1
            at = pos - 1 if m.group(1) == "n" else pos  # a call ends a word; a page starts one
        marks.append((base + at, m.group(1), m.group(2)))
        last = m.end()
    out.append(text[last:])
    return "".join(out), marks


def assemble(items: list[Item]) -> Assembled:
    """Join items into the cleaned text, paragraphs separated by blank lines.

    Empty items are dropped, and so are headings with nothing under them at the end.
    Marks in an item that is dropped still count, at the start of what follows.
    """
    kept: list[tuple[Item, str]] = []
    for item in items:
        text = normalize_inline(item.text)
        if not _MARK.sub("", text).strip():
            if _MARK.search(text):  # keep the marks of an empty item
                kept.append((Item("marks", ""), text))
            continue
        kept.append((item, text))
    while kept and kept[-1][0].kind == "heading":
        kept.pop()
    parts: list[str] = []
    blocks: list[Block] = []
    notes: list[tuple[int, str]] = []
    pages: list[tuple[int, str]] = []
    pdf_pages: list[tuple[int, int]] = []
    pos = 0
    for item, marked in kept:
        start = pos + (2 if parts else 0)
        text, marks = _unmark(marked, start)
        for offset, kind, value in marks:
            at = min(offset, start + len(text))
            if kind == "i":
                pdf_pages.append((at, int(value)))
            else:
                (notes if kind == "n" else pages).append((at, value))
        if item.kind == "marks":
            continue
        pos = start
        blocks.append(Block(item.kind, pos, pos + len(text), item.source))
        parts.append(text)
        pos += len(text)
    return Assembled(
        "\n\n".join(parts), tuple(blocks), tuple(notes), tuple(pages), tuple(pdf_pages)
    )


def split_paragraphs(raw: str) -> list[str]:
    """Split raw text at blank lines (lines holding only whitespace count as blank)."""
    return [p for p in re.split(r"\n[ \t\u3000]*\n", raw) if p.strip()]


@dataclass(frozen=True)
class Parsed:
    """What an archive profile reads from a file: text items, metadata fields, notes."""

    items: list[Item]
    fields: dict[str, object]
    notes: list[tuple[str, str]]
    note_kind: NoteKind = "footnote"  # what the notes are (see dangan.models.NoteKind)
    note_kinds: dict[str, NoteKind] = field(default_factory=dict)  # by label, where they differ


def strip_lines(raw: str) -> list[str]:
    """The file's lines with trailing whitespace removed."""
    return [line.rstrip() for line in raw.splitlines()]
