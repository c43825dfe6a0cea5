"""Rich text for citations: the italics Chicago wants, written as plain text, Markdown,
HTML or RTF.

The Chicago renderers mark an italic span with two private characters (which no
cleaned text holds: the cleaner removes noncharacters); :func:`render` turns them
into the markup of one format and escapes what that format needs escaped. Chinese
characters are never set in italics (Chicago 11.89): :func:`italic` marks only the
romanized part of "Mao Zedong xuanji 毛泽东选集". Pure: no I/O.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import partial
from typing import Literal

Format = Literal["text", "markdown", "html", "rtf"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "html", "rtf")
ITALIC_START = "\ufdd2"
ITALIC_END = "\ufdd3"
_HAN_TAIL = re.compile(r"\s+([\u3400-\u9fff\U00020000-\U0002fa1f].*)$")


def italic(text: str) -> str:
    """Text marked as italic, less a tail in Chinese characters."""
    if not text:
        return text
    m = _HAN_TAIL.search(text)
    if m and m.start():
        return f"{ITALIC_START}{text[: m.start()]}{ITALIC_END} {m[1]}"
    return text if m else f"{ITALIC_START}{text}{ITALIC_END}"


def plain(text: str) -> str:
    """Text without its italic marks."""
    return text.replace(ITALIC_START, "").replace(ITALIC_END, "")


def _rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:  # RTF's \uN takes signed 16-bit units: characters beyond them as two
            data = ch.encode("utf-16-le")
            for i in range(0, len(data), 2):
                unit = int.from_bytes(data[i : i + 2], "little", signed=True)
                out.append(f"\\u{unit}?")
    return "".join(out)


_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")
_MARKDOWN_SPECIAL = re.compile(r"([\\*_\[\]<>`])")


def _markdown_escape(text: str) -> str:
    """Markdown's special characters escaped; a URL written as an autolink, which
    Markdown takes as it stands (no backslashes inside an address)."""
    out, at = [], 0
    for m in _URL.finditer(text):
        out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[at : m.start()]))
        out.append(f"<{m[0]}>")
        at = m.end()
    out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[at:]))
    return "".join(out)


def _convert(entry: str, escape: Callable[[str], str], start: str, end: str) -> str:
    """An entry with each part escaped and each italic span between start and end."""
    parts = entry.split(ITALIC_START)
    out = [escape(parts[0])]
    for part in parts[1:]:
        inside, _, after = part.partition(ITALIC_END)
        out.append(f"{start}{escape(inside)}{end}{escape(after)}")
    return "".join(out)


def render(entries: list[str], fmt: Format) -> str:
    """Entries (notes or bibliography entries) in one format: one a line in text and
    Markdown, a paragraph each in HTML, a complete RTF document to paste or open."""
    if fmt == "text":
        return "\n".join(plain(e) for e in entries)
    if fmt == "markdown":
        return "\n\n".join(_convert(e, _markdown_escape, "*", "*") for e in entries)
    if fmt == "html":
        escape = partial(html.escape, quote=False)
        return "\n".join(f"<p>{_convert(e, escape, '<i>', '</i>')}</p>" for e in entries)
    body = "".join(
        "{\\pard " + _convert(e, _rtf_escape, "{\\i ", "}") + "\\par}\n" for e in entries
    )
    return "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + "}"
