"""The query language: the tree it parses to, and one clear error for each mistake."""

from __future__ import annotations

import pytest

from dangan.errors import QueryError
from dangan.query import And, Not, Or, Phrase, Word, parse_query, positive_leaves


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("Gao", Word("Gao")),
        ("Gao Gang", And((Word("Gao"), Word("Gang")))),
        ("Gao AND Gang", And((Word("Gao"), Word("Gang")))),
        ('"Liu Shaoqi presided"', Phrase("Liu Shaoqi presided")),
        ("“independent kingdom”", Phrase("independent kingdom")),
        ("「七千人大会」", Phrase("七千人大会")),
        ("Yudin OR Molotov", Or((Word("Yudin"), Word("Molotov")))),
        ("Gao -Rao", And((Word("Gao"), Not(Word("Rao"))))),
        ('Gao NOT "Rao Shushi"', And((Word("Gao"), Not(Phrase("Rao Shushi"))))),
        ("a b OR c", Or((And((Word("a"), Word("b"))), Word("c")))),
        ("Gao-Gang", Word("Gao-Gang")),
        ("or not and", And((Word("or"), Word("not"), Word("and")))),
    ],
)
def test_parse(query: str, tree: object) -> None:
    assert parse_query(query) == tree


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ('"Gao Gang', "unbalanced quote"),
        ('Gao Gang"', "unbalanced quote"),
        ("”Gao", "unbalanced quote"),
        ('""', "empty phrase"),
        ("OR Gao", "OR needs a word on each side"),
        ("Gao OR", "OR at the end"),
        ("Gao AND", "AND needs a word on each side"),
        ("NOT", "NOT (or -) must be followed"),
        ("-Gao", "cannot only exclude"),
        ("NOT Gao OR -Rao", "cannot only exclude"),
    ],
)
def test_malformed_queries_raise_one_clear_line(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        parse_query(query)
    assert "\n" not in str(info.value)


def test_positive_leaves_skip_negated_parts() -> None:
    tree = parse_query('Gao "Rao Shushi" -Liu OR Zhou')
    assert positive_leaves(tree) == [Word("Gao"), Phrase("Rao Shushi"), Word("Zhou")]
