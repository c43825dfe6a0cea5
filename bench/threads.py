"""Searches side by side in one process: how long a quick search takes while another
thread runs slow ones, against the same quick search alone.

    python -m bench.threads [--corpora ../shared/corpora] [--before CHECKOUT]
                            [--runs 30] [--out bench/THREADS.md]

A web server or a library user answers several searches at once. Before the
:class:`dangan.library.Library`, one lock was held for a whole search, so a quick
search waited for a slow one in another thread. This builds an index of the corpora
(with ``--before``, also with another checkout, its ``src`` first on PYTHONPATH), then
in a fresh process per checkout: times ``QUICK`` alone ``--runs`` times, then again
while a second thread searches ``SLOW`` in a loop, and reports both medians and their
ratio. Only the public ``dangan.search.search(query, index_dir)`` is used, so any
checkout can be measured.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

QUICK = "Gao Gang"
SLOW = "的 OR the"

_PROBE = """
import json, statistics, sys, threading, time
from pathlib import Path
from dangan.search import search
index_dir, quick, slow, runs = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])

def timed(query):
    start = time.perf_counter()
    list(search(query, index_dir, limit=10))
    return time.perf_counter() - start

timed(quick); timed(slow)  # warm: readers open, caches filled
alone = [timed(quick) for _ in range(runs)]
slow_one = timed(slow)
stop = threading.Event()
def busy():
    while not stop.is_set():
        timed(slow)
other = threading.Thread(target=busy)
other.start()
time.sleep(0.05)
beside = [timed(quick) for _ in range(runs)]
stop.set(); other.join()
print(json.dumps({"alone": statistics.median(alone), "beside": statistics.median(beside),
                  "beside_max": max(beside), "slow": slow_one}))
"""


def _env(checkout: Path | None) -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1")
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout / "src")
    return env


def measure(corpora: Path, runs: int, checkout: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        subprocess.run(
            [sys.executable, "-m", "dangan", "index", str(corpora), "--index-dir", str(index_dir)],
            check=True,
            capture_output=True,
            env=_env(checkout),
        )
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, str(index_dir), QUICK, SLOW, str(runs)],
            check=True,
            capture_output=True,
            text=True,
            env=_env(checkout),
        )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=here.parent.parent / "shared" / "corpora")
    parser.add_argument("--before", type=Path, help="another checkout of dangan to compare")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--out", type=Path, default=here / "THREADS.md")
    args = parser.parse_args()
    rows = [("this checkout", measure(args.corpora, args.runs, None))]
    if args.before:
        rows.insert(0, (f"before ({args.before})", measure(args.corpora, args.runs, args.before)))
    lines = [
        "# A quick search beside a slow one, in one process",
        "",
        f"Command: `python -m bench.threads{' --before …' if args.before else ''} "
        f"--runs {args.runs}`; corpora {args.corpora}; quick `{QUICK}`, slow `{SLOW}`.",
        "Medians of the quick search's wall time, alone and while another thread "
        "searches the slow query in a loop (2-core shared machine: compare the ratios).",
        "",
        "| checkout | slow search ms | quick alone ms | quick beside ms | worst beside ms "
        "| beside ÷ alone |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['slow'] * 1000:.0f} | {r['alone'] * 1000:.1f} | "
            f"{r['beside'] * 1000:.1f} | {r['beside_max'] * 1000:.0f} | "
            f"{r['beside'] / r['alone']:.2f} |"
        )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
