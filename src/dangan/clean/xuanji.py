"""Chinese editions of collected works (选集) saved as plain text, like the Mao
Zedong Selected Works in the shared corpora.

Layout: the title on the first line; the date alone on a line in full-width
parentheses, in Chinese numerals with ○ for zero ("（一九三○年五月）"); an editors'
introduction; paragraphs indented with ideographic spaces; section headings as short
unindented lines ("一　没有调查，没有发言权"); footnote calls as parenthesised digits
⑴-⒇ in the running text; and the endnotes after a "注　　释" line, each "〔n〕 …".
An appendix ("附录：…", after the notes) is text again, with notes of its own.
A download site's banner drawn in box-drawing characters, with its URL, is dropped
wherever it appears (its presence alone also marks a file of this kind, such as the
edition's table of contents).
"""

from __future__ import annotations

import re

from ..models import CIRCLED_CALLS, CONTENTS
from .dates import parse_chinese_date
from .text import Item, Parsed, note_mark, strip_lines

NAME = "xuanji"
_CALL = re.compile("[\u2474-\u2487]")  # ⑴ … ⒇
_LATE_CALL = re.compile(r"（(\d{2,3})）")  # （21）: the calls after ⒇
_NOTES_HEADING = re.compile(r"^\s*注\s*释\s*$", re.M)
_NOTE = re.compile(r"^\s*〔(\d{1,3})〕\s*(.*)$")
_DATE_LINE = re.compile(r"^\s*（([^（）]{4,40})）\s*$")
_BANNER = re.compile(r"[┌┐└┘─│]|www\.4020\.cn|免费TXT小说下载|更多TXT小说下载请访问")
_INDENT = re.compile(r"^[\u3000 ]{2,}")
_APPENDIX = re.compile(r"^附\s*录")
MAX_HEADING = 40
MIN_CONTENTS_LINES = 10


def sniff(raw: str, filename: str) -> bool:
    """A short title line (and perhaps a subtitle), then the date alone in full-width
    parentheses."""
    lines = [line.strip("\u3000 \t") for line in raw[:1500].splitlines()]
    lines = [line for line in lines if line and not _BANNER.search(line)]
    if len(lines) < 2 or len(lines[0]) > MAX_HEADING:
        return False
    dates = [m for line in lines[1:3] if (m := _DATE_LINE.match(line))]
    return bool(dates and parse_chinese_date(dates[0][1])[0]) or "www.4020.cn" in raw[:3000]


def _calls(text: str, prefix: str) -> str:
    """The circled note calls as note marks; an appendix's notes are labelled with its
    letter (A1, A2, …), since their numbers start again at 1."""
    return _CALL.sub(lambda m: note_mark(f"{prefix}{ord(m.group()) - 0x2474 + 1}"), text)


def parse(raw: str, filename: str = "") -> Parsed:
    lines = [line for line in strip_lines(raw) if not _BANNER.search(line)]
    fields: dict[str, object] = {}
    items: list[Item] = []
    notes: list[tuple[str, str]] = []
    in_notes = False
    prefix = ""  # an appendix's letter
    for line in lines:
        text = line.strip("\u3000 \t")
        if not text:
            continue
        if "title" not in fields:  # a note call in the title is dropped from it
            fields["title"] = _CALL.sub("", text)
            continue
        if "date" not in fields and (m := _DATE_LINE.match(line)):
            date, _ = parse_chinese_date(m[1])
            if date:
                fields["date"], fields["date_text"] = date, m[1]
                continue
        if _NOTES_HEADING.match(line):
            in_notes = True
            continue
        if _APPENDIX.match(line):  # an appendix after the notes: text with notes of its own
            in_notes = False
            prefix = chr(ord(prefix or "@") + 1)
            items.append(Item("heading", text))
            continue
        if in_notes and (m := _NOTE.match(line)):
            notes.append((f"{prefix}{m[1]}", m[2]))
            continue
        if in_notes and notes:  # a note running on over a line break
            label, previous = notes[-1]
            notes[-1] = (label, previous + text)
            continue
        # Only an article (it has a date) has section headings; a list of contents does not.
        heading = "date" in fields and not _INDENT.match(line) and len(text) <= MAX_HEADING
        heading = heading and not text.endswith(("。", "！", "？", "：", "；"))
        items.append(Item("heading" if heading else "paragraph", _calls(text, prefix)))
    items = _late_calls(items, notes)
    if "date" not in fields and _is_contents(items):
        fields["doc_type"] = CONTENTS
    return Parsed(items=items, fields=fields, notes=notes, note_kind="endnote")


def _late_calls(items: list[Item], notes: list[tuple[str, str]]) -> list[Item]:
    """Calls of the notes after ⒇, printed "（21）": marked where such a note exists."""
    labels = {label for label, _ in notes if label.isdigit() and int(label) > CIRCLED_CALLS}
    if not labels:
        return items

    def call(m: re.Match[str]) -> str:
        return note_mark(m[1]) if m[1] in labels else m[0]

    return [Item(i.kind, _LATE_CALL.sub(call, i.text), i.source) for i in items]


def _is_contents(items: list[Item]) -> bool:
    """Whether the lines are a list of titles: many, nearly all short."""
    short = sum(len(item.text) <= MAX_HEADING for item in items)
    return len(items) >= MIN_CONTENTS_LINES and short >= 0.8 * len(items)
