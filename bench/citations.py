"""What the citations of ../shared/corpora say: their lengths, and how many units get an
author, a container title and a URL.

    python -m bench.citations [--corpora ../shared/corpora] [--collections DIR]
                              [--out bench/citations.md]

Copies the corpora to a temporary folder (they are read-only), adds the collection
metadata files found under ``--collections`` at the same relative paths (by default
``tests/fixtures/collections``, the ones shipped for the shared corpora; pass an
empty folder to measure without them), indexes the copy and, for every unit (titles,
passages and notes), reads the hit citation (``passage_fields``, what ``search`` prints
and puts in JSON ``citation``) and the CSL item (``csl_item``, what ``dangan cite``
renders). It uses only functions an older checkout has too, so the same script
measures a before/after comparison.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from collections import Counter
from pathlib import Path

from dangan.cite import csl_item
from dangan.index import all_passages, build_index
from dangan.search import passage_fields

REPO = Path(__file__).resolve().parent.parent
BUCKETS = (100, 200, 300, 400, 500)


def _copy(corpora: Path, collections: Path, into: Path) -> Path:
    copy = into / corpora.name
    shutil.copytree(corpora, copy)
    if collections.is_dir():
        for extra in collections.rglob("*"):
            if extra.is_file():
                target = copy / extra.relative_to(collections)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(extra, target)
    return copy


def _bucket(length: int) -> str:
    for top in BUCKETS:
        if length <= top:
            return f"≤ {top}"
    return f"> {BUCKETS[-1]}"


def measure(corpora: Path, collections: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        copy = _copy(corpora, collections, Path(tmp))
        index_dir = Path(tmp) / "index"
        build_index([copy], index_dir)
        units = all_passages(index_dir)
        lengths = [len(passage_fields(u)["citation"]) for u in units]
        items = [csl_item(u.passage, u.metadata, u.profile) for u in units]
    has = Counter()
    for item in items:
        has["author"] += bool(item.get("author"))
        has["container"] += bool(item.get("container-title"))
        has["url"] += bool(item.get("URL"))
    buckets = Counter(_bucket(n) for n in lengths)
    order = [f"≤ {top}" for top in BUCKETS] + [f"> {BUCKETS[-1]}"]
    lines = [
        f"# Citations of {corpora.name} ({len(units)} units)",
        "",
        "| hit citation length (characters) | units |",
        "| --- | ---: |",
        *(f"| {b} | {buckets[b]} |" for b in order),
        "",
        f"median {statistics.median(lengths):.0f}, max {max(lengths)}",
        "",
        "| the CSL item has | units |",
        "| --- | ---: |",
        f"| an author | {has['author']} |",
        f"| a container title | {has['container']} |",
        f"| a URL | {has['url']} |",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument(
        "--collections", type=Path, default=REPO / "tests" / "fixtures" / "collections"
    )
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    report = measure(args.corpora.resolve(), args.collections.resolve())
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
