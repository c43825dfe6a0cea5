"""One measurement in a process of its own, so that memory and start-up are the
engine's alone: ``python -m bench.worker index|query ...``; prints one JSON line."""

from __future__ import annotations

import argparse
import json
import resource
import time
import warnings
from pathlib import Path

from .engines import ALL_HITS, engines


def _rss_mb(who: int) -> float:
    """Peak resident memory. For this process, the kernel's high-water mark of its own
    memory (ru_maxrss would carry over the parent's peak from before exec); for its
    children, ru_maxrss (an upper bound: a forked child counts the pages it shares)."""
    if who == resource.RUSAGE_SELF:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def index(engine_name: str, files_list: Path, passages: Path, index_dir: Path, procs: int) -> dict:
    engine = engines()[engine_name]
    files = [Path(line) for line in files_list.read_text(encoding="utf-8").splitlines() if line]
    start = time.perf_counter()
    engine.build(files, passages, index_dir, procs)
    seconds = time.perf_counter() - start
    size = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())
    return {
        "index_seconds": seconds,
        "index_bytes": size,
        "index_rss_mb": _rss_mb(resource.RUSAGE_SELF),
        "index_children_rss_mb": _rss_mb(resource.RUSAGE_CHILDREN),
    }


def query(engine_name: str, index_dir: Path, queries_file: Path, rounds: int, agree: bool) -> dict:
    engine = engines()[engine_name]
    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    engine.open(index_dir)

    def run(q: dict, limit: int) -> list[str]:
        method = engine.words if q["kind"] == "words" else engine.phrase
        return method(q["text"], limit)

    for q in queries:  # warm up: caches, lazy imports, the OS page cache
        run(q, 10)
    latencies: dict[str, list[float]] = {"en": [], "zh": []}
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            run(q, 10)
            latencies[q["lang"]].append(time.perf_counter() - start)
    found = {}
    if agree:
        for q in queries:
            if q["kind"] == "phrase":
                found[q["text"]] = run(q, ALL_HITS)
    return {"latencies": latencies, "found": found, "query_rss_mb": _rss_mb(resource.RUSAGE_SELF)}


def main() -> None:
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    sub = parser.add_subparsers(dest="step", required=True)
    p_index = sub.add_parser("index")
    p_index.add_argument("engine")
    p_index.add_argument("files_list", type=Path)
    p_index.add_argument("passages", type=Path)
    p_index.add_argument("index_dir", type=Path)
    p_index.add_argument("--procs", type=int, default=1)
    p_query = sub.add_parser("query")
    p_query.add_argument("engine")
    p_query.add_argument("index_dir", type=Path)
    p_query.add_argument("queries", type=Path)
    p_query.add_argument("--rounds", type=int, default=3)
    p_query.add_argument("--agree", action="store_true")
    args = parser.parse_args()
    if args.step == "index":
        out = index(args.engine, args.files_list, args.passages, args.index_dir, args.procs)
    else:
        out = query(args.engine, args.index_dir, args.queries, args.rounds, args.agree)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
