"""The scale series' corpora: real passages sampled into new documents.

``generate(passages, factor, out)`` writes plain-text documents until they hold
``factor`` times as many passages as the base corpus: each takes a run of 3 to 12
consecutive passages of one real document (so a document stays in one language and
reads as prose), under a fresh title line with a fresh number and date. The same base
and factor always give the same files.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from pathlib import Path


def generate(passages: list[tuple[str, str]], factor: int, out: Path) -> list[Path]:
    by_doc: dict[str, list[str]] = defaultdict(list)
    for pid, text in passages:
        by_doc[pid.rsplit("-", 1)[0]].append(text)
    docs = [by_doc[d] for d in sorted(by_doc)]
    rng = random.Random(factor)
    target = len(passages) * factor
    first_day = datetime.date(1900, 1, 1).toordinal()
    written = 0
    files: list[Path] = []
    while written < target:
        doc = rng.choice(docs)
        size = min(len(doc), rng.randint(3, 12))
        start = rng.randrange(len(doc) - size + 1)
        number = len(files)
        date = datetime.date.fromordinal(first_day + rng.randrange(365 * 80))
        folder = out / f"{number // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{number:07d}.txt"
        title = f"Generated document {number:07d}, {date.day} {date:%B} {date.year}"
        path.write_text(title + "\n\n" + "\n\n".join(doc[start : start + size]) + "\n", "utf-8")
        files.append(path)
        written += size
    return files
