"""How much of a document search reaches: titles and notes, over ../shared/corpora.

    python -m bench.whole_document [--corpora ../shared/corpora] [--out bench/whole_document.md]

Builds an index of the corpora with `dangan index` (as a user would: worker processes,
cleaning included) and reports its time and size, then

- **title rank 1 / top 10**: every document's title searched as plain words; a hit of a
  document with the same title counts (71 DFAT cablegrams share one);
- **note-phrase recall**: phrases of 2-6 words (or 2-8 Han characters) drawn from the
  cleaned notes by the oracle's samplers (seeded) and in the note by the oracle's own
  test, searched in quotes; found when a hit is in the note's document.

It uses only `search(query, index_dir, limit=…)` and the cleaner, so the same script
measures an older checkout for a before/after comparison.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.oracle import brute_normalise, chinese_phrases, english_phrases
from dangan.clean import clean_file
from dangan.corpus import find_sources
from dangan.errors import CorpusError, QueryError
from dangan.models import Document
from dangan.search import search

HAN = re.compile(r"[\u3400-\u9fff]")


def _documents(corpora: Path) -> list[Document]:
    docs = []
    for source in find_sources([corpora]):
        try:
            docs.append(clean_file(source))
        except CorpusError:
            continue
    return docs


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def _note_phrase(text: str, rng: random.Random) -> str | None:
    """A run of words (or Han characters) as the note has them: the oracle's samplers."""
    chinese = len(HAN.findall(text)) >= 8
    found = (chinese_phrases if chinese else english_phrases)([text], rng, 1)
    return found[0] if found else None


def measure(corpora: Path, count: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    docs = _documents(corpora)
    text_bytes = sum(
        len(d.text.encode()) + sum(len(n.text.encode()) for n in d.notes) for d in docs
    )
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "dangan", "index", str(corpora), "--index-dir", str(index_dir)],
            check=True,
            capture_output=True,
        )
        figures["index seconds"] = time.perf_counter() - start
        figures["index MB"] = _size(index_dir) / 2**20
        figures["index / cleaned text"] = _size(index_dir) / text_bytes
        same_title: dict[str, set[str]] = {}
        for d in docs:
            same_title.setdefault(d.metadata.title, set()).add(d.doc_id)
        first = top10 = 0
        for d in docs:
            try:
                hits = search(d.metadata.title, index_dir, limit=100)
            except QueryError:
                continue
            ids = list(dict.fromkeys(h.doc_id for h in hits))[:10]
            twins = same_title[d.metadata.title]
            first += bool(ids) and ids[0] in twins
            top10 += d.doc_id in ids or (len(twins) > 10 and set(ids) <= twins)
        figures["documents"] = len(docs)
        figures["title rank 1 %"] = 100 * first / len(docs)
        figures["title top 10 %"] = 100 * top10 / len(docs)
        rng = random.Random(1965)
        notes = [(d.doc_id, n.text) for d in docs for n in d.notes]
        figures["notes"] = len(notes)
        found = tried = 0
        while tried < count and notes:
            doc_id, text = rng.choice(notes)
            phrase = _note_phrase(text, rng)
            if not phrase or brute_normalise(phrase) not in brute_normalise(text):
                continue  # the sampler's words are not a phrase of the note (J.L. is one word)
            tried += 1
            quoted = '"' + phrase.replace('"', " ") + '"'
            hits = search(quoted, index_dir, limit=100_000, exact=True)
            found += any(h.doc_id == doc_id for h in hits)
        figures["note phrases"] = tried
        figures["note-phrase recall %"] = 100 * found / max(tried, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = Path(__file__).resolve().parent
    parser.add_argument("--corpora", type=Path, default=here.parent.parent / "shared" / "corpora")
    parser.add_argument("--phrases", type=int, default=500)
    parser.add_argument("--out", type=Path, default=here / "whole_document.md")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        sys.exit(f"no corpora at {args.corpora}: pass --corpora")
    figures = measure(args.corpora, args.phrases)
    lines = ["| figure | value |", "| --- | ---: |"]
    lines += [f"| {k} | {v:.2f} |" for k, v in figures.items()]
    report = "\n".join(lines) + "\n"
    args.out.write_text(report, encoding="utf-8")
    print(report, end="")


if __name__ == "__main__":
    main()
