"""The citation commands: dangan cite, search --cite, show --context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rispy
from click.testing import CliRunner

from dangan.cite import STYLES
from dangan.cli import cli

from .test_citation_styles import build_cite_index, sample


@pytest.fixture(scope="module")
def cite_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_cite_index(tmp_path_factory)


def test_cli_cite_and_search_cite(cite_index: Path) -> None:
    runner = CliRunner()
    stored = sample(cite_index, "wilson-yudin-conversation-liu-zhou-1954-02-13.txt", 3)
    result = runner.invoke(
        cli, ["cite", stored.passage.passage_id, "--style", "ris", "--index-dir", str(cite_index)]
    )
    assert result.exit_code == 0 and rispy.loads(result.stdout)[0]["type_of_reference"] == "MANSCPT"
    args = ["search", "Gao Gang", "-n", "3", "--index-dir", str(cite_index)]
    hits = json.loads(runner.invoke(cli, [*args, "--json"]).stdout)["hits"]
    documents = len({h["doc_id"] for h in hits})
    assert len(hits) == 3 and documents < 3  # two hits come from one document
    result = runner.invoke(cli, [*args, "--cite", "csl-json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == documents
    result = runner.invoke(cli, [*args, "--cite", "csl-json", "--per", "passage"])
    assert [item["id"] for item in json.loads(result.stdout)] == [h["passage_id"] for h in hits]
    result = runner.invoke(cli, [*args, "--cite", "chicago-bib", "--format", "markdown"])
    assert result.exit_code == 0 and len(result.stdout.strip().split("\n\n")) == documents
    for bad, message in (
        (["--format", "html"], "Error: --format html is for citations: add --cite chicago-note"),
        (["--cite", "ris", "--format", "oneline"], "Error: --format oneline is for hits, not"),
    ):
        result = runner.invoke(cli, [*args, *bad])
        assert result.exit_code == 2 and result.stderr.startswith(message), result.stderr


def test_cli_style_typo_lists_the_styles(cite_index: Path) -> None:
    result = CliRunner().invoke(
        cli, ["cite", "x-1", "--style", "chicgo", "--index-dir", str(cite_index)]
    )
    assert result.exit_code == 2
    assert all(style in result.stderr for style in STYLES)


def test_cli_unknown_id_suggests_close_ones(cite_index: Path) -> None:
    stored = sample(cite_index, "wilson-yudin-conversation-liu-zhou-1954-02-13.txt", 3)
    typo = stored.passage.passage_id[:-1] + "9"
    result = CliRunner().invoke(cli, ["cite", typo, "--index-dir", str(cite_index)])
    assert result.exit_code == 1
    assert "did you mean" in result.stderr and len(result.stderr.splitlines()) == 1


def test_show_context_gives_neighbouring_passages(cite_index: Path) -> None:
    stored = sample(cite_index, "wilson-yudin-conversation-liu-zhou-1954-02-13.txt", 3)
    pid = stored.passage.passage_id
    result = CliRunner().invoke(
        cli, ["show", pid, "--context", "1", "--json", "--index-dir", str(cite_index)]
    )
    record = json.loads(result.stdout)
    assert [p["seq"] for p in record["context"]] == [2, 4]
    text = CliRunner().invoke(cli, ["show", pid, "--context", "1", "--index-dir", str(cite_index)])
    assert text.stdout.index(f"{pid[:-2]}-2, before") < text.stdout.index(stored.passage.text[:40])
