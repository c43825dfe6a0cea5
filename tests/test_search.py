"""Search: the examples a new user tries, match offsets, and phrase lookups checked
against a brute-force scan of the passage text."""

from __future__ import annotations

import functools
import itertools
import random
from pathlib import Path

import pytest
from bench.oracle import brute_normalise, chinese_phrases, english_phrases
from hypothesis import given, settings
from hypothesis import strategies as st

from dangan.errors import IndexMissingError, QueryError
from dangan.filters import Filters
from dangan.fold import fold
from dangan.highlight import find_matches
from dangan.index import all_passages, build_index
from dangan.models import Hit
from dangan.query import parse_query
from dangan.search import search

from .conftest import BUNDLED_CORPUS, FIXTURES


@functools.cache
def _normalised_passages(index_dir: Path) -> dict[str, str]:
    return {p.passage.passage_id: brute_normalise(p.passage.text) for p in all_passages(index_dir)}


def brute_force(index_dir: Path, phrase: str) -> set[str]:
    """Passages whose normalised text contains the normalised phrase."""
    needle = brute_normalise(phrase)
    return {pid for pid, text in _normalised_passages(index_dir).items() if needle in text}


def _paths(hits: list[Hit]) -> set[str]:
    return {h.path.split("-")[0] for h in hits}


@pytest.mark.parametrize(
    ("query", "source"),
    [
        ("Gao Gang", "chronology"),
        ("Seven Thousand Cadres", "wikipedia"),
        ("七千人大会", "wikipedia"),
        ("七千人大會", "wikipedia"),
        ('"independent kingdom"', "chronology"),
        ("Yudin", "wilson"),
        ('"Liu Shaoqi presided"', "chronology"),
    ],
)
def test_examples_find_their_document(bundled_index: Path, query: str, source: str) -> None:
    assert source in _paths(search(query, bundled_index))


def test_phrase_order_matters(bundled_index: Path) -> None:
    assert search('"Liu Shaoqi presided"', bundled_index)
    assert list(search('"presided Liu"', bundled_index)) == []


def test_all_words_must_match(bundled_index: Path) -> None:
    for hit in search("Yudin Molotov", bundled_index):
        assert "Yudin".lower() in hit.text.lower() and "molotov" in hit.text.lower()
    assert list(search("Yudin Hangzhou", bundled_index)) == []


def test_or_and_not(bundled_index: Path) -> None:
    either = {h.passage_id for h in search("Yudin OR Hangzhou", bundled_index, limit=50)}
    yudin = {h.passage_id for h in search("Yudin", bundled_index, limit=50)}
    hangzhou = {h.passage_id for h in search("Hangzhou", bundled_index, limit=50)}
    assert either == yudin | hangzhou and yudin and hangzhou
    without = search("Liu -Gao", bundled_index, limit=50)
    assert without and all(" gao " not in brute_normalise(h.text) for h in without)
    assert {h.passage_id for h in search('Gang NOT "Gao Gang"', bundled_index, limit=50)} == set()


def test_unquoted_words_match_inflections_and_quoted_words_do_not(bundled_index: Path) -> None:
    stemmed = search("conferences", bundled_index, limit=50)
    assert any(
        "conference" in h.text.lower() and "conferences" not in h.text.lower() for h in stemmed
    )
    exact = search('"conferences"', bundled_index, limit=50)
    assert exact and all("conferences" in h.text.lower() for h in exact)
    assert len(exact) < len(stemmed)


def test_hits_carry_citations_and_ranks(bundled_index: Path) -> None:
    hits = search("Gao Gang", bundled_index, limit=5, exact=True)  # by score, not by form
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert hit.citation.startswith(f"“{hit.title}")
        assert hit.locator in hit.citation
        start, end = hit.snippet
        assert 0 <= start < end <= len(hit.text)


@pytest.mark.parametrize(
    "query",
    [
        "Gao Gang",
        '"independent kingdom"',
        "七千人大会",
        "conferences OR plenum",
        "Stalin's",
        "Liu -Gao",
    ],
)
def test_match_offsets_slice_to_what_matched(bundled_index: Path, query: str) -> None:
    leaves = [brute_normalise(getattr(leaf, "text", "")) for leaf in _leaves(query)]
    hits = search(query, bundled_index, limit=20)
    assert hits
    for hit in hits:
        assert hit.matches
        for start, end in hit.matches:
            assert 0 <= start < end <= len(hit.text)
            matched = brute_normalise(hit.text[start:end])
            assert any(matched == leaf or _same_stem(matched, leaf) for leaf in leaves), matched


def _leaves(query: str) -> list[object]:
    from dangan.names import expand
    from dangan.query import positive_leaves

    return list(positive_leaves(expand(parse_query(query))))  # names in all their forms


def _same_stem(a: str, b: str) -> bool:
    from dangan.analysis import stem_word

    return stem_word(a.strip()) == stem_word(b.strip())


def test_find_matches_marks_whole_phrases_and_not_excluded_words() -> None:
    text = "Liu Shaoqi presided; Gao Gang and Rao Shushi were absent. Liu spoke."
    spans = find_matches(text, parse_query('"Liu Shaoqi presided" -Rao'))
    assert [text[s:e] for s, e in spans] == ["Liu Shaoqi presided"]
    spans = find_matches(text, parse_query("liu"))
    assert [text[s:e] for s, e in spans] == ["Liu", "Liu"]


def test_punctuation_only_query_is_an_error(bundled_index: Path) -> None:
    with pytest.raises(QueryError, match="nothing to search for"):
        search("... ;", bundled_index)


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="dangan index"):
        search("Gao", tmp_path / "nowhere")


def test_chinese_fixture_corpus(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index([FIXTURES / "corpus"], index_dir)
    hans = {h.path for h in search("七千人大会", index_dir)}
    assert "zh-hans-meeting-note.txt" in hans
    hant = {h.path for h in search("七千人大會", index_dir)}
    assert "zh-hant-meeting-note.txt" in hant
    mixed = search("Gao Gang 高岗", index_dir)
    assert [h.path for h in mixed] == ["mixed-plenum-notes.txt"]
    (hit,) = search('"Liu Shaoqi presided"', index_dir)
    assert [hit.text[s:e] for s, e in hit.matches] == ["Liu Shaoqi presided"]


# Phrase lookups against a brute-force scan -------------------------------------------------


def _texts(index_dir: Path) -> list[str]:
    return sorted(p.passage.text for p in all_passages(index_dir))


def _english_phrases(index_dir: Path, rng: random.Random, count: int) -> list[str]:
    return english_phrases(_texts(index_dir), rng, count)


def assert_phrase_agrees(index_dir: Path, phrase: str, total: int) -> None:
    quoted = '"' + phrase.replace('"', " ") + '"'  # a straight quote would end the phrase
    hits = search(quoted, index_dir, limit=total, exact=True)  # names as typed only
    found = {h.passage_id for h in hits}
    expected = brute_force(index_dir, phrase)
    assert found == expected, (phrase, found ^ expected)
    needle = brute_normalise(phrase)
    for hit in hits:  # and every highlight is the phrase, as the text spells it
        assert hit.matches, (phrase, hit.passage_id)
        assert all(brute_normalise(hit.text[s:e]) == needle for s, e in hit.matches), phrase


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_english_phrases_agree_with_brute_force_on_bundled_corpus(
    bundled_index: Path, rng: random.Random
) -> None:
    total = len(_normalised_passages(bundled_index))
    (phrase,) = _english_phrases(bundled_index, rng, 1)
    assert_phrase_agrees(bundled_index, phrase, total)


def _chinese_phrases(index_dir: Path, rng: random.Random, count: int) -> list[str]:
    """Runs of 2-8 Han characters as the text has them, a third converted to traditional
    and a third to simplified characters (the sampler the benchmarks share)."""
    return chinese_phrases(_texts(index_dir), rng, count)


@pytest.fixture(scope="session")
def shared_sample_index(shared_corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sample of the shared corpora: every tenth DFAT document, Mao and Wikisource file."""
    sample = [
        *sorted((shared_corpora / "dfat" / "vol22").glob("*.md"))[::10],
        *sorted((shared_corpora / "mao-xuanji").glob("*.txt"))[::10],
        *sorted((shared_corpora / "wikisource-zh").glob("*/*.txt"))[::10],
    ]
    index_dir = tmp_path_factory.mktemp("shared") / "index"
    build_index(sample, index_dir)
    return index_dir


def test_english_phrases_agree_with_brute_force_on_shared_corpora(
    shared_sample_index: Path,
) -> None:
    rng = random.Random(1954)
    total = len(_normalised_passages(shared_sample_index))
    for phrase in _english_phrases(shared_sample_index, rng, 150):
        assert_phrase_agrees(shared_sample_index, phrase, total)


def test_chinese_phrases_agree_with_brute_force_on_shared_corpora(
    shared_sample_index: Path,
) -> None:
    rng = random.Random(1962)
    total = len(_normalised_passages(shared_sample_index))
    for phrase in _chinese_phrases(shared_sample_index, rng, 150):
        assert_phrase_agrees(shared_sample_index, phrase, total)


@pytest.fixture(scope="module")
def whole_index(shared_index: Path) -> Path:
    return shared_index


@pytest.mark.slow
def test_thousand_english_phrases_agree_on_all_corpora(whole_index: Path) -> None:
    total = len(_normalised_passages(whole_index))
    for phrase in _english_phrases(whole_index, random.Random(7), 1000):
        assert_phrase_agrees(whole_index, phrase, total)


@pytest.mark.slow
def test_thousand_chinese_phrases_agree_on_all_corpora(whole_index: Path) -> None:
    total = len(_normalised_passages(whole_index))
    for phrase in _chinese_phrases(whole_index, random.Random(8), 1000):
        assert_phrase_agrees(whole_index, phrase, total)


def test_bundled_corpus_is_where_conftest_says() -> None:
    assert (BUNDLED_CORPUS / "wikipedia-seven-thousand-cadres-conference.txt").is_file()


# The analysis issue's examples ----------------------------------------------------------


def _ids(query: str, index_dir: Path) -> set[str]:
    return {h.passage_id for h in search(query, index_dir, limit=1000)}


@pytest.fixture(scope="module")
def examples_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few passages written to trip the analyzer, beside the bundled corpus."""
    root = tmp_path_factory.mktemp("examples")
    corpus = root / "examples"
    corpus.mkdir()
    texts = {
        "npc.txt": "全国人大常委会通过了决议。人大代表在会上发言。",
        "meeting-1.txt": "毛泽东在七千人大会上讲话，刘少奇作书面报告。",
        "meeting-2.txt": "一九六二年一月，七千人大会上，各级干部开展批评和自我批评。",
        "meeting-3.txt": "七千人大會上，與會者討論了大躍進的教訓。",
        "us.txt": "The U.S. delegation met the P.R.C. side in Warsaw.",
        "us-plain.txt": "Talks between the US and the PRC resumed in Warsaw.",
        "wide.txt": "ＦＵＬＬ－ＷＩＤＴＨ letters: Ｇａｏ Ｇａｎｇ wrote in １９５４.",
        "british.txt": "The Labour delegation criticised the embargo on trade.",
    }
    for name, text in texts.items():
        (corpus / name).write_text(text + "\n", encoding="utf-8")
    index_dir = root / "index"
    build_index([corpus, BUNDLED_CORPUS], index_dir)
    return index_dir


def test_simplified_and_traditional_find_the_same_passages(examples_index: Path) -> None:
    simplified = _ids("七千人大会", examples_index)
    assert simplified == _ids("七千人大會", examples_index)
    assert len(simplified) >= 4  # three notes and the Wikipedia article


def test_traditional_query_highlights_the_source_spelling(examples_index: Path) -> None:
    hits = [h for h in search("七千人大会", examples_index) if h.path == "meeting-3.txt"]
    assert [hits[0].text[s:e] for s, e in hits[0].matches] == ["七千人大會"]


def test_phrase_word_order_matters(examples_index: Path) -> None:
    assert _ids('"Liu Shaoqi presided"', examples_index)
    assert not _ids('"presided Liu"', examples_index)


def test_a_word_on_its_own_ranks_above_the_same_characters_inside_a_longer_word(
    examples_index: Path,
) -> None:
    hits = search("人大", examples_index, limit=10)
    assert hits[0].path == "npc.txt"
    assert {"meeting-1.txt", "meeting-2.txt", "meeting-3.txt"} <= {h.path for h in hits}


def test_abbreviations_with_and_without_dots_find_the_same_passages(examples_index: Path) -> None:
    assert _ids("U.S.", examples_index) == _ids("US", examples_index)
    assert {h.path for h in search("U.S. P.R.C.", examples_index)} == {"us.txt", "us-plain.txt"}


def test_full_width_query_finds_half_width_text_and_back(examples_index: Path) -> None:
    assert {h.path for h in search("ＰＲＣ Ｗａｒｓａｗ", examples_index)} == {
        "us.txt",
        "us-plain.txt",
    }
    hits = search('"Gao Gang wrote in 1954"', examples_index)
    (hit,) = [h for h in hits if h.in_ == "body"]
    assert hit.path == "wide.txt" and {h.path for h in hits} == {"wide.txt"}
    assert [hit.text[s:e] for s, e in hit.matches] == ["Ｇａｏ Ｇａｎｇ wrote in １９５４"]


def test_british_and_american_spellings_meet(examples_index: Path) -> None:
    assert {h.path for h in search("labor criticized", examples_index)} == {"british.txt"}


def test_mixed_english_and_chinese_query(examples_index: Path) -> None:
    assert {h.path for h in search("Seven Thousand 七千人大会", examples_index)} == {
        "wikipedia-seven-thousand-cadres-conference.txt"
    }


def test_title_and_collection_fields(examples_index: Path) -> None:
    titled = {h.path for h in search('title:"Seven Thousand"', examples_index)}
    assert titled == {"wikipedia-seven-thousand-cadres-conference.txt"}
    assert not search("title:Yudin Stalin", examples_index) or all(
        "Yudin" in h.title for h in search("title:Yudin Stalin", examples_index)
    )
    wilson = search("collection:wilson", examples_index, limit=100)
    assert wilson and {h.path.split("-")[0] for h in wilson} == {"wilson"}


def test_prefix_wildcard_matches_words_that_start_so(examples_index: Path) -> None:
    hits = search("deleg*", examples_index)
    assert {h.path for h in hits} >= {"us.txt", "british.txt"}
    for hit in hits:
        assert all(fold(hit.text[s:e]).startswith("deleg") for s, e in hit.matches)


def test_parentheses_group(examples_index: Path) -> None:
    grouped = _ids("(Labour OR Warsaw) -PRC", examples_index)
    assert grouped == _ids("Labour", examples_index)


def _random_queries(index_dir: Path, rng: random.Random, count: int) -> list[str]:
    """Words of the index's passages (common and rare), pairs of them and phrases."""
    texts = _texts(index_dir)
    queries: list[str] = []
    while len(queries) < count:
        words = [w for w in rng.choice(texts).split() if w.isalpha()]
        if not words:
            continue
        kind = rng.randrange(3)
        first = rng.randrange(len(words))
        if kind == 0:
            queries.append(words[first])
        elif kind == 1:
            queries.append(f"{words[first]} {rng.choice(words)}")
        else:
            queries.append('"' + " ".join(words[first : first + 2]) + '"')
    queries += chinese_phrases(texts, rng, count // 4)
    return queries


def test_pages_equal_the_pages_of_every_match_ranked(shared_index: Path) -> None:
    """A page in relevance order scores only the best matches (search._rows): its hits
    and order, and the counts and facets, are those of ranking every match
    (``limit=None``) for random queries, pages, filters and grouping."""
    rng = random.Random(16)
    deep = 0
    for query in _random_queries(shared_index, rng, 60):
        options = {
            "by_doc": rng.random() < 0.3,
            "facets": ("year", "collection") if rng.random() < 0.3 else (),
            "langs": ("en",) if rng.random() < 0.2 else (),
        }
        langs = options.pop("langs")
        filters = Filters(langs=langs)  # type: ignore[arg-type]
        every = search(query, shared_index, limit=None, filters=filters, **options)
        page, limit = rng.randint(1, 3), rng.choice((3, 10))
        found = search(query, shared_index, limit=limit, page=page, filters=filters, **options)
        start = (page - 1) * limit
        assert found.ids == every.ids[start : start + limit], query
        built = list(itertools.islice(every, start + limit))[start:]  # not every hit
        assert [h.score for h in found] == [h.score for h in built], query
        whole, part = every.summary, found.summary
        assert (part.total, part.documents, part.facets) == (
            whole.total,
            whole.documents,
            whole.facets,
        ), query
        deep += whole.total > 100 * page
    assert deep >= 5  # queries matching more than one ranking depth were among them
