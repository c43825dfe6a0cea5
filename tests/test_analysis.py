"""The analyzer: the exact and words streams, folding, offsets and the stemmer."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dangan.analysis import (
    han_runs,
    stem_word,
    text_tokens,
    word_terms,
)
from dangan.backends.whoosh.schema import ExactTokenizer, WordsTokenizer
from dangan.fold import fold


def _tokens(text: str) -> list[tuple[str, int, int, int]]:
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in ExactTokenizer()(text, positions=True, chars=True)
    ]


def test_english_tokens_are_case_folded_with_ordinal_positions() -> None:
    assert _tokens("Liu Shaoqi presided") == [
        ("liu", 0, 0, 3),
        ("shaoqi", 1, 4, 10),
        ("presided", 2, 11, 19),
    ]


def test_one_character_tokens_and_numbers_are_kept() -> None:
    texts = [t for t, *_ in _tokens("4 May 1954: the US and 5月4日 in the 1950s, I. V. Stalin")]
    assert texts[:5] == ["4", "may", "1954", "the", "us"]
    assert texts[6:10] == ["5", "月", "4", "日"]
    assert "1950s" in texts and "i" in texts and "v" in texts


def test_chinese_is_indexed_character_by_character_with_offsets() -> None:
    text = "毛泽东在七千人大会上讲话"
    tokens = _tokens(text)
    assert [t for t, *_ in tokens] == list(text)
    assert [(s, e) for _, _, s, e in tokens] == [(i, i + 1) for i in range(len(text))]


def test_traditional_and_full_width_fold_but_offsets_point_at_the_source() -> None:
    text = "七千人大會 ＧＡＯ Gāng"
    tokens = text_tokens(text)
    assert [t.text for t in tokens] == [*"七千人大会", "gao", "gang"]
    assert [text[t.start : t.end] for t in tokens] == [*"七千人大會", "ＧＡＯ", "Gāng"]


def test_abbreviations_with_dots_are_one_word() -> None:
    assert [t.text for t in text_tokens("the U.S. and P.R.C. (Ｕ．Ｓ．), U.S.S.R")] == [
        "the",
        "us",
        "and",
        "prc",
        "us",
        "ussr",
    ]
    # Initials with spaces stay letters, and a word after a dot is not swallowed.
    assert [t.text for t in text_tokens("J. V. Stalin; end.Next")] == [
        "j",
        "v",
        "stalin",
        "end",
        "next",
    ]


def test_folding_that_makes_several_tokens_of_one_keeps_the_span() -> None:
    text = "½ ㊀"
    tokens = text_tokens(text)
    assert [t.text for t in tokens] == ["1", "2", "一"]
    assert {(t.start, t.end) for t in tokens[:2]} == {(0, 1)}


def test_start_pos_and_start_char_shift_positions_and_offsets() -> None:
    tokenizer = ExactTokenizer()
    stream = tokenizer("Gao 高岗", positions=True, chars=True, start_pos=5, start_char=100)
    tokens = [t.copy() for t in stream]
    assert [(t.pos, t.startchar) for t in tokens] == [(5, 100), (6, 104), (7, 105)]


def test_tokenize_false_yields_the_whole_value_folded() -> None:
    (token,) = list(ExactTokenizer()("Gao 高崗", tokenize=False, chars=True))
    assert (token.text, token.startchar, token.endchar) == ("gao 高岗", 0, 6)


def test_stemmer_leaves_short_words_abbreviations_and_names_alone() -> None:
    assert stem_word("conferences") == stem_word("conference")
    assert stem_word("presided") == stem_word("presides")
    for word in ["was", "Kao", "PRC", "CCP", "us", "1950s", "七千人大会", "news", "Yudin"]:
        assert stem_word(word) == word.lower()


def test_stemmer_folds_british_spellings() -> None:
    assert stem_word("criticised") == stem_word("criticized")
    assert stem_word("labour") == stem_word("labor")
    assert stem_word("honourable") == stem_word("honorable")
    assert stem_word("defence") == stem_word("defense")
    assert stem_word("four") != stem_word("for")


def test_words_stream_has_stems_and_jieba_words() -> None:
    terms = dict(word_terms("Conferences 毛泽东在七千人大会上讲话"))
    assert terms[stem_word("conferences")] == 1.0
    assert terms["七千人大会"] == 1.0  # from the user dictionary, not 七千/人大/会上
    assert terms["人大"] < 1.0  # a word inside a word ranks below a word on its own
    assert "毛泽东" in terms and "讲话" in terms


def test_words_stream_segments_folded_text() -> None:
    assert dict(word_terms("七千人大會")) == dict(word_terms("七千人大会"))


def test_words_tokenizer_gives_whoosh_boosts() -> None:
    tokens = [(t.text, t.boost) for t in WordsTokenizer()("七千人大会")]
    assert ("七千人大会", 1.0) in tokens
    assert all(boost <= 1.0 for _, boost in tokens)


def test_han_runs_break_at_anything_between_characters() -> None:
    assert list(han_runs(text_tokens("毛泽东，七千人 大会Gao高岗"))) == [
        "毛泽东",
        "七千人",
        "大会",
        "高岗",
    ]


mixed_text = st.text(
    alphabet=st.sampled_from(
        list("GaoGngUS Liu-Shaoqi'. ,\n\t高岗崗饶漱石七千人大会會上讲话，。「」1954éＡ１½ß")
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_positions_increase_and_offsets_slice_to_the_token_before_folding(text: str) -> None:
    tokens = [t.copy() for t in ExactTokenizer()(text, positions=True, chars=True)]
    assert [t.pos for t in tokens] == list(range(len(tokens)))
    for t in text_tokens(text):
        original = text[t.start : t.end]
        assert original, t
        folded = fold(original.replace(".", "").replace("．", ""))
        assert t.text in folded, (original, t.text)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_tokens_are_the_folded_text_split(text: str) -> None:
    """Tokenizing then folding equals folding then splitting, for this alphabet."""
    joined = "".join(t.text for t in text_tokens(text))
    folded = fold(text)
    assert joined == "".join(ch for ch in folded if ch.isalnum())


def test_offsets_slice_real_sources_to_their_tokens(shared_corpora: Path) -> None:
    """Over a sample of every shared corpus: tokens come in text order, and each
    token's offsets slice the raw text to something that folds to the token."""
    files = sorted(p for p in shared_corpora.rglob("*") if p.suffix in {".txt", ".md", ".xml"})
    for file in files[::15]:
        text = file.read_text(encoding="utf-8")
        tokens = text_tokens(text)
        assert tokens, file
        starts = [t.start for t in tokens]
        assert starts == sorted(starts), file
        for t in tokens:
            original = text[t.start : t.end]
            assert t.text in fold(original.replace(".", "").replace("．", "")), (file, t)
