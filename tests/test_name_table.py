"""The name table from CC-CEDICT: its lookups, its names and its rules against false friends."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from dangan import name_table, names
from dangan.query import parse_query

FIXTURES = Path(__file__).parent / "fixtures" / "names"


def _false_friends() -> list[str]:
    text = (FIXTURES / "false_friends.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_the_false_friend_list_is_long_and_bilingual() -> None:
    words = _false_friends()
    assert len(set(words)) >= 200
    assert sum(w.isascii() for w in words) >= 100
    assert sum(not w.isascii() for w in words) >= 100


def test_no_common_word_expands() -> None:
    expanded = {w: names.find_names(w) for w in _false_friends()}
    assert {w: f for w, f in expanded.items() if f} == {}
    for word in _false_friends():
        assert names.expand(parse_query(word)) == parse_query(word)


def _forms(query: str) -> set[str]:
    (found,) = names.find_names(query)
    return {f.text for f in found.forms} | {s for f in found.forms for s in f.spellings}


# The names: each form finds the others.
@pytest.mark.parametrize(
    ("queries", "wanted"),
    [
        (["Kinmen", "Quemoy", "Jinmen", "金門", "金门"], {"Kinmen", "Quemoy", "Jinmen", "金门"}),
        (["Guomindang", "Kuomintang", "KMT", "國民黨"], {"Guomindang", "Kuomintang", "国民党"}),
        (["Matsu", "马祖"], {"Matsu", "马祖"}),
        (["PLA", "中国人民解放军"], {"Chinese People's Liberation Army", "中国人民解放军"}),
        (["中共中央"], {"Central Committee of the Communist Party of China"}),
        (["Dulles", "杜勒斯"], {"Dulles", "杜勒斯"}),
        (["Acheson", "艾奇逊"], {"Acheson", "艾奇逊"}),
        (["Khrushchev", "赫鲁晓夫"], {"Khrushchev", "赫鲁晓夫"}),
        (["Eisenhower", "艾森豪威尔"], {"Eisenhower", "艾森豪威尔"}),
        (["Kissinger", "基辛格"], {"Kissinger", "基辛格"}),
        (["Nixon", "尼克松"], {"Nixon", "尼克松"}),
        (["Tachen", "大陈岛"], {"Tachen", "Dachen", "大陈岛"}),
        (["Kim Il Sung", "金日成"], {"Kim Il Sung", "金日成"}),
    ],
)
def test_dictionary_names_in_every_form(queries: list[str], wanted: set[str]) -> None:
    for query in queries:
        assert wanted <= _forms(query), query


def test_a_name_ends_where_its_gloss_opens_a_parenthesis() -> None:
    """CC-CEDICT's "Kim Il Sung (1912-1994) Great Leader of North Korea" names Kim Il
    Sung: Korea must not expand to him, nor to King Taejong "of Joseon Korea"."""
    (korea,) = names.find_names("Korea")
    texts = {f.text for f in korea.forms}
    assert not texts & {"金日成", "朝鲜太宗 朝鮮太宗", "Kim Il Sung Great Leader of North Korea"}
    assert "高丽 高麗" in texts


def test_a_foreign_name_has_no_pinyin() -> None:
    (paris,) = names.find_names("Paris")
    assert {f.system for f in paris.forms} == {"english", "characters"}
    assert "巴黎" in {f.text for f in paris.forms}


def test_common_two_character_words_expand_only_from_their_romanised_side() -> None:
    for chars, romanised in [("东北", "Dongbei"), ("中山", "Zhongshan")]:
        assert names.find_names(chars) == []
        assert chars in _forms(romanised)


def test_lookup_by_binary_search() -> None:
    data = b"# comment\na\t1\nb\t\nc\t3\nd\t4\n"
    start = name_table._body_start(data)
    assert [name_table.find_key(data, k.encode(), start) for k in "abcdz"] == [
        b"1",
        b"",
        b"3",
        b"4",
        None,
    ]
    assert name_table.find_key(data, b"#", start) is None


def test_every_key_finds_its_rows() -> None:
    data = (resources.files("dangan") / "data" / name_table.KEYS_FILE).read_bytes()
    body = data[name_table._body_start(data) :].decode("utf-8").splitlines()
    keys = [line.split("\t")[0] for line in body]
    assert keys == sorted(keys, key=str.encode)
    for line in body[:: max(1, len(body) // 500)]:
        key, rows = line.split("\t")
        if rows:
            assert len(name_table.lookup(key)) == len(rows.split(","))
        else:
            assert name_table.is_word(key) and name_table.lookup(key) == ()


def test_the_table_is_large_and_licensed() -> None:
    table = name_table.all_names()
    kinds = {k: sum(t.kind == k for t in table) for k in ("person", "place", "organisation")}
    assert len(table) >= 15_000
    assert min(kinds.values()) >= 500
    assert sum(t.origin == "foreign" and t.kind == "person" for t in table) >= 1000
    data = resources.files("dangan") / "data"
    assert "Attribution-ShareAlike 4.0" in (data / "names-cedict.LICENSE").read_text("utf-8")
    assert "CC-CEDICT" in (data / name_table.NAMES_FILE).read_text("utf-8")[:400]


def test_a_query_without_names_reads_no_table() -> None:
    code = (
        "from dangan import names, name_table; "
        "names.find_names('plenum committee OR purge*'); "
        "print(name_table._TABLE._keys is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


@pytest.mark.parametrize("label", ["before", "table", "weights", "round-robin"])
def test_the_names_benchmark_set_ups_patch_what_exists(label: str) -> None:
    from bench.names_eval import setup

    with setup(label):
        found = names.find_names("Kinmen")
    assert bool(found) == (label != "before")  # before: main's gazetteer alone
