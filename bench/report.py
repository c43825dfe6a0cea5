"""``bench/RESULTS.md`` and ``bench/results.png`` from one run's figures."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

MB = 1_000_000
TARGETS = {  # issue 6, at 100k passages
    "cold_en_s": ("cold search, English", 0.3, "s"),
    "cold_zh_s": ("cold search, Chinese", 0.3, "s"),
    "warm_p50_ms": ("warm p50", 10.0, "ms"),
    "warm_p95_ms": ("warm p95", 50.0, "ms"),
}


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory = f"{int(mem) / 2**20:.0f} GiB"
    except OSError:
        memory = "unknown"
    try:
        rg = subprocess.run(["rg", "--version"], capture_output=True, text=True, check=False)
        rg_version = rg.stdout.split("\n")[0]
    except OSError:
        rg_version = "absent"
    whoosh = _version("whoosh")
    if whoosh == "absent":
        whoosh = "whoosh3 " + _version("whoosh3")
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (shared with other work: timings are noisy;"
        " compare the ratios, measured in one run)",
        f"- memory: {memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; whoosh {whoosh}, jieba {_version('jieba')},"
        f" tantivy {_version('tantivy')}, SQLite {sqlite3.sqlite_version}, {rg_version}",
    ]


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "–"
    return f"{a / b:.2f}"


def _scale_table(scale: dict[str, Any], labels: dict[str, str]) -> list[str]:
    text_mb = scale["cleaned_bytes"] / MB
    lines = [
        f"### ×{scale['factor']}: {scale['passages']:,} passages, {text_mb:.2f} MB cleaned text",
        "",
        "| engine | index s | MB/s | index MB | × text | index peak RSS MB | cold en s "
        "| cold zh s | warm p50 ms | warm p95 ms | p50 en / zh ms | query RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, row in scale["engines"].items():
        seconds = row["index_seconds"]
        rss = row["index_rss_mb"] + row.get("index_children_rss_mb", 0.0)
        name = "dangan, 1 process" if key == "dangan-1proc" else labels.get(key, key)
        lines.append(
            f"| {name} | {seconds:.1f} | {text_mb / seconds:.2f} | "
            f"{row['index_bytes'] / MB:.1f} | {row['index_bytes'] / scale['cleaned_bytes']:.2f} "
            f"| {rss:.0f} | {_fmt(row.get('cold_en_s'))} | {_fmt(row.get('cold_zh_s'))} "
            f"| {_fmt(row.get('warm_p50_ms'), 1)} | {_fmt(row.get('warm_p95_ms'), 1)} "
            f"| {_fmt(row.get('warm_en_p50_ms'), 1)} / {_fmt(row.get('warm_zh_p50_ms'), 1)} "
            f"| {_fmt(row.get('query_rss_mb'), 0)} |"
        )
    return [*lines, ""]


def _ratio_table(scale: dict[str, Any], labels: dict[str, str]) -> list[str]:
    rows = scale["engines"]
    ours = rows.get("dangan")
    if not ours:
        return []
    best_index = min(
        ours["index_seconds"], rows.get("dangan-1proc", {}).get("index_seconds", float("inf"))
    )
    lines = [
        f"Ratios at ×{scale['factor']}, dangan ÷ peer (below 1: dangan is smaller or faster;"
        " indexing uses dangan's faster set-up):",
        "",
        "| peer | index time | index size | index peak RSS | cold en | cold zh | warm p50 "
        "| warm p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, row in rows.items():
        if key.startswith("dangan"):
            continue
        lines.append(
            f"| {labels.get(key, key)} | {_ratio(best_index, row['index_seconds'])} "
            f"| {_ratio(ours['index_bytes'], row['index_bytes'])} "
            f"| {_ratio(ours['index_rss_mb'], row['index_rss_mb'])} "
            f"| {_ratio(ours.get('cold_en_s'), row.get('cold_en_s'))} "
            f"| {_ratio(ours.get('cold_zh_s'), row.get('cold_zh_s'))} "
            f"| {_ratio(ours.get('warm_p50_ms'), row.get('warm_p50_ms'))} "
            f"| {_ratio(ours.get('warm_p95_ms'), row.get('warm_p95_ms'))} |"
        )
    return [*lines, ""]


def _agreement_table(scale: dict[str, Any], labels: dict[str, str]) -> list[str]:
    lines = [
        f"### Phrase lookups against the brute-force scan (×{scale['factor']})",
        "",
        "Every passage holding the phrase, as `brute_normalise` (tests/test_search.py) defines"
        " it: folded, punctuation ignored, traditional = simplified. A third of the Chinese"
        " phrases are turned into traditional characters and a third into simplified ones.",
        "",
        "| engine | language | phrases | exactly right | passages expected "
        "| false negatives | false positives |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, row in scale["engines"].items():
        for lang, a in sorted(row.get("agreement", {}).items()):
            lines.append(
                f"| {labels.get(key, key)} | {lang} | {a['phrases']} | {a['exact']} "
                f"| {a['expected']} | {a['fn']} | {a['fp']} |"
            )
    return [*lines, ""]


def _targets(results: dict[str, Any]) -> list[str]:
    scales = [s for s in results["scales"] if "dangan" in s["engines"]]
    if not scales:
        return []
    scale = min(scales, key=lambda s: abs(s["passages"] - 100_000))
    row = scale["engines"]["dangan"]
    two = scale["engines"].get("dangan-1proc", {})
    seconds = min(row["index_seconds"], two.get("index_seconds", float("inf")))
    speed = scale["cleaned_bytes"] / MB / seconds
    size = row["index_bytes"] / scale["cleaned_bytes"]
    lines = [
        f"## Targets (issue 6), dangan at ×{scale['factor']} ({scale['passages']:,} passages)",
        "",
        "| target | wanted | measured | met |",
        "| --- | ---: | ---: | --- |",
    ]
    for field, (name, limit, unit) in TARGETS.items():
        value = row.get(field)
        met = "yes" if value is not None and value <= limit else "no"
        lines.append(f"| {name} | ≤ {limit:g} {unit} | {_fmt(value)} {unit} | {met} |")
    lines.append(f"| indexing | ≥ 2 MB/s | {speed:.2f} MB/s | {'yes' if speed >= 2 else 'no'} |")
    lines.append(f"| index size | ≤ 2× text | {size:.2f}× | {'yes' if size <= 2 else 'no'} |")
    return [*lines, ""]


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    panels = [
        ("index_seconds", "indexing time (s)"),
        ("warm_p50_ms", "warm query p50 (ms)"),
        ("cold_zh_s", "cold Chinese search process (s)"),
    ]
    keys = sorted({k for s in results["scales"] for k in s["engines"]})
    colours = {key: f"C{i}" for i, key in enumerate(keys)}  # the same colour in every panel
    for ax, (field, title) in zip(axes, panels, strict=True):
        for key in keys:
            points = [
                (s["passages"], s["engines"][key][field])
                for s in results["scales"]
                if key in s["engines"] and s["engines"][key].get(field)
            ]
            if points:
                xs, ys = zip(*points, strict=True)
                ax.plot(xs, ys, marker="o", label=key, color=colours[key])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("passages")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


PROJECTED_PASSAGES = 1_000_000
_PROJECTED = (
    ("index_seconds", "indexing", "s", 1.0),
    ("index_bytes", "index size", "MB", 1e-6),
    ("warm_p50_ms", "warm p50", "ms", 1.0),
    ("warm_p95_ms", "warm p95", "ms", 1.0),
    ("query_rss_mb", "search process RSS", "MB", 1.0),
)


def _projection(results: dict[str, Any]) -> list[str]:
    """dangan at a million passages, on the line through its two largest scales."""
    scales = [s for s in results["scales"] if "dangan" in s["engines"]]
    if len(scales) < 2:
        return ["", "No projection: dangan was measured at fewer than two scales."]
    low, high = scales[-2], scales[-1]
    span = high["passages"] - low["passages"]
    lines = [
        "",
        f"Projected to {PROJECTED_PASSAGES:,} passages for dangan, on the straight line "
        f"through ×{low['factor']} ({low['passages']:,} passages) and ×{high['factor']} "
        f"({high['passages']:,}):",
        "",
        f"| figure | ×{low['factor']} | ×{high['factor']} | slope per 100k passages "
        f"| at {PROJECTED_PASSAGES:,} |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key, label, unit, scale in _PROJECTED:
        a, b = low["engines"]["dangan"].get(key), high["engines"]["dangan"].get(key)
        if a is None or b is None or span <= 0:
            continue
        a, b = a * scale, b * scale
        slope = (b - a) / span
        at = b + slope * (PROJECTED_PASSAGES - high["passages"])
        lines.append(
            f"| {label} ({unit}) | {a:,.1f} | {b:,.1f} | {slope * 100_000:,.1f} | {at:,.0f} |"
        )
    return lines


def write_report(results: dict[str, Any], out_dir: Path) -> None:
    labels = results["engines"]
    lines = [
        "# Benchmarks: dangan and its peers",
        "",
        "Made by one run of:",
        "",
        "```sh",
        "pip install -e '.[test,bench]'",
        results["command"],
        "```",
        "",
        f"Corpus: `{results['corpora']}` (×1), then corpora made by `bench/generate.py`"
        " (real passages under fresh titles, numbers and dates).",
        "",
        *machine(),
        "",
        "How it is measured: every engine indexes the same passages (dangan from the source"
        " files, its cleaning included; the peers from the passages dangan's cleaner made,"
        " cleaning excluded) and answers the same queries: 10 English and 10 Chinese word"
        " queries and phrases sampled from the passages. Indexing and querying each run in"
        " a fresh process; peak RSS is that process's (plus its largest child's, for"
        " dangan's worker processes). Cold: the median wall time of whole processes"
        " (`dangan search`, or `python -m bench.cold` for a peer: start, open, search, print"
        " 10 hits) with the OS file cache warm; queries `United Nations` and `帝国主义`."
        " Warm: per-query latency in one process after a warm-up pass, top 10 hits with"
        " their stored text. ripgrep scans the cleaned passages, one a line, with a"
        " case-insensitive regex allowing punctuation between words; it has no index.",
        "",
    ]
    if results.get("note"):
        lines += [results["note"], ""]
    lines += _targets(results)
    lines += ["## Results", ""]
    for scale in results["scales"]:
        lines += _scale_table(scale, labels)
        lines += _ratio_table(scale, labels)
    for scale in results["scales"]:
        if any("agreement" in r for r in scale["engines"].values()):
            lines += _agreement_table(scale, labels)
    lines += ["## Where the series stops", ""]
    total = results.get("total_seconds")
    measured = ", ".join(f"×{s['factor']} ({s['seconds']:.0f} s)" for s in results["scales"])
    lines.append(f"Scales measured: {measured}" + (f"; whole run {total:.0f} s." if total else "."))
    lines += [f"- skipped: {s}" for s in results["skipped"]] or ["- nothing was skipped"]
    lines += _projection(results)
    lines += ["", "![latency and indexing time against corpus size](results.png)", ""]
    extra = out_dir / "NOTES.md"
    if extra.exists():
        lines += [extra.read_text(encoding="utf-8")]
    (out_dir / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    plot(results, out_dir / "results.png")
