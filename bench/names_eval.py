"""The names query set: how well a name spelled one way finds passages spelled another.

    python -m bench.names_eval [--index-dir DIR] [--queries N] [--json] [CORPUS ...]

Relevance is found without the search engine: every passage of the index is
normalised as the phrase oracle does (bench/oracle.py), and every form of every name
of the dictionary (the gazetteer and the name table from CC-CEDICT: Pinyin,
Wade-Giles, postal, customary and English spellings, characters) is looked for in
them by brute force. A name that stands in the corpora in two or more forms gives one
query per spelling found and one per form not found (its standard spelling: a
Wade-Giles form the corpora lack still finds the others), and the passages that
mention it are those holding any of its forms; queries are taken from the names in
turn, up to ``--queries``. Spellings
that the rules against false friends keep from triggering a name (东北, a lone
syllable such as Zhou) are left out and counted; so are names whose characters are
also a common word (和平 is "peace" far more often than the township of Heping), whose
passages no brute-force scan can tell. Each query is scored on its first 10 hits:

* recall@10 = relevant hits in the first 10 / min(10, relevant passages), per kind;
* first-page diversity: for a name found in both Latin letters and Chinese characters,
  whether the first 10 hits hold a passage in each script.

Four set-ups are compared: **before** (this branch with the name table, the
surname-word rule and the interleaving switched off: main's behaviour), **table**
(the name table, other spellings weighted 0.1), **weights** (the table, other
spellings weighted 0.9: nearly equal weights with a small bonus for the typed form)
and **round-robin** (the table, the first page interleaved by form: what
``dangan search`` does). It also times a first name lookup in a fresh process. Without
an index at DIR, one is built from the CORPUS folders
(default: the shared corpora beside the repository and the bundled corpus).
Deterministic: the same index gives the same queries and figures.
"""

from __future__ import annotations

import argparse
import bisect
import importlib
import itertools
import json
import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from dangan import name_table, names
from dangan.index import build_index, needs_build
from dangan.search import export, search

from .oracle import brute_normalise, is_chinese

search_module = importlib.import_module("dangan.search")  # the module, not the function
compile_module = importlib.import_module("dangan.backends.whoosh.compile")
REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [REPO.parent / "shared" / "corpora", REPO / "corpus"]
K = 10


@dataclass(frozen=True)
class Query:
    text: str
    name: str
    kind: str
    relevant: frozenset[str]
    latin: frozenset[str]  # relevant passages that hold a form in Latin letters
    han: frozenset[str]  # ... in Chinese characters


class Corpus:
    """The index's passages, normalised, and a brute-force phrase scan over them."""

    def __init__(self, index_dir: Path) -> None:
        self.ids: list[str] = []
        texts: list[str] = []
        for record in export(index_dir):
            self.ids.append(record["passage_id"])
            texts.append(brute_normalise(record["text"]))
        self.starts: list[int] = []
        pos = 0
        for text in texts:
            self.starts.append(pos)
            pos += len(text) + 1
        self.big = "\n".join(texts)
        self.pairs: set[tuple[str, str]] = set()
        self.tokens: set[str] = set()
        for text in texts:
            words = text.split()
            self.tokens.update(words)
            self.pairs.update(itertools.pairwise(words))

    def scan(self, spelling: str) -> set[str]:
        """Ids of the passages whose normalised text holds the normalised spelling."""
        needle = brute_normalise(spelling)
        words = needle.split()
        if not words or not set(words) <= self.tokens:
            return set()
        if any(p not in self.pairs for p in itertools.pairwise(words)):
            return set()
        found: set[str] = set()
        at = self.big.find(needle)
        while at != -1:
            found.add(self.ids[bisect.bisect_right(self.starts, at) - 1])
            at = self.big.find(needle, at + 1)
        return found


def build_queries(corpus: Corpus, count: int, left_out: list[str]) -> list[Query]:
    """Up to ``count`` queries, one spelling at a time from each name found in 2+ forms;
    the spellings found that trigger no name by rule (东北, Zhou) go to ``left_out``."""
    per_name: list[list[Query]] = []
    seen: set[frozenset[str]] = set()
    for label, kind, forms, common in names.dictionary():
        if common:  # 和平 is peace far more often than Heping: no brute-force relevance
            continue
        found = {f.text: set().union(*(corpus.scan(s) for s in f.spellings)) for f in forms}
        present = [f for f in forms if found[f.text]]
        if len({f.text for f in present}) < 2:
            continue
        relevant = frozenset(set().union(*found.values()))
        if relevant in seen:  # the same name twice (gazetteer and table)
            continue
        seen.add(relevant)
        han = frozenset(p for f in present if is_chinese(f.text) for p in found[f.text])
        latin = frozenset(p for f in present if not is_chinese(f.text) for p in found[f.text])
        spellings = {names.phrase_key(s): s for f in present for s in f.spellings}
        texts = [s for s in spellings.values() if corpus.scan(s)]
        texts += [f.spellings[0] for f in forms if not found[f.text]]  # Chin-men for 金门
        triggers = [t for t in texts if names.find_names(t)]
        left_out.extend(t for t in texts if t not in triggers)
        per_name.append([Query(t, label, kind, relevant, latin, han) for t in triggers])
    out: list[Query] = []
    while len(out) < count and any(per_name):
        for queries in per_name:
            if queries and len(out) < count:
                out.append(queries.pop(0))
    return out


def _identity(reader: object, node: object, ranked: list, *rest: object) -> list:
    return ranked


@contextmanager
def setup(label: str) -> Iterator[None]:
    """Patch this checkout into one of the compared set-ups (see the module docstring)."""
    patches: list[mock._patch] = []  # type: ignore[type-arg]
    if label == "before":
        patches += [
            mock.patch.object(names, "_table_lookup", lambda words: None),
            mock.patch.object(names, "_table_english", lambda entries: ()),
            mock.patch.object(name_table, "is_word", lambda key: False),
        ]
    if label != "round-robin":
        patches.append(mock.patch.object(search_module, "interleave", _identity))
    if label == "weights":
        patches.append(mock.patch.object(compile_module, "SPELLING_BOOST", 0.9))
    for p in patches:
        p.start()
    try:
        yield
    finally:
        for p in reversed(patches):
            p.stop()


def score(queries: list[Query], index_dir: Path) -> dict[str, object]:
    recall: dict[str, list[float]] = defaultdict(list)
    diverse: list[bool] = []
    for q in queries:
        hits = [h.passage_id for h in search(q.text, index_dir, limit=K)]
        r = sum(h in q.relevant for h in hits) / min(K, len(q.relevant))
        recall[q.kind].append(r)
        recall["all"].append(r)
        if q.latin and q.han:
            diverse.append(any(h in q.han for h in hits) and any(h in q.latin for h in hits))
    return {
        "recall@10": {k: round(statistics.mean(v), 3) for k, v in sorted(recall.items())},
        "diverse first pages": f"{sum(diverse)}/{len(diverse)}",
    }


SETUPS = ("before", "table", "weights", "round-robin")
COLD = ("Kinmen", "Guomindang", "杜勒斯", "Chiang Kai-shek", "Chang Kuo-hua", "plenum")
_COLD_CODE = """
import sys, time
from dangan import names
start = time.perf_counter()
names.find_name(sys.argv[1].split())
lookup = time.perf_counter()
names.find_names(sys.argv[1])
print((lookup - start) * 1000, (time.perf_counter() - start) * 1000)
"""


def cold_lookup_ms(query: str, runs: int = 5) -> tuple[float, float]:
    """Median times of a first name lookup in a fresh process, module import excluded:
    the name found (gazetteer, table, rules), then with its spellings tokenized as a
    search does (which loads OpenCC for characters, as any Chinese text does)."""
    times = []
    for _ in range(runs):
        command = [sys.executable, "-c", _COLD_CODE, query]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        times.append(tuple(map(float, out.split())))
    lookup, spellings = zip(*times, strict=True)
    return round(statistics.median(lookup), 1), round(statistics.median(spellings), 1)


def evaluate(index_dir: Path, count: int, setups: tuple[str, ...] = SETUPS) -> dict[str, object]:
    left_out: list[str] = []
    queries = build_queries(Corpus(index_dir), count, left_out)
    kinds: dict[str, int] = defaultdict(int)
    for q in queries:
        kinds[q.kind] += 1
    report: dict[str, object] = {
        "queries": len(queries),
        "by kind": dict(sorted(kinds.items())),
        "spellings that trigger no name, left out": len(left_out),
        "left out, e.g.": left_out[:30],
    }
    for label in setups:
        with setup(label):
            report[label] = score(queries, index_dir)
    report["cold lookup ms (name, with spellings)"] = {q: cold_lookup_ms(q) for q in COLD}
    report["examples"] = [
        {"query": q.text, "name": q.name, "kind": q.kind, "relevant": len(q.relevant)}
        for q in queries[:20]
    ]
    return report


def main(argv: list[str] | None = None, run: Callable[..., dict[str, object]] = evaluate) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--index-dir", type=Path, default=Path("/tmp/dangan-names-eval"))
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if needs_build(args.index_dir):
        print(
            f"building {args.index_dir} from {', '.join(map(str, args.corpora))}", file=sys.stderr
        )
        build_index([p for p in args.corpora if p.exists()], args.index_dir)
    report = run(args.index_dir, args.queries)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{report['queries']} name queries, by kind: {report['by kind']}")
    cold = report["cold lookup ms (name, with spellings)"]
    print(f"cold name lookup, ms (name, with spellings): {cold}")
    for label in SETUPS:
        r = report[label]
        assert isinstance(r, dict)
        print(f"{label:>11}: diverse first pages {r['diverse first pages']}")
        print(f"{'':>11}  recall@10 {r['recall@10']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
