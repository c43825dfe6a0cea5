"""Passages: bounded sizes, stable ids, offsets that slice the document and tile it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangan.clean import clean_file, clean_text
from dangan.corpus import find_sources
from dangan.models import Document
from dangan.passages import MAX_WORDS, MIN_WORDS, split, weight

from .conftest import BUNDLED_CORPUS


def _bundled() -> list[Document]:
    return [clean_file(s) for s in find_sources([BUNDLED_CORPUS])]


def assert_tiles(doc: Document) -> None:
    """Passages are in order, do not overlap, and leave out only whitespace."""
    passages = split(doc)
    cursor = 0
    for p in passages:
        assert doc.text[cursor : p.char_start].strip() == ""
        assert p.char_start < p.char_end
        assert doc.text[p.char_start : p.char_end] == p.text
        assert p.text == p.text.strip()
        cursor = p.char_end
    assert doc.text[cursor:].strip() == ""
    assert [p.seq for p in passages] == list(range(1, len(passages) + 1))


@pytest.mark.parametrize("doc", _bundled(), ids=lambda d: d.path)
def test_bundled_passages_tile_their_documents(doc: Document) -> None:
    assert_tiles(doc)


@pytest.mark.parametrize("doc", _bundled(), ids=lambda d: d.path)
def test_passage_sizes_are_bounded(doc: Document) -> None:
    passages = split(doc)
    assert len(passages) > 1
    for p in passages:
        assert weight(p.text) <= MAX_WORDS
    # Only a document's last passage, or one cut short by its section's end, may be small.
    assert sum(weight(p.text) < MIN_WORDS for p in passages) <= 1


def test_ids_are_stable_across_runs() -> None:
    first = [p.passage_id for d in _bundled() for p in split(d)]
    second = [p.passage_id for d in _bundled() for p in split(d)]
    assert first == second
    assert len(set(first)) == len(first)
    assert all(re.fullmatch(r"[0-9a-f]{12}-\d+", i) for i in first)


def test_sections_and_paragraph_locators() -> None:
    (chronology,) = [d for d in _bundled() if d.profile == "chronology"]
    passages = split(chronology)
    assert passages[0].section == (
        "Dates of Meeting; Type of Meeting; Place of Meeting; Attendance"
    )  # short fields run on into one passage, which names them all
    assert passages[0].paragraphs[0] == 1
    remarks = [p for p in passages if p.section and "Remarks" in p.section]
    assert remarks and all(p.paragraphs[0] <= p.paragraphs[1] for p in remarks)
    starts = [p.paragraphs[0] for p in passages]
    assert starts == sorted(starts)


def test_long_paragraph_is_cut_at_sentence_ends() -> None:
    sentence = "Gao Gang spoke at length about the unity of the Party in the Northeast. "
    doc = clean_text(
        sentence * 80, doc_id="d", path="d.txt", sha256="0", sidecar={"profile": "plain"}
    )
    passages = split(doc)
    assert len(passages) > 1
    assert all(p.text.endswith(".") for p in passages)
    assert all(p.paragraphs == (1, 1) for p in passages)
    assert_tiles(doc)


def test_long_chinese_paragraph_is_cut_at_chinese_sentence_ends() -> None:
    doc = clean_text(
        "毛泽东在七千人大会上讲话。" * 120,
        doc_id="d",
        path="d.txt",
        sha256="0",
        sidecar={"profile": "plain"},
    )
    passages = split(doc)
    assert len(passages) > 1
    assert all(p.text.endswith("。") and weight(p.text) <= MAX_WORDS for p in passages)
    assert_tiles(doc)


words = st.sampled_from(
    ["Gao", "Gang", "plenum", "七千人", "大会", "unity.", "Party。", "of", "1954"]
)
paragraphs = st.lists(words, min_size=1, max_size=400).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(paragraphs, min_size=1, max_size=12))
def test_any_document_is_tiled(paras: list[str]) -> None:
    doc = clean_text(
        "\n\n".join(paras), doc_id="d", path="d.txt", sha256="0", sidecar={"profile": "plain"}
    )
    assert_tiles(doc)


def _plain(text: str) -> Document:
    return clean_text(text, doc_id="d", path="d.txt", sha256="0", sidecar={"profile": "plain"})


def test_paragraph_not_at_the_start_is_cut_at_its_own_sentence_ends() -> None:
    sentence = "Gao Gang spoke at length about the unity of the Party in the Northeast. "
    doc = _plain("Title line\n\nA short first paragraph.\n\n" + sentence * 80)
    for p in split(doc):
        assert p.text.endswith("."), p.text[-30:]
    assert_tiles(doc)


def test_line_without_sentence_ends_is_cut_at_spaces_and_han_boundaries() -> None:
    doc = _plain("Title\n\n" + "unity " * 3000 + "七千人大会上讲话" * 400)
    passages = split(doc)
    assert all(weight(p.text) <= MAX_WORDS for p in passages)
    assert all(not p.text.startswith("nity") for p in passages)
    assert_tiles(doc)


def test_cuts_never_fall_inside_a_word_on_the_shared_corpora(shared_corpora: Path) -> None:
    for source in find_sources([shared_corpora / "dfat", shared_corpora / "mao-xuanji"]):
        doc = clean_file(source)
        for p in split(doc):
            before = doc.text[p.char_start - 1 : p.char_start + 1]
            after = doc.text[p.char_end - 1 : p.char_end + 1]
            for pair in (before, after):
                assert not (len(pair) == 2 and pair.isalnum() and pair.isascii()), (doc.path, pair)
            assert weight(p.text) <= MAX_WORDS, doc.path


def test_a_heading_alone_joins_the_passage_after_it() -> None:
    long = "The plenum heard many speeches about unity and discipline. " * 60
    doc = _plain("Title\n\n" + long)
    first = split(doc)[0]
    assert first.text.startswith("Title\n\nThe plenum")


def test_weight_of_a_long_text_is_counted_in_chunks_as_a_whole() -> None:
    """A text longer than a chunk weighs what its words and Han characters, listed at
    once, make it weigh: no word is cut at a chunk's end."""
    from dangan.passages import _HAN, _WORD, CHUNK_CHARS

    text = ("Peking 北京 recognition, 人民日報 trade-talks " * 20_000)[:-3]
    assert len(text) > 4 * CHUNK_CHARS
    words, han = len(_WORD.findall(text)), len(_HAN.findall(text))
    assert weight(text) == words + han / 1.5
