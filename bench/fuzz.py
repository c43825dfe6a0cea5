"""Generated queries over the whole query language, for fuzzing search: English and
Chinese words, names in several spellings, operators, quotes of every kind,
parentheses, fields, prefixes and junk. Shared by tests/test_cost.py (a few hundred
in CI) and ``python -m bench.crashloop --only fuzz`` (10,000 or more)."""

from __future__ import annotations

from hypothesis import strategies as st

ENGLISH = ("the", "of", "and", "plenum", "criticised", "conference", "delegation", "US", "May")
CHINESE = ("的", "七千人大会", "高岗", "高崗", "全会", "批判", "中央", "人大")
NAMES = ("Gao Gang", "Kao Kang", "Teng Hsiao-p'ing", "Deng Xiaoping", "Peking", "Rao Shushi")
OPERATORS = ("OR", "AND", "NOT", "-", "or", "not")
FIELDS = ("title:", "collection:", "date:", "TITLE:", ":")
QUOTES = ('"', "“", "”", "「", "」", "『", "』", "＂", "'")
BRACKETS = ("(", ")", "（", "）")

_word = st.one_of(
    st.sampled_from(ENGLISH),
    st.sampled_from(CHINESE),
    st.sampled_from(NAMES),
    st.sampled_from(ENGLISH).map(lambda w: w[:3] + "*"),
    st.text(min_size=1, max_size=12),
)
_piece = st.one_of(
    _word,
    _word,
    st.sampled_from(OPERATORS),
    st.sampled_from(QUOTES),
    st.sampled_from(BRACKETS),
    st.tuples(st.sampled_from(FIELDS), _word).map("".join),
    st.lists(_word, min_size=1, max_size=4).map(lambda ws: '"' + " ".join(ws) + '"'),
    st.integers(1, 60).map(lambda n: "(" * n + "Gao" + ")" * n),
    st.tuples(st.sampled_from(ENGLISH + CHINESE), st.integers(1, 200)).map(
        lambda pair: " ".join([pair[0]] * pair[1])
    ),
)


def queries() -> st.SearchStrategy[str]:
    """A query string, valid or not, of up to a few thousand characters."""
    return st.lists(_piece, min_size=1, max_size=12).map(" ".join)
