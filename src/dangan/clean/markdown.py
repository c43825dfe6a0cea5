"""Inline Markdown (and the HTML that Markdown files carry) to plain text, for the
profiles whose sources are Markdown-ish: links keep their text, emphasis and
superscript tags go, backslash escapes and entities are resolved."""

from __future__ import annotations

import html
import re

_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:[^()\s]|\([^()]*\))*\)")
_SUP = re.compile(r"</?(?:sup|sub)>", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_STAR = re.compile(r"(?<![\w*\\])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w\\])_(\S(?:.*?\S)?)_(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


def markdown_inline(text: str) -> str:
    """One line or paragraph of Markdown as plain text."""
    text = text.replace("****", "")  # empty bold, left by converters
    text = _LINK.sub(lambda m: m[1], text)
    text = _SUP.sub("", text)
    text = _BOLD.sub(lambda m: m[1], text)
    text = _UNDERSCORE.sub(lambda m: m[1], text)
    text = _STAR.sub(lambda m: m[1], text)
    return html.unescape(_ESCAPE.sub(lambda m: m[1], text))
