"""Commands that read passages back: quote, show, cite."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from ..cite import STYLES, citation
from ..contract import document_record, passage_record, quote_records, title_unit
from ..index import document_units, get_passage, neighbours
from ..models import (
    IndexedPassage,
    QuoteMatch,
)
from ..units import context_centre, is_document_id
from .base import (
    citations,
    cli,
    corpus_dir_option,
    format_option,
    index_dir_option,
    mark,
    per_option,
    use_color,
)
from .format import format_result, one_line
from .indexing import ready_to_search


def _format_quote(match: QuoteMatch, color: bool) -> str:
    start, end = match.span
    text = match.text
    shown = text[:start] + mark(text[start:end], color) + text[end:]
    return format_result(match, one_line(shown), f" · similarity {match.score:g}")


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("text", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option(
    "--limit",
    "-n",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most passages to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print matches as a JSON array (see README).")
@index_dir_option
@corpus_dir_option
def quote(
    text: tuple[str, ...], limit: int, as_json: bool, index_dir: Path, corpus_dir: Path
) -> None:
    """Find the passage a quotation comes from, the quoted span highlighted.

    Tolerates OCR slips, British or American spelling, changed punctuation, ellipses
    (". . .", "…"), words dropped or added and partial quotations. With no index yet,
    one is built from the corpus first.
    """
    ready_to_search(text, index_dir, corpus_dir)
    from ..quote import find_quote

    matches = find_quote(" ".join(text), index_dir, limit=limit)
    color = use_color()
    if as_json:
        click.echo(json.dumps(quote_records(matches), ensure_ascii=False, indent=2))
    else:
        for i, match in enumerate(matches):
            if i:
                click.echo("", color=color)
            click.echo(_format_quote(match, color), color=color)
    if not matches:
        click.echo("no passage matches this quotation", err=True)


@cli.command()
@click.argument("unit_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print it and its metadata as JSON.")
@click.option(
    "--context",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Also show N passages of the same document before and after it.",
)
@index_dir_option
def show(unit_id: str, as_json: bool, context: int, index_dir: Path) -> None:
    """Show a passage, note or title by its id, with its citation and its document's
    metadata; or a whole document, with its notes, by its document id."""
    if is_document_id(unit_id):
        _show_document(document_units(index_dir, unit_id.lower()), as_json)
        return
    stored = get_passage(index_dir, unit_id)
    around = neighbours(index_dir, unit_id, context, context) if context else []
    cited = citation(stored)
    if as_json:
        record = passage_record(stored, around)
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    centre = context_centre(stored.passage)
    for p in around:
        if p.passage.seq < centre:
            click.echo(f"[{p.passage.passage_id}, before]\n{p.passage.text}\n")
    lines = [stored.passage.text, ""]
    if stored.passage.called_from:
        lines += [f"Called from passage {stored.passage.called_from}.", ""]
    lines += [f"[{note.label}] {note.text}" for note in stored.passage.notes]
    if stored.passage.source:
        lines.append(f"Excerpt from: {stored.passage.source}")
    if stored.passage.notes or stored.passage.source:
        lines.append("")
    lines += [f"Cite: {cited.text}", ""]
    lines.append(f"passage_id: {stored.passage.passage_id}")
    lines += _metadata_lines(stored)
    click.echo("\n".join(lines))
    for p in around:
        if p.passage.seq >= centre and p != stored:
            where = "after" if p.passage.seq > centre else "calling passage"
            click.echo(f"\n[{p.passage.passage_id}, {where}]\n{p.passage.text}")


def _metadata_lines(stored: IndexedPassage) -> list[str]:
    """Path, profile, the unit's pages and its document's metadata, one per line."""
    lines = [f"path: {stored.path}", f"profile: {stored.profile}"]
    if stored.passage.pages:
        lines.append(f"pages: {stored.passage.pages}")
    if stored.passage.part == "note":
        lines.append(f"note: {stored.passage.note}")
    if stored.passage.pdf_pages:
        lines.append(f"PDF pages: {stored.passage.pdf_pages}")
    for key, value in asdict(stored.metadata).items():
        if value not in (None, (), []):
            # a list of names, or of (original, romanized) pairs
            items = (v if isinstance(v, str) else " = ".join(v) for v in value)
            shown = "; ".join(items) if isinstance(value, (tuple, list)) else value
            lines.append(f"{key}: {shown}")
    return lines


def _show_document(units: list[IndexedPassage], as_json: bool) -> None:
    """A whole document: title, text, notes, citation and metadata."""
    if as_json:
        click.echo(json.dumps(document_record(units), ensure_ascii=False, indent=2))
        return
    title = title_unit(units)
    body = [u.passage for u in units if u.passage.part == "body"]
    notes = [u.passage for u in units if u.passage.part == "note"]
    cited = citation(title)
    lines = [title.passage.text, ""]
    for passage in body:
        lines += [click.style(f"[{passage.passage_id}]", dim=True), passage.text, ""]
    if notes:
        lines += ["Notes", ""]
    for note in notes:
        called = f" (called from {note.called_from})" if note.called_from else ""
        if note.note_kind == "editorial":  # its heading is its label and its first line
            lines += [f"[editorial note]{called}", note.text, ""]
        else:
            lines += [f"[{note.note}]{called} {note.text}", ""]
    lines += [f"Cite: {cited.text}", "", f"doc_id: {title.passage.doc_id}"]
    lines += _metadata_lines(title)
    click.echo("\n".join(lines), color=use_color())


@cli.command(name="cite")
@click.argument("passage_ids", nargs=-1, required=True)
@click.option(
    "--style",
    type=click.Choice(STYLES),
    default="chicago-note",
    show_default=True,
    help="Citation style.",
)
@per_option
@format_option
@index_dir_option
def cite_command(
    passage_ids: tuple[str, ...], style: str, per: str, fmt: str, index_dir: Path
) -> None:
    """Cite passages by id, in a note or bibliography style or for a reference manager."""
    units = [get_passage(index_dir, pid) for pid in passage_ids]
    click.echo(citations(style, units, per, fmt))
