"""The fast analysis path gives what the earlier, slow one gave (``reference_analysis``):
the same tokens, offsets, folds and stems, the same Han runs, the same word terms and
boosts, over the shared corpora's cleaned passages and over made-up mixed text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangan import analysis

from . import reference_analysis as reference


def _assert_same(text: str) -> None:
    tokens = analysis.text_tokens(text)
    fields = [(t.text, t.stem, t.start, t.end, t.han) for t in tokens]
    assert fields == [(t.text, t.stem, t.start, t.end, t.han) for t in reference.text_tokens(text)]
    assert list(analysis.token_fields(text)) == fields  # the plain tuples indexing reads
    assert list(analysis.han_runs(tokens)) == list(reference.han_runs(reference._scan(text)))
    assert list(analysis.word_terms(text)) == list(reference.word_terms(text))


def _assert_same_over(texts: list[str]) -> None:
    assert texts
    han = sum(len(re.findall(r"[\u4e00-\u9fff]", t)) for t in texts)
    assert han > 10_000 and sum(map(len, texts)) - han > 10_000  # both languages in it
    for text in texts:
        _assert_same(text)


def test_fast_path_equals_the_reference_on_a_sample_of_the_shared_corpora(
    shared_corpora: Path,
) -> None:
    _assert_same_over(reference.cleaned_passages(shared_corpora, every=4))


@pytest.mark.slow
def test_fast_path_equals_the_reference_on_all_of_the_shared_corpora(
    shared_corpora: Path,
) -> None:
    _assert_same_over(reference.cleaned_passages(shared_corpora))


# Letters, digits, abbreviations, accents, traditional characters, Han outside the
# range jieba cuts (Ext A, 〇, U+9FD6 on, Ext B, compatibility ideographs, Kangxi
# radicals), characters that fold to several tokens or to Han (½ ㊀ ㈠), punctuation.
mixed_text = st.text(
    alphabet=st.sampled_from(
        [
            *"GaoGngUS Liu-Shaoqi'. ,\n\tU.S.P.R.C.ＵＳ．éÅßΣσ½㊀㈠",
            *"毛泽东在七千人大會上讲话，。「」中共八届十中全会庐山会議國務院",
            *"\u3400\u4db5\u3007\u9fd6\u9fef\U00020000\U0002a6d6\uf900\ufa0e\u2f00\u2f08",
        ]
    ),
    max_size=120,
)


@settings(max_examples=400, deadline=None)
@given(mixed_text)
def test_fast_path_equals_the_reference_on_mixed_text(text: str) -> None:
    _assert_same(text)


def test_user_dictionary_frequencies_are_the_ones_jieba_suggests() -> None:
    """rjieba builds jieba's dictionary only if the user dictionary's frequencies are
    the ones jieba gives words without one (in the file's order)."""
    written = analysis._segmenter()
    suggested = reference.segmenter()
    for word, freq, _tag in analysis._userdict():
        assert freq == suggested.FREQ[word], word
    assert written.FREQ == suggested.FREQ and written.total == suggested.total


def test_segment_words_gives_characters_jieba_does_not_cut_one_by_one() -> None:
    run = "毛泽东\u3400\u3401讲话\u9fd6"
    assert [w for w, boost in analysis.segment_words(run) if boost == 1.0] == [
        "毛泽东",
        "\u3400",
        "\u3401",
        "讲话",
        "\u9fd6",
    ]
    assert analysis.segment_words(run) == reference.segment_words(run)
