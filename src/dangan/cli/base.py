"""Shared by every command: the click group that turns errors into one line and exit
codes, colour, the shared option stacks, the query-argument command and the pager.

This package is the only importer of click. Exit status: 0 success (zero hits too),
1 handled error, 2 usage error, 130 interrupted. ``--traceback`` or ``DANGAN_DEBUG=1``
shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..cite import FORMATS, PER, format_citations
from ..errors import DanganError
from ..filters import LANGS
from ..models import (
    IndexedPassage,
)
from ..paths import default_corpus_dir, default_index_dir


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


def use_color(choice: str = "auto") -> bool:
    """Colour with --color always; never with --color never or NO_COLOR; else only on a
    terminal."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


MARK_OPEN, MARK_CLOSE = "«", "»"
"""How a match is marked where there is no colour (a pipe, a file, NO_COLOR)."""


def mark(text: str, color: bool) -> str:
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


def citations(style: str, units: list[IndexedPassage], per: str, fmt: str) -> str:
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


class Output:
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
