"""Commands that search: search, timeline, collections, names."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from ..cite import FORMATS, STYLES
from ..contract import names_records, search_record
from ..filters import FACETS, SORTS, Filters, SearchOptions, years_filled
from ..index import get_passage, needs_build
from ..models import SearchSummary
from ..search import SearchResult
from ..search import search as run_search
from .base import (
    LimitType,
    Output,
    QueryCommand,
    citations,
    cli,
    corpus_dir_option,
    filter_options,
    index_dir_option,
    per_option,
    use_color,
)
from .format import bars, format_hit, format_oneline, search_summary
from .indexing import ready_to_search


@cli.command(cls=QueryCommand, context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option(
    "--limit",
    "-n",
    "-l",
    default="10",
    show_default=True,
    type=LimitType(),
    help="Hits a page (or all).",
)
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1), help="Page.")
@filter_options
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="date: oldest first; -date: newest first.",
)
@click.option("--by", "facets", multiple=True, type=click.Choice(FACETS), help="Count hits by.")
@click.option("--exact", is_flag=True, help="Search names only as typed (see `dangan names`).")
@click.option("--by-doc", is_flag=True, help="One hit per document, with how many more it has.")
@click.option("--json", "as_json", is_flag=True, help="Print an object with hits and counts.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "oneline", *FORMATS[1:]]),
    default="text",
    help="oneline: id, date, title and snippet, tab-separated; with --cite chicago-note or "
    "chicago-bib: markdown, html or rtf (italics).",
)
@click.option("--cite", "cite_style", type=click.Choice(STYLES), help="Print only citations.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    help="Colour matches (auto: on a terminal, not with NO_COLOR); else they are «marked».",
)
@click.option("--no-pager", is_flag=True, help="Never page long output.")
@per_option
@index_dir_option
@corpus_dir_option
def search(
    query: tuple[str, ...],
    index_dir: Path,
    corpus_dir: Path,
    **given: Any,
) -> None:
    """Search the index; words must all match, "quoted phrases" match exactly.

    Titles, passages and notes are all searched; a hit says which it is. Operators: OR,
    NOT or -word, NEAR/10, "a b"~10; fields title:, collection:, date:, lang:, type:.
    With no index yet, the default one is built from the corpus first.
    """
    if given["cite_style"] and given["as_json"]:
        raise click.UsageError("--cite and --json cannot be combined: --cite csl-json gives JSON")
    fmt = given["output_format"]
    if fmt in FORMATS[1:] and not given["cite_style"]:
        raise click.UsageError(f"--format {fmt} is for citations: add --cite chicago-note")
    if fmt == "oneline" and given["cite_style"]:
        raise click.UsageError("--format oneline is for hits, not citations")
    ready_to_search(query, index_dir, corpus_dir)
    result = run_search(" ".join(query), index_dir, _search_options(given))
    color = use_color(given["color"])
    if given["as_json"]:
        _print_json(result)
    if given["as_json"] or not result.summary.total:
        if not result.summary.total:
            click.echo(search_summary(result.summary, given["by_doc"]), err=True)
        return
    click.echo(search_summary(result.summary, given["by_doc"]), err=True)
    if not given["cite_style"]:  # a file of references holds references only
        _print_facets(result.summary, color)
    if given["cite_style"]:
        stored = [get_passage(index_dir, passage_id) for passage_id in result.ids]
        if stored:
            click.echo(citations(given["cite_style"], stored, given["per"], fmt))
        return
    out = Output(color, not given["no_pager"])
    try:
        oneline = given["output_format"] == "oneline"
        for i, hit in enumerate(result):
            if i and not oneline:
                out.echo("")
            out.echo(format_oneline(hit, color) if oneline else format_hit(hit, color))
    finally:
        out.close()


def _print_json(result: SearchResult) -> None:
    click.echo(json.dumps(search_record(result), ensure_ascii=False, indent=2))


def _search_options(given: dict[str, Any]) -> SearchOptions:
    filters = Filters(
        date_from=given["date_from"],
        date_to=given["date_to"],
        collections=given["collection"],
        langs=given["lang"],
        types=given["doc_types"],
    )
    return SearchOptions(
        limit=given["limit"],
        page=given["page"],
        exact=given["exact"],
        by_doc=given["by_doc"],
        sort=given["sort"],
        filters=filters,
        facets=given["facets"],
    )


def _print_facets(summary: SearchSummary, color: bool) -> None:
    """Each facet asked for as a bar chart, on stdout before the hits."""
    for facet, counts in summary.facets.items():
        click.echo(click.style(f"hits by {facet}", bold=True) if color else f"hits by {facet}")
        for line in bars(counts):
            click.echo(f"  {line}")
        click.echo("")


@cli.command(cls=QueryCommand, context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@filter_options
@click.option("--exact", is_flag=True, help="Search names only as typed.")
@click.option("--png", type=click.Path(path_type=Path, dir_okay=False), help="Also draw it here.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@index_dir_option
@corpus_dir_option
def timeline(
    query: tuple[str, ...], index_dir: Path, corpus_dir: Path, png: Path | None, **given: Any
) -> None:
    """Hits per year of a search, as bars (and as a PNG with --png: needs matplotlib)."""
    ready_to_search(query, index_dir, corpus_dir)
    options = _search_options(
        {**given, "limit": 1, "page": 1, "by_doc": False, "sort": "relevance", "facets": ("year",)}
    )
    summary = run_search(" ".join(query), index_dir, options).summary
    years = years_filled(summary.facets["year"])
    if given["as_json"]:
        click.echo(json.dumps({"years": years, **asdict(summary)}, ensure_ascii=False, indent=2))
    else:
        click.echo(search_summary(summary, listed=False), err=True)
        for line in bars(years):
            click.echo(line)
    if png is not None:
        from ..plot import draw_timeline  # matplotlib is imported by this command alone

        draw_timeline(years, " ".join(query), png)
        click.echo(f"drawn in {png}", err=True)


@cli.command(name="collections")
@click.option("--json", "as_json", is_flag=True, help="Print the collections as JSON.")
@index_dir_option
def collections_command(as_json: bool, index_dir: Path) -> None:
    """List the collections of the index: documents, languages and dates."""
    from ..catalogue import collections

    found = collections(index_dir)
    if as_json:
        click.echo(json.dumps([asdict(c) for c in found], ensure_ascii=False, indent=2))
        return
    for c in found:
        span = f"{c.first_date}–{c.last_date}" if c.first_date else "undated"
        undated = f", {c.undated} undated" if c.undated and c.first_date else ""
        click.echo(
            f"{c.collection_id}\t{c.name}\t{c.documents} documents\t"
            f"{', '.join(c.languages)}\t{span}{undated}"
        )


@cli.command(name="names", context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--json", "as_json", is_flag=True, help="Print the names as a JSON array.")
@index_dir_option
def names_command(query: tuple[str, ...], as_json: bool, index_dir: Path) -> None:
    """List the names in a query and every spelling a search will use for them, with
    how many passages of the index hold each form (if there is an index).

    Gao Gang finds Kao Kang and 高岗; Peking finds Beijing, Peiping and 北京.
    """
    from ..name_ranking import names_in_index
    from ..names import NameExpansion, find_names

    text = " ".join(query)
    found: list[tuple[NameExpansion, dict[str, int]]]
    if needs_build(index_dir):
        found = [(n, {}) for n in find_names(text)]
    else:
        found = names_in_index(text, index_dir)
    if as_json:
        click.echo(json.dumps(names_records(found), ensure_ascii=False, indent=2))
    else:
        for n, counts in found:
            click.echo(f"{n.typed}: {n.kind} ({n.source})")
            for system in dict.fromkeys(f.system for f in n.forms):
                texts = dict.fromkeys(f.text for f in n.forms if f.system == system)
                shown = [f"{t} ({counts[t]})" if t in counts else t for t in texts]
                click.echo(f"  {system:<11} {', '.join(shown)}")
    if not found:
        click.echo("no names: the query is searched as typed", err=True)
