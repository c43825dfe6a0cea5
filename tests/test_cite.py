"""One-line citations: dates written out, locators, only what the source states."""

from __future__ import annotations

from dangan.cite import cite, human_date, locator
from dangan.models import Metadata, Passage


def _passage(section: str | None = "Remarks", paragraphs: tuple[int, int] = (27, 32)) -> Passage:
    return Passage("abc-7", "abc", 7, 0, 10, "0123456789", section, paragraphs)


def test_human_date() -> None:
    assert human_date("1954-02-13") == "13 February 1954"
    assert human_date("1954-02-06", "1954-02-10") == "6–10 February 1954"
    assert human_date("1954-02-26", "1954-03-02") == "26 February – 2 March 1954"
    assert human_date("1953-12-24", "1954-01-02") == "24 December 1953 – 2 January 1954"
    assert human_date(None) is None


def test_locator() -> None:
    assert locator(_passage()) == "§ Remarks, ¶¶ 27–32"
    assert locator(_passage(None, (4, 4))) == "¶ 4"
    assert locator(_passage(None, (0, 0))) == ""


def test_archival_record_citation() -> None:
    meta = Metadata(
        title="Record of a Conversation",
        date="1954-02-13",
        archive_citation="AVPRF, f. 0100, op. 47, papka 379, delo 7",
        contributors=("obtained by Paul Wingrove", "translated by Gary Goldberg"),
        collection="Wilson Center Digital Archive",
        pages="36-40",
    )
    citation = cite(_passage(None, (4, 6)), meta)
    assert citation.text == (
        "“Record of a Conversation,” 13 February 1954, AVPRF, f. 0100, op. 47, papka 379, "
        "delo 7, obtained by Paul Wingrove and translated by Gary Goldberg, "
        "Wilson Center Digital Archive, pp. 36-40, ¶¶ 4–6."
    )
    assert citation.locator == "¶¶ 4–6"


def test_undated_web_article_citation() -> None:
    meta = Metadata(
        title="Seven Thousand Cadres Conference",
        collection="Wikipedia (English)",
        source_url="https://en.wikipedia.org/wiki/Seven_Thousand_Cadres_Conference",
    )
    assert cite(_passage("The Conference", (2, 9)), meta).text == (
        "“Seven Thousand Cadres Conference,” Wikipedia (English), "
        "https://en.wikipedia.org/wiki/Seven_Thousand_Cadres_Conference, § The Conference, ¶¶ 2–9."
    )


def test_date_as_written_is_used_when_it_cannot_be_read() -> None:
    meta = Metadata(title="Note", date_text="spring 1954")
    assert cite(_passage(None, (1, 1)), meta).text == "“Note,” spring 1954, ¶ 1."
