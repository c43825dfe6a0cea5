"""``python -m bench``: every engine on the same corpus and queries, in one run.

For each scale (the shared corpora, then generated corpora ×10, ×100, …) it indexes
with every engine, each in a fresh process (dangan with 1 and 2 processes), measures
cold whole-process searches, warm latency and peak memory, and on the base corpus
checks every phrase lookup against the brute-force oracle. A scale or an engine whose
indexing would not fit in the time budget, judged from the scale before, is skipped
and the report says so. ``--quick`` is the small run CI makes: it checks that every
figure is written, never how fast anything is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .engines import engines
from .generate import generate
from .oracle import COLD_CHINESE, COLD_ENGLISH, Query, brute_force, brute_normalise, query_set
from .report import write_report

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
PEERS = ["whoosh-jieba", "tantivy-jieba", "tantivy-char", "fts5-trigram", "fts5-unicode61"]


def _pythonpath() -> str:
    return os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])


def _worker(*args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": _pythonpath()}
    done = subprocess.run(
        [sys.executable, "-m", "bench.worker", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.worker {args[:2]} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _cold(command: list[str], repeats: int) -> float:
    env = {**os.environ, "PYTHONPATH": _pythonpath(), "NO_COLOR": "1"}
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=env, cwd=REPO, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed: {done.stderr.decode()[-2000:]}")
    return statistics.median(times)


def _cold_command(name: str, index_dir: Path, query: Query) -> list[str]:
    if name.startswith("dangan"):
        dangan = shutil.which("dangan", path=str(Path(sys.executable).parent)) or "dangan"
        return [dangan, "search", "--index-dir", str(index_dir), "--limit", "10", query.text]
    if name == "ripgrep":
        from .engines import _WORD, Ripgrep

        pattern = Ripgrep._pattern(_WORD.findall(query.text))
        return ["rg", "-n", "-i", "-e", pattern, str(index_dir / "passages.txt")]
    return [sys.executable, "-m", "bench.cold", name, str(index_dir), query.kind, query.text]


def _export_passages(index_dir: Path, out: Path) -> int:
    from dangan.index import all_passages

    size = 0
    with out.open("w", encoding="utf-8") as handle:
        for stored in all_passages(index_dir):
            text = stored.passage.text
            size += len(text.encode("utf-8"))
            record = {"id": stored.passage.passage_id, "text": text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return size


def _read(passages: Path) -> list[tuple[str, str]]:
    from .engines import read_passages

    return list(read_passages(passages))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _agreement(found: dict[str, list[str]], passages: Path, queries: list[Query]) -> dict:
    normalised = {pid: brute_normalise(text) for pid, text in _read(passages)}
    out: dict[str, dict[str, int]] = {}
    for q in queries:
        if q.kind != "phrase":
            continue
        expected = brute_force(normalised, q.text)
        got = set(found.get(q.text, []))
        row = out.setdefault(q.lang, {"phrases": 0, "exact": 0, "fn": 0, "fp": 0, "expected": 0})
        row["phrases"] += 1
        row["exact"] += got == expected
        row["fn"] += len(expected - got)
        row["fp"] += len(got - expected)
        row["expected"] += len(expected)
    return out


def run(args: argparse.Namespace) -> int:
    corpora = args.corpora
    note = ""
    if not corpora.is_dir():
        if not args.quick:
            print(f"bench: no shared corpora at {corpora}; give --corpora PATH. Skipped.")
            return 0
        corpora = REPO / "corpus"
        note = f"The shared corpora were not found; this quick run used the bundled {corpora}."
        print(f"bench: {note}", file=sys.stderr)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="dangan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out_dir = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    chosen = args.engines.split(",") if args.engines else ["dangan", *PEERS, "ripgrep"]
    if "dangan" not in chosen:  # its cleaner makes the passages every peer indexes
        chosen.insert(0, "dangan")
    all_engines = engines()
    rg_missing = shutil.which("rg") is None
    started = time.monotonic()
    budget = args.budget_minutes * 60
    results: dict[str, Any] = {
        "command": " ".join(["python -m bench", *sys.argv[1:]]),
        "corpora": str(corpora),
        "note": note,
        "scales": [],
        "skipped": [],
        "engines": {n: all_engines[n].label for n in chosen},
    }
    if rg_missing and "ripgrep" in chosen:
        chosen.remove("ripgrep")
        results["skipped"].append("ripgrep: no rg binary on PATH (pip install -e '.[bench]')")
    if args.quick:
        from dangan.corpus import find_sources

        base_files = [s.file for s in find_sources([corpora])][:: args.quick_stride]
    else:
        base_files = [corpora]
    queries: list[Query] = []
    previous: dict[str, float] = {}
    previous_factor = 1
    for factor in args.scales:
        elapsed = time.monotonic() - started
        scale_dir = work / f"x{factor}"
        scale_dir.mkdir(exist_ok=True)
        if factor == 1:
            files = base_files
        else:
            base_passages = _read(work / "x1" / "passages.jsonl")
            indexing = sum(v for k, v in previous.items() if k not in ("_scale", "dangan-1proc"))
            projected = indexing * factor / previous_factor
            if elapsed + projected > budget:
                results["skipped"].append(
                    f"×{factor} and larger: indexing alone took {indexing:.0f} s at "
                    f"×{previous_factor}, so ×{factor} would take about {projected:.0f} s, "
                    f"past the {budget / 60:.0f}-minute budget"
                )
                break
            shutil.rmtree(scale_dir / "corpus", ignore_errors=True)
            generate(base_passages, factor, scale_dir / "corpus")
            files = [scale_dir / "corpus"]
        scale_start = time.monotonic()
        files_list = scale_dir / "files.txt"
        files_list.write_text("\n".join(str(f) for f in files) + "\n", encoding="utf-8")
        passages = scale_dir / "passages.jsonl"
        rows: dict[str, dict[str, Any]] = {}
        # dangan as `dangan index` runs it (2 processes here), then in one process at ×1
        variants = [("dangan", 2, "dangan")]
        if factor == 1:
            variants.append(("dangan", 1, "dangan-1proc"))
        variants += [(n, 1, n) for n in chosen if n != "dangan"]
        for name, procs, key in variants:
            if name not in chosen:
                continue
            growth = factor / previous_factor
            guess = previous.get(key, 0.0) * growth
            if factor > 1 and time.monotonic() - started + guess > budget:
                results["skipped"].append(
                    f"{key} at ×{factor}: indexing would take about {guess:.0f} s "
                    f"(×{previous_factor}: {previous.get(key, 0):.0f} s), past the budget"
                )
                continue
            index_dir = scale_dir / f"index-{key}"
            shutil.rmtree(index_dir, ignore_errors=True)
            print(f"bench ×{factor}: indexing with {key}", file=sys.stderr, flush=True)
            try:
                row = _worker("index", name, str(files_list), str(passages), str(index_dir),
                              "--procs", str(procs))  # fmt: skip
            except RuntimeError as exc:
                if procs > 1 and "NotImplementedError" in str(exc):
                    reason = "dangan with 2 processes: this dangan has no parallel indexing"
                    if reason not in results["skipped"]:
                        results["skipped"].append(reason)
                    continue
                raise
            previous[key] = row["index_seconds"]
            rows[key] = row
            if key == "dangan":
                cleaned = _export_passages(index_dir, passages)
                count = sum(1 for _ in passages.open(encoding="utf-8"))
                if factor == 1:
                    texts = [text for _pid, text in _read(passages)]
                    queries = query_set(texts, seed=6, phrases_per_language=args.phrases)
            if key == "dangan-1proc":
                shutil.rmtree(index_dir, ignore_errors=True)
        queries_file = scale_dir / "queries.json"
        queries_file.write_text(
            json.dumps([q.__dict__ for q in queries], ensure_ascii=False), encoding="utf-8"
        )
        for key, row in rows.items():
            if key == "dangan-1proc":
                continue
            index_dir = scale_dir / f"index-{key}"
            print(f"bench ×{factor}: querying {key}", file=sys.stderr, flush=True)
            agree = factor == 1
            extra = ["--agree"] if agree else []
            rounds = str(args.rounds)
            measured = _worker("query", key, str(index_dir), str(queries_file), "--rounds",
                               rounds, *extra)  # fmt: skip
            lat = measured["latencies"]
            every = lat["en"] + lat["zh"]
            row["warm_p50_ms"] = _percentile(every, 0.5) * 1000
            row["warm_p95_ms"] = _percentile(every, 0.95) * 1000
            row["warm_en_p50_ms"] = _percentile(lat["en"], 0.5) * 1000
            row["warm_zh_p50_ms"] = _percentile(lat["zh"], 0.5) * 1000
            row["query_rss_mb"] = measured["query_rss_mb"]
            if agree:
                row["agreement"] = _agreement(measured["found"], passages, queries)
            for q, field in ((COLD_ENGLISH, "cold_en_s"), (COLD_CHINESE, "cold_zh_s")):
                row[field] = _cold(_cold_command(key, index_dir, q), args.cold_repeats)
        for key in list(rows):
            if key != "dangan":
                shutil.rmtree(scale_dir / f"index-{key}", ignore_errors=True)
        previous["_scale"] = time.monotonic() - scale_start
        previous_factor = factor
        results["scales"].append(
            {
                "factor": factor,
                "passages": count,
                "cleaned_bytes": cleaned,
                "files": len(files) if factor == 1 and args.quick else None,
                "seconds": previous["_scale"],
                "engines": rows,
            }
        )
        (out_dir / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        write_report(results, out_dir)
        if factor > 1:
            shutil.rmtree(scale_dir / "corpus", ignore_errors=True)
    results["total_seconds"] = time.monotonic() - started
    (out_dir / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    write_report(results, out_dir)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return _check(results, chosen)


def _check(results: dict[str, Any], chosen: list[str]) -> int:
    """Every engine at the first scale has every figure: the run did not rot."""
    if not results["scales"]:
        print("bench: no scale was measured", file=sys.stderr)
        return 1
    rows = results["scales"][0]["engines"]
    needed = ("index_seconds", "index_bytes", "warm_p50_ms", "cold_en_s", "cold_zh_s")
    missing = [f"{n}.{f}" for n in chosen for f in needed if not rows.get(n, {}).get(f, 0) > 0]
    if missing:
        print(f"bench: figures missing: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--corpora",
        type=Path,
        default=Path(os.environ.get("DANGAN_SHARED_CORPORA", DEFAULT_CORPORA)),
        help="the shared corpora (default ../shared/corpora, or DANGAN_SHARED_CORPORA)",
    )
    parser.add_argument("--quick", action="store_true", help="a small run, for CI")
    parser.add_argument("--scales", help="corpus multiples, e.g. 1,10,100 (default 1,10,25,100)")
    parser.add_argument("--budget-minutes", type=float, default=30.0)
    names = ",".join(["dangan", *PEERS, "ripgrep"])
    parser.add_argument("--engines", help=f"comma-separated subset of: {names}")
    parser.add_argument("--out-dir", type=Path, help="where RESULTS.md goes (default bench/)")
    parser.add_argument("--workdir", help="scratch folder, kept (default: a temporary one)")
    parser.add_argument("--phrases", type=int, help="phrases per language (default 40)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the queries")
    parser.add_argument("--cold-repeats", type=int, default=5)
    parser.add_argument("--quick-stride", type=int, default=12, help=argparse.SUPPRESS)
    args = parser.parse_args()
    quick = args.quick
    args.scales = [int(s) for s in (args.scales or ("1,2" if quick else "1,10,25,100")).split(",")]
    args.phrases = args.phrases or (6 if quick else 40)
    if quick:
        args.rounds, args.cold_repeats = 1, 2
    if args.out_dir is None:
        quick_dir = Path(tempfile.gettempdir()) / "dangan-bench-quick"
        args.out_dir = quick_dir if quick else REPO / "bench"
    sys.exit(run(args))


if __name__ == "__main__":
    main()
