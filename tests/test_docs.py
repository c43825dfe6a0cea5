"""The README documents every command, and every command and option has help text."""

from __future__ import annotations

import click
import pytest

from dangan.cli import cli

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = cli.commands[name]  # type: ignore[attr-defined]
    assert command.help, name
    assert f"`dangan {name}" in README
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts}"
            assert param.opts[0] in README, f"{name} {param.opts[0]} not in README"


def test_readme_gives_the_two_commands_and_ci_runs_the_second() -> None:
    assert 'pip install -e . && dangan search "Gao Gang"' in README
    test_command = "pip install -e '.[test]' && pytest"
    assert test_command in README
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_json_contract_fields_are_documented() -> None:
    from dataclasses import fields

    from dangan.models import Hit

    for field in fields(Hit):
        name = field.name.removesuffix("_")  # as dangan.models.json_record writes it
        assert f"| `{name}` |" in README, name
