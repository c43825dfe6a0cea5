"""Text normalisation shared by every archive profile.

Only what is invisible or presentational changes: NFC, no-break and other odd spaces,
zero-width characters, soft hyphens, and line-wrapping inside a paragraph. Letters,
spelling and punctuation are kept as the source has them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..models import Block

# Characters removed outright: zero-width space/joiners, word joiner, BOM, soft hyphen.
_REMOVED = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Spaces that are only presentational become a plain space. U+3000 (ideographic space)
# is kept: Chinese texts use it for indentation, which whitespace collapsing removes.
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"), " "
)
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_WRAP_BETWEEN_HAN = re.compile(rf"(?<=[{_HAN}])[ \t]*\n[ \t\u3000]*(?=[{_HAN}])")
_WHITESPACE = re.compile(r"[\s\u3000]+")


def normalize_invisible(raw: str) -> str:
    """A whole file's text with line ends unified and invisible characters dealt with
    (before profiles look for blank lines, which a no-break space would otherwise hide)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_REMOVED).translate(_SPACES)


def normalize_inline(raw: str) -> str:
    """Normalise one paragraph: NFC, invisible characters, wrapped lines, runs of spaces."""
    text = unicodedata.normalize("NFC", raw).translate(_REMOVED).translate(_SPACES)
    text = _WRAP_BETWEEN_HAN.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Item:
    """A heading or paragraph produced by a profile, before assembly."""

    kind: str  # "heading" or "paragraph"
    text: str


def assemble(items: list[Item]) -> tuple[str, tuple[Block, ...]]:
    """Join items into the cleaned text, paragraphs separated by blank lines.

    Empty items are dropped, and so are headings with nothing under them at the end.
    """
    kept: list[Item] = []
    for item in items:
        text = normalize_inline(item.text)
        if not text:
            continue
        kept.append(Item(item.kind, text))
    while kept and kept[-1].kind == "heading":
        kept.pop()
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for item in kept:
        if parts:
            pos += 2
        blocks.append(Block(item.kind, pos, pos + len(item.text)))
        parts.append(item.text)
        pos += len(item.text)
    return "\n\n".join(parts), tuple(blocks)


def split_paragraphs(raw: str) -> list[str]:
    """Split raw text at blank lines (lines holding only whitespace count as blank)."""
    return [p for p in re.split(r"\n[ \t\u3000]*\n", raw) if p.strip()]


@dataclass(frozen=True)
class Parsed:
    """What an archive profile reads from a file: text items, metadata fields, notes."""

    items: list[Item]
    fields: dict[str, object]
    notes: list[tuple[str, str]]


def strip_lines(raw: str) -> list[str]:
    """The file's lines with trailing whitespace removed."""
    return [line.rstrip() for line in raw.splitlines()]
