"""The command line: parse options, call one library function, print the result.

This package is the only importer of click, and the one place where a library error
becomes a one-line ``Error: …`` on stderr (:mod:`dangan.cli.base`). The commands live
by what they do: :mod:`.indexing`, :mod:`.searching`, :mod:`.reading`, :mod:`.serving`; their text
output is :mod:`.format`'s.
"""

from . import indexing, reading, searching, serving  # noqa: F401 - importing registers the commands
from .base import cli

__all__ = ["cli"]
