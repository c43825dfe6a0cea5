"""Checking an index the way SQLite's ``PRAGMA integrity_check`` does: what
``dangan check`` reports.

Every file of the current generation against the size and SHA-256 it was written
with, files that should not be there, and the entries actually stored for each source
file against the generation's table of files. It reads everything and changes
nothing; it returns one line per problem and leaves printing to the caller.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import DanganError
from .generation import problems, read_table
from .store import current_generation, stored_entries


def check_index(index_dir: Path) -> list[str]:
    """Every problem found in the index at ``index_dir``, one line each; none if sound."""
    try:
        generation, manifest = current_generation(index_dir)
    except DanganError as exc:
        return [str(exc)]
    if not generation.is_dir():
        return [f"{generation.name}, the current generation, is missing"]
    sealed = manifest.get("checksums")
    if sealed is None:
        return ["the index has no checksums (an older dangan built it): rebuild it"]
    found = problems(generation, sealed, full=True)
    if found:
        return found
    try:
        table = read_table(generation)
        stored = stored_entries(generation)
    except Exception as exc:  # damage that left sizes and checksums intact
        return [f"{generation.name} cannot be read ({type(exc).__name__}: {exc})"]
    if table is None:
        return [f"{generation.name} has no table of files"]
    for key in sorted({*table, *stored}):
        expected = table[key].entries if key in table else 0
        if stored.get(key, 0) != expected:
            found.append(
                f"{key}: {stored.get(key, 0)} entries stored where {expected} were indexed"
            )
    return found
