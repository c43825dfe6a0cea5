"""The query language: the tree it parses to, and one clear error for each mistake."""

from __future__ import annotations

import re

import pytest

from dangan.errors import QueryError
from dangan.query import (
    And,
    Field,
    Not,
    Or,
    Phrase,
    Prefix,
    Word,
    leaves,
    parse_query,
    positive_leaves,
)


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
        ("(Gao OR Kao) Gang", And((Or((Word("Gao"), Word("Kao"))), Word("Gang")))),
        ("（高岗 OR 高崗）", Or((Word("高岗"), Word("高崗")))),
        ("-(Rao OR Jao) Gao", And((Not(Or((Word("Rao"), Word("Jao")))), Word("Gao")))),
        ("((Gao))", Word("Gao")),
        ('title:"Seven Thousand"', Field("title", Phrase("Seven Thousand"))),
        ("title:Gao", Field("title", Word("Gao"))),
        ("Title:(Gao OR Rao)", Field("title", Or((Word("Gao"), Word("Rao"))))),
        ("collection:wilson Yudin", And((Field("collection", Word("wilson")), Word("Yudin")))),
        ("confer*", Prefix("confer")),
        ("Note: this", And((Word("Note:"), Word("this")))),
        ("10:30", Word("10:30")),
        ("ＧＡＯ　ＧＡＮＧ", And((Word("ＧＡＯ"), Word("ＧＡＮＧ")))),
        ("＂independent kingdom＂", Phrase("independent kingdom")),
        ('"很“左”了"', Phrase("很“左”了")),
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
        ("(Gao OR Rao", "unbalanced parenthesis"),
        ("Gao)", "unmatched ')'"),
        ("()", "empty parentheses"),
        ("Gao (OR Rao)", "OR needs a word on each side"),
        ("titel:Gao", "unknown field 'titel'"),
        ("title:", "title: must be followed"),
        ("title:title:Gao", "title: must be followed"),
        ("c*", "put * after at least 2 letters"),
        ("高岗*", "no * needed"),
        ("U.S*", "put * after at least 2 letters"),
    ],
)
def test_malformed_queries_raise_one_clear_line(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)) as info:
        parse_query(query)
    assert "\n" not in str(info.value)


def test_positive_leaves_skip_negated_parts() -> None:
    tree = parse_query('Gao "Rao Shushi" -Liu OR Zhou')
    assert positive_leaves(tree) == [Word("Gao"), Phrase("Rao Shushi"), Word("Zhou")]


def test_leaves_under_fields_are_not_highlighted_in_the_text() -> None:
    tree = parse_query('title:Gao "Rao Shushi"')
    assert positive_leaves(tree) == [Phrase("Rao Shushi")]
    assert leaves(tree) == [Word("Gao"), Phrase("Rao Shushi")]


def test_nesting_past_the_limit_is_one_clear_line() -> None:
    deep = "(" * 246 + "Gao" + ")" * 246
    with pytest.raises(QueryError, match=r"^parentheses or fields nested more than 32 deep"):
        parse_query(deep)
    assert parse_query("(" * 32 + "Gao" + ")" * 32) == Word("Gao")
    with pytest.raises(QueryError, match="nested more than 32 deep"):
        parse_query("title:(" * 40 + "Gao" + ")" * 40)
