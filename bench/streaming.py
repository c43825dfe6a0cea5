"""Time to the first and to the last hit of a search with thousands of hits, as a user
piping `dangan search` would see it.

    python -m bench.streaming [--corpora ../shared/corpora] [--query 的] [--runs 3]
                              [--before CHECKOUT] [--out bench/streaming.md]

Builds an index of the corpora, then runs `dangan search QUERY --limit all` (one hit a
line) and reads its stdout as it comes: the first line's time is when a reader such as
`head` would have its first hit. With `--before`, the same is measured for another
checkout of dangan (its `src` put first on PYTHONPATH, its own index built from the
same corpora, and its widest limit instead of `all`) in the same run, so the two are
compared on one machine at one time. Figures are medians of `--runs` runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _env(checkout: Path | None) -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1")
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout / "src")
    return env


def _index(corpora: Path, index_dir: Path, checkout: Path | None) -> None:
    subprocess.run(
        [sys.executable, "-m", "dangan", "index", str(corpora), "--index-dir", str(index_dir)],
        check=True,
        capture_output=True,
        env=_env(checkout),
    )


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds to the first line of stdout, to the end, and the lines read."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    first = None
    lines = 0
    for _ in process.stdout:
        lines += 1
        if first is None:
            first = time.perf_counter() - start
    process.wait()
    total = time.perf_counter() - start
    return (first if first is not None else total), total, lines


def measure(corpora: Path, query: str, runs: int, checkout: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        _index(corpora, index_dir, checkout)
        base = [sys.executable, "-m", "dangan", "search", "--index-dir", str(index_dir), query]
        args = base + (
            ["--limit", "100000"] if checkout else ["--limit", "all", "--format", "oneline"]
        )
        timings = [_timed(args, _env(checkout)) for _ in range(runs)]
    return {
        "first hit s": statistics.median(t[0] for t in timings),
        "last hit s": statistics.median(t[1] for t in timings),
        "lines": statistics.median(t[2] for t in timings),
    }


def main() -> None:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=here.parent.parent / "shared" / "corpora")
    parser.add_argument("--query", default="的")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout of dangan to compare")
    parser.add_argument("--out", type=Path, default=here / "streaming.md")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        sys.exit(f"no corpora at {args.corpora}: pass --corpora")
    rows = {"this checkout": measure(args.corpora, args.query, args.runs, None)}
    if args.before:
        rows[f"before ({args.before})"] = measure(args.corpora, args.query, args.runs, args.before)
    lines = [f"query {args.query!r}, median of {args.runs} runs", ""]
    lines += [
        "| dangan | first hit s | last hit s | first / last | lines |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, f in rows.items():
        first, last = f["first hit s"], f["last hit s"]
        lines.append(
            f"| {name} | {first:.2f} | {last:.2f} | {first / last:.2f} | {f['lines']:.0f} |"
        )
    report = "\n".join(lines) + "\n"
    args.out.write_text(report, encoding="utf-8")
    print(report, end="")


if __name__ == "__main__":
    main()
