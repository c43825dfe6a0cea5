"""Run the command-line interface as ``python -m dangan``."""

from .cli import cli

cli()
