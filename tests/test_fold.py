"""Folding: the traditional -> simplified table against OpenCC, character by character."""

from __future__ import annotations

import sys
import unicodedata

from dangan.fold import _HAN_RANGES, fold, fold_han, is_han

from . import reference_analysis as reference


def test_table_folds_every_code_point_as_per_character_opencc_does() -> None:
    """Every code point of Unicode (the Han ranges and whatever NFKC makes Han, such as
    ㊀ and the compatibility supplement) folds as OpenCC converts it alone."""
    every = "".join(chr(code) for code in range(sys.maxunicode + 1))
    expected = reference.fold_han(every)
    assert len(expected) == len(every)
    folded = fold_han(every)
    wrong = [(a, b, c) for a, b, c in zip(every, folded, expected, strict=True) if b != c]
    assert wrong == []


def test_every_han_code_point_folds_to_one_han_character() -> None:
    for lo, hi in _HAN_RANGES:
        chars = "".join(chr(code) for code in range(lo, hi + 1))
        folded = fold_han(chars)
        assert len(folded) == len(chars)
        assert all(is_han(ch) for ch in folded)


def test_table_changes_what_it_should_and_leaves_the_rest() -> None:
    assert fold_han("七千人大會 國務院 ⼀ ㊀ 兀") == "七千人大会 国务院 一 一 兀"
    assert fold_han("Gao Gang, 1954.") == "Gao Gang, 1954."
    assert fold("ＧＡＯ Gāng 高崗") == "gao gang 高岗"
    assert unicodedata.normalize("NFKC", "\uf900") != "\uf900"  # a compatibility ideograph
    assert fold_han("\uf900") == reference.fold_han("\uf900")
