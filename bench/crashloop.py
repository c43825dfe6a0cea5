"""``python -m bench.crashloop``: the index under faults, the full run (the tests run a
short version of each part). Figures go to ``--out`` (Markdown and JSON).

- ``kills``: at least ``--kills`` kill -9 at random moments of rebuilds and
  incremental runs (the main process or a worker, at random), each followed by a
  plain ``dangan index`` and a comparison of ``dangan export`` with clean builds:
  passages lost, extra or changed. The corpus is the shared corpora (never changed)
  plus a generated folder whose files are changed, added and deleted between runs;
  passages are per file, so the clean build of the two is the union of their clean
  builds (the shared part is built once).
- ``readers``: 8 processes searching in a loop while 5 rebuilds replace the index:
  errors, and empty answers to queries that have hits.
- ``corruption``: every kind of index file truncated, deleted and bit-flipped:
  cases ``dangan check`` reports, of cases tried.
- ``fuzz``: ``--queries`` generated queries (bench/fuzz.py): tracebacks (anything
  but hits or one QueryError line), and the slowest.
- ``timing``: index and search time, and with ``--before SRC`` the same for another
  source tree (e.g. the commit before the checks) run back to back.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .faults import (
    change_some,
    compare,
    dangan_command,
    exported,
    kill_at,
    run,
    snapshot,
    start,
    start_readers,
    stop_readers,
    write_corpus,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
READER_QUERIES = ("Gao Gang", "plenum", "七千人大会", '"Liu Shaoqi"', "Molotov OR Yudin")


def _kills(work: Path, corpora: Path, kills: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    extra, index_dir = work / "extra", work / "ix"
    write_corpus(extra, 60, seed=seed)
    base = work / "base-clean"
    started = time.perf_counter()
    assert run("index", str(corpora), "--index-dir", str(base)).returncode == 0
    # How long each kind of run lasts when nothing kills it, so that kills land inside
    # runs: the base build to start with, then the runs that ended by themselves.
    lasts = {True: time.perf_counter() - started, False: time.perf_counter() - started}
    shared = exported(base)
    assert run("index", str(corpora), str(extra), "--index-dir", str(index_dir)).returncode == 0
    figures: dict[str, Any] = {"tried": 0, "delivered": 0, "main": 0, "worker": 0}
    figures.update(lost=0, extra=0, changed=0, failed_checks=0, failed_repairs=0, trials=0)
    while figures["delivered"] < kills and figures["trials"] < kills * 3:
        figures["trials"] += 1
        change_some(extra, rng)
        rebuild = rng.random() < 0.4
        args = ["index", str(corpora), str(extra), "--index-dir", str(index_dir)]
        proc = start(*args, *(["--rebuild"] if rebuild else []))
        began = time.perf_counter()
        killed = kill_at(proc, rng.uniform(0.1, lasts[rebuild]), rng.choice(["main", "worker"]))
        proc.communicate(timeout=600)
        if killed == "none":
            lasts[rebuild] = time.perf_counter() - began
        figures["tried"] += 1
        if killed != "none":
            figures["delivered"] += 1
            figures[killed] += 1
        repair = run(*args)
        if repair.returncode != 0:
            figures["failed_repairs"] += 1
            print(f"repair failed: {repair.stderr.strip()}", file=sys.stderr)
            continue
        clean = work / "extra-clean"
        shutil.rmtree(clean, ignore_errors=True)
        assert run("index", str(extra), "--index-dir", str(clean)).returncode == 0
        difference = compare(exported(index_dir), {**shared, **exported(clean)})
        for key in ("lost", "extra", "changed"):
            figures[key] += getattr(difference, key)
        if run("check", "--index-dir", str(index_dir)).returncode != 0:
            figures["failed_checks"] += 1
        print(f"trial {figures['trials']}: {killed} killed, {difference}", file=sys.stderr)
    return figures


def _readers(work: Path, corpora: Path, readers: int = 8, rebuilds: int = 5) -> dict[str, Any]:
    index_dir, stop = work / "readers-ix", work / "stop"
    assert run("index", str(corpora), "--index-dir", str(index_dir)).returncode == 0
    procs = start_readers(index_dir, stop, READER_QUERIES, readers)
    failed_rebuilds = 0
    for _ in range(rebuilds):
        args = ("index", "--rebuild", str(corpora), "--index-dir", str(index_dir))
        failed_rebuilds += run(*args, timeout=900).returncode != 0
    stop.touch()
    searches, errors, empty = stop_readers(procs)
    return {
        "readers": readers,
        "rebuilds": rebuilds,
        "failed_rebuilds": failed_rebuilds,
        "searches": searches,
        "errors": errors,
        "empty": empty,
    }


def _damage(path: Path, how: str) -> None:
    if how == "delete":
        path.unlink()
        return
    data = bytearray(path.read_bytes())
    if how == "truncate":
        del data[len(data) // 2 :]
    else:
        data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _corruption(work: Path, corpora: Path) -> dict[str, Any]:
    sound = work / "sound-ix"
    assert run("index", str(corpora), "--index-dir", str(sound)).returncode == 0
    generation = json.loads((sound / "dangan.json").read_text())["current"]
    files = sorted(p.name for p in (sound / generation).iterdir() if p.stat().st_size)
    targets = ["dangan.json", *(f"{generation}/{name}" for name in files)]
    tried = detected = refused = size_cases = 0
    missed = []
    for target in targets:
        for how in ("truncate", "delete", "flip"):
            damaged = work / "damaged-ix"
            shutil.rmtree(damaged, ignore_errors=True)
            shutil.copytree(sound, damaged)
            _damage(damaged / target, how)
            tried += 1
            if run("check", "--index-dir", str(damaged)).returncode == 1:
                detected += 1
            else:
                missed.append(f"{how} {target}")
            if how != "flip":
                size_cases += 1
                refused += run("export", "--index-dir", str(damaged)).returncode == 1
    return {
        "tried": tried,
        "detected": detected,
        "missed": missed,
        "size_cases": size_cases,
        "export_refused": refused,
    }


def _fuzz(index_dir: Path, count: int) -> dict[str, Any]:
    from hypothesis import HealthCheck, given, settings

    from dangan.errors import QueryError
    from dangan.search import search

    from .fuzz import queries

    figures: dict[str, Any] = {"queries": 0, "refused": 0, "tracebacks": 0, "slowest": 0.0}
    slowest = ""

    @settings(
        max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(queries())
    def one(query: str) -> None:
        nonlocal slowest
        figures["queries"] += 1
        started = time.perf_counter()
        try:
            list(search(query, index_dir, limit=10))
        except QueryError:
            figures["refused"] += 1
        except Exception as exc:
            figures["tracebacks"] += 1
            print(f"{type(exc).__name__}: {exc} for {query!r}", file=sys.stderr)
        took = time.perf_counter() - started
        if took > figures["slowest"]:
            figures["slowest"], slowest = took, query

    one()
    figures["slowest_query"] = slowest[:200]
    return figures


def _timing(work: Path, corpora: Path, source: Path | None, label: str) -> dict[str, Any]:
    env = {**os.environ, "NO_COLOR": "1"}
    if source is not None:
        env["PYTHONPATH"] = str(source)
    index_dir = work / f"timing-{label}"
    index_times, search_times = [], []
    for _ in range(3):
        shutil.rmtree(index_dir, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(
            dangan_command("index", str(corpora), "--index-dir", str(index_dir)),
            env=env,
            check=True,
            capture_output=True,
        )
        index_times.append(time.perf_counter() - started)
    unchanged = time.perf_counter()
    subprocess.run(
        dangan_command("index", str(corpora), "--index-dir", str(index_dir)),
        env=env,
        check=True,
        capture_output=True,
    )
    unchanged_time = time.perf_counter() - unchanged
    for query in READER_QUERIES * 3:
        started = time.perf_counter()
        subprocess.run(
            dangan_command("search", query, "--index-dir", str(index_dir)),
            env=env,
            check=True,
            capture_output=True,
        )
        search_times.append(time.perf_counter() - started)
    size = sum((index_dir / name).stat().st_size for name in snapshot(index_dir))
    return {
        "index_s": round(statistics.median(index_times), 2),
        "unchanged_run_s": round(unchanged_time, 2),
        "search_command_s": round(statistics.median(search_times), 3),
        "index_bytes": size,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crashloop", description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--before", type=Path, help="another src/ tree to time against")
    parser.add_argument("--only", action="append", help="kills, readers, corruption, fuzz, timing")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "CRASHLOOP.md")
    args = parser.parse_args(argv)
    parts = args.only or ["timing", "corruption", "fuzz", "readers", "kills"]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="dangan-crashloop-") as tmp:
        work = Path(tmp)
        for part in parts:
            started = time.perf_counter()
            if part == "kills":
                results[part] = _kills(work, args.corpora, args.kills, args.seed)
            elif part == "readers":
                results[part] = _readers(work, args.corpora)
            elif part == "corruption":
                results[part] = _corruption(work, args.corpora)
            elif part == "fuzz":
                fuzz_ix = work / "fuzz-ix"
                assert run("index", str(args.corpora), "--index-dir", str(fuzz_ix)).returncode == 0
                results[part] = _fuzz(fuzz_ix, args.queries)
            elif part == "timing":
                results[part] = {"after": _timing(work, args.corpora, None, "after")}
                if args.before:
                    results[part]["before"] = _timing(work, args.corpora, args.before, "before")
            results[part]["seconds"] = round(time.perf_counter() - started, 1)
            print(part, json.dumps(results[part], ensure_ascii=False), flush=True)
    lines = ["# Crash loop, readers, corruption, fuzz (python -m bench.crashloop)", ""]
    lines += [
        f"- **{part}**: `{json.dumps(figures, ensure_ascii=False)}`"
        for part, figures in results.items()
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
