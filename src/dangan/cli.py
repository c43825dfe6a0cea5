"""The command line: parse options, call one library function, print the result.

This is the only module that imports click, and the one place where a library error
becomes a one-line ``Error: …`` on stderr. Exit status: 0 success (zero hits too),
1 handled error, 2 usage error, 130 interrupted. ``--traceback`` or ``DANGAN_DEBUG=1``
shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from .cite import FORMATS, PER, STYLES, citation, format_citations
from .corpus import source_for_file
from .errors import DanganError, IndexCorruptError, IndexMissingError, SkippedFilesError
from .filters import FACETS, LANGS, SORTS, Filters, SearchOptions, years_filled
from .index import build_index, document_units, get_passage, needs_build, neighbours
from .models import (
    Hit,
    IndexedPassage,
    IndexReport,
    QuoteMatch,
    SearchSummary,
    json_record,
)
from .paths import default_corpus_dir, default_index_dir
from .search import SearchResult, export
from .search import search as run_search
from .units import context_centre, document_text, is_document_id


def _debug(args: Sequence[str]) -> bool:
    return "--traceback" in args or os.environ.get("DANGAN_DEBUG", "") not in ("", "0")


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _interrupted(exc: BaseException) -> bool:
    """Whether Ctrl-C is behind this exception (or any it was raised from)."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _interrupt() -> None:
    click.echo("Interrupted; nothing was changed.", err=True)
    sys.exit(130)


class DanganGroup(click.Group):
    """A click group whose every failure is one line on stderr with the right exit code."""

    def main(self, args: Sequence[str] | None = None, **extra: Any) -> Any:  # type: ignore[override]
        args = list(sys.argv[1:] if args is None else args)
        extra["standalone_mode"] = False
        extra.setdefault("prog_name", "dangan")
        try:
            code = super().main(args, **extra)
        except SystemExit as exc:  # click ends a run whose reader (head) stopped with 1
            if exc.code == 1 and type(sys.stdout).__name__.endswith("PacifyFlushWrapper"):
                sys.exit(0)  # a closed pipe is the reader's choice, not an error
            raise
        except DanganError as exc:
            if _debug(args):
                raise
            _fail(str(exc), 1)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(
                exc.ctx.get_help() if exc.ctx else self.get_help(self.make_context("dangan", []))
            )
            sys.exit(0)
        except click.UsageError as exc:
            hint = f"; see '{exc.ctx.command_path} --help'" if exc.ctx else ""
            _fail(f"{exc.format_message().rstrip('.')}{hint}", exc.exit_code)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except click.Abort as exc:
            cause = exc.__context__
            if cause is not None and not _interrupted(cause):
                if _debug(args):
                    raise cause from None
                _fail(f"unexpected {type(cause).__name__}: {cause} (report it)", 1)
            _interrupt()
        except Exception as exc:
            if _debug(args):
                raise
            if _interrupted(exc):  # a library turned Ctrl-C into an error of its own
                _interrupt()
            name = type(exc).__name__
            _fail(f"unexpected {name}: {exc} (run again with --traceback and report it)", 1)
        sys.exit(code if isinstance(code, int) else 0)


def _use_color(choice: str = "auto") -> bool:
    """Colour with --color always; never with --color never or NO_COLOR; else only on a
    terminal."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


MARK_OPEN, MARK_CLOSE = "«", "»"
"""How a match is marked where there is no colour (a pipe, a file, NO_COLOR)."""


def _mark(text: str, color: bool) -> str:
    return click.style(text, fg="yellow", bold=True) if color else f"{MARK_OPEN}{text}{MARK_CLOSE}"


index_dir_option = click.option(
    "--index-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="DANGAN_INDEX_DIR",
    default=default_index_dir,
    show_default="index/",
    help="Index folder (env DANGAN_INDEX_DIR).",
)
per_option = click.option(
    "--per",
    type=click.Choice(PER),
    default="document",
    show_default=True,
    help="One citation for each document (its passages' locators merged) or each passage.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Notes and bibliography entries as plain text, Markdown, HTML or RTF (italics).",
)


def _citations(style: str, units: list[IndexedPassage], per: str, fmt: str) -> str:
    """Citations to print; --format is refused for the styles that are text only."""
    if fmt != "text" and not style.startswith("chicago"):
        raise click.UsageError(f"--format {fmt} is for chicago-note and chicago-bib, not {style}")
    return format_citations(style, units, per, fmt)  # type: ignore[arg-type]


corpus_dir_option = click.option(
    "--corpus-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="DANGAN_CORPUS_DIR",
    default=default_corpus_dir,
    show_default="corpus/",
    help="Corpus folder used when no PATH is given (env DANGAN_CORPUS_DIR).",
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that narrow a search, shared by search and timeline."""
    for option in reversed(
        [
            click.option(
                "--from", "date_from", metavar="DATE", help="From a year, year-month or day."
            ),
            click.option("--to", "date_to", metavar="DATE", help="To a year, year-month or day."),
            click.option("--collection", multiple=True, help="Only this collection; repeatable."),
            click.option(
                "--lang",
                multiple=True,
                type=click.Choice(LANGS, case_sensitive=False),
                help="Only this language.",
            ),
            click.option("--type", "doc_types", multiple=True, help="Only this document type."),
        ]
    ):
        command = option(command)
    return command


@click.group(
    name="dangan", cls=DanganGroup, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option("--traceback", is_flag=True, help="Show the full traceback of an error.")
@click.version_option(package_name="dangan")
def cli(traceback: bool) -> None:
    """dangan (档案): search English and Chinese historical sources and cite passages."""


def _build(paths: list[Path], index_dir: Path, rebuild: bool, strict: bool = False) -> IndexReport:
    bar: Any = None

    def on_total(total: int) -> None:
        nonlocal bar
        bar = click.progressbar(
            length=total,
            label="Indexing",
            file=sys.stderr,
            item_show_func=lambda path: path,
        )
        bar.__enter__()

    try:
        return build_index(
            paths,
            index_dir,
            rebuild=rebuild,
            strict=strict,
            on_total=on_total,
            on_source=lambda source: bar.update(1, source.display_path),
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _summary(report: IndexReport) -> str:
    plural = "" if report.files == 1 else "s"
    lines = [
        f"{report.files} file{plural}: {report.indexed} indexed, {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped, {report.removed} removed; "
        f"{report.passages} passages and {report.notes} notes in {report.index_dir}"
    ]
    lines += [f"skipped {path}: {reason}" for path, reason in report.skipped]
    return "\n".join(lines)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@index_dir_option
@corpus_dir_option
@click.option("--rebuild", is_flag=True, help="Start from an empty index instead of updating.")
@click.option("--strict", is_flag=True, help="Fail, changing nothing, if any file must be skipped.")
def index(
    paths: tuple[Path, ...], index_dir: Path, corpus_dir: Path, rebuild: bool, strict: bool
) -> None:
    """Index files and folders (default: the corpus folder).

    Unchanged files are kept, changed ones re-indexed, and files gone from a folder
    dropped; a file that cannot be read is skipped and listed. The previous index
    stays searchable until the new one is complete.
    """
    try:
        report = _build(list(paths) or [corpus_dir], index_dir, rebuild, strict)
    except SkippedFilesError as exc:
        for path, reason in exc.skipped:
            click.echo(f"skipped {path}: {reason}", err=True)
        raise
    click.echo(_summary(report))


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print text, profile and metadata as JSON.")
def clean(path: Path, as_json: bool) -> None:
    """Print a file's text as dangan cleans and indexes it."""
    from .clean import clean_file, document_record

    doc = clean_file(source_for_file(path))
    if as_json:
        click.echo(json.dumps(document_record(doc), ensure_ascii=False, indent=2))
    else:
        click.echo(doc.text)


def _one_line(text: str) -> str:
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
        out.append(_mark(hit.text[m_start:m_end], color))
        cursor = m_end
    out.append(hit.text[cursor:end])
    out.append("…" if end < len(hit.text) else "")
    return _one_line("".join(out))


_PAGES = re.compile(r"^pp?\. [^,]*, ")


def _where(result: Hit | QuoteMatch) -> str:
    """Where in its document a result stands, when not in the body: " · in n. 4"."""
    if result.in_ == "title":
        return " · in the title"
    if result.in_ == "note":  # the locator less its pages: "n. 4", "note ⑴"
        return f" · in {_PAGES.sub('', result.locator) or 'a note'}"
    return ""


def _format_result(result: Hit | QuoteMatch, text: str, after_heading: str = "") -> str:
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


def _format_hit(hit: Hit, color: bool) -> str:
    others = ""
    if hit.other_matches:
        plural = "es" if hit.other_matches > 1 else ""
        others = f" · {hit.other_matches} more match{plural} in this document"
    return _format_result(hit, _format_snippet(hit, color), others)


def _format_oneline(hit: Hit, color: bool) -> str:
    """A hit on one line, tab-separated: id, date, title, snippet (for grep and awk)."""
    fields = [hit.passage_id, hit.date or "", hit.title, _format_snippet(hit, color)]
    return "\t".join(_one_line(f).replace("\t", " ") for f in fields)


def _search_summary(summary: SearchSummary, by_doc: bool = False, listed: bool = True) -> str:
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


def _bars(counts: Sequence[tuple[str, int]], width: int = 40) -> list[str]:
    """One line per bucket: its name, a bar as long as its share, its count."""
    if not counts:
        return []
    most = max(n for _, n in counts)
    label = max(len(b) for b, _ in counts)
    return [
        f"{b:<{label}}  {'█' * max(1, round(width * n / most)):<{width}} {n:,}" for b, n in counts
    ]


def _ready_to_search(words: tuple[str, ...], index_dir: Path, corpus_dir: Path) -> None:
    """Refuse a misspelt --option among the words (they are taken as they come, so that
    -word can mean NOT); build the default index from the corpus if there is none yet,
    but never one that was named (--index-dir, DANGAN_INDEX_DIR): a misspelt name must
    not quietly answer from the sample corpus."""
    for word in words:
        if word.startswith("--") and len(word) > 2:
            raise click.NoSuchOption(word.split("=", 1)[0])
    if needs_build(index_dir):
        source = click.get_current_context().get_parameter_source("index_dir")
        if source is not click.core.ParameterSource.DEFAULT:
            raise IndexMissingError(
                f"no index at {index_dir}; build one with: dangan index [PATH ...] "
                f"--index-dir {index_dir}, or check the folder's name"
            )
        click.echo(f"No index at {index_dir} yet; building it from {corpus_dir} first.", err=True)
        click.echo(_summary(_build([corpus_dir], index_dir, rebuild=False)), err=True)


class QueryCommand(click.Command):
    """A command whose arguments are a query: a word after a single minus (-Rao,
    -"Rao Shushi") means NOT, so only an option's exact short name (-n, -l, -h) is
    taken as that option, and an option's value (--sort -date) is left as it is."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        valued = {
            name
            for param in self.params
            if isinstance(param, click.Option) and not param.is_flag
            for name in param.opts
        }
        rewritten: list[str] = []
        taking_value = False
        for i, arg in enumerate(args):
            if arg == "--":
                rewritten += args[i:]
                break
            if taking_value:
                rewritten.append(arg)
                taking_value = False
            elif glued := _GLUED_SHORT.fullmatch(arg):  # -n5: the option and its value
                rewritten += [glued[1], glued[2]]
            elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 2:
                word = arg[1:]  # a phrase the shell unquoted keeps its words together
                rewritten += ["NOT", f'"{word}"' if " " in word and '"' not in word else word]
            else:
                rewritten.append(arg)
                taking_value = arg in valued
        return super().parse_args(ctx, rewritten)


_GLUED_SHORT = re.compile(r"(-[nl])(\d+)")


class LimitType(click.ParamType):
    """A number of hits, at least 1, or "all"."""

    name = "N|all"

    def convert(self, value: Any, param: Any, ctx: Any) -> int | None:
        if isinstance(value, str) and value.lower() == "all":
            return None
        if value is None or isinstance(value, int):
            return value
        if str(value).isdigit() and int(value) >= 1:
            return int(value)
        self.fail(f"{value!r} is not a number of hits: give 1 or more, or all", param, ctx)


def _pager(enabled: bool) -> subprocess.Popen[bytes] | None:
    """$PAGER (default less -FRX, which exits at once when the output fits) when stdout
    is a terminal and paging is on."""
    if not enabled or not sys.stdout.isatty():
        return None
    pager = os.environ.get("PAGER")
    try:
        command = shlex.split("less -FRX" if pager is None else pager)
    except ValueError:  # a PAGER that cannot be read: no pager, as with PAGER=""
        return None
    if not command:
        return None
    try:
        return subprocess.Popen(command, stdin=subprocess.PIPE)
    except OSError:
        return None


class _Output:
    """Where results go: stdout, or a pager that they stream into."""

    def __init__(self, color: bool, paged: bool) -> None:
        self.color = color
        self.pager = _pager(paged)

    def echo(self, text: str) -> None:
        if self.pager is None:
            click.echo(text, color=self.color)
            return
        assert self.pager.stdin is not None
        try:
            self.pager.stdin.write((text + "\n").encode("utf-8"))
        except BrokenPipeError:  # the reader quit the pager
            raise click.exceptions.Exit(0) from None

    def close(self) -> None:
        if self.pager is not None and self.pager.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.pager.stdin.close()
            self.pager.wait()


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
    _ready_to_search(query, index_dir, corpus_dir)
    result = run_search(" ".join(query), index_dir, _search_options(given))
    color = _use_color(given["color"])
    if given["as_json"]:
        _print_json(result)
    if given["as_json"] or not result.summary.total:
        if not result.summary.total:
            click.echo(_search_summary(result.summary, given["by_doc"]), err=True)
        return
    click.echo(_search_summary(result.summary, given["by_doc"]), err=True)
    if not given["cite_style"]:  # a file of references holds references only
        _print_facets(result.summary, color)
    if given["cite_style"]:
        stored = [get_passage(index_dir, passage_id) for passage_id in result.ids]
        if stored:
            click.echo(_citations(given["cite_style"], stored, given["per"], fmt))
        return
    out = _Output(color, not given["no_pager"])
    try:
        oneline = given["output_format"] == "oneline"
        for i, hit in enumerate(result):
            if i and not oneline:
                out.echo("")
            out.echo(_format_oneline(hit, color) if oneline else _format_hit(hit, color))
    finally:
        out.close()


def _print_json(result: SearchResult) -> None:
    record = {"hits": [json_record(h) for h in result], **asdict(result.summary)}
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


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
        for line in _bars(counts):
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
    _ready_to_search(query, index_dir, corpus_dir)
    options = _search_options(
        {**given, "limit": 1, "page": 1, "by_doc": False, "sort": "relevance", "facets": ("year",)}
    )
    summary = run_search(" ".join(query), index_dir, options).summary
    years = years_filled(summary.facets["year"])
    if given["as_json"]:
        click.echo(json.dumps({"years": years, **asdict(summary)}, ensure_ascii=False, indent=2))
    else:
        click.echo(_search_summary(summary, listed=False), err=True)
        for line in _bars(years):
            click.echo(line)
    if png is not None:
        from .plot import draw_timeline  # matplotlib is imported by this command alone

        draw_timeline(years, " ".join(query), png)
        click.echo(f"drawn in {png}", err=True)


@cli.command(name="collections")
@click.option("--json", "as_json", is_flag=True, help="Print the collections as JSON.")
@index_dir_option
def collections_command(as_json: bool, index_dir: Path) -> None:
    """List the collections of the index: documents, languages and dates."""
    from .catalogue import collections

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


def _format_quote(match: QuoteMatch, color: bool) -> str:
    start, end = match.span
    text = match.text
    shown = text[:start] + _mark(text[start:end], color) + text[end:]
    return _format_result(match, _one_line(shown), f" · similarity {match.score:g}")


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
    _ready_to_search(text, index_dir, corpus_dir)
    from .quote import find_quote

    matches = find_quote(" ".join(text), index_dir, limit=limit)
    color = _use_color()
    if as_json:
        click.echo(json.dumps([json_record(m) for m in matches], ensure_ascii=False, indent=2))
    else:
        for i, match in enumerate(matches):
            if i:
                click.echo("", color=color)
            click.echo(_format_quote(match, color), color=color)
    if not matches:
        click.echo("no passage matches this quotation", err=True)


@cli.command(name="names", context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--json", "as_json", is_flag=True, help="Print the names as a JSON array.")
@index_dir_option
def names_command(query: tuple[str, ...], as_json: bool, index_dir: Path) -> None:
    """List the names in a query and every spelling a search will use for them, with
    how many passages of the index hold each form (if there is an index).

    Gao Gang finds Kao Kang and 高岗; Peking finds Beijing, Peiping and 北京.
    """
    from .name_ranking import names_in_index
    from .names import NameExpansion, find_names, name_record

    text = " ".join(query)
    found: list[tuple[NameExpansion, dict[str, int]]]
    if needs_build(index_dir):
        found = [(n, {}) for n in find_names(text)]
    else:
        found = names_in_index(text, index_dir)
    if as_json:
        records = [{**name_record(n), "passages": counts} for n, counts in found]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for n, counts in found:
            click.echo(f"{n.typed}: {n.kind} ({n.source})")
            for system in dict.fromkeys(f.system for f in n.forms):
                texts = dict.fromkeys(f.text for f in n.forms if f.system == system)
                shown = [f"{t} ({counts[t]})" if t in counts else t for t in texts]
                click.echo(f"  {system:<11} {', '.join(shown)}")
    if not found:
        click.echo("no names: the query is searched as typed", err=True)


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
        record = {
            "passage": json_record(stored.passage),
            "path": stored.path,
            "profile": stored.profile,
            "citation": asdict(cited),
            "metadata": asdict(stored.metadata),
            "context": [json_record(p.passage) for p in around if p != stored],
        }
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
    title = next(u for u in units if u.passage.part == "title")
    body = [u.passage for u in units if u.passage.part == "body"]
    notes = [u.passage for u in units if u.passage.part == "note"]
    cited = citation(title)
    if as_json:
        record = {
            "doc_id": title.passage.doc_id,
            "path": title.path,
            "profile": title.profile,
            "citation": asdict(cited),
            "metadata": asdict(title.metadata),
            "text": document_text(body),
            "passages": [json_record(p) for p in body],
            "notes": [json_record(n) for n in notes],
        }
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
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
    click.echo("\n".join(lines), color=_use_color())


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
    click.echo(_citations(style, units, per, fmt))


@cli.command(name="check")
@index_dir_option
def check_command(index_dir: Path) -> None:
    """Check the index: every file's checksum and every file's passages.

    Prints one line per problem and exits 1 if there is any (rebuild with
    `dangan index --rebuild`).
    """
    from .check import check_index

    found = check_index(index_dir)
    for line in found:
        click.echo(line)
    if found:
        plural = "" if len(found) == 1 else "s"
        raise IndexCorruptError(
            f"{len(found)} problem{plural} in the index at {index_dir}; "
            "rebuild it with: dangan index --rebuild"
        )
    click.echo(f"index at {index_dir}: no problems found", err=True)


@cli.command(name="export")
@click.option(
    "--jsonl",
    is_flag=True,
    default=True,
    help="One JSON object per line (the default and only format).",
)
@index_dir_option
def export_command(jsonl: bool, index_dir: Path) -> None:
    """Print every passage as JSON lines, for other tools."""
    for record in export(index_dir):
        click.echo(json.dumps(record, ensure_ascii=False))
