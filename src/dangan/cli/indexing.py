"""Commands that build and inspect the index: index, clean, check, export (and the
first-use build of the default index before a search).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..corpus import source_for_file
from ..errors import IndexCorruptError, IndexMissingError, SkippedFilesError
from ..index import build_index, needs_build
from ..models import (
    IndexReport,
)
from ..search import export
from .base import cli, corpus_dir_option, index_dir_option


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
    from ..clean import clean_file, document_record

    doc = clean_file(source_for_file(path))
    if as_json:
        click.echo(json.dumps(document_record(doc), ensure_ascii=False, indent=2))
    else:
        click.echo(doc.text)


def ready_to_search(words: tuple[str, ...], index_dir: Path, corpus_dir: Path) -> None:
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


@cli.command(name="check")
@index_dir_option
def check_command(index_dir: Path) -> None:
    """Check the index: every file's checksum and every file's passages.

    Prints one line per problem and exits 1 if there is any (rebuild with
    `dangan index --rebuild`).
    """
    from ..index import check_index

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
