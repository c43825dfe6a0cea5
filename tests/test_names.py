"""Names across romanisations: the gazetteer, finding names in queries, searching them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangan import names, romanize
from dangan.cli import cli
from dangan.fold import fold
from dangan.highlight import find_matches
from dangan.index import build_index
from dangan.query import And, Field, Name, Not, Phrase, Word, parse_query
from dangan.search import search

from .conftest import BUNDLED_CORPUS

ENTRIES = names.gazetteer()

# The examples: every form finds every other.
EXAMPLES = [
    ["Kao Kang", "Gao Gang", "高岗", "高崗"],
    ["Jao Shu-shih", "Rao Shushi", "饶漱石", "Jao Shushi"],  # the chronology mixes them
    ["Teng Hsiao-p'ing", "Deng Xiaoping", "邓小平", "鄧小平"],
    ["Chou En-lai", "Zhou Enlai", "周恩来"],
    ["Liu Shao-ch'i", "Liu Shaoqi", "刘少奇"],
    ["Mao Tse-tung", "Mao Zedong", "毛泽东"],
    ["Peking", "Peiping", "Beijing", "Beiping", "北京", "北平"],
    ["Chiang Kai-shek", "Jiang Jieshi", "蒋介石"],
    ["Canton", "Guangzhou", "广州"],
]


def _spellings(query: str) -> set[str]:
    """Every spelling a search for the query uses, as folded token strings."""
    found = names.find_names(query)
    assert len(found) == 1, query
    return {" ".join(names.phrase_key(s)) for s in [found[0].typed, *found[0].spellings()]}


# The gazetteer --------------------------------------------------------------------------


def test_gazetteer_is_large_and_whole() -> None:
    assert len(ENTRIES) >= 300
    assert {e.kind for e in ENTRIES} == {"person", "place"}
    assert sum(e.kind == "place" for e in ENTRIES) >= 100
    for e in ENTRIES:
        assert e.simplified and e.pinyin and e.wade_giles and e.source, e
        assert len(e.simplified) == len(e.traditional) == len(e.pinyin) == len(e.wade_giles), e
        for simplified, traditional in zip(e.simplified, e.traditional, strict=True):
            assert fold(traditional) == fold(simplified), e


def test_gazetteer_characters_are_their_own_key() -> None:
    for e in ENTRIES:
        for simplified in e.simplified:
            assert names.name_key(simplified) == simplified, e


def test_gazetteer_has_the_spellings_no_rule_yields() -> None:
    other = {o for e in ENTRIES for o in e.other}
    for spelling in ["Chiang Kai-shek", "Sun Yat-sen", "Canton", "Amoy", "Tientsin", "Mukden"]:
        assert spelling in other
    assert "Sinkiang" in other


def test_gazetteer_wade_giles_follows_the_syllable_table() -> None:
    for e in ENTRIES:
        for py, wg in zip(e.pinyin, e.wade_giles, strict=True):
            if py == "Shaanxi":  # the official spelling that tells 陕西 from 山西
                continue
            words = [romanize.split_syllables(w, "pinyin") for w in py.split()]
            assert all(len(cuts) == 1 for cuts in words), py
            if e.kind == "person":
                syllables = tuple(s for cuts in words for s in cuts[0])
                expected = romanize.wade_giles_spellings(syllables, len(words[0][0]))[0]
            else:
                expected = " ".join(romanize.wade_giles_spellings(c[0])[0] for c in words)
            assert wg == expected, (py, wg, expected)


def test_gazetteer_pinyin_agrees_with_pypinyin_and_the_surname_readings() -> None:
    import pypinyin.constants
    from pypinyin import Style, lazy_pinyin

    table = names.surnames()
    # Without its phrases (as dangan.names loads it) pypinyin misreads place names (长沙).
    phrases = bool(pypinyin.constants.PHRASES_DICT)
    disagree = []
    for e in ENTRIES:
        if e.kind == "place" and not phrases:
            continue
        for chars, py in zip(e.simplified, e.pinyin, strict=True):
            chars = fold(chars)
            size = 2 if e.kind == "person" and chars[:2] in table else 1
            if e.kind == "person" and chars[:size] in table:
                reading = [*table[chars[:size]], *lazy_pinyin(chars[size:], v_to_u=True)]
            else:
                reading = lazy_pinyin(chars, style=Style.NORMAL, v_to_u=True)
            if py == "Shaanxi":
                continue
            expected = [
                s for w in py.lower().split() for s in romanize.split_syllables(w, "pinyin")[0]
            ]
            if reading != expected:
                disagree.append(chars)
    assert disagree == ["张国焘"]  # pypinyin reads 焘 dao; in his name it is tao


def test_surname_readings() -> None:
    table = names.surnames()
    assert table["单"] == ("shan",)
    assert table["曾"] == ("zeng",)
    assert table["仇"] == ("qiu",)
    assert table["欧阳"] == ("ou", "yang")


def test_every_entry_s_forms_find_each_other() -> None:
    """Each form typed as a query matches a text written in each other form."""
    for e in ENTRIES:
        forms = [*e.pinyin, *e.wade_giles, *e.other, *e.simplified, *e.traditional]
        for typed in forms:
            node = names.expand(parse_query(typed))
            assert isinstance(node, Name), typed
            for written in forms:
                text = f"In 1950 {written} was named."
                assert find_matches(text, node), (typed, written)


def test_entries_forms_find_each_other_in_an_index(tmp_path: Path) -> None:
    """Every tenth entry: one passage per form, indexed; each form finds them all."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sample = ENTRIES[::10]
    for i, e in enumerate(sample):
        forms = [*e.pinyin, *e.wade_giles, *e.other, *e.traditional]
        for j, form in enumerate(forms):
            (corpus / f"{i:03}-{j}.txt").write_text(
                f"A note of the year 1950 that names {form} once, and nothing else.\n",
                encoding="utf-8",
            )
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir)
    for i, e in enumerate(sample):
        forms = [*e.pinyin, *e.wade_giles, *e.other, *e.simplified]
        files = {p.name for p in corpus.glob(f"{i:03}-*.txt")}
        for typed in forms:
            hits = search(typed, index_dir, limit=100)
            assert files <= {h.path for h in hits}, typed
            for hit in hits:  # the highlight marks the form that is there
                assert hit.matches, typed
            exact = {h.path for h in search(typed, index_dir, limit=100, exact=True)}
            assert len(exact) < len(files) or len(files) == 1, typed


# Finding names in a query ---------------------------------------------------------------


@pytest.mark.parametrize("group", EXAMPLES, ids=lambda g: g[0])
def test_the_examples_find_each_other(group: list[str]) -> None:
    keys = [_spellings(form) for form in group]
    for form, spellings in zip(group, keys, strict=True):
        for other in group:
            assert " ".join(names.phrase_key(other)) in spellings, (form, other)


@pytest.mark.parametrize(
    "query",
    ["may", "long", "wan", "sun", "canton", "peking", "change", "hang men", "Kao", "Long", "Sun"],
)
def test_no_false_friends(query: str) -> None:
    assert names.find_names(query) == []
    assert names.expand(parse_query(query)) == parse_query(query)


@pytest.mark.parametrize("query", ["He Said", "May Fourth", "Hang Men", "Long Live"])
def test_capitalised_english_is_not_a_name(query: str) -> None:
    assert names.find_names(query) == []


def test_name_by_syllables_when_not_in_the_gazetteer() -> None:
    (found,) = names.find_names("Chang Kuo-hua")
    assert found.source == "syllables"
    texts = {f.text for f in found.forms}
    assert {"Zhang Guohua", "Chang Kuo-hua"} <= texts
    (found,) = names.find_names("Wang Ping-nan")  # gazetteer first
    assert found.source == "gazetteer"


def test_chinese_name_read_with_its_surname() -> None:
    (found,) = names.find_names("单雄信")
    assert found.source == "characters"
    assert found.forms[0].text == "Shan Xiongxin"
    (found,) = names.find_names("仇十洲")
    assert found.forms[0].text == "Qiu Shizhou"
    assert names.find_names("七千人大会") == []  # not a surname's
    assert names.find_names("人大") == []  # an abbreviation of two characters
    assert names.find_names("高中生") == []  # a common word that starts with a surname


def test_names_in_the_query_tree() -> None:
    node = names.expand(parse_query("Kao Kang Peking"))
    assert isinstance(node, And) and [type(n) for n in node.nodes] == [Name, Name]
    kao, _ = node.nodes
    assert isinstance(kao, Name) and kao.node == And((Word("Kao"), Word("Kang")))
    assert "Gao Gang" in kao.spellings
    node = names.expand(parse_query('Gao Gang -"Rao Shushi" plenum'))
    assert isinstance(node, And)
    assert node.nodes[1] == Not(Phrase("Rao Shushi"))  # quotes mean as typed
    assert node.nodes[2] == Word("plenum")
    node = names.expand(parse_query("title:(Kao Kang)"))
    assert isinstance(node, Field) and isinstance(node.node, Name)
    assert names.expand(parse_query('"Liu Shaoqi presided"')) == Phrase("Liu Shaoqi presided")


def test_name_lookup_ignores_apostrophes_hyphens_and_accents() -> None:
    for query in ["Teng Hsiao-p’ing", "Teng Hsiaoping", "TENG HSIAO-PING", "Dèng Xiǎopíng"]:
        (found,) = names.find_names(query)
        assert "邓小平" in {f.text.split()[0] for f in found.forms}, query


def test_a_name_typed_in_letters_loads_no_heavy_library() -> None:
    """Finding a name reads the small tables only: neither jieba nor pypinyin (its cold
    cost is measured by bench/names_eval.py, not timed here)."""
    code = (
        "import sys; from dangan import names; found = names.find_names('Kao Kang'); "
        "assert found, 'no name'; "
        "heavy = [m for m in ('jieba', 'pypinyin') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# Searching ------------------------------------------------------------------------------


def test_search_bundled_corpus_each_way_round(bundled_index: Path) -> None:
    # The chronology writes Gao Gang in Pinyin and, in a book excerpt, Kao Kang.
    kao = search("Kao Kang", bundled_index, limit=50)
    gao = search("Gao Gang", bundled_index, limit=50)
    assert {h.passage_id for h in kao} == {h.passage_id for h in gao}
    marked = {fold(h.text[s:e]) for h in kao for s, e in h.matches}
    assert {"kao kang", "gao gang"} <= marked
    assert kao[0].text[kao[0].matches[0][0] :].startswith("Kao")  # the form typed first
    exact = search("Kao Kang", bundled_index, limit=50, exact=True)
    assert len(exact) < len(kao)
    jao = {h.passage_id for h in search("Jao Shu-shih", bundled_index, limit=50)}
    assert jao == {h.passage_id for h in search("Rao Shushi", bundled_index, limit=50)}


def test_typed_form_ranks_first_and_every_form_is_on_the_first_page(bundled_index: Path) -> None:
    hits = search("Kao Kang", bundled_index, limit=10)
    assert re.search(r"\bKao Kang\b", hits[0].text)
    everywhere = search("Kao Kang", bundled_index, limit=500)
    for form in ("Kao Kang", "Gao Gang", "高岗"):
        if any(fold(form) in fold(h.text) for h in everywhere):
            assert any(fold(form) in fold(h.text) for h in hits), form


@pytest.fixture(scope="module")
def names_index(shared_corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first three files of the shared corpora that hold each form of the examples."""
    files = sorted(p for p in shared_corpora.glob("*/**/*") if p.is_file())
    texts = {p: fold(p.read_text(encoding="utf-8", errors="replace")) for p in files}
    chosen: set[Path] = set()
    for group in EXAMPLES:
        for form in group:
            pattern = re.compile(r"\W*".join(map(re.escape, names.phrase_key(form))))
            chosen.update([p for p in files if pattern.search(texts[p])][:3])
    index_dir = tmp_path_factory.mktemp("names") / "index"
    build_index([*sorted(chosen), BUNDLED_CORPUS], index_dir)
    return index_dir


@pytest.mark.parametrize("group", EXAMPLES, ids=lambda g: g[0])
def test_examples_on_the_corpora(names_index: Path, group: list[str]) -> None:
    found = {form: {h.passage_id for h in search(form, names_index, limit=500)} for form in group}
    # Where the text has any of the forms, as a phrase:
    as_typed = {
        form: {h.passage_id for h in search(f'"{form}"', names_index, limit=500, exact=True)}
        for form in group
    }
    every = set().union(*as_typed.values())
    assert sum(bool(v) for v in as_typed.values()) >= 2, group  # two forms at least are there
    for form in group:
        assert found[form] >= every, form  # every form finds them all
        assert as_typed[form] < every, form  # which, as typed, it does not


def test_cli_names(runner: CliRunner, tmp_path: Path) -> None:
    no_index = ["--index-dir", str(tmp_path / "none")]
    result = runner.invoke(cli, ["names", *no_index, "Kao Kang"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == (
        "Kao Kang: person (gazetteer)\n"
        "  pinyin      Gao Gang\n"
        "  wade-giles  Kao Kang\n"
        "  mixed       Kao Gang, Gao Kang\n"
        "  characters  高岗 高崗\n"
    )
    result = runner.invoke(cli, ["names", *no_index, "--json", "Canton"], catch_exceptions=False)
    (record,) = json.loads(result.stdout)
    assert record["typed"] == "Canton" and "广州" in record["searched"]
    assert record["passages"] == {}
    result = runner.invoke(cli, ["names", *no_index, "sun"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "no names: the query is searched as typed\n"


def test_cli_names_counts_the_passages_of_each_form(runner: CliRunner, bundled_index: Path) -> None:
    args = ["names", "--index-dir", str(bundled_index), "Kao Kang"]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0
    counted = {}
    for form in ("Gao Gang", "Kao Kang"):
        shown = re.search(rf"\b{form} \((\d+)\)", result.stdout)
        assert shown, form
        counted[form] = int(shown.group(1))
        as_typed = search(f'"{form}"', bundled_index, limit=1000, exact=True)
        assert counted[form] == len(as_typed) > 0, form
    (record,) = json.loads(runner.invoke(cli, [*args, "--json"]).stdout)
    assert record["passages"]["Gao Gang"] == counted["Gao Gang"]


def test_cli_search_exact(runner: CliRunner) -> None:
    expanded = runner.invoke(cli, ["search", "--json", "Kao Kang"], catch_exceptions=False)
    exact = runner.invoke(cli, ["search", "--json", "--exact", "Kao Kang"])
    assert exact.exit_code == 0
    assert json.loads(exact.stdout)["total"] < json.loads(expanded.stdout)["total"]


def test_first_page_in_every_form_keeps_the_other_words(bundled_index: Path) -> None:
    hits = search("Gao Gang plenum", bundled_index, limit=10)
    everywhere = search("Gao Gang plenum", bundled_index, limit=500)
    assert hits and all("plenum" in fold(h.text) for h in hits)
    for form in ("Gao Gang", "Kao Kang", "高岗"):
        if any(fold(form) in fold(h.text) for h in everywhere):
            assert any(fold(form) in fold(h.text) for h in hits), form
