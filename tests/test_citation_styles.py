"""Citation styles: reviewed golden output for every style and every kind of source,
and proof that BibTeX, RIS and CSL-JSON read back with real parsers."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from click.testing import CliRunner

from dangan.cite import STYLES, csl_item, format_citations
from dangan.cite.exchange import bibtex_fields, ris_record, tex_escape
from dangan.cli import cli
from dangan.index import all_passages, build_index
from dangan.models import IndexedPassage
from dangan.search import passage_fields

from .conftest import BUNDLED_CORPUS, FIXTURES, SHARED_CORPORA

GOLDEN = FIXTURES / "expected" / "cite"
SHARED_FILES = [
    "frus/frus1964-68v30/frus1964-68v30_d90.xml",
    "frus/frus1964-68v30/frus1964-68v30_d92.xml",
    "dfat/vol22/163-cablegram-to-canberra.md",
    "dfat/vol22/100-minute-from-loveday-to-acting-secretary.md",
    "mao-xuanji/007.txt",
    "mao-xuanji/102.txt",
    "wikisource-zh/houheixue/厚黑學.txt",
    "wikisource-zh/ershinian/二十年目睹之怪現狀_第029回.txt",
]
# The collection files shipped for the shared corpora, at the paths they belong.
COLLECTIONS = FIXTURES / "collections"
# One passage of each kind of source: (name, path suffix, passage seq or None for the
# excerpt with its own citation).
SAMPLES = [
    ("chronology", "chronology-1954-02-fourth-plenum-seventh-cc.md", 4),
    ("chronology-excerpt", "chronology-1954-02-fourth-plenum-seventh-cc.md", 11),
    ("wilson", "wilson-yudin-conversation-liu-zhou-1954-02-13.txt", 3),
    ("wikipedia", "wikipedia-seven-thousand-cadres-conference.txt", 1),
    ("html-wikipedia", "wikipedia-gao-gang.html", 1),
    ("html-wilson", "wilson-record.html", 1),
    ("html-page", "news-article.html", 1),
    ("frus", "frus1964-68v30_d90.xml", 2),
    ("dfat", "163-cablegram-to-canberra.md", 1),
    ("xuanji", "007.txt", 1),
    ("xuanji-foreign-name", "102.txt", 1),
    ("wikisource", "厚黑學.txt", 1),
    ("wikisource-chapter", "二十年目睹之怪現狀_第029回.txt", 1),
]


def copy_with_collections(files: list[str], into: Path) -> Path:
    """Shared corpus files copied (the corpora are read-only) under a folder named like
    the corpora, with the collection files that belong to them."""
    root = into / SHARED_CORPORA.name
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED_CORPORA / name, root / name)
    for extra in COLLECTIONS.rglob("collection.json"):
        folder = root / extra.parent.relative_to(COLLECTIONS)
        if folder.is_dir():
            shutil.copyfile(extra, folder / extra.name)
    return root


def build_cite_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled corpus, the HTML fixtures and a few shared files with
    their collection files."""
    tmp = tmp_path_factory.mktemp("cite")
    paths = [BUNDLED_CORPUS, FIXTURES / "html"]
    if SHARED_CORPORA.is_dir():
        paths.append(copy_with_collections(SHARED_FILES, tmp))
    build_index(paths, tmp / "index")
    return tmp / "index"


@pytest.fixture(scope="module")
def cite_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_cite_index(tmp_path_factory)


def sample(index_dir: Path, suffix: str, seq: int) -> IndexedPassage:
    for stored in all_passages(index_dir):
        if stored.path.endswith(suffix) and stored.passage.seq == seq:
            return stored
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {SHARED_CORPORA}")
    raise AssertionError(f"no passage {seq} of {suffix}")


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize(("name", "suffix", "seq"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_golden_citations(
    cite_index: Path, name: str, suffix: str, seq: int, style: str, update_golden: bool
) -> None:
    stored = sample(cite_index, suffix, seq)
    text = format_citations(style, [stored]) + "\n"
    golden = GOLDEN / f"{name}.{style}.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _all_items(index_dir: Path) -> list[tuple[IndexedPassage, dict[str, Any]]]:
    return [(s, csl_item(s.passage, s.metadata, s.profile)) for s in all_passages(index_dir)]


def test_bibtex_reads_back_unchanged(cite_index: Path) -> None:
    for stored, item in _all_items(cite_index):
        text = format_citations("bibtex", [stored])
        library = bibtexparser.parse_string(text)
        assert not library.failed_blocks, text
        (entry,) = library.entries
        read = {f.key: f.value for f in entry.fields}
        assert read == bibtex_fields(item)
        assert entry.key == "dangan-" + stored.passage.passage_id


def test_tex_specials_are_escaped() -> None:
    assert tex_escape("50% of A&B_c {x} #1 $2 ~ ^") == (
        r"50\% of A\&B\_c \{x\} \#1 \$2 \textasciitilde{} \^{}"
    )
    library = bibtexparser.parse_string("@misc{k,\n  title = {" + tex_escape("{a}} & b") + "}\n}")
    assert not library.failed_blocks and len(library.entries) == 1


def test_ris_reads_back_unchanged(cite_index: Path) -> None:
    for stored, item in _all_items(cite_index):
        text = format_citations("ris", [stored])
        (entry,) = rispy.loads(text)
        expected: dict[str, Any] = {}
        for tag, value in ris_record(item):
            key = rispy.config.TAG_KEY_MAPPING[tag]
            if tag in rispy.config.LIST_TYPE_TAGS:
                expected.setdefault(key, []).append(value)
            else:
                expected[key] = value
        assert entry == expected, text


def _csl_schema() -> dict[str, Any]:
    """A JSON schema for CSL-JSON items, with the item types and variable names taken
    from the CSL schema files that citeproc-py ships."""
    import citeproc

    root = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles"
    types = re.findall(r'"([a-z_-]+)"', (root / "csl-types.rnc").read_text())
    variables = (root / "csl-variables.rnc").read_text()

    def group(name: str) -> list[str]:
        m = re.search(rf"variables\.{name} =(.*?)(?:\n\s*\n|\n\}})", variables, re.S)
        assert m, name
        return re.findall(r'"([A-Za-z_-]+)"', m[1])

    date = {
        "type": "object",
        "properties": {
            "date-parts": {
                "type": "array",
                "minItems": 1,
                "maxItems": 2,
                "items": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 3,
                    "items": {"type": "integer"},
                },
            }
        },
        "required": ["date-parts"],
        "additionalProperties": False,
    }
    name = {
        "type": "object",
        "properties": {k: {"type": "string"} for k in ("family", "given", "literal")},
        "additionalProperties": False,
        "minProperties": 1,
    }
    properties: dict[str, Any] = {"id": {"type": "string"}, "type": {"enum": types}}
    for v in group("dates"):
        properties[v] = date
    for v in group("names"):
        properties[v] = {"type": "array", "items": name}
    for v in group("numbers") + group("strings") + group("titles"):
        properties[v] = {"type": ["string", "number"]}
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": properties,
            "required": ["id", "type"],
            "additionalProperties": False,
        },
    }


def test_csl_json_validates_against_the_csl_schema(cite_index: Path) -> None:
    schema = _csl_schema()
    stored = all_passages(cite_index)
    data = json.loads(format_citations("csl-json", stored, per="passage"))
    assert len(data) == len(stored) and len(schema["items"]["properties"]) > 80
    jsonschema.validate(data, schema)


def test_citeproc_renders_every_item(cite_index: Path) -> None:
    import citeproc

    style_path = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
    items = [item for _, item in _all_items(cite_index)]
    source = CiteProcJSON(items)
    style = CitationStylesStyle(str(style_path), validate=False)
    bibliography = CitationStylesBibliography(style, source, citeproc_formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len({i["id"] for i in items})
    titles = {i.get("title", "") for i in items}
    assert any(t and t[:20] in " ".join(rendered) for t in titles)


def test_excerpt_is_cited_as_its_book_quoted_in_the_document(cite_index: Path) -> None:
    stored = sample(cite_index, "chronology-1954-02-fourth-plenum-seventh-cc.md", 11)
    note = format_citations("chicago-note", [stored])
    assert note == (
        "Dorothy J. Solinger, Regional Government and Political Integration in Southwest "
        "China, 1949-1954: A Case Study (Berkeley: University of California Press, 1977), 40–42, "
        "quoted in “4th (enlarged) plenum of the 7th CC, Beijing,” February 6–10, 1954, "
        "Chronology of CCP Central Committee meetings, § Remarks, ¶ 39."
    )
    html = format_citations("chicago-note", [stored], fmt="html")
    assert "<i>Regional Government and Political Integration" in html


def test_hit_citation_is_the_chicago_note_dangan_cite_prints(cite_index: Path) -> None:
    units = all_passages(cite_index)
    ids = [u.passage.passage_id for u in units]
    result = CliRunner().invoke(
        cli, ["cite", *ids, "--per", "passage", "--index-dir", str(cite_index)]
    )
    assert result.exit_code == 0, result.output
    printed = result.stdout.rstrip("\n").split("\n")
    hits = [passage_fields(u)["citation"] for u in units]
    assert len(printed) == len(units) > 100
    assert hits == printed


def test_no_citation_is_longer_than_400_characters_unless_its_title_is(cite_index: Path) -> None:
    for unit in all_passages(cite_index):
        text = passage_fields(unit)["citation"]
        assert len(text) <= 400 or len(unit.metadata.title) > 400, text


def test_chinese_chapter_with_author_and_book(cite_index: Path) -> None:
    stored = sample(cite_index, "102.txt", 1)
    note = format_citations("chicago-note", [stored])
    assert note.startswith("Mao Zedong 毛泽东, “He Meiguo jizhe Anna Luyisi Sitelang de tanhua” ")
    assert (
        "和美国记者安娜·路易斯·斯特朗的谈话, August 6, 1946, in Mao Zedong xuanji 毛泽东选集, "
        in note
    )
    assert "vol. 4 (Beijing: Renmin chubanshe)" in note and "⑴" not in note
    item = csl_item(stored.passage, stored.metadata, stored.profile)
    assert item["original-title"] == "和美国记者安娜·路易斯·斯特朗的谈话"
    assert item["author"] == [{"literal": "Mao Zedong 毛泽东"}]
    (entry,) = rispy.loads(format_citations("ris", [stored]))
    assert entry["authors"] == ["Mao Zedong 毛泽东"]
    assert entry["original_publication"] == "和美国记者安娜·路易斯·斯特朗的谈话"
    (bib,) = bibtexparser.parse_string(format_citations("bibtex", [stored])).entries
    assert bib["author"] == "{Mao Zedong 毛泽东}" and bib["volume"] == "4"


def test_wikisource_chapter_has_its_author_and_url(cite_index: Path) -> None:
    stored = sample(cite_index, "二十年目睹之怪現狀_第029回.txt", 1)
    note = format_citations("chicago-note", [stored])
    assert note.startswith("Wu Jianren 吳趼人, “")
    assert "https://zh.wikisource.org/wiki/二十年目睹之怪現狀/第029回" in note


def test_all_capital_titles_are_in_headline_case_in_every_style(cite_index: Path) -> None:
    stored = sample(cite_index, "163-cablegram-to-canberra.md", 1)
    for style in STYLES:
        text = format_citations(style, [stored])
        assert "Cablegram to Canberra" in text and "CABLEGRAM" not in text, style


def test_one_entry_per_document_with_its_locators_merged(cite_index: Path) -> None:
    units = [u for u in all_passages(cite_index) if u.path.endswith("frus1964-68v30_d90.xml")]
    body = [u for u in units if u.passage.part != "title"][:3]
    assert len(body) == 3
    assert len(rispy.loads(format_citations("ris", body))) == 1
    assert len(rispy.loads(format_citations("ris", body, per="passage"))) == 3
    (entry,) = json.loads(format_citations("csl-json", body))
    pages = list(dict.fromkeys(u.passage.pages for u in body))
    assert entry["id"] == body[0].passage.doc_id and entry["page"] == ", ".join(pages)
    note = format_citations("chicago-note", body)
    assert len(note.splitlines()) == 1 and "pp. " + ", ".join(pages).replace("-", "–") in note


@pytest.mark.parametrize(
    ("fmt", "italic"),
    [
        ("markdown", "*Foreign Relations of the United States, 1964–1968, Volume XXX*"),
        ("html", "<i>Foreign Relations of the United States, 1964–1968, Volume XXX</i>"),
        ("rtf", "{\\i Foreign Relations of the United States, 1964\\u8211?1968, Volume XXX}"),
    ],
)
def test_rich_text_sets_the_volume_in_italics(cite_index: Path, fmt: str, italic: str) -> None:
    stored = sample(cite_index, "frus1964-68v30_d90.xml", 2)
    text = format_citations("chicago-note", [stored], fmt=fmt)
    assert italic in text
    plain = format_citations("chicago-note", [stored])
    assert "*" not in plain and "Foreign Relations of the United States, 1964–1968" in plain


def test_chinese_characters_are_never_italic(cite_index: Path) -> None:
    stored = sample(cite_index, "007.txt", 1)
    text = format_citations("chicago-note", [stored], fmt="html")
    assert "<i>Mao Zedong xuanji</i> 毛泽东选集" in text


def test_format_is_refused_for_the_reference_manager_styles(cite_index: Path) -> None:
    stored = sample(cite_index, "007.txt", 1)
    result = CliRunner().invoke(
        cli,
        ["cite", stored.passage.passage_id, "--style", "ris", "--format", "html",
         "--index-dir", str(cite_index)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --format html is for chicago-note and chicago-bib")


def test_markdown_leaves_addresses_unescaped(cite_index: Path) -> None:
    """An address with underscores (FRUS document ids) stays a working link."""
    with_url = [u for u in all_passages(cite_index) if "_" in (u.metadata.source_url or "")]
    assert with_url
    url = with_url[0].metadata.source_url
    text = format_citations("chicago-note", [with_url[0]], fmt="markdown")
    assert f"<{url}>" in text and "\\_" not in text.split("<", 1)[1].split(">", 1)[0]
