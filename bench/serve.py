"""The reading room's speed: search-page server time, and a bounded load test.

    python -m bench.serve [--corpora ../shared/corpora] [--index-dir DIR]
                          [--clients 20] [--seconds 30] [--out bench/SERVE.md]

Indexes the shared corpora and the bundled corpus (unless --index-dir names an index),
serves them in-process on a free loopback port (uvicorn in a thread, as the tests
do), then

- **page time**: each query's search page (`GET /?q=…`, facets and timeline included)
  fetched over loopback, sequentially, warm (a first round is thrown away), median and
  p95 over the rounds; the baseline, in the same run, is the `search()` call alone with
  the page's options, through the same open Library: the ratio is what the page adds
  (rendering, names, HTTP);
- **load**: CLIENTS threads, each fetching search pages, reading views and API answers
  in turn for SECONDS seconds over fresh connections; every answer must be 200.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from dangan.filters import SearchOptions
from dangan.index import build_index
from dangan.library import Library
from dangan.search import search
from dangan.web.pages import PAGE_FACETS
from dangan.web.server import running

REPO = Path(__file__).resolve().parent.parent
QUERIES = (
    "Chou En-lai",
    "Peking",
    "Gao Gang",
    '"Seven Thousand Cadres"',
    "nuclear test",
    "Canberra",
    "周恩来",
    "人民",
    "帝国主义",
    '"中国共产党"',
)
ROUNDS = 5


def _get(base: str, target: str) -> int:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    try:
        conn.request("GET", target)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def page_times(base: str, index_dir: Path) -> list[tuple[str, float, float, float]]:
    """(query, page p50 ms, page p95 ms, search() p50 ms) for each query."""
    rows = []
    options = SearchOptions(facets=PAGE_FACETS)
    with Library(index_dir) as library:
        for query in QUERIES:
            page, alone = [], []
            for round_ in range(ROUNDS + 1):
                start = time.perf_counter()
                status = _get(base, "/?q=" + quote(query))
                took = time.perf_counter() - start
                if status != 200:
                    raise SystemExit(f"{query!r}: status {status}")
                start = time.perf_counter()
                list(search(query, library, options))
                searched = time.perf_counter() - start
                if round_:  # the first round warms both up
                    page.append(took * 1000)
                    alone.append(searched * 1000)
            rows.append(
                (query, statistics.median(page), _percentile(page, 0.95), statistics.median(alone))
            )
    return rows


def load(base: str, doc_id: str, clients: int, seconds: float) -> dict[str, float]:
    """Requests answered, errors and latencies of CLIENTS threads for SECONDS."""
    targets = [
        *("/?q=" + quote(q) for q in QUERIES),
        "/?q=Peking&collection=dfat&from=1955&to=1965&page=2",
        f"/doc/{doc_id}?q=Peking",
        "/api/search?q=" + quote("周恩来"),
        "/api/names?q=Gao+Gang",
    ]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        i = n
        while time.monotonic() < stop:
            target = targets[i % len(targets)]
            i += 1
            start = time.perf_counter()
            try:
                status = _get(base, target)
            except OSError as exc:
                status, note = 0, f"{target}: {exc}"
            else:
                note = f"{target}: {status}"
            took = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(took)
                if status != 200:
                    errors.append(note)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    if errors:
        print("\n".join(errors[:10]), file=sys.stderr)
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "per_second": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p95": _percentile(latencies, 0.95),
        "max": max(latencies),
        "elapsed": elapsed,
    }


def report(
    rows: list[tuple[str, float, float, float]],
    loaded: dict[str, float],
    args: argparse.Namespace,
    units: int,
) -> str:
    lines = [
        "# The reading room's speed (`python -m bench.serve`)",
        "",
        f"Index: the shared corpora and the bundled corpus ({units} units). Machine: the",
        "shared 2-core box, server and clients in one process (uvicorn in a thread, the",
        "clients' threads competing with it for the GIL), so the numbers are upper bounds.",
        "",
        f"## Search page, warm, sequential ({ROUNDS} rounds after one thrown away)",
        "",
        "| query | page p50 ms | page p95 ms | `search()` alone p50 ms | page / search |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for query, p50, p95, alone in rows:
        shown = query.replace("|", "\\|")
        lines.append(f"| `{shown}` | {p50:.1f} | {p95:.1f} | {alone:.1f} | {p50 / alone:.2f} |")
    pages = [r[1] for r in rows]
    lines += [
        "",
        f"Median over the queries: **page {statistics.median(pages):.1f} ms** p50 "
        f"(target: 100 ms), `search()` alone {statistics.median(r[3] for r in rows):.1f} ms.",
        "",
        f"## Load: {args.clients} clients for {args.seconds:g} s on loopback",
        "",
        "| requests | errors | requests/s | p50 ms | p95 ms | max ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {loaded['requests']:.0f} | {loaded['errors']:.0f} | {loaded['per_second']:.1f} | "
        f"{loaded['p50']:.0f} | {loaded['p95']:.0f} | {loaded['max']:.0f} |",
        "",
        "Each client fetches search pages (English and Chinese, filtered and paged), a",
        "reading view and API answers in turn, a fresh connection each time.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "SERVE.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index_dir
        if index_dir is None:
            index_dir = Path(tmp) / "index"
            print(f"indexing {args.corpora} and corpus/ ...", file=sys.stderr)
            build_index([args.corpora, REPO / "corpus"], index_dir)
        from dangan.index import passage_ids

        ids = passage_ids(index_dir)
        doc_id = search("Peking", index_dir, limit=1)[0].doc_id
        with running(index_dir) as base:
            _get(base, "/")  # the catalogue, read once
            rows = page_times(base, index_dir)
            loaded = load(base, doc_id, args.clients, args.seconds)
    text = report(rows, loaded, args, len(ids))
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 1 if loaded["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
