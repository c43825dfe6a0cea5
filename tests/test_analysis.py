"""The analyzer: positions, offsets, Chinese segmentation and the conservative stemmer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dangan.analysis import BilingualTokenizer, stem_analyzer, stem_word, text_tokens, word_analyzer


def _tokens(text: str) -> list[tuple[str, int, int, int]]:
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in word_analyzer()(text, positions=True, chars=True)
    ]


def test_english_tokens_are_case_folded_with_ordinal_positions() -> None:
    assert _tokens("Liu Shaoqi presided") == [
        ("liu", 0, 0, 3),
        ("shaoqi", 1, 4, 10),
        ("presided", 2, 11, 19),
    ]


def test_one_character_tokens_and_numbers_are_kept() -> None:
    texts = [t for t, *_ in _tokens("4 May 1954: the US and 5月4日 I. V. Stalin")]
    assert texts[:5] == ["4", "may", "1954", "the", "us"]
    assert "5" in texts and "4" in texts and "i" in texts and "v" in texts


def test_chinese_is_segmented_with_offsets_into_the_text() -> None:
    text = "毛泽东在七千人大会上讲话"
    tokens = _tokens(text)
    assert "".join(t for t, *_ in tokens) == text
    for token, _, start, end in tokens:
        assert text[start:end] == token
    assert [pos for _, pos, _, _ in tokens] == list(range(len(tokens)))


def test_start_pos_and_start_char_shift_positions_and_offsets() -> None:
    tokenizer = BilingualTokenizer()
    tokens = [
        t.copy()
        for t in tokenizer("Gao 高岗", positions=True, chars=True, start_pos=5, start_char=100)
    ]
    assert [(t.pos, t.startchar) for t in tokens] == [(5, 100), (6, 104)]


def test_tokenize_false_yields_the_whole_value() -> None:
    (token,) = list(BilingualTokenizer()("Gao Gang", tokenize=False, chars=True))
    assert (token.text, token.startchar, token.endchar) == ("Gao Gang", 0, 8)


def test_stemmer_leaves_short_words_abbreviations_and_names_with_digits_alone() -> None:
    assert stem_word("conferences") == stem_word("conference") == "confer"
    assert stem_word("presided") == stem_word("presides")
    for word in ["was", "Kao", "PRC", "CCP", "USSR", "1950s", "七千人大会"]:
        assert stem_word(word) == word.lower()


def test_stem_analyzer_stems_before_folding() -> None:
    texts = [t.text for t in stem_analyzer()("CCP Conferences was")]
    assert texts == ["ccp", "confer", "was"]


mixed_text = st.text(
    alphabet=st.sampled_from(
        list("GaoGng Liu-Shaoqi'. ,\n\t高岗饶漱石七千人大会上讲话，。「」1954é")
    ),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_positions_increase_and_offsets_slice_to_the_token(text: str) -> None:
    tokens = [t.copy() for t in BilingualTokenizer()(text, positions=True, chars=True)]
    positions = [t.pos for t in tokens]
    assert positions == list(range(len(tokens)))
    for t in BilingualTokenizer()(text, positions=True, chars=True):
        assert text[t.startchar : t.endchar] == t.text
    for tt in text_tokens(text):
        assert text[tt.start : tt.end].lower() == tt.text
