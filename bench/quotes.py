"""Quotation finding measured: perturbed quotations from real passages, and how often
``dangan quote`` finds their source.

``make_quotations(passages, n, seed)`` draws ``n`` quotations from the passages (the
same passages and seed always give the same quotations): a sentence, or a run of up to
40 words or 60 characters of one, then changed in one way a historian's copy differs
from its source. English: ``exact``, ``ocr`` (one to three slips such as rn -> m,
l -> 1, e -> c), ``spelling`` (British <-> American), ``punctuation``, ``ellipsis`` (a
middle part replaced by ". . .", "..." or "…"), ``drop-word``, ``insert-word``,
``partial`` (40-70% of a sentence) and ``mixed`` (a slip, changed punctuation and an
ellipsis). Chinese: ``exact``, ``script`` (simplified <-> traditional with OpenCC),
``drop-char``, ``substitute-char``, ``punctuation``, ``ellipsis``, ``partial`` and
``mixed``. Kinds take turns, so each gets an equal share.

``measure(quotations, index_dir)`` runs :func:`dangan.quote.find_quote` on each
(warm: one call first is not timed) and counts the source passage first (top-1) or
among the first five (top-5); a passage that holds the words quoted as well (a
sentence repeated in an editor's note, a chapter title in the book's index) counts as
the source. ``python -m bench.quotes`` indexes ``../shared/corpora`` (or ``--index-dir``)
and prints the table by language and kind::

    python -m bench.quotes [-n 1000] [--seed 7] [--sample] [--index-dir DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

EN_KINDS = (
    "exact",
    "ocr",
    "spelling",
    "punctuation",
    "ellipsis",
    "drop-word",
    "insert-word",
    "partial",
    "mixed",
)
ZH_KINDS = (
    "exact",
    "script",
    "drop-char",
    "substitute-char",
    "punctuation",
    "ellipsis",
    "partial",
    "mixed",
)
OCR_SLIPS = (
    ("rn", "m"),
    ("m", "rn"),
    ("l", "1"),
    ("I", "l"),
    ("e", "c"),
    ("c", "e"),
    ("o", "0"),
    ("h", "b"),
    ("cl", "d"),
    ("i", "l"),
    ("S", "5"),
    ("u", "n"),
)
# American -> British; swapped either way.
SPELLINGS = (
    (r"(\w{3,})iz(e|ed|es|ing|ation|ations)\b", r"\1is\2"),
    (r"(\w{3,})is(e|ed|es|ing|ation|ations)\b", r"\1iz\2"),
    (r"\b(hon|lab|fav|behavi|col|neighb|harb|vig|rum|end)our", r"\1or"),
    (r"\b(hon|lab|fav|behavi|col|neighb|harb|vig|rum|end)or\b", r"\1our"),
    (r"\bcent(er|re)(s?)\b", None),
    (r"\bdefen(c|s)e\b", None),
    (r"\bprogram(me)?\b", None),
)
INSERTED = ("the", "very", "also", "and", "then", "indeed", "of", "that")
HAN_FILLER = "的了是在不有这人之其也而于以"
SENTENCE_EN = re.compile(r"[^.!?;\n]+[.!?;]?")
SENTENCE_ZH = re.compile(r"[^。！？；\n]+[。！？；]?")
HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Quotation:
    text: str
    passage_id: str
    source_text: str  # the passage's text
    original: str  # the words quoted, before they were changed
    language: str  # "en" or "zh"
    kind: str


def _language(text: str) -> str:
    han = len(HAN.findall(text))
    return "zh" if han > len(text) * 0.3 else "en"


def _swap_spelling(text: str, rng: random.Random) -> str:
    order = list(SPELLINGS)
    rng.shuffle(order)
    for pattern, repl in order:
        matches = list(re.finditer(pattern, text))
        if not matches:
            continue
        m = rng.choice(matches)
        word = m.group()
        if repl is not None:
            new = re.sub(pattern, repl, word)
        elif "cent" in word:
            new = word.replace("er", "re") if "er" in word else word.replace("re", "er")
        elif "defen" in word:
            new = word.replace("ce", "se") if "ce" in word else word.replace("se", "ce")
        else:
            new = word[:-2] if word.endswith("me") else word + "me"
        if new != word:
            return text[: m.start()] + new + text[m.end() :]
    return text


def _ocr(text: str, rng: random.Random, slips: int) -> str:
    for _ in range(slips):
        options = [(m.start(), a, b) for a, b in OCR_SLIPS for m in re.finditer(re.escape(a), text)]
        if not options:
            break
        at, a, b = rng.choice(options)
        text = text[:at] + b + text[at + len(a) :]
    return text


def _punctuation_en(text: str, rng: random.Random) -> str:
    text = text.replace(",", "") if "," in text else text
    words = text.split(" ")
    if len(words) > 4:
        at = rng.randrange(1, len(words) - 1)
        words[at] = words[at] + rng.choice([",", ";", " -", ":"])
    text = " ".join(words).rstrip(".;!?")
    text = text.replace("'", "’").replace('"', "“")
    return f"“{text}.”"


def _punctuation_zh(text: str, rng: random.Random) -> str:
    table = {"，": ",", "。": ".", "“": "「", "”": "」", "、": ",", "：": ":", "；": ";"}
    text = "".join(table.get(ch, ch) for ch in text)
    if rng.random() < 0.5:
        text = re.sub(r"[,.]", "", text)
    return text


def _ellipsis(units: list[str], rng: random.Random, zh: bool) -> str | None:
    if len(units) < (12 if zh else 9):
        return None
    size = rng.randint(3, max(3, len(units) // 3))
    at = rng.randrange(2, len(units) - size - 1)
    mark = "……" if zh else rng.choice([" . . . ", "...", " … ", " ... "])
    join = "" if zh else " "
    return join.join(units[:at]).rstrip() + mark + join.join(units[at + size :]).lstrip()


def _partial(units: list[str], rng: random.Random, least: int) -> list[str] | None:
    size = max(least, round(len(units) * rng.uniform(0.4, 0.7)))
    if size >= len(units):
        return None
    at = rng.randrange(len(units) - size + 1)
    return units[at : at + size]


def _sentence(text: str, zh: bool, rng: random.Random) -> str | None:
    pattern = SENTENCE_ZH if zh else SENTENCE_EN
    found = [m.group().strip() for m in pattern.finditer(text)]
    if zh:
        found = [s for s in found if len(HAN.findall(s)) >= 12]
    else:
        found = [s for s in found if len(s.split()) >= 8 and re.search(r"[a-z]{3}", s)]
    if not found:
        return None
    s = rng.choice(found)
    units = list(s) if zh else s.split()
    most = 60 if zh else 40
    if len(units) > most:
        at = rng.randrange(len(units) - most + 1)
        units = units[at : at + most]
    return "".join(units) if zh else " ".join(units)


def _perturb(s: str, kind: str, zh: bool, rng: random.Random) -> str | None:
    """The sentence changed in one way, or None if the change does not apply to it."""
    if kind == "exact":
        return s
    if zh:
        chars = list(s)
        han_at = [i for i, ch in enumerate(chars) if HAN.match(ch)]
        if kind == "script":
            import opencc

            simplified = opencc.OpenCC("t2s").convert(s)
            out = opencc.OpenCC("s2t").convert(s) if simplified == s else simplified
            return out if out != s else None
        if kind == "drop-char":
            del chars[rng.choice(han_at[1:-1])]
            return "".join(chars)
        if kind == "substitute-char":
            chars[rng.choice(han_at[1:-1])] = rng.choice(HAN_FILLER)
            return "".join(chars)
        if kind == "punctuation":
            out = _punctuation_zh(s, rng)
            return out if out != s else None
        if kind == "ellipsis":
            return _ellipsis(chars, rng, zh=True)
        if kind == "partial":
            part = _partial(chars, rng, least=8)
            return "".join(part) if part else None
        if kind == "mixed":
            chars[rng.choice(han_at[1:-1])] = rng.choice(HAN_FILLER)
            out = _ellipsis(chars, rng, zh=True)
            return _punctuation_zh(out, rng) if out else None
        raise ValueError(kind)
    words = s.split()
    if kind == "ocr":
        out = _ocr(s, rng, rng.randint(1, 3))
    elif kind == "spelling":
        out = _swap_spelling(s, rng)
    elif kind == "punctuation":
        out = _punctuation_en(s, rng)
    elif kind == "ellipsis":
        return _ellipsis(words, rng, zh=False)
    elif kind == "drop-word":
        del words[rng.randrange(1, len(words) - 1)]
        return " ".join(words)
    elif kind == "insert-word":
        words.insert(rng.randrange(1, len(words)), rng.choice(INSERTED))
        return " ".join(words)
    elif kind == "partial":
        part = _partial(words, rng, least=5)
        return " ".join(part) if part else None
    elif kind == "mixed":
        slipped = _ocr(s, rng, 1).split()
        cut = _ellipsis(slipped, rng, zh=False)
        return _punctuation_en(cut, rng) if cut else None
    else:
        raise ValueError(kind)
    return out if out != s else None


def make_quotations(passages: Sequence[tuple[str, str]], n: int, seed: int = 7) -> list[Quotation]:
    """``n`` perturbed quotations from ``(passage_id, text)`` pairs, half English and
    half Chinese where both are present, kinds taking turns in each language."""
    rng = random.Random(seed)
    by_language: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pid, text in sorted(passages):
        by_language[_language(text)].append((pid, text))
    languages = sorted(by_language)
    quotations: list[Quotation] = []
    turns: dict[str, int] = defaultdict(int)
    attempts = 0
    while len(quotations) < n and attempts < n * 50:
        attempts += 1
        language = languages[len(quotations) % len(languages)]
        kinds = ZH_KINDS if language == "zh" else EN_KINDS
        kind = kinds[turns[language] % len(kinds)]
        pid, text = rng.choice(by_language[language])
        s = _sentence(text, language == "zh", rng)
        if s is None:
            continue
        out = _perturb(s, kind, language == "zh", rng)
        if out is None:
            continue
        turns[language] += 1
        quotations.append(Quotation(out, pid, text, s, language, kind))
    return quotations


@dataclass(frozen=True)
class Outcome:
    quotation: Quotation
    rank: int | None  # 1-based rank of the source, None if not in the top 5
    seconds: float
    error: str | None = None


def measure(quotations: Sequence[Quotation], index_dir: Path) -> list[Outcome]:
    from dangan.analysis import text_tokens
    from dangan.errors import QueryError
    from dangan.quote import find_quote, normalise

    def normal(text: str) -> str:
        return normalise(text_tokens(text)).text

    if quotations:
        find_quote(quotations[0].text, index_dir)  # warm: caches, OpenCC, index files
    outcomes = []
    for q in quotations:
        start = time.perf_counter()
        try:
            found = find_quote(q.text, index_dir, limit=5)
        except QueryError as exc:
            outcomes.append(Outcome(q, None, time.perf_counter() - start, str(exc)))
            continue
        seconds = time.perf_counter() - start
        words = normal(q.original)
        rank = next(
            (m.rank for m in found if m.passage_id == q.passage_id or words in normal(m.text)),
            None,
        )
        outcomes.append(Outcome(q, rank, seconds))
    return outcomes


@dataclass(frozen=True)
class Row:
    language: str
    kind: str
    n: int
    top1: float  # percent
    top5: float
    median_ms: float
    p95_ms: float


def _row(language: str, kind: str, outcomes: Sequence[Outcome]) -> Row:
    n = len(outcomes)
    times = sorted(o.seconds * 1000 for o in outcomes)
    p95 = times[min(n - 1, round(0.95 * (n - 1)))] if times else 0.0
    return Row(
        language,
        kind,
        n,
        100 * sum(o.rank == 1 for o in outcomes) / max(n, 1),
        100 * sum(o.rank is not None for o in outcomes) / max(n, 1),
        statistics.median(times) if times else 0.0,
        p95,
    )


def summarise(outcomes: Sequence[Outcome]) -> list[Row]:
    """One row per language and kind, one per language, then one for all."""
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[(o.quotation.language, o.quotation.kind)].append(o)
    rows = [_row(lang, kind, groups[(lang, kind)]) for lang, kind in sorted(groups)]
    for lang in sorted({o.quotation.language for o in outcomes}):
        rows.append(_row(lang, "all", [o for o in outcomes if o.quotation.language == lang]))
    rows.append(_row("all", "all", outcomes))
    return rows


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| language | kind | n | top-1 % | top-5 % | median ms | p95 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r.language} | {r.kind} | {r.n} | {r.top1:.1f} | {r.top5:.1f} | "
        f"{r.median_ms:.1f} | {r.p95_ms:.1f} |"
        for r in rows
    ]
    return "\n".join(lines)


def sample_files(corpora: Path, *, every: int = 5) -> list[Path]:
    """Every ``every``-th DFAT and Mao file, every FRUS file, every 10th Wikisource chapter."""
    files: list[Path] = []
    for folder, step in (
        ("dfat", every),
        ("mao-xuanji", every),
        ("frus", 1),
        ("wikisource-zh", 10),
    ):
        found = sorted(
            p for p in (corpora / folder).rglob("*") if p.is_file() and p.suffix != ".json"
        )
        files += found[::step]
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.quotes", description=__doc__)
    here = Path(__file__).resolve().parent.parent
    parser.add_argument("--corpora", type=Path, default=here.parent / "shared" / "corpora")
    parser.add_argument("--index-dir", type=Path, help="an index of the corpora to reuse")
    parser.add_argument("-n", type=int, default=1000, help="quotations (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", action="store_true", help="index the test's sample only")
    parser.add_argument("--misses", action="store_true", help="list quotations not found first")
    args = parser.parse_args(argv)

    from dangan.index import all_passages, build_index

    index_dir = args.index_dir
    if index_dir is None or not index_dir.exists():
        index_dir = index_dir or Path(tempfile.mkdtemp(prefix="dangan-quotes-")) / "index"
        paths = sample_files(args.corpora) if args.sample else [args.corpora]
        print(f"indexing {len(paths)} path(s) into {index_dir} ...", file=sys.stderr)
        build_index(paths, index_dir)
    passages = [(p.passage.passage_id, p.passage.text) for p in all_passages(index_dir)]
    quotations = make_quotations(passages, args.n, args.seed)
    outcomes = measure(quotations, index_dir)
    print(f"{len(quotations)} quotations from {len(passages)} passages, seed {args.seed}\n")
    print(table(summarise(outcomes)))
    if args.misses:
        for o in outcomes:
            if o.rank != 1:
                print(f"\n{o.quotation.language}/{o.quotation.kind} rank {o.rank}: ", end="")
                print(f"{o.quotation.text!r} <- {o.quotation.passage_id} {o.error or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
