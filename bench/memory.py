"""Peak memory while indexing one large file: ``python -m bench.memory``.

Two files are generated from the shared corpora's plain-text sources (paragraphs in
English and Chinese, drawn in a fixed random order): one of about 45 MB in paragraphs,
and one of a million short lines with no blank line between them (one paragraph to the
cleaner). Each is indexed by ``build_index`` in a fresh process (one process, as
``dangan index`` runs a single file), and the report gives that process's peak
resident memory (the kernel's high-water mark) beside the file's size. ``--src``
measures another checkout (for a before/after from one run); the results go to
``bench/MEMORY.md`` unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
TARGET_MB = 500


def _paragraphs(corpora: Path) -> list[str]:
    """The lines of prose (40 characters or more) of the corpora's Chinese plain-text
    and English Markdown files, in path order."""
    found: list[str] = []
    for file in sorted([*corpora.rglob("*.txt"), *corpora.rglob("*.md")]):
        text = file.read_text(encoding="utf-8", errors="replace")
        lines = (line.strip() for line in text.splitlines())
        found += [line for line in lines if len(line) >= 40 and "Wikisource" not in line]
    return found


def paragraphs_file(corpora: Path, out: Path, megabytes: float) -> Path:
    """A plain-text file of about ``megabytes`` MB: a title, then paragraphs."""
    rng = random.Random(45)
    pool = _paragraphs(corpora)
    want = int(megabytes * 1_000_000)
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        handle.write("A generated file of paragraphs\n\n")
        while written < want:
            paragraph = rng.choice(pool) + "\n\n"
            handle.write(paragraph)
            written += len(paragraph.encode("utf-8"))
    return out


def lines_file(corpora: Path, out: Path, lines: int) -> Path:
    """A plain-text file of ``lines`` short lines (a few words each), no blank lines."""
    rng = random.Random(1_000_000)
    words = [w for w in " ".join(_paragraphs(corpora)).split() if w.isascii()]
    with out.open("w", encoding="utf-8") as handle:
        handle.write("A generated file of short lines\n")
        for n in range(lines):
            start = rng.randrange(len(words) - 6)
            handle.write(f"{n} " + " ".join(words[start : start + rng.randint(2, 5)]) + "\n")
    return out


_MEASURE = """
import json, sys, time
from pathlib import Path
from dangan.index import build_index
start = time.perf_counter()
report = build_index([Path(sys.argv[1])], Path(sys.argv[2]), rebuild=True, procs=1)
seconds = time.perf_counter() - start
if report.skipped or not report.passages:
    sys.exit(f"not indexed: {report.skipped}")
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "passages": report.passages}))
"""


def measure(src: Path, file: Path, work: Path) -> dict[str, float]:
    """Index one file in a fresh process running the checkout at ``src``."""
    index_dir = Path(tempfile.mkdtemp(prefix="index-", dir=work))
    env = {**os.environ, "PYTHONPATH": str(src / "src")}
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(file), str(index_dir)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"indexing {file} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--src", type=Path, action="append", help="checkouts to measure")
    parser.add_argument("--megabytes", type=float, default=45.0, help="0: no such file")
    parser.add_argument("--lines", type=int, default=1_000_000, help="0: no such file")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "MEMORY.md")
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: temporary)")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"bench.memory: no shared corpora at {args.corpora}; give --corpora PATH. Skipped.")
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dangan-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    files = []
    if args.megabytes:
        paragraphs = paragraphs_file(args.corpora, work / "paragraphs.txt", args.megabytes)
        files.append(("paragraphs", paragraphs))
    if args.lines:
        files.append(("short lines", lines_file(args.corpora, work / "lines.txt", args.lines)))
    rows = []
    for src in args.src or [REPO]:
        for kind, file in files:
            print(f"bench.memory: {src.name}: {kind}", file=sys.stderr, flush=True)
            size = file.stat().st_size / 1e6
            found = measure(src.resolve(), file, work)
            rows.append(
                (src.name, kind, size, found["passages"], found["peak_mb"], found["seconds"])
            )
            print(f"bench.memory: {rows[-1]}", file=sys.stderr, flush=True)
    lines = [
        "# Peak memory indexing one large file",
        "",
        f"Made by `python -m bench.memory {' '.join(sys.argv[1:])}` on {time.strftime('%Y-%m-%d')}"
        f" (target: under {TARGET_MB} MB per process, whatever one file's size).",
        "",
        "| checkout | file | MB | passages | peak RSS MB | × file | index s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, kind, size, passages, peak, seconds in rows:
        lines.append(
            f"| {name} | {kind} | {size:.1f} | {passages:,} | {peak:.0f} | {peak / size:.1f} "
            f"| {seconds:.0f} |"
        )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
