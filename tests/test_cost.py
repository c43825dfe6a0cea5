"""The cost bound: repeated words cost nothing more, and a query past the bound gets
one line naming its commonest word. (How fast the worst queries are is measured by
``python -m bench.crashloop --only queries``, not here.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.fuzz import queries
from hypothesis import HealthCheck, given, settings

from dangan.backends.whoosh import cost
from dangan.errors import QueryError
from dangan.search import search


def _ids(query: str, index_dir: Path) -> set[str]:
    return {hit.passage_id for hit in search(query, index_dir, limit=100_000)}


def test_repeated_words_find_what_one_does(bundled_index: Path) -> None:
    assert _ids(" ".join(["the"] * 200), bundled_index) == _ids("the", bundled_index)
    assert _ids(" ".join(["的"] * 199), bundled_index) == _ids("的", bundled_index)
    assert _ids("the of " * 50, bundled_index) == _ids("the of", bundled_index)


def test_a_query_past_the_bound_is_refused_naming_its_commonest_word(
    bundled_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cost, "MAX_POSTINGS", 50)
    with pytest.raises(
        QueryError, match=r"^this query would read [\d,]+ postings, more than the 50"
    ) as info:
        search("Gao OR the", bundled_index)
    assert "(such as 'the')" in str(info.value)
    assert search("Yudin", bundled_index)  # a rare word is within the bound


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries())
def test_generated_queries_answer_or_refuse_in_one_line(bundled_index: Path, query: str) -> None:
    """No query, valid or not, ends in anything but hits or one QueryError line
    (``python -m bench.crashloop --only fuzz`` runs 10,000)."""
    try:
        list(search(query, bundled_index, limit=3))  # hits are made as they are read
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
