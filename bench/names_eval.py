"""The names query set: how well a name spelled one way finds passages spelled another.

    python bench/names_eval.py [--index-dir DIR] [--queries N] [--json] [CORPUS ...]

The queries are built from the index itself. For every gazetteer entry, the passages
that mention it are those where any of its forms (Pinyin, Wade-Giles, postal or
customary spellings, the mixed forms, the characters) stands as an exact phrase. A
query is one form of the entry (the first of each system) for which some of those
passages spell the name otherwise: it is "spelled in a form other than the text's".
Each query is run twice, with names expanded and with ``--exact``, and scored on its
first 10 hits:

* recall@10 = relevant hits in the first 10 / min(10, relevant passages);
* precision@10 = relevant hits among the hits returned (at most 10); a query that
  returns nothing counts in recall but not in precision (and is counted apart).

Without an index at DIR, one is built from the CORPUS folders (default: the shared
corpora beside the repository and the bundled corpus). Deterministic: the same index
gives the same query set and the same figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from dangan import names
from dangan.index import build_index, needs_build
from dangan.search import search

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [REPO.parent / "shared" / "corpora", REPO / "corpus"]
K = 10


@dataclass(frozen=True)
class Query:
    text: str
    entry: str
    relevant: frozenset[str]


def _phrase_hits(form: str, index_dir: Path) -> set[str]:
    quoted = '"' + form.replace('"', " ") + '"'
    return {h.passage_id for h in search(quoted, index_dir, limit=100_000, exact=True)}


def build_queries(index_dir: Path, count: int) -> list[Query]:
    """Up to ``count`` queries, taken in turn from the entries the corpora mention."""
    per_entry: list[list[Query]] = []
    for entry in names.gazetteer():
        forms = entry.spellings()
        found = {form: _phrase_hits(form, index_dir) for form in forms}
        relevant = frozenset(set().union(*found.values()))
        if not relevant:
            continue
        firsts = [entry.pinyin[0], entry.wade_giles[0], *entry.other[:1], entry.simplified[0]]
        queries = [
            Query(form, entry.simplified[0], relevant)
            for form in dict.fromkeys(firsts)
            if not found.get(form, set()) >= relevant
        ]
        if queries:  # each entry starts with another system: Pinyin, Wade-Giles, ...
            turn = len(per_entry) % len(queries)
            per_entry.append(queries[turn:] + queries[:turn])
    out: list[Query] = []
    while len(out) < count and any(per_entry):
        for queries in per_entry:  # one query from each entry in turn
            if queries and len(out) < count:
                out.append(queries.pop(0))
    return out


def score(query: Query, index_dir: Path, exact: bool) -> tuple[float, float | None]:
    hits = [h.passage_id for h in search(query.text, index_dir, limit=K, exact=exact)]
    good = sum(h in query.relevant for h in hits)
    recall = good / min(K, len(query.relevant))
    return recall, (good / len(hits) if hits else None)


def evaluate(index_dir: Path, count: int) -> dict[str, object]:
    queries = build_queries(index_dir, count)
    report: dict[str, object] = {"queries": len(queries)}
    for label, exact in (("expanded", False), ("exact", True)):
        scores = [score(q, index_dir, exact) for q in queries]
        precisions = [p for _, p in scores if p is not None]
        report[label] = {
            "recall@10": round(statistics.mean(r for r, _ in scores), 3),
            "precision@10": round(statistics.mean(precisions), 3) if precisions else None,
            "no hits": sum(p is None for _, p in scores),
        }
    report["examples"] = [
        {"query": q.text, "entry": q.entry, "relevant": len(q.relevant)} for q in queries[:15]
    ]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--index-dir", type=Path, default=Path("/tmp/dangan-names-eval"))
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if needs_build(args.index_dir):
        print(
            f"building {args.index_dir} from {', '.join(map(str, args.corpora))}", file=sys.stderr
        )
        build_index([p for p in args.corpora if p.exists()], args.index_dir)
    report = evaluate(args.index_dir, args.queries)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{report['queries']} name queries, each spelled otherwise than (some of) its passages")
    for label in ("expanded", "exact"):
        r = report[label]
        assert isinstance(r, dict)
        print(
            f"{label:>9}: recall@10 {r['recall@10']:.3f}  precision@10 {r['precision@10']}  "
            f"queries with no hits {r['no hits']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
