"""A first page in every spelling: the hits of a name query, interleaved by form.

A name's spelling typed ranks first by score (its other spellings weigh less), so a
name typed in English can fill the first page with English passages though its
characters stand in dozens of Chinese ones. :func:`interleave` re-orders the matches
of a query that holds names: for each form of each name (the form typed first, then
every other Pinyin, Wade-Giles, English or character form), the matches that hold that
form are known from the index; the first page takes the best match of each form in
turn (round-robin), forms that match nothing passed over, until it is full; the rest
follow by score. So the first page shows every form that matches anywhere, as long as
there are no more forms than hits on it. Only the order changes: every match stays,
with its own score.

:func:`names_in_index` says how many units of the index hold each form of a query's
names (``dangan names``). The index answers which units hold a spelling
(:meth:`~dangan.backends.base.IndexReader.units_with_spellings`).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from .backends.base import IndexReader, Ranked
from .library import Library, library_for
from .names import NameExpansion, phrase_key
from .query import And, Name, Node, Or

MAX_FORMS = 12  # the most forms of one query interleaved


def name_forms(found: NameExpansion) -> list[tuple[str, ...]]:
    """A name's forms as their spellings, the typed form first, no spelling twice."""
    groups: list[tuple[str, ...]] = [(found.typed,)]
    seen = {phrase_key(found.typed)}
    for form in found.forms:
        fresh = tuple(s for s in form.spellings if phrase_key(s) and phrase_key(s) not in seen)
        seen.update(phrase_key(s) for s in fresh)
        if fresh:
            groups.append(fresh)
    return groups


def _positive_names(node: Node) -> list[NameExpansion]:
    """The names a hit must or may match: not under NOT, nor under a field."""
    if isinstance(node, Name):
        return list(node.names)
    if isinstance(node, (And, Or)):
        return [n for child in node.nodes for n in _positive_names(child)]
    return []


def _forms(node: Node) -> list[tuple[str, ...]]:
    return [g for f in _positive_names(node) for g in name_forms(f)][:MAX_FORMS]


def interleaves(node: Node) -> bool:
    """Whether :func:`interleave` would re-order the matches of this query."""
    return len(_forms(node)) >= 2


def interleave(
    reader: IndexReader,
    node: Node,
    ranked: Ranked,
    page: int,
    every: Collection[int] | None = None,
) -> Ranked | None:
    """Every match of ``ranked`` (score, document number, best first), its first
    ``page`` taken one form of the query's names at a time, typed form first.

    ``ranked`` may be only the first matches of ``every`` match: then the result is
    the same first matches re-ordered, or None when they are too few to say which
    hits of each form the first page takes."""
    groups = _forms(node)
    if len(groups) < 2 or len(ranked if every is None else every) < 2:
        return ranked
    position = {docnum: i for i, (_, docnum) in enumerate(ranked)}
    matched = set(every) if every is not None else set()
    per_form: list[list[int]] = []  # for each form, where its matches stand in ranked
    for spellings in groups:
        docs = list(reader.units_with_spellings(spellings))
        places = sorted(position[d] for d in docs if d in position)
        if len(places) < page and any(d in matched and d not in position for d in docs):
            return None  # this form has matches further down: how far, unknown
        per_form.append(places[:page])
    chosen: list[int] = []
    taken: set[int] = set()
    while len(chosen) < page and any(per_form):
        for places in per_form:
            while places and places[0] in taken:
                places.pop(0)
            if places and len(chosen) < page:
                chosen.append(places.pop(0))
                taken.add(chosen[-1])
    head = [ranked[i] for i in chosen]
    return head + [pair for i, pair in enumerate(ranked) if i not in taken]


def form_counts(reader: IndexReader, found: NameExpansion) -> dict[str, int]:
    """How many units of the index hold each form of a name, by the form's text."""
    return {
        form.text: sum(1 for _ in reader.units_with_spellings(form.spellings))
        for form in found.forms
    }


def names_in_index(query: str, index: Library | Path) -> list[tuple[NameExpansion, dict[str, int]]]:
    """The names of a query, each with how many units of the index hold each form."""
    from .names import find_names

    found = find_names(query)
    with library_for(index).reading() as reader:
        return [(f, form_counts(reader, f)) for f in found]
