"""The index format, before and after: Whoosh's own codec against dangan's packed one
(dangan.backends.whoosh.codec), built from the same files in one run.

    python -m bench.format [--corpora ../shared/corpora] [--factor 1] [--procs 2]
                           [--repeats 5] [--out bench/FORMAT.md]

For each codec: indexing time (cleaning included), index size and its ratio to the
cleaned text (UTF-8 bytes of every unit's text), where the bytes go (postings by
field, term table, stored fields, columns), and warm phrase matching: the ranked
matches of quoted phrases of common Chinese characters (``reader.ranked``, median of
``--repeats`` runs each) and whole searches of them. ``--factor N`` indexes the scale
series' generated corpus of N times the passages (bench/generate.py) instead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.generate import generate
from dangan.backends.base import BuildOptions
from dangan.backends.whoosh.writer import build_index
from dangan.filters import Filters
from dangan.library import Library
from dangan.search import export, prepare, search

MB = 1_000_000
PHRASES = ("人民", "中国", "我们的", "帝国主义", "共产党", "中华人民共和国", "的一个", "不是")
"""Phrases of common Chinese characters: the postings phrase matching reads are long."""


def _build(paths: list[Path], index_dir: Path, packed: bool, procs: int) -> float:
    start = time.perf_counter()
    build_index(paths, index_dir, BuildOptions(rebuild=True, procs=procs), packed=packed)
    return time.perf_counter() - start


def _generation(index_dir: Path) -> Path:
    return next(p for p in index_dir.glob("gen-*") if (p / "checksums.json").exists())


def _parts(index_dir: Path) -> Counter[str]:
    """Bytes by part of the index: postings by field, term table, stored, columns."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(_generation(index_dir)))
    parts: Counter[str] = Counter()
    with ix.reader() as reader:
        for segment in getattr(reader, "readers", [reader]):
            for name, entry in segment._storage.a._dir.items():  # the compound file
                ext = name.split(".", 1)[1]
                part = "stored fields" if ext == "_stored.col" else ext
                parts["columns" if part.endswith(".col") else part] += entry["length"]
            for (field, _), info in segment._terms.items():
                inlined = getattr(info, "inlined", None)
                if inlined is not None:
                    parts[f"trm: {field} postings inside"] += len(inlined)
                    parts["trm"] -= len(inlined)
                else:
                    extent = info.extent() if callable(info.extent) else info.extent
                    length = extent[1]
                    if isinstance(length, tuple):  # whoosh3 reads it back as a 1-tuple
                        length = length[0]
                    parts[f"pst: {field}"] += length
                    parts["pst"] -= length
    ix.close()
    return parts


def _median_ms(run: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _phrase_times(index_dir: Path, repeats: int) -> dict[str, tuple[float, float, int]]:
    """Per phrase: ranked-match ms, whole-search ms (warm medians), matches."""
    library = Library(index_dir)
    out = {}
    try:
        for phrase in PHRASES:
            node = prepare(f'"{phrase}"')
            with library.reading() as reader:
                count = len(reader.ranked(node, Filters()))
                ranked = _median_ms(lambda: reader.ranked(node, Filters()), repeats)  # noqa: B023
            whole = _median_ms(lambda: list(search(f'"{phrase}"', library, limit=10)), repeats)  # noqa: B023
            out[phrase] = (ranked, whole, count)
    finally:
        library.close()
    return out


def _size(index_dir: Path) -> int:
    return sum(f.stat().st_size for f in _generation(index_dir).iterdir() if f.is_file())


def _measure(paths: list[Path], index_dir: Path, packed: bool, args: Any) -> dict[str, Any]:
    seconds = _build(paths, index_dir, packed, args.procs)
    return {
        "seconds": seconds,
        "bytes": _size(index_dir),
        "parts": _parts(index_dir),
        "phrases": _phrase_times(index_dir, args.repeats),
    }


def _report(args: Any, text_bytes: int, passages: int, stock: dict, packed: dict) -> str:
    lines = [
        "# Index format: Whoosh's codec against dangan's packed codec",
        "",
        f"Command: `python -m bench.format --corpora {args.corpora} --factor {args.factor} "
        f"--procs {args.procs} --repeats {args.repeats}`; {passages:,} units, "
        f"{text_bytes / MB:.2f} MB of cleaned text. Both indexes built in this run from the "
        "same files; the machine has 2 shared cores, so read the ratios.",
        "",
        "| | Whoosh codec | packed | packed / Whoosh |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, key, unit in (("index MB", "bytes", MB), ("indexing s", "seconds", 1)):
        a, b = stock[key] / unit, packed[key] / unit
        lines.append(f"| {label} | {a:.2f} | {b:.2f} | {b / a:.2f} |")
    a, b = stock["bytes"] / text_bytes, packed["bytes"] / text_bytes
    lines.append(f"| index / cleaned text | {a:.2f}× | {b:.2f}× | |")
    lines += ["", "## Where the bytes go (MB)", "", "| part | Whoosh codec | packed |"]
    lines.append("| --- | ---: | ---: |")
    names = sorted(set(stock["parts"]) | set(packed["parts"]), key=lambda n: -stock["parts"][n])
    for name in names:
        a, b = stock["parts"][name] / MB, packed["parts"][name] / MB
        if max(a, b) >= 0.05:
            lines.append(f"| {name} | {a:.2f} | {b:.2f} |")
    lines += [
        "",
        "## Quoted phrases of common Chinese characters (warm, median ms)",
        "",
        "| phrase | matches | ranked: Whoosh | ranked: packed | ratio "
        "| search: Whoosh | search: packed | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for phrase in PHRASES:
        ra, sa, count = stock["phrases"][phrase]
        rb, sb, _ = packed["phrases"][phrase]
        lines.append(
            f"| {phrase} | {count:,} | {ra:.1f} | {rb:.1f} | {rb / ra:.2f} "
            f"| {sa:.1f} | {sb:.1f} | {sb / sa:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--factor", type=int, default=1)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench/FORMAT.md"))
    args = parser.parse_args()
    if not args.corpora.is_dir():
        sys.exit(f"no corpora at {args.corpora}")
    with tempfile.TemporaryDirectory(prefix="dangan-format-") as tmp:
        work = Path(tmp)
        paths = [args.corpora]
        if args.factor > 1:
            build_index(paths, work / "base", BuildOptions(procs=args.procs))
            rows = [(r["passage_id"], r["text"]) for r in export(work / "base")]
            paths = [work / "generated"]
            generate(rows, args.factor, paths[0])
        stock = _measure(paths, work / "stock", False, args)
        packed = _measure(paths, work / "packed", True, args)
        texts = [row["text"] for row in export(work / "packed")]
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)
    report = _report(args, text_bytes, len(texts), stock, packed)
    args.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
