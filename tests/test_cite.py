"""A unit's citation: the Chicago note of its CSL item, locators, only what the source
states."""

from __future__ import annotations

from dataclasses import replace

from dangan.cite import citation, locator
from dangan.models import IndexedPassage, Metadata, Passage


def _passage(section: str | None = "Remarks", paragraphs: tuple[int, int] = (27, 32)) -> Passage:
    return Passage("abc-7", "abc", 7, 0, 10, "0123456789", section, paragraphs)


def _cite(passage: Passage, metadata: Metadata, profile: str = "plain") -> str:
    return citation(IndexedPassage(passage, "x.txt", profile, metadata)).text


def test_locator() -> None:
    assert locator(_passage()) == "§ Remarks, ¶¶ 27–32"
    assert locator(_passage(None, (4, 4))) == "¶ 4"
    assert locator(_passage(None, (0, 0))) == ""


def test_archival_record_citation() -> None:
    meta = Metadata(
        title="Record of a Conversation",
        date="1954-02-13",
        archive_citation="Archive of Foreign Policy (AVPRF), f. 0100, op. 47, papka 379, delo 7",
        contributors=("obtained by Paul Wingrove", "translated by Gary Goldberg"),
        collection="Wilson Center Digital Archive",
        pages="36-40",
    )
    # The record's pages are the whole record's: the passage's paragraphs follow.
    assert _cite(_passage(None, (4, 6)), meta) == (
        "“Record of a Conversation,” February 13, 1954, Archive of Foreign Policy (AVPRF), "
        "f. 0100, op. 47, papka 379, delo 7, pp. 36–40, obtained by Paul Wingrove and translated "
        "by Gary Goldberg, Wilson Center Digital Archive, ¶¶ 4–6."
    )


def test_citation_keeps_the_unit_locator() -> None:
    meta = Metadata(title="Record", date="1954-02-13")
    cited = citation(IndexedPassage(_passage(None, (4, 6)), "x.txt", "plain", meta))
    assert cited.locator == "¶¶ 4–6" and cited.text.endswith(", ¶¶ 4–6.")


def test_undated_web_article_citation() -> None:
    meta = Metadata(
        title="Seven Thousand Cadres Conference",
        collection="Wikipedia (English)",
        source_url="https://en.wikipedia.org/wiki/Seven_Thousand_Cadres_Conference",
    )
    assert _cite(_passage("The Conference", (2, 9)), meta) == (
        "“Seven Thousand Cadres Conference,” Wikipedia (English), § The Conference, ¶¶ 2–9, "
        "https://en.wikipedia.org/wiki/Seven_Thousand_Cadres_Conference."
    )


def test_date_as_written_is_used_when_it_cannot_be_read() -> None:
    meta = Metadata(title="Note", date_text="spring 1954")
    assert _cite(_passage(None, (1, 1)), meta) == "“Note,” spring 1954, ¶ 1."


def test_note_marks_never_stay_in_a_title() -> None:
    for title in ("和美国记者安娜·路易斯·斯特朗⑴的谈话", "Memorandum[1]", "Report〔2〕"):
        text = _cite(_passage(None, (1, 1)), Metadata(title=title))
        assert not any(mark in text for mark in ("⑴", "[1]", "〔2〕")), text


def _xuanji_meta() -> Metadata:
    return Metadata(
        title="实践论",
        date="1937-07",
        author=("毛泽东",),
        container_title="毛泽东选集",
        volume="1",
        publisher="人民出版社",
        publisher_place="Beijing",
        published="1991",
        citation_kind="chapter",
        title_translated=None,
        romanized=(
            ("实践论", "Shijian lun"),
            ("毛泽东", "Mao Zedong"),
            ("毛泽东选集", "Mao Zedong xuanji"),
            ("人民出版社", "Renmin chubanshe"),
        ),
    )


def test_chinese_title_and_author_from_metadata() -> None:
    meta = _xuanji_meta()
    assert _cite(_passage(None, (2, 2)), meta) == (
        "Mao Zedong 毛泽东, “Shijian lun” 实践论, July 1937, in Mao Zedong xuanji 毛泽东选集, "
        "vol. 1 (Beijing: Renmin chubanshe, 1991), ¶ 2."
    )


def test_a_title_alone_ends_with_a_period_inside_its_quotes() -> None:
    assert _cite(_passage(None, (0, 0)), Metadata(title="Note")) == "“Note.”"


def test_a_bibliography_gives_the_edition_as_a_sentence_of_its_own() -> None:
    """Chicago bibliography: "In Book, vol. 1. Place: Publisher, Year." (the note's
    parentheses are the note's)."""
    from dangan.cite.styles import format_citations

    meta = _xuanji_meta()
    stored = IndexedPassage(_passage(None, (2, 2)), "mao/1.txt", "plain", meta)
    entry = format_citations("chicago-bib", [stored])
    assert entry.endswith(
        "In Mao Zedong xuanji 毛泽东选集, vol. 1. Beijing: Renmin chubanshe, 1991."
    ), entry
    assert "(" not in entry


def test_locators_of_one_document_are_combined_not_listed() -> None:
    """Passages ¶ 1 and ¶¶ 1–8 and ¶¶ 9–10 of one section cite as ¶¶ 1–10; a note
    follows; another section keeps its own."""
    from dangan.cite.styles import format_citations

    meta = Metadata(title="Note")
    units = [
        IndexedPassage(replace(_passage("A", span), seq=n), "x.txt", "plain", meta)
        for n, span in enumerate([(1, 1), (1, 8), (9, 10), (12, 12)], start=1)
    ]
    units.append(IndexedPassage(replace(_passage("B", (3, 4)), seq=5), "x.txt", "plain", meta))
    note = format_citations("chicago-note", units)
    assert note.endswith("§ A, ¶¶ 1–10, 12; § B, ¶¶ 3–4."), note
