"""Speed of dangan's analysis (fold, exact stream, words stream) before and after its
fast path, and how far the faster segmenters and stemmers agree with the ones we keep.

    python -m bench.analysis [--corpora ../shared/corpora] [--runs 3]
                             [--out bench/ANALYSIS.md]

The text is the shared corpora's cleaned passages (what the index analyses; cleaning is
not timed). *Before* is the earlier implementation, kept as ``tests/reference_analysis``
(per-character OpenCC, one regex match per Han character, jieba, sub-words looked up one
substring at a time); *after* is :mod:`dangan.analysis` as it is. In each run both start
with empty caches (as a fresh indexing process would; dictionaries loaded beforehand and
their load timed apart) and take turns, so the ratios compare like with like. Times are
the process's CPU time (the work is single-threaded), not wall time, because the shared
2-core machine's load moves wall time by a factor of two between runs; figures are
medians of ``--runs`` runs. MB are megabytes of UTF-8 text.

Agreement: every distinct Han run of the corpora (as the words stream cuts them) is cut
by jieba with dangan's user dictionary and by rjieba (and jieba_fast, where installed);
runs with the identical cut, and words in common, are counted. The English words the
stemmer sees are stemmed by Whoosh's Porter2 and by PyStemmer (where installed).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests import reference_analysis as reference

from dangan import analysis, fold

USERDICT = Path(analysis.__file__).parent / "data" / "userdict.txt"


def _clear() -> None:
    """Empty every cache both implementations keep (dictionaries stay loaded)."""
    reference._scan.cache_clear()
    reference._SIMPLIFIED.clear()
    for cached in (analysis._analyse, analysis._word, analysis._weighted, analysis.stem_word):
        cached.cache_clear()
    fold.simplified_table().clear()
    fold._simplified = None


def _seconds(work: Callable[[str], object], texts: list[str]) -> float:
    _clear()
    start = time.process_time()
    for text in texts:
        work(text)
    return time.process_time() - start


def speeds(texts: list[str], runs: int) -> dict[str, tuple[float, float]]:
    """MB/s before and after, per task, medians of the runs."""
    tasks: dict[str, tuple[Callable[[str], object], Callable[[str], object]]] = {
        "fold (fold_han)": (reference.fold_han, fold.fold_han),
        "exact stream as indexing reads it (token_fields)": (
            reference._scan,
            analysis.token_fields,
        ),
        "exact stream as tokens (text_tokens)": (reference.text_tokens, analysis.text_tokens),
        "words stream (word_terms)": (
            lambda t: list(reference.word_terms(t)),
            lambda t: list(analysis.word_terms(t)),
        ),
        "both streams, as indexing reads them (token_fields, word_terms)": (
            lambda t: (reference._scan(t), list(reference.word_terms(t))),
            lambda t: (analysis.token_fields(t), list(analysis.word_terms(t))),
        ),
    }
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    seconds: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in tasks}
    for _ in range(runs):
        for name, (before, after) in tasks.items():
            seconds[name][0].append(_seconds(before, texts))
            seconds[name][1].append(_seconds(after, texts))
    return {
        name: (size / statistics.median(b), size / statistics.median(a))
        for name, (b, a) in seconds.items()
    }


def _timed(make: Callable[[], Any]) -> tuple[Any, float]:
    start = time.process_time()
    made = make()
    return made, time.process_time() - start


def loads() -> dict[str, tuple[float, float]]:
    """Seconds to load each dictionary, before and after (this process's first use)."""
    _, jieba_s = _timed(reference.segmenter)
    _, rjieba_s = _timed(analysis._cutter)
    _, opencc_s = _timed(lambda: reference.fold_han("會"))
    _clear()
    _, table_s = _timed(lambda: fold.fold_han("會"))
    return {"segmenter (jieba / rjieba)": (jieba_s, rjieba_s), "fold": (opencc_s, table_s)}


def _jieba_fast() -> Callable[[str], list[str]] | None:
    if importlib.util.find_spec("jieba_fast") is None:
        return None
    import jieba_fast

    jieba_fast.setLogLevel(60)
    tokenizer = jieba_fast.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(USERDICT))
    return lambda run: list(tokenizer.cut(run, HMM=True))


def agreement(texts: list[str]) -> tuple[int, list[list[str]]]:
    """Rows comparing each segmenter's cuts of the corpora's distinct Han runs with
    jieba's, and the number of runs."""
    runs = sorted({r for t in texts for r in analysis.han_runs(analysis.text_tokens(t))})
    jieba = reference.segmenter()
    candidates: dict[str, Callable[[str], list[str]] | None] = {
        "jieba (dangan's before)": lambda r: list(jieba.cut(r, HMM=True)),
        "rjieba 0.2.2 (dangan's after, through segment_words)": lambda r: [
            w for w, boost in analysis.segment_words(r) if boost == 1.0
        ],
        "jieba_fast 0.53": _jieba_fast(),
    }
    reference_cuts = [list(jieba.cut(r, HMM=True)) for r in runs]
    words = sum(map(len, reference_cuts))
    rows = []
    for name, cut in candidates.items():
        if cut is None:
            rows.append([name, "not installed", "", ""])
            continue
        cuts, seconds = _timed(lambda c=cut: [c(r) for r in runs])
        same = sum(a == b for a, b in zip(reference_cuts, cuts, strict=True))
        common = sum(
            sum((Counter(a) & Counter(b)).values())
            for a, b in zip(reference_cuts, cuts, strict=True)
        )
        size = sum(len(r.encode("utf-8")) for r in runs) / 1e6
        rows.append(
            [
                name,
                f"{same:,} ({same / len(runs):.4%})",
                f"{common:,} of {words:,} ({common / words:.4%})",
                f"{size / seconds:.2f}",
            ]
        )
    return len(runs), rows


def stemmers(texts: list[str]) -> str:
    """How many of the corpora's words PyStemmer stems differently from Whoosh."""
    words = {t.text for text in texts for t in analysis.text_tokens(text) if not t.han}
    plain = sorted(w for w in words if len(w) > 3 and w.isascii() and w.isalpha())
    if importlib.util.find_spec("Stemmer") is None:
        return f"PyStemmer not installed: {len(plain):,} words not compared."
    import Stemmer

    theirs = Stemmer.Stemmer("english").stemWords(plain)
    ours = [analysis._stemmer.stem(w) for w in plain]
    differ = [(w, a, b) for w, a, b in zip(plain, ours, theirs, strict=True) if a != b]
    examples = ", ".join(f"{w} {a}/{b}" for w, a, b in differ[:6])
    return (
        f"Stemmers: of the corpora's {len(plain):,} distinct words of four or more ASCII "
        f"letters, PyStemmer 3.1.0 stems {len(differ)} differently from Whoosh's Porter2 "
        f"(Whoosh/PyStemmer: {examples}, ...)."
    )


def report(texts: list[str], runs: int) -> str:
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    loaded = loads()  # first: the dictionaries are loaded here, in a fresh process
    lines = [
        f"{len(texts):,} cleaned passages of the shared corpora, {size:.2f} MB; CPU time, "
        f"median of {runs} runs: `python -m bench.analysis --runs {runs}`",
        "",
        "| MB/s | before | after | after / before |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, (before, after) in speeds(texts, runs).items():
        lines.append(f"| {name} | {before:.2f} | {after:.2f} | {after / before:.1f}x |")
    lines += ["", "| load, s | before | after |", "| --- | ---: | ---: |"]
    for name, (before, after) in loaded.items():
        lines.append(f"| {name} | {before:.3f} | {after:.3f} |")
    count, rows = agreement(texts)
    lines += [
        "",
        f"Cuts of the {count:,} distinct Han runs, one run a call, against jieba with "
        "dangan's user dictionary (MB/s of Han text, CPU time, one pass):",
        "",
        "| segmenter | runs cut identically | words in common | MB/s |",
        "| --- | ---: | ---: | ---: |",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        stemmers(texts),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=here.parent.parent / "shared" / "corpora")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=here / "ANALYSIS.md")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        sys.exit(f"no corpora at {args.corpora}: pass --corpora")
    text = report(reference.cleaned_passages(args.corpora), args.runs)
    args.out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
