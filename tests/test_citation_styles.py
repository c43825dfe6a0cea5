"""Citation styles: reviewed golden output for every style and every kind of source,
and proof that BibTeX, RIS and CSL-JSON read back with real parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

from dangan.cite import STYLES, csl_item, format_citations
from dangan.cite.styles import bibtex_fields, ris_record, tex_escape
from dangan.index import all_passages, build_index
from dangan.models import IndexedPassage

from .conftest import BUNDLED_CORPUS, FIXTURES, SHARED_CORPORA

GOLDEN = FIXTURES / "expected" / "cite"
SHARED_FILES = [
    "frus/frus1964-68v30/frus1964-68v30_d90.xml",
    "dfat/vol22/163-cablegram-to-canberra.md",
    "mao-xuanji/007.txt",
    "wikisource-zh/houheixue/厚黑學.txt",
]
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
    ("wikisource", "厚黑學.txt", 1),
]


def build_cite_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled corpus, the HTML fixtures and a few shared files."""
    index_dir = tmp_path_factory.mktemp("cite") / "index"
    paths = [BUNDLED_CORPUS, FIXTURES / "html"]
    if SHARED_CORPORA.is_dir():
        paths += [SHARED_CORPORA / f for f in SHARED_FILES]
    build_index(paths, index_dir)
    return index_dir


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
        expected = bibtex_fields(item)
        read = {f.key: f.value for f in entry.fields}
        assert read == {k: v if k == "url" else tex_escape(v) for k, v in expected.items()}
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
    data = json.loads(format_citations("csl-json", stored))
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


def test_excerpt_is_cited_as_its_book_with_its_pages(cite_index: Path) -> None:
    stored = sample(cite_index, "chronology-1954-02-fourth-plenum-seventh-cc.md", 11)
    note = format_citations("chicago-note", [stored])
    assert note == (
        "Dorothy J. Solinger, Regional Government and Political Integration in Southwest "
        "China, 1949-1954: A Case Study (Berkeley: University of California Press, 1977), 40–42."
    )
