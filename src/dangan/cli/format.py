"""Text output of results: hit headings, snippets, summaries and bar charts. It only
formats strings; the commands print them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import click

from ..models import (
    Hit,
    QuoteMatch,
    SearchSummary,
)
from .base import mark


def one_line(text: str) -> str:
    """A snippet on one line; paragraph breaks shown as ¶."""
    return re.sub(r"\s+", " ", re.sub(r"\s*\n\s*\n\s*", " ¶ ", text)).strip()


def _format_snippet(hit: Hit, color: bool = True) -> str:
    start, end = hit.snippet
    out = ["…" if start > 0 else ""]
    cursor = start
    for m_start, m_end in hit.matches:
        if m_end <= start or m_start >= end:
            continue
        m_start, m_end = max(m_start, start), min(m_end, end)
        out.append(hit.text[cursor:m_start])
        out.append(mark(hit.text[m_start:m_end], color))
        cursor = m_end
    out.append(hit.text[cursor:end])
    out.append("…" if end < len(hit.text) else "")
    return one_line("".join(out))


_PAGES = re.compile(r"^pp?\. [^,]*, ")


def _where(result: Hit | QuoteMatch) -> str:
    """Where in its document a result stands, when not in the body: " · in n. 4"."""
    if result.in_ == "title":
        return " · in the title"
    if result.in_ == "note":  # the locator less its pages: "n. 4", "note ⑴"
        return f" · in {_PAGES.sub('', result.locator) or 'a note'}"
    return ""


def format_result(result: Hit | QuoteMatch, text: str, after_heading: str = "") -> str:
    """A hit or quotation match: heading (with what tells documents of one title
    apart: number, place, date), text, citation, then id and path dimmed."""
    heading = click.style(f"{result.rank}. {result.title}", bold=True)
    number = f"No. {result.document_number}" if result.document_number else None
    facts = ", ".join(f for f in (number, result.place, result.date) if f)
    lines = [
        f"{heading}{f' ({facts})' if facts else ''}{_where(result)}{after_heading}",
        f"   {text}",
    ]
    if result.called_from:
        lines.append(click.style(f"   called from passage {result.called_from}", dim=True))
    lines.append(f"   {result.citation}")
    lines.append(click.style(f"   id {result.passage_id} · {result.path}", dim=True))
    return "\n".join(lines)


def format_hit(hit: Hit, color: bool) -> str:
    others = ""
    if hit.other_matches:
        plural = "es" if hit.other_matches > 1 else ""
        others = f" · {hit.other_matches} more match{plural} in this document"
    return format_result(hit, _format_snippet(hit, color), others)


def format_oneline(hit: Hit, color: bool) -> str:
    """A hit on one line, tab-separated: id, date, title, snippet (for grep and awk)."""
    fields = [hit.passage_id, hit.date or "", hit.title, _format_snippet(hit, color)]
    return "\t".join(one_line(f).replace("\t", " ") for f in fields)


def search_summary(summary: SearchSummary, by_doc: bool = False, listed: bool = True) -> str:
    """The line that says what was found, which of it is shown, where, and what a date
    filter left out; with ``by_doc`` the hits shown are documents."""
    hits = "hit" if summary.total == 1 else "hits"
    docs = "document" if summary.documents == 1 else "documents"
    found = f"{summary.total:,} {hits} in {summary.documents:,} {docs}"
    shown = found
    if not summary.total:
        shown = "no matches"
    elif listed and summary.first and by_doc:
        shown = (
            f"showing documents {summary.first:,}–{summary.last:,} of {summary.documents:,} "
            f"({summary.total:,} {hits})"
        )
    elif listed and summary.first:
        shown = f"showing {summary.first:,}–{summary.last:,} of {found}"
    elif listed:
        shown = f"page {summary.page} is past the last page; {found}"
    line = f"{shown} · index {summary.index_dir}"
    if n := summary.undated_left_out:
        line += f" · {n} undated document{'s' if n > 1 else ''} left out"
    return line


def bars(counts: Sequence[tuple[str, int]], width: int = 40) -> list[str]:
    """One line per bucket: its name, a bar as long as its share, its count."""
    if not counts:
        return []
    most = max(n for _, n in counts)
    label = max(len(b) for b, _ in counts)
    return [
        f"{b:<{label}}  {'█' * max(1, round(width * n / most)):<{width}} {n:,}" for b, n in counts
    ]
