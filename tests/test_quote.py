"""Quotation finding: the source passage and the quoted span, despite the changes a
copied quotation goes through; too short quotations refused; ``dangan quote``; and the
perturbed-quotation measurement over the shared corpora (``bench/quotes.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.quotes import make_quotations, measure, sample_files, summarise, table
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dangan.analysis import text_tokens
from dangan.cli import cli
from dangan.errors import QuoteTooShortError
from dangan.index import all_passages, build_index
from dangan.models import IndexedPassage, QuoteMatch
from dangan.quote import find_quote, fragments, normalise

from .conftest import BUNDLED_CORPUS

KINGDOM = (
    "They even regard the region or department under their leadership as their "
    "individual inheritance or independent kingdom"
)
CHINESE = (
    "一九五四年二月，中共七届四中全会在北京举行，会议通过了关于增强党的团结的决议。"
    "会后，中央书记处分别召开高岗问题座谈会和饶漱石问题座谈会，揭露他们的分裂活动。"
    "这次全会之后，各地党组织普遍进行了学习和检查，党的团结得到了巩固。"
)

# Measured with ``python -m bench.quotes --sample -n 100`` (seed 7): 100% top-1 and top-5;
# 1,000 over all the corpora (``-n 1000``): 99.8% top-1, 99.9% top-5. Each floor is a few
# points below what was measured, so that a real loss fails and noise does not.
SAMPLE_TOP1_FLOOR = 96.0
SAMPLE_TOP5_FLOOR = 97.0


@pytest.fixture(scope="module")
def quote_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus plus one Chinese text in simplified characters."""
    root = tmp_path_factory.mktemp("quote")
    extra = root / "extra"
    extra.mkdir()
    (extra / "plenum-zh.txt").write_text("七届四中全会\n\n" + CHINESE + "\n", encoding="utf-8")
    index_dir = root / "index"
    build_index([BUNDLED_CORPUS, extra], index_dir)
    return index_dir


@pytest.fixture(scope="module")
def passages(quote_index: Path) -> list[IndexedPassage]:
    return all_passages(quote_index)


def _source_of(text: str, passages: list[IndexedPassage]) -> str:
    found = [p.passage.passage_id for p in passages if text in p.passage.text]
    assert len(found) == 1, found
    return found[0]


def _best(text: str, index_dir: Path) -> QuoteMatch:
    matches = find_quote(text, index_dir)
    assert matches, text
    return matches[0]


def test_an_exact_quotation_scores_100_and_its_span_slices_to_it(
    quote_index: Path, passages: list[IndexedPassage]
) -> None:
    best = _best(KINGDOM, quote_index)
    assert best.passage_id == _source_of(KINGDOM, passages)
    assert best.score == 100.0
    assert best.text[best.span[0] : best.span[1]] == KINGDOM


@pytest.mark.parametrize(
    "variant",
    [
        # an ellipsis, as the source itself has one, and a British spelling made American
        "exaggerate the role of the individual and emphasize individual prestige . . . "
        "their individual inheritance or independent kingdom",
        "exaggerate the role of the individual and emphasise individual prestige… They even "
        "regard the region",
        # OCR slips
        "They even regard the regiou or departrnent under their 1eadership as their "
        "individual inheritance",
        # punctuation changed, a word dropped and one added
        "“They even regard the region, or department, under leadership as their very own "
        "individual inheritance — or independent kingdom.”",
        # a partial quotation
        "department under their leadership as their individual",
    ],
)
def test_a_changed_quotation_finds_its_passage(
    variant: str, quote_index: Path, passages: list[IndexedPassage]
) -> None:
    best = _best(variant, quote_index)
    assert best.passage_id == _source_of(KINGDOM, passages)
    assert best.score >= 80
    quoted = best.text[best.span[0] : best.span[1]]
    assert "leadership" in quoted or "prestige" in quoted


def test_the_span_of_a_quotation_with_ellipsis_runs_from_first_to_last_part(
    quote_index: Path,
) -> None:
    best = _best("the role of the individual . . . as their individual inheritance", quote_index)
    quoted = best.text[best.span[0] : best.span[1]]
    assert quoted.startswith("the role of the individual")
    assert quoted.endswith("as their individual inheritance")


@pytest.mark.parametrize(
    "variant",
    [
        "會後，中央書記處分別召開高崗問題座談會",  # traditional characters
        "中央书记处分别召开高岗问题座谈会和饶漱石问题座谈会",  # exact
        "中央书记处分别召开高岗问题……揭露他们的分裂活动",  # ellipsis
        "会后中央书记处召开高岗问题座谈会, 和饶漱石问题座谈会",  # punctuation, a char dropped
        "各地党组织普遍进行了学刁和检查",  # a character substituted
    ],
)
def test_a_changed_chinese_quotation_finds_its_passage(
    variant: str, quote_index: Path, passages: list[IndexedPassage]
) -> None:
    best = _best(variant, quote_index)
    assert best.passage_id == _source_of("中央书记处", passages)
    assert best.score >= 80
    assert "座谈会" in best.text[best.span[0] : best.span[1]] or "检查" in best.text


def test_a_chinese_span_slices_the_original_characters(quote_index: Path) -> None:
    best = _best("中央書記處分別召開高崗問題座談會", quote_index)
    assert best.score == 100.0
    assert best.text[best.span[0] : best.span[1]] == "中央书记处分别召开高岗问题座谈会"


@pytest.mark.parametrize("text", ["Gao Gang", "the plenum", "高岗问", "...", "Gao 高"])
def test_a_quotation_too_short_is_refused_with_one_line(text: str, quote_index: Path) -> None:
    with pytest.raises(QuoteTooShortError) as caught:
        find_quote(text, quote_index)
    message = str(caught.value)
    assert "\n" not in message
    assert "too short" in message and "3 words or 4 Chinese characters" in message


def test_a_quotation_from_nowhere_finds_nothing(quote_index: Path) -> None:
    assert find_quote("xylophone quagmire zeppelin marmalade", quote_index) == []


def test_ellipses_split_a_quotation_into_parts() -> None:
    for text in (
        "one two . . . three",
        "one two...three",
        "one two … three",
        "one two [...] three",
    ):
        parts = fragments(text)
        assert [[t.text for t in p] for p in parts] == [["one", "two"], ["three"]], text
    assert len(fragments("一二三……四五六")) == 2
    assert len(fragments("the U.S.A. and P.R.C. agreed")) == 1


def test_the_normal_form_compares_stems_and_ignores_punctuation() -> None:
    british = normalise(text_tokens("The labour movement, organised; in the centre!"))
    american = normalise(text_tokens("the labor movement organized in the center"))
    assert british.text == american.text
    assert normalise(text_tokens("七千人大會，上")).text == "七千人大会上"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_span_of_the_best_match_slices_the_passage(
    data: st.DataObject, quote_index: Path, passages: list[IndexedPassage]
) -> None:
    """For a run of whole words of any passage, the best match scores 100 and its span
    slices its passage to text that holds the run (in the normal form; the parts of a
    run with an ellipsis in order, since ". . ." means words left out)."""
    stored = data.draw(st.sampled_from(passages))
    tokens = text_tokens(stored.passage.text)
    assume(len(tokens) >= 4)
    first = data.draw(st.integers(0, len(tokens) - 4))
    last = data.draw(st.integers(first + 3, min(len(tokens) - 1, first + 40)))
    quotation = stored.passage.text[tokens[first].start : tokens[last].end]
    best = _best(quotation, quote_index)
    start, end = best.span
    assert 0 <= start < end <= len(best.text)
    quoted = normalise(text_tokens(best.text[start:end])).text
    # An ellipsis in the run (". . .") marks an omission: its parts stand in order.
    at = 0
    for piece in fragments(quotation):
        at = quoted.find(normalise(piece).text, at)
        assert at >= 0, (quotation, quoted)
    assert best.score == 100.0


def test_cli_quote_prints_passage_score_and_citation(runner, quote_index: Path) -> None:
    result = runner.invoke(
        cli, ["quote", "--index-dir", str(quote_index), KINGDOM], catch_exceptions=False
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert (
        lines[0] == "1. 4th (enlarged) plenum of the 7th CC, Beijing (1954-02-06) · similarity 100"
    )
    assert KINGDOM in lines[1]
    assert lines[2].startswith(
        "   “4th (enlarged) plenum of the 7th CC, Beijing,” February 6–10, 1954"
    )
    assert "\x1b[" not in result.output  # no colour off a terminal


def test_cli_quote_json(runner, quote_index: Path) -> None:
    args = ["quote", "--index-dir", str(quote_index), "--json", "--limit", "2", *KINGDOM.split()]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0
    matches = json.loads(result.output)
    assert 1 <= len(matches) <= 2
    assert list(matches[0]) == [
        "rank",
        "score",
        "passage_id",
        "doc_id",
        "path",
        "title",
        "date",
        "text",
        "span",
        "citation",
        "locator",
        "in",
        "note",
        "called_from",
        "collection",
        "document_number",
        "place",
        "pdf_pages",
    ]
    start, end = matches[0]["span"]
    assert matches[0]["text"][start:end] == KINGDOM
    assert matches[0]["rank"] == 1 and matches[0]["score"] == 100.0


def test_cli_quote_errors_and_empty_results(runner, quote_index: Path) -> None:
    short = runner.invoke(cli, ["quote", "--index-dir", str(quote_index), "Gao", "Gang"])
    assert short.exit_code == 1
    assert short.output == (
        "Error: quotation 'Gao Gang' is too short to tell its source: give at least 3 words "
        "or 4 Chinese characters, a longer quotation if you can\n"
    )
    none = runner.invoke(
        cli, ["quote", "--index-dir", str(quote_index), "xylophone quagmire zeppelin marmalade"]
    )
    assert none.exit_code == 0
    assert none.output == "no passage matches this quotation\n"
    assert runner.invoke(cli, ["quote"]).exit_code == 2
    assert runner.invoke(cli, ["quote", "--limit", "0", KINGDOM]).exit_code == 2
    assert runner.invoke(cli, ["quote", "--colour", KINGDOM]).exit_code == 2


def test_cli_quote_builds_the_default_index_first(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["quote", "--json", KINGDOM], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["score"] == 100.0
    assert "building it from" in result.stderr
    named = runner.invoke(cli, ["quote", "--index-dir", str(tmp_path / "fresh"), KINGDOM])
    assert named.exit_code == 1 and "no index at" in named.stderr
    assert not (tmp_path / "fresh").exists()


def test_perturbed_quotations_are_deterministic() -> None:
    passages = [
        (
            "a-1",
            "The delegation said it would not recognise the regime in Peking this year. "
            "It favoured a cautious approach to the question of the seat.",
        ),
        ("b-1", "中华人民共和国中央人民政府今天宣告成立。全国人民热烈庆祝这一伟大的历史事件。"),
    ]
    first = make_quotations(passages, 30, seed=3)
    assert first == make_quotations(passages, 30, seed=3)
    assert {q.language for q in first} == {"en", "zh"}
    assert len({q.kind for q in first}) >= 10


@pytest.fixture(scope="module")
def sample_index(shared_corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("quote-sample") / "index"
    build_index(sample_files(shared_corpora), index_dir)
    return index_dir


def _accuracy(index_dir: Path, n: int) -> tuple[float, float, str]:
    passages = [(p.passage.passage_id, p.passage.text) for p in all_passages(index_dir)]
    rows = summarise(measure(make_quotations(passages, n, seed=7), index_dir))
    overall = rows[-1]
    return overall.top1, overall.top5, table(rows)


def test_perturbed_quotations_from_the_shared_corpora_find_their_source(
    sample_index: Path,
) -> None:
    top1, top5, report = _accuracy(sample_index, 100)
    assert top1 >= SAMPLE_TOP1_FLOOR, report
    assert top5 >= SAMPLE_TOP5_FLOOR, report


@pytest.mark.slow
def test_a_thousand_perturbed_quotations_over_all_the_shared_corpora(
    shared_corpora: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    index_dir = tmp_path_factory.mktemp("quote-all") / "index"
    build_index([shared_corpora], index_dir)
    top1, top5, report = _accuracy(index_dir, 1000)
    assert top1 >= SAMPLE_TOP1_FLOOR, report
    assert top5 >= SAMPLE_TOP5_FLOOR, report
