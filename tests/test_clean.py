"""The cleaner: golden output for the bundled seeds, boilerplate rules, bad input."""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangan.clean import PROFILES, choose_profile, clean_file, clean_text, decode
from dangan.clean.text import assemble, normalize_inline
from dangan.corpus import Source, find_sources
from dangan.errors import CorpusError

from .conftest import BUNDLED_CORPUS, FIXTURES

EXPECTED = FIXTURES / "expected"
SEEDS = sorted(p for p in BUNDLED_CORPUS.iterdir() if not p.name.endswith(".meta.json"))

BOILERPLATE = [
    "Skip to content",
    "The History and Public Policy Program welcomes reuse",
    "To enquire about this document's rights status",
    "CS1 maint",
    "{{cite web}}",
    "ConferenceEdit",
    "See alsoEdit",
    "[1]",
    "](#)",
    "<sup>",
    "**",
    "\\(",
    "Document Information",
    "Record ID",
]


def _clean(path: Path):
    (source,) = find_sources([path])
    return clean_file(source)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_matches_golden_text_and_metadata(path: Path, update_golden: bool) -> None:
    doc = _clean(path)
    text_file = EXPECTED / f"{path.name}.clean.txt"
    meta_file = EXPECTED / f"{path.name}.metadata.json"
    metadata = {
        "profile": doc.profile,
        **asdict(doc.metadata),
        "notes": [asdict(n) for n in doc.notes],
        "page_breaks": doc.page_breaks,
        "excerpts": sorted({b.source for b in doc.blocks if b.source}),
    }
    if update_golden:
        text_file.write_text(doc.text + "\n", encoding="utf-8")
        meta_file.write_text(
            json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    assert doc.text + "\n" == text_file.read_text(encoding="utf-8")
    assert json.loads(json.dumps(metadata)) == json.loads(meta_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_no_boilerplate_reaches_the_text(path: Path) -> None:
    doc = _clean(path)
    for phrase in BOILERPLATE:
        assert phrase not in doc.text, phrase
    assert "<" not in doc.text and "&amp;" not in doc.text


def test_seed_profiles_are_sniffed() -> None:
    profiles = {p.name.split("-")[0]: _clean(p).profile for p in SEEDS}
    assert profiles == {"chronology": "chronology", "wilson": "wilson", "wikipedia": "wikipedia"}


def test_wilson_metadata_comes_from_the_file_not_the_sidecar() -> None:
    (path,) = [p for p in SEEDS if p.name.startswith("wilson")]
    m = _clean(path).metadata
    assert m.title.startswith("From the Journal of Ambassador P. F. Yudin")
    assert (m.date, m.date_text) == ("1954-02-13", "February 13, 1954")
    assert m.archive_citation == (
        "Archive of Foreign Policy of the Russian Federation (AVPRF), "
        "f. 0100, op. 47, papka 379, delo 7"
    )
    assert m.contributors == ("obtained by Paul Wingrove", "translated by Gary Goldberg")
    assert m.pages == "36-40"
    assert m.doc_type == "Diary Entry"
    assert m.collection == "Wilson Center Digital Archive"  # from the sidecar


def test_chronology_dates_are_day_first_ranges() -> None:
    (path,) = [p for p in SEEDS if p.name.startswith("chronology")]
    m = _clean(path).metadata
    assert (m.date, m.date_end, m.date_text) == ("1954-02-06", "1954-02-10", "6-2-1954 - 10-2-1954")
    assert m.title == "4th (enlarged) plenum of the 7th CC, Beijing"


def test_wikipedia_references_become_notes_without_markers() -> None:
    (path,) = [p for p in SEEDS if p.name.startswith("wikipedia")]
    doc = _clean(path)
    assert [n.label for n in doc.notes] == [str(i) for i in range(1, 16)]
    assert doc.notes[0].text.startswith("MacFarquhar, Roderick (1999).")
    assert all("CS1 maint" not in n.text and "^" not in n.text for n in doc.notes)
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == ["The Conference"]  # "See also" has nothing under it once notes leave


def test_blocks_slice_the_text() -> None:
    for path in SEEDS:
        doc = _clean(path)
        pieces = [doc.text[b.start : b.end] for b in doc.blocks]
        assert "\n\n".join(pieces) == doc.text
        assert all(p == p.strip() and p for p in pieces)


def test_utf8_bom_is_dropped() -> None:
    assert decode("\ufeffGao Gang".encode(), "f.txt") == "Gao Gang"


def test_bad_files_are_reported_by_name(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (source,) = find_sources([tmp_path / "empty.txt"])
    with pytest.raises(CorpusError, match=r"^empty\.txt: file is empty$"):
        clean_file(source)


def test_unknown_profile_in_sidecar_is_an_error(tmp_path: Path) -> None:
    file = tmp_path / "a.txt"
    file.write_text("Title\n\nBody text.", encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"profile": "tei"}', encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown profile 'tei'"):
        clean_file(Source(file=file, root=tmp_path, path="a.txt"))


def test_sidecar_profile_overrides_sniffing() -> None:
    assert choose_profile("**Dates of Meeting:**\n\n1-1-1950", "x.md").NAME == "chronology"
    assert choose_profile("**Dates of Meeting:**\n\n1-1-1950", "x.md", "plain").NAME == "plain"
    assert list(PROFILES)[-1] == "plain"


def test_normalisation_removes_only_invisible_and_presentational_characters() -> None:
    raw = "Gao\u00a0Gang\u200b and Rao\u00adShushi\n  wrapped  line 七千人\n大会"
    assert normalize_inline(raw) == "Gao Gang and RaoShushi wrapped line 七千人大会"
    assert normalize_inline("Cafe\u0301") == "Café"  # NFC


@given(st.text())
def test_normalize_inline_is_idempotent(text: str) -> None:
    once = normalize_inline(text)
    assert normalize_inline(once) == once


@settings(deadline=None)  # the first Chinese title loads jieba and pypinyin (romanization)
@given(st.text(max_size=400))
def test_cleaning_arbitrary_text_never_raises_and_is_idempotent(text: str) -> None:
    doc = clean_text(text, doc_id="x", path="x.txt", sha256="0", sidecar={"profile": "plain"})
    assert doc.metadata.title
    again = clean_text(doc.text, doc_id="x", path="x.txt", sha256="0", sidecar={"profile": "plain"})
    assert again.text == doc.text


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_decoding_arbitrary_bytes_gives_text_or_a_corpus_error(raw: bytes) -> None:
    try:
        text = decode(raw, "f")
    except CorpusError as exc:
        assert str(exc).startswith("f: ")
    else:
        clean_text(text, doc_id="x", path="f", sha256="0")


def test_assemble_drops_trailing_empty_headings() -> None:
    from dangan.clean.text import Item

    assembled = assemble([Item("heading", "A"), Item("paragraph", " x  y "), Item("heading", "B")])
    assert assembled.text == "A\n\nx y"
    assert [b.kind for b in assembled.blocks] == ["heading", "paragraph"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_invisible_characters_on_blank_lines_change_nothing(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    disguised = raw.replace("\n\n", "\n\u00a0\n").replace("\n", "\r\n")
    expected = _clean(path)
    doc = clean_text(
        disguised,
        doc_id=expected.doc_id,
        path=expected.path,
        sha256="0",
        sidecar=find_sources([path]).__next__().metadata_defaults(),
    )
    assert (doc.text, doc.metadata) == (expected.text, expected.metadata)


def _long_text(seed: int, pieces: int) -> str:
    """Words, Han characters and every kind of space and line break, shuffled."""
    rng = random.Random(seed)
    parts = ["word", "Line.", "中", "文字", " ", "  ", "\n", "\t", "\u3000", "\n\u3000", "é"]
    return "".join(rng.choice(parts) for _ in range(pieces))


def test_a_paragraph_too_long_to_list_normalises_as_re_sub_would() -> None:
    """A paragraph of a million lines is normalised in batches (clean.text._sub), with
    the result the plain substitutions give."""
    import re
    import unicodedata

    from dangan.clean import text as clean_text_module

    text = _long_text(5, 300_000)
    assert len(text) > clean_text_module.BATCH * 16
    plain = unicodedata.normalize("NFC", text)
    plain = re.sub(r"[\s\u3000]+", " ", clean_text_module._WRAP_BETWEEN_HAN.sub("", plain))
    assert normalize_inline(text) == plain.strip()
