"""Where dangan looks by default: the corpus folder and the index folder.

Resolved as option, then environment variable (``DANGAN_CORPUS_DIR``,
``DANGAN_INDEX_DIR``), then these defaults: ``corpus/`` and ``index/`` in the current
folder when it has a ``corpus/`` folder, else beside the bundled sample corpus of a
source checkout, else in the current folder.
"""

from __future__ import annotations

from pathlib import Path


def project_root() -> Path:
    cwd = Path.cwd()
    if (cwd / "corpus").is_dir():
        return cwd
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "corpus").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return cwd


def default_corpus_dir() -> Path:
    return project_root() / "corpus"


def default_index_dir() -> Path:
    return project_root() / "index"
