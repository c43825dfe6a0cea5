"""Searching: a query string and options in, a :class:`SearchResult` out: the hits of
one page (titles, passages and notes, see :mod:`dangan.units`), built one at a time
so that a caller can print each as it comes, with the counts, facets and page the
options asked for.

Every match is found and counted; the options narrow them (:mod:`dangan.filters`),
order them (relevance, or the document's date with its position in the document
breaking ties), group them by document and cut the page. Query compilation is
:mod:`dangan.backends`', highlights :mod:`dangan.highlight`'s. ``export`` gives every
unit as a record with the same fields as a hit. It neither prints nor returns markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, Literal, overload

from . import analysis, names
from .backends.base import COLLECTION, IndexReader, Ranked
from .cite import citation, locator
from .errors import QueryError
from .filters import UNDATED, Facet, SearchOptions, bucket
from .highlight import choose_snippet, find_matches
from .index import all_passages
from .library import Library, library_for
from .models import Hit, IndexedPassage, SearchSummary, json_names
from .name_ranking import interleave, interleaves
from .plan import prune, undated
from .query import And, Filter, Node, has_positive, leaves, parse_query

MAX_QUERY_TOKENS = 200
FULL_NOTE_WORDS = 30
"""A note shorter than this weighs less (by the square root of its share): BM25 would
otherwise put a note of three words ("Chou Chung-fen.") above the passages."""
MIN_TITLE_SHARE = 0.05
DEPTH = 4
"""Units scored per row a page in relevance order needs (at least MIN_DEPTH): enough
that titles and notes re-weighed below the rest seldom leave the page short."""
MIN_DEPTH = 100


class _Columns:
    """The per-unit values that sorting, grouping and facets read, by unit number."""

    def __init__(self, reader: IndexReader) -> None:
        self.doc_id = reader.column("doc_id")
        self.day = reader.column("date_start")
        self.position = reader.column("position")
        self.collection = reader.column("collection_id")
        self.lang = reader.column("lang")
        self.part = reader.column("part")
        self.size = reader.column("size")

    def date_keys(self, units: list[int], newest_first: bool) -> dict[int, tuple[int, int, str]]:
        """Each unit's place in date order: dated before undated; by the document's
        first day; then its path and the unit's place in it (title, passages, notes)."""
        keys = {}
        for unit, day, position in zip(
            units, self.day.many(units), self.position.many(units), strict=True
        ):
            day = int(day)
            if day == UNDATED:
                keys[unit] = (1, 0, position)
            else:
                keys[unit] = (0, -day if newest_first else day, position)
        return keys


def _weighed(reader: IndexReader, columns: _Columns, ranked: Ranked, node: Node) -> Ranked:
    """The matches re-weighed by what they are, best first: a title by the share of its
    words the query matched, squared (a query that is the title keeps its score; one
    word of a three-word title keeps a ninth, so that titles do not crowd out the
    passages of a common word); a short note by the square root of its length's share
    of :data:`FULL_NOTE_WORDS`."""
    weighed = []
    shares: dict[str, float] = {}  # 71 DFAT cablegrams share one title
    parts = columns.part.many([docnum for _, docnum in ranked])
    for (score, docnum), part in zip(ranked, parts, strict=True):
        if part == "title":
            title = reader.head(docnum)
            if title not in shares:
                shares[title] = max(_share_matched(title, node), MIN_TITLE_SHARE) ** 2
            score *= shares[title]
        elif part == "note":
            score *= min(1.0, int(columns.size[docnum]) / FULL_NOTE_WORDS) ** 0.5
        weighed.append((score, docnum))
    weighed.sort(key=lambda pair: -pair[0])
    return weighed


def _share_matched(text: str, node: Node) -> float:
    """The share of the text's words that the query's words and phrases match."""
    tokens = analysis.text_tokens(text)
    if not tokens:
        return 0.0
    matches = find_matches(text, node, tokens)
    inside = sum(any(s <= t.start and t.end <= e for s, e in matches) for t in tokens)
    return inside / len(tokens)


def _one_per_document(
    columns: _Columns, ranked: Ranked, counts: Counter[str]
) -> list[tuple[float, int, int | None]]:
    """The best hit of each document, in rank order, with how many other hits it has
    (``counts``: the matches of each document, all of them)."""
    best: dict[str, tuple[float, int]] = {}
    for (score, docnum), doc_id in zip(
        ranked, columns.doc_id.many([d for _, d in ranked]), strict=True
    ):
        best.setdefault(doc_id, (score, docnum))
    return [(score, docnum, counts[doc_id] - 1) for doc_id, (score, docnum) in best.items()]


def _facets(
    columns: _Columns, units: list[int], facets: Sequence[Facet]
) -> dict[str, tuple[tuple[str, int], ...]]:
    """Matching units per bucket of each facet: years and decades in order (undated
    last), collections and languages by count."""
    found: dict[str, tuple[tuple[str, int], ...]] = {}
    if not facets:
        return found
    days, langs = columns.day.many(units), columns.lang.many(units)
    kinds = Counter(zip(days, columns.collection.many(units), langs, strict=True))
    for facet in facets:
        counts: Counter[str] = Counter()
        for (day, collection, lang), n in kinds.items():
            counts[bucket(facet, int(day), collection, lang)] += n
        if facet in ("year", "decade"):
            order = sorted(counts, key=lambda b: (b == "undated", b))
        else:
            order = sorted(counts, key=lambda b: (-counts[b], b))
        found[facet] = tuple((b, counts[b]) for b in order)
    return found


def _undated_left_out(reader: IndexReader, node: Node, options: SearchOptions) -> int:
    """How many undated documents the query would match but for its date filters."""
    dated = options.filters.dated or any(f.name == "date" for f in _required_filters(node))
    rest = undated(node)
    if not dated or rest is None or not has_positive(rest):
        return 0
    others = replace(options.filters, date_from=None, date_to=None)
    ranking = reader.ranked(rest, others, depth=0, undated_only=True, rerank=False)
    return len(set(reader.column("doc_id").many(ranking.units)))


def _check_known(reader: IndexReader, options: SearchOptions, index_dir: Path) -> None:
    """A collection or document type the index does not hold is a mistake to name, not
    a search with no matches."""
    kinds: tuple[tuple[str, Literal["collection_id", "doc_type"], tuple[str, ...]], ...] = (
        ("collection", "collection_id", options.filters.collections),
        ("document type", "doc_type", options.filters.types),
    )
    for kind, field, wanted in kinds:
        if not wanted:
            continue
        known = reader.values(field)
        for value in wanted:
            tokens = [t.text for t in analysis.text_tokens(value)]
            by_name = (
                field == "collection_id"
                and tokens
                and all(reader.frequency(COLLECTION, t) for t in tokens)
            )
            if value.lower().replace("-", " ") not in known and value not in known and not by_name:
                raise QueryError(
                    f"no {kind} {value!r} in {index_dir}; "
                    f"it holds {', '.join(repr(k) for k in known[:12]) or 'none'}"
                )


def _required_filters(node: Node) -> list[Filter]:
    """The filters every match must pass: the query's own, or those of an AND (not
    those under OR or NOT, which do not leave anything out for certain)."""
    if isinstance(node, Filter):
        return [node]
    if isinstance(node, And):
        return [f for child in node.nodes for f in _required_filters(child)]
    return []


def prepare(query: str) -> Node:
    """Parse and prune a query, or raise QueryError saying what is wrong with it."""
    node = prune(parse_query(query))
    if node is None:
        raise QueryError(f"nothing to search for in {query!r}: give words, not only punctuation")
    if not has_positive(node):
        raise QueryError("a query cannot only exclude: add a word to search for besides NOT/-")
    tokens = sum(len(analysis.text_tokens(leaf.text)) for leaf in leaves(node))
    if tokens > MAX_QUERY_TOKENS:
        raise QueryError(
            f"query has {tokens} words; the most is {MAX_QUERY_TOKENS}: "
            "search for a shorter, distinctive part"
        )
    return node


class SearchResult(Sequence[Hit]):
    """The hits of one page, built as they are read (iterate to stream them), and the
    summary: counts, page, facets and the index searched."""

    def __init__(self, summary: SearchSummary, ids: list[str], hits: Iterator[Hit]) -> None:
        self.summary = summary
        self.ids = ids  # the page's unit ids, in order, known before any hit is built
        self._pending = hits
        self._built: list[Hit] = []

    def __iter__(self) -> Iterator[Hit]:
        yield from self._built
        for hit in self._pending:
            self._built.append(hit)
            yield hit

    def _all(self) -> list[Hit]:
        self._built.extend(self._pending)
        return self._built

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> Hit: ...
    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...
    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        return self._all()[index]


def search(
    query: str, index: Library | Path, options: SearchOptions | None = None, **changes: Any
) -> SearchResult:
    """Run a query against the index (a folder, or an open Library): the hits of the
    page ``options`` ask for.

    A hit is a unit of a document: a passage of its body, a note, or its title with the
    searchable metadata (see :mod:`dangan.units`). Names in the query are searched in
    all their forms (see :mod:`dangan.names`), the form typed ranking first and every
    form that matches on the first page (see :mod:`dangan.name_ranking`); ``exact``
    searches them only as typed (a quoted phrase is always searched as typed).
    ``by_doc`` gives each document once, by its best hit, with the number of its
    other hits in ``other_matches``. ``changes`` replace fields of ``options``
    (``search(q, ix, limit=5)``).
    """
    options = replace(options or SearchOptions(), **changes)
    options.check()
    node = prepare(query)
    if not options.exact:
        node = names.expand(node)
    library = library_for(index)
    with library.reading() as reader:
        _check_known(reader, options, library.index_dir)
        columns = _Columns(reader)
        units, rows = _rows(reader, columns, node, options)
        doc_ids = columns.doc_id.many(units)
        summary = SearchSummary(
            index_dir=str(library.index_dir),
            total=len(units),
            documents=len(set(doc_ids)),
            page=options.page,
            first=0,
            last=0,
            undated_left_out=_undated_left_out(reader, node, options),
            facets=_facets(columns, units, options.facets),
        )
        size = options.limit or max(len(rows), 1)
        start = (options.page - 1) * size
        rows = rows[start : start + size]
        records = [reader.record(unit) for _, unit, _ in rows]
    chosen = [
        (start + i, score, stored, others)
        for i, ((score, _, others), stored) in enumerate(zip(rows, records, strict=True), start=1)
    ]
    if chosen:
        summary = replace(summary, first=chosen[0][0], last=chosen[-1][0])
    ids = [stored.passage.passage_id for stored in records]
    return SearchResult(summary, ids, _hits(node, chosen))


def _rows(
    reader: IndexReader, columns: _Columns, node: Node, options: SearchOptions
) -> tuple[list[int], list[tuple[float, int, int | None]]]:
    """Every match (unit numbers), and the rows of the order the options ask for, as
    far as the page asked for (all of them for a date order or no limit).

    For a page in relevance order only the best units are scored, :data:`DEPTH` per
    row the page needs: re-weighing only lowers a score, so a row whose re-weighed
    score is still at least the best left out's score is certainly where it would
    be if every match had been ranked (:func:`_certain`); if the rows so certain do
    not reach the end of the page, the search runs again four times as deep. A query
    whose names' spellings share the first page (:mod:`dangan.name_ranking`) ranks
    every match: how far down a rare spelling's first hit stands is not known before.
    """
    want = options.page * options.limit if options.limit else None
    names = not options.exact and interleaves(node)
    depth = None
    if want is not None and options.sort == "relevance" and not names:
        depth = max(MIN_DEPTH, want * DEPTH)
    while True:
        ranking = reader.ranked(node, options.filters, depth=depth)
        ranked = _weighed(reader, columns, ranking.best, node)
        ranked = ranked[: _certain(ranked, ranking.floor)]
        every = None if ranking.floor is None else ranking.units
        if not options.exact and ranked:  # a first page in every spelling of the names
            interleaved = interleave(reader, node, ranked, options.limit or 10, every)
        else:
            interleaved = ranked
        if interleaved is None:  # a form of a name matches further down: rank every one
            depth = None
            continue
        rows = _order(columns, interleaved, ranking.units, options)
        if ranking.floor is None or want is None or len(rows) >= want:
            return ranking.units, rows
        depth = None if depth is None else depth * 4


def _certain(ranked: Ranked, floor: float | None) -> int:
    """How many of the first re-weighed matches stand where they would if every match
    had been ranked: those scoring at least ``floor`` (see Ranking.floor)."""
    if floor is None:
        return len(ranked)
    return next((i for i, (score, _) in enumerate(ranked) if score < floor), len(ranked))


def _order(
    columns: _Columns, ranked: Ranked, units: list[int], options: SearchOptions
) -> list[tuple[float, int, int | None]]:
    """The matches in the order the options ask for, one per document with ``by_doc``
    (``units``: every match, to count each document's)."""
    rows: list[tuple[float, int, int | None]]
    if options.by_doc:
        rows = _one_per_document(columns, ranked, Counter(columns.doc_id.many(units)))
    else:
        rows = [(score, docnum, None) for score, docnum in ranked]
    if options.sort != "relevance":
        keys = columns.date_keys([row[1] for row in rows], options.sort == "-date")
        rows.sort(key=lambda row: keys[row[1]])
    return rows


def _hits(node: Node, chosen: list[tuple[int, float, IndexedPassage, int | None]]) -> Iterator[Hit]:
    """The hits, each highlighted when it is asked for."""
    for rank, score, stored, others in chosen:
        passage = stored.passage
        tokens = analysis.text_tokens(passage.text)
        matches = find_matches(passage.text, node, tokens)
        yield Hit(
            rank=rank,
            score=round(score, 4),
            matches=matches,
            snippet=choose_snippet(passage.text, matches, tokens),
            other_matches=others,
            **passage_fields(stored),
        )


def passage_fields(stored: IndexedPassage) -> dict[str, Any]:
    """What every result record says of its passage: ids, path, title, date, text,
    citation (the Chicago note ``dangan cite`` prints) and locator (hits, quotation
    matches and exports share it)."""
    passage, metadata = stored.passage, stored.metadata
    return {
        "passage_id": passage.passage_id,
        "doc_id": passage.doc_id,
        "path": stored.path,
        "title": metadata.title,
        "date": metadata.date,
        "text": passage.text,
        "citation": citation(stored).text,
        "locator": locator(passage),
        "in_": passage.part,
        "note": passage.note,
        "called_from": passage.called_from,
        "collection": metadata.collection_id,
        "document_number": metadata.document_number,
        "place": metadata.place,
        "pdf_pages": passage.pdf_pages,
    }


def export(index: Library | Path) -> Iterator[dict[str, Any]]:
    """Every unit as a plain record: the hit fields, less rank, score and matches, under
    their JSON names (``in``)."""
    for stored in all_passages(index):
        fields = json_names(passage_fields(stored))
        yield {
            **fields,
            "char_start": stored.passage.char_start,
            "char_end": stored.passage.char_end,
            "metadata": asdict(stored.metadata),
        }
