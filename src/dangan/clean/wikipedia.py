"""Wikipedia articles saved from the web page as text.

English and Chinese editions alike. The first line is the title; section headings
carry the edit link's text glued on ("The ConferenceEdit", "历史编辑"); citation
markers "[1][2]" follow sentences; the references list
("1. ^ a b c Author (year) …") closes the page, with citation-template warnings
("{{cite web}}: CS1 maint: url-status (link)"). Warnings are dropped; the references
become notes, and each numbered marker leaves the text as a call of its reference.
"""

from __future__ import annotations

import re

from .text import Item, Parsed, note_mark, split_paragraphs, strip_lines

NAME = "wikipedia"
_HEADING_EDIT = re.compile(r"^(\S(?:.{0,78}?\S)?)\s*(?:Edit|\[edit\]|\[?编辑\]?|\[?編輯\]?)$")
_REFERENCE = re.compile(r"^\s*(\d+)\.\s+\^\s*(?:(?:[a-z]{1,2}\s)+)?(.*)$")
_MARKER = re.compile(
    r"\[(\d+|[a-z]|note \d+|注 \d+|citation needed|clarification needed"
    r"|来源请求|來源請求|需要來源)\]"
)
_TEMPLATE_WARNING = re.compile(r"\{\{[^}]*\}\}:\s*CS1 (?:maint|errors?):[^.]*?\(link\)")
_SITE_LINES = frozenset(
    {
        "Skip to content",
        "From Wikipedia, the free encyclopedia",
        "跳转到内容",
        "跳到導覽",
        "跳到搜尋",
        "维基百科，自由的百科全书",
        "維基百科，自由的百科全書",
    }
)


def sniff(raw: str, filename: str) -> bool:
    lines = strip_lines(raw)
    has_edit_heading = any(_HEADING_EDIT.match(line) for line in lines if len(line) < 80)
    has_refs = any(_REFERENCE.match(line) for line in lines)
    return has_edit_heading and (has_refs or "wikipedia" in filename.lower())


def _call(m: re.Match[str]) -> str:
    """A citation marker: a numbered one calls its reference; the others are dropped."""
    return note_mark(m[1]) if m[1].isdigit() else ""


def clean_inline(text: str) -> str:
    """Citation markers to note calls; template warnings dropped."""
    text = _TEMPLATE_WARNING.sub("", text)
    return _MARKER.sub(_call, text)


def parse(raw: str, filename: str = "") -> Parsed:
    items: list[Item] = []
    notes: list[tuple[str, str]] = []
    fields: dict[str, object] = {}
    for para in split_paragraphs(raw):
        lines = [line.strip() for line in para.splitlines() if line.strip()]
        lines = [line for line in lines if line not in _SITE_LINES]
        if not lines:
            continue
        if "title" not in fields:
            fields["title"] = lines.pop(0)
        text_lines: list[str] = []
        for line in lines:
            if m := _REFERENCE.match(line):
                notes.append((m[1], _TEMPLATE_WARNING.sub("", m[2]).strip()))
            elif m := _HEADING_EDIT.match(line):
                items.append(Item("paragraph", " ".join(text_lines)))
                text_lines = []
                items.append(Item("heading", m[1]))
            else:
                text_lines.append(clean_inline(line))
        items.append(Item("paragraph", " ".join(text_lines)))
    fields.setdefault("doc_type", "encyclopedia article")
    return Parsed(items=items, fields=fields, notes=notes, note_kind="reference")
