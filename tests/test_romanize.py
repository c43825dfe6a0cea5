"""The syllable table and the converter between Wade-Giles and Pinyin."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangan import romanize

TABLE = romanize.table()
PINYIN = sorted(TABLE.to_wade_giles)
WADE_GILES = sorted(TABLE.to_wade_giles.values())

INITIALS = ["b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h"]
INITIALS += ["j", "q", "x", "zh", "ch", "sh", "r", "z", "c", "s"]


def test_table_is_complete() -> None:
    # 412 syllables: every standard syllable of Mandarin but interjections (m, n, ng, hm, ê).
    assert len(PINYIN) == 412
    for syllable in ["zhi", "ci", "ri", "er", "yue", "lüe", "nüe", "jiong", "shei", "zhuai"]:
        assert syllable in TABLE.to_wade_giles
    for initial in INITIALS:  # every initial with the finals it takes
        assert sum(p.startswith(initial) for p in PINYIN) >= 9, initial


def test_wade_giles_spellings_are_unique() -> None:
    assert len(set(WADE_GILES)) == len(WADE_GILES)


@given(st.sampled_from(WADE_GILES))
def test_wade_giles_to_pinyin_and_back_is_the_identity(wg: str) -> None:
    assert romanize.wade_giles(romanize.pinyin(wg)) == wg


def test_round_trip_on_the_whole_table() -> None:
    for wg in WADE_GILES:
        assert romanize.wade_giles(romanize.pinyin(wg)) == wg
    for py in PINYIN:
        assert romanize.pinyin(romanize.wade_giles(py)) == py


@given(st.sampled_from(PINYIN))
def test_a_syllable_is_read_back_however_print_writes_it(py: str) -> None:
    wg = romanize.wade_giles(py)
    assert romanize.syllable_readings(wg, "wade-giles") >= {py}
    # Print often drops the aspiration apostrophe and the umlaut; the reading survives.
    plain = wg.replace("'", "").replace("ü", "u").replace("ê", "e")
    assert py in romanize.syllable_readings(plain, "wade-giles")
    assert py in romanize.syllable_readings(wg.replace("'", "’").upper())
    assert romanize.syllable_readings(py, "pinyin") >= {py}


@pytest.mark.parametrize(
    ("pinyin", "surname", "wade_giles"),
    [
        ("Mao Zedong", 1, "Mao Tse-tung"),
        ("Zhou Enlai", 1, "Chou En-lai"),
        ("Liu Shaoqi", 1, "Liu Shao-ch'i"),
        ("Deng Xiaoping", 1, "Teng Hsiao-p'ing"),
        ("Gao Gang", 1, "Kao Kang"),
        ("Rao Shushi", 1, "Jao Shu-shih"),
        ("Jiang Jieshi", 1, "Chiang Chieh-shih"),
        ("Zhu De", 1, "Chu Te"),
        ("Ouyang Xiu", 2, "Ou-yang Hsiu"),
        ("Beijing", 0, "Pei-ching"),
        ("Guangzhou", 0, "Kuang-chou"),
        ("Xinjiang", 0, "Hsin-chiang"),
        ("Xi'an", 0, "Hsi-an"),
        ("Chongqing", 0, "Ch'ung-ch'ing"),
        ("Sichuan", 0, "Ssu-ch'uan"),
        ("Ci Xi", 0, "Tz'u-hsi"),
        ("Yue Fei", 1, "Yüeh Fei"),
        ("Lü Zhengcao", 1, "Lü Cheng-ts'ao"),
        ("Ri Yue", 0, "Jih-yüeh"),
        ("E Er", 0, "Ê-erh"),
    ],
)
def test_names_between_the_systems(pinyin: str, surname: int, wade_giles: str) -> None:
    syllables = tuple(
        s for word in pinyin.split() for s in romanize.split_syllables(word, "pinyin")[0]
    )
    assert romanize.wade_giles_spellings(syllables, surname)[0] == wade_giles
    assert pinyin.replace(" ", "") in [
        s.replace(" ", "") for s in romanize.pinyin_spellings(syllables, surname)
    ]
    read = {tuple(s for word in r for s in word) for r in _word_readings(wade_giles)}
    assert syllables in read


def _word_readings(text: str) -> list[tuple[tuple[str, ...], ...]]:
    """Readings of each word of a text, combined word by word."""
    import itertools

    return list(itertools.product(*(romanize.word_readings(w) for w in text.split())))


@pytest.mark.parametrize(
    ("word", "readings"),
    [
        ("Xiaoping", {("xiao", "ping")}),  # Pinyin only: no Wade-Giles syllables mixed in
        ("Hsiao-p'ing", {("xiao", "ping")}),
        ("Hsiao-p’ing", {("xiao", "ping")}),  # a curly apostrophe
        ("Hsiao-ping", {("xiao", "ping"), ("xiao", "bing")}),  # apostrophe left out
        ("Hsiaoping", {("xiao", "ping"), ("xiao", "bing")}),  # given name joined
        ("Shu-shih", {("shu", "shi")}),
        ("Dèng", {("deng",)}),  # tone marks
        ("Xiǎopíng", {("xiao", "ping")}),
        ("Lü", {("lü",)}),
        ("Lv", {("lü",)}),
        ("Xi'an", {("xi", "an")}),
        ("Xian", {("xian",)}),  # Pinyin writes Xi'an for two syllables
        ("ch'i", {("qi",)}),
        ("CH’ÜEH", {("que",)}),
        ("chüeh", {("jue",), ("que",)}),  # the apostrophe may have been left out
        ("Chueh", {("jue",), ("que",)}),
        ("szu", {("si",)}),
    ],
)
def test_word_readings(word: str, readings: set[tuple[str, ...]]) -> None:
    assert set(romanize.word_readings(word)) == readings


@pytest.mark.parametrize("word", ["Peking", "Canton", "may", "London", "", "-", "x1"])
def test_words_that_are_not_syllables_have_no_reading(word: str) -> None:
    assert romanize.word_readings(word) == []


@given(st.lists(st.sampled_from(PINYIN), min_size=1, max_size=3))
def test_every_spelling_of_a_name_reads_back_as_the_name(syllables: list[str]) -> None:
    # Standard Pinyin, Wade-Giles with hyphens, with or without apostrophes. (Joined
    # spellings such as Hsiaoping may read otherwise: Hsiao is one syllable or two.)
    name = tuple(syllables)
    hyphenated = [s for s in romanize.wade_giles_spellings(name) if "-" in s or len(name) == 1]
    spellings = [romanize.pinyin_spellings(name)[0], *hyphenated[:2]]
    for spelling in spellings:
        readings = _word_readings(spelling)
        assert name in {tuple(s for word in r for s in word) for r in readings}, spelling


def test_table_is_read_once() -> None:
    romanize.table.cache_clear()
    assert romanize.table() is romanize.table()  # cached: one read a process
