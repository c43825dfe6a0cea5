"""The command line on the bundled corpus: exact output, streams, exit codes, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dangan.cli import cli

from .conftest import FIXTURES

GOLDEN = FIXTURES / "expected" / "cli"
EMPTY_QUERY = 'Error: empty query: give words to search for, e.g. dangan search "Gao Gang"\n'


def run(runner: CliRunner, *args: str, **kwargs: object) -> Result:
    return runner.invoke(cli, list(args), **kwargs)  # type: ignore[arg-type]


def check_golden(name: str, output: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")


@pytest.fixture
def indexed(runner: CliRunner, tmp_path: Path) -> Path:
    """The bundled corpus indexed into this test's index folder."""
    result = run(runner, "index", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return tmp_path / "project" / "index"


def test_first_search_builds_the_index_and_says_so_on_stderr(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = run(runner, "search", "Yudin", "--limit", "1", catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr.startswith(
        f"No index at {tmp_path / 'project' / 'index'} yet; building it from "
    )
    assert "3 files: 3 indexed" in result.stderr
    assert result.stdout.startswith("1. From the Journal of Ambassador P. F. Yudin")
    assert (tmp_path / "project" / "index" / "dangan.json").is_file()


def test_index_summary(runner: CliRunner, tmp_path: Path, update_golden: bool) -> None:
    result = run(runner, "index", catch_exceptions=False)
    assert result.exit_code == 0
    first = result.stdout.replace(str(tmp_path), "TMP")
    check_golden("index.txt", first, update_golden)
    again = run(runner, "index", catch_exceptions=False).stdout.replace(str(tmp_path), "TMP")
    assert again == first.replace("3 indexed, 0 unchanged", "0 indexed, 3 unchanged")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("search-seven-thousand-cadres.txt", ["search", "Seven Thousand Cadres", "--limit", "2"]),
        ("search-gao-gang.txt", ["search", "Gao Gang"]),
        ("search-qiqianren-dahui-traditional.txt", ["search", "七千人大會"]),
        ("search-independent-kingdom.json", ["search", '"independent kingdom"', "--json"]),
        ("show-wilson-4.txt", ["show", "47cc545b4e1e-4"]),
    ],
)
def test_exact_output(
    runner: CliRunner,
    tmp_path: Path,
    indexed: Path,
    name: str,
    args: list[str],
    update_golden: bool,
) -> None:
    result = run(runner, *args, catch_exceptions=False)
    assert result.exit_code == 0
    if args[0] == "search" and "--json" not in args:
        assert re.fullmatch(
            rf"showing 1–\d+ of \d+ hits? in \d documents? · index {indexed}\n", result.stderr
        )
    else:
        assert result.stderr == ""
    check_golden(name, result.stdout.replace(str(tmp_path), "TMP"), update_golden)


def test_gao_gang_finds_the_chronology_with_citations(runner: CliRunner, indexed: Path) -> None:
    hits = json.loads(run(runner, "search", "Gao Gang", "--json").stdout)["hits"]
    chronology = [h for h in hits if h["path"].startswith("chronology")]
    assert chronology
    assert all("February 6–10, 1954" in h["citation"] for h in chronology)


def test_json_contract(runner: CliRunner, indexed: Path) -> None:
    result = json.loads(run(runner, "search", "Liu Shaoqi", "--json", "-n", "5").stdout)
    hits = result["hits"]
    assert len(hits) == 5 and result["total"] >= 5 and (result["first"], result["last"]) == (1, 5)
    required = {
        "rank": int,
        "score": float,
        "passage_id": str,
        "doc_id": str,
        "path": str,
        "title": str,
        "text": str,
        "matches": list,
        "citation": str,
    }
    for hit in hits:
        for key, kind in required.items():
            assert isinstance(hit[key], kind), key
        assert hit["date"] is None or len(hit["date"]) == 10
        for start, end in hit["matches"]:
            # the name as typed, or in characters (a first page in every spelling)
            assert hit["text"][start:end].lower() in {"liu", "shaoqi", "liu shaoqi", "刘少奇"}


def test_zero_hits_exit_0_with_a_note_on_stderr(runner: CliRunner, indexed: Path) -> None:
    note = f"no matches · index {indexed}\n"
    result = run(runner, "search", "Kissinger")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", note)
    result = run(runner, "search", '"presided Liu"', "--json")
    found = json.loads(result.stdout)
    assert (result.exit_code, found["hits"], found["total"], result.stderr) == (0, [], 0, note)


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (
            ["search"],
            1,
            'Error: empty query: give words to search for, e.g. dangan search "Gao Gang"\n',
        ),
        (
            ["search", "  "],
            1,
            'Error: empty query: give words to search for, e.g. dangan search "Gao Gang"\n',
        ),
        (
            ["search", '"Gao Gang'],
            1,
            "Error: unbalanced quote in query '\"Gao Gang': close the phrase with a matching "
            "quote, or remove the quote\n",
        ),
        (
            ["search", "--colour"],
            2,
            "Error: No such option '--colour'; see 'dangan search --help'\n",
        ),
        (["search", "Gao", "--limit", "0"], 2, None),
        (["frobnicate"], 2, "Error: No such command 'frobnicate'; see 'dangan --help'\n"),
        (["show"], 2, "Error: Missing argument 'ID'; see 'dangan show --help'\n"),
    ],
)
def test_mistakes_get_one_line_and_an_exit_code(
    runner: CliRunner, indexed: Path, args: list[str], code: int, stderr: str | None
) -> None:
    result = run(runner, *args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: ")
    if stderr is not None:
        assert result.stderr == stderr


def test_index_dir_that_is_not_an_index(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "draft.txt").write_text("chapter one", encoding="utf-8")
    for args in (["search", "Gao"], ["index"], ["show", "x-1"], ["export"]):
        result = run(runner, *args, "--index-dir", str(folder))
        assert result.exit_code == 1, args
        assert result.stderr == (
            f"Error: {folder} is not a dangan index (it holds other files, e.g. draft.txt); "
            "choose an empty or new folder with --index-dir\n"
        )
    assert [p.name for p in folder.iterdir()] == ["draft.txt"]


def test_index_dir_from_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    result = run(runner, "index", env={"DANGAN_INDEX_DIR": str(other)})
    assert result.exit_code == 0 and (other / "dangan.json").is_file()


def test_busy_index_is_one_line(runner: CliRunner, indexed: Path) -> None:
    import fcntl

    with open(indexed / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run(runner, "index")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: index at {indexed} is being written by another dangan process; "
        "wait for it to finish, then try again\n"
    )


def test_traceback_flag_and_debug_variable_show_the_exception(
    runner: CliRunner, indexed: Path
) -> None:
    from dangan.errors import QueryError

    result = run(runner, "--traceback", "search", '"Gao')
    assert isinstance(result.exception, QueryError)
    result = run(runner, "search", '"Gao', env={"DANGAN_DEBUG": "1"})
    assert isinstance(result.exception, QueryError)


def test_unknown_passage_suggests_close_ids(runner: CliRunner, indexed: Path) -> None:
    result = run(runner, "show", "47cc545b4e1e-44")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no passage with id '47cc545b4e1e-44' in ")
    assert "did you mean 47cc545b4e1e-4" in result.stderr


def test_colour_only_when_asked_and_never_with_no_color(runner: CliRunner, indexed: Path) -> None:
    plain = run(runner, "search", "Yudin")  # not a terminal: matches marked, no colour
    assert "\x1b[" not in plain.stdout and plain.stdout.count("«YUDIN»") == 1
    coloured = run(runner, "search", "Yudin", "--color", "always", color=True)
    assert coloured.stdout.count("\x1b[33m\x1b[1mYUDIN") == 1 and "«" not in coloured.stdout
    never = run(runner, "search", "Yudin", "--color", "never", color=True)
    assert never.stdout == plain.stdout
    no_color = run(runner, "search", "Yudin", color=True, env={"NO_COLOR": "1"})
    assert no_color.stdout == plain.stdout


def test_export_jsonl(runner: CliRunner, indexed: Path) -> None:
    result = run(runner, "export", "--jsonl", catch_exceptions=False)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    ids = [r["passage_id"] for r in records]
    assert len(ids) == len(set(ids)) > 10
    for record in records:
        assert {"passage_id", "doc_id", "path", "title", "date", "text", "citation"} <= set(record)
        assert not {"rank", "score", "matches"} & set(record)
    shown = json.loads(run(runner, "show", ids[0], "--json").stdout)
    assert shown["passage"]["text"] == records[0]["text"]


def test_show_missing_index(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "show", "abc-1")
    assert result.exit_code == 1
    index_dir = tmp_path / "project" / "index"
    assert result.stderr == (
        f"Error: no index at {index_dir}; build one with: dangan index [PATH ...] "
        f"--index-dir {index_dir}\n"
    )


def test_python_dash_m_works(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "dangan", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "search" in result.stdout


def test_leading_minus_is_not_an_option(runner: CliRunner, indexed: Path) -> None:
    result = run(runner, "search", "-Gao", "Liu", "--json")
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)["hits"]
    assert hits and all("Gao" not in h["text"] for h in hits)


def test_bare_command_prints_help(runner: CliRunner) -> None:
    result = run(runner)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: dangan [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("-Gao !!", "Error: a query cannot only exclude: add a word to search for besides NOT/-\n"),
        (
            "Gao " * 300,
            "Error: query has 300 words; the most is 200: search for a shorter, distinctive part\n",
        ),
        ("Gao " + "-" * 2100 + "Rao", "Error: query is 2107 characters long; the most is 2000"),
    ],
)
def test_queries_that_cannot_run_get_one_line(
    runner: CliRunner, indexed: Path, query: str, message: str
) -> None:
    result = run(runner, "search", "--", query)
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1


def test_damaged_index_is_not_reported_as_an_interruption(runner: CliRunner, indexed: Path) -> None:
    current = indexed / json.loads((indexed / "dangan.json").read_text())["current"]
    for segment in current.glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:100])
    for args in (["search", "Gao"], ["show", "47cc545b4e1e-4"], ["export"]):
        result = run(runner, *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"Error: index at {indexed} cannot be read (")
        assert result.stderr.endswith("rebuild it with: dangan index --rebuild\n")


def test_decomposed_accents_in_a_query_match(runner: CliRunner, indexed: Path) -> None:
    composed = run(runner, "search", "Communiqué", "--json").stdout
    decomposed = run(runner, "search", "Communique\u0301", "--json").stdout
    assert json.loads(composed) and composed == decomposed


def test_many_negations_do_not_exhaust_the_stack(runner: CliRunner, indexed: Path) -> None:
    result = run(runner, "search", "--", "Liu " + "-" * 1990 + "Gao")  # an even count: Gao itself
    assert result.exit_code == 0 and result.stdout
