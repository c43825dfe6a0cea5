"""``python -m bench.pdf``: PDF text extraction, pypdfium2 (dangan's reader) against
pdfminer.six, on English, simplified and traditional Chinese.

Two PDFs are laid out from the shared corpora with the fixtures' recipe
(tests/fixtures/formats/make.py: running heads, page numbers, indented paragraphs;
DejaVu Serif for English, WenQuanYi Micro Hei for simplified and AR PL UMing for
traditional Chinese), so the source text of
every page is known. For each library it measures pages a second and how much of the
source comes back: the share of source sentences found in the extracted text by the
phrase oracle's normalisation (bench/oracle.py), and for Chinese the similarity of
the Han characters in order (rapidfuzz, 100 = identical). Paragraphs with a character
the font has no glyph for are left out (AR PL UMing TW lacks 爲). Three readers:
``pypdfium2 raw`` (PDFium's own text, ``get_text_range``), ``dangan`` (pypdfium2 plus
dangan's layout: running heads out, hyphenation joined, paragraphs) and ``pdfminer.six``
(``extract_text`` with its default layout analysis). Needs ``pip install -e
'.[bench,fixtures]'`` and the Debian fonts named in the recipe. Writes
bench/PDF_RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import re
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz
from tests.fixtures.formats.make import FONTS, Writer
from tests.fixtures.formats.sources import Page, Spec, sentences, source_text

from dangan.clean import clean_file, pdf
from dangan.corpus import find_sources

from .oracle import brute_normalise

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
SERIF = ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0)
_HAN_ONLY = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]")


def _paragraphs(folders: list[Path], limit: int) -> list[str]:
    out: list[str] = []
    for source in find_sources(folders):
        doc = clean_file(source)
        out += [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]
        if len(out) >= limit:
            break
    return out


def _characters(font: tuple[str, int]) -> set[str]:
    """The characters a font has glyphs for (and whitespace)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(font[0], fontNumber=font[1]).getBestCmap()
    return {chr(code) for code in cmap} | {" ", "\n", "\t"}


def _spec(paragraphs: list[str], language: str, pages: int) -> Spec:
    """Pages of about 30 lines, each paragraph whole on one page."""
    per_line = 52 if language == "en" else 25
    laid: list[Page] = []
    blocks: list[tuple[str, str]] = []
    lines = 0
    font = SERIF if language == "en" else FONTS[language]
    shown = _characters(font)
    for text in paragraphs:
        text = text.replace("^", " ").replace("~", " ")
        if not set(text) <= shown:  # a PDF cannot give back what its font cannot show
            continue
        need = len(text) // per_line + 2
        if need > 26:
            continue
        if lines + need > 26:
            label = str(len(laid) + 1)
            laid.append(Page(label, blocks, head="RUNNING HEAD" if language == "en" else "选集"))
            blocks, lines = [], 0
            if len(laid) == pages:
                break
        blocks.append(("p", text))
        lines += need
    return Spec(f"bench-{language}.pdf", language, "Bench", "dangan", laid, font=font)


def _pdfium_raw(raw: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(raw)
    parts = []
    for page in document:
        textpage = page.get_textpage()
        parts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return "\n".join(parts)


def _dangan(raw: bytes) -> str:
    parsed = pdf.parse(raw, "bench.pdf")
    return "\n\n".join(item.text for item in parsed.items)


def _pdfminer(raw: bytes) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(io.BytesIO(raw)))


READERS: dict[str, Callable[[bytes], str]] = {
    "pypdfium2 raw": _pdfium_raw,
    "dangan (pypdfium2 + layout)": _dangan,
    "pdfminer.six": _pdfminer,
}


def _measure(spec: Spec, raw: bytes) -> list[str]:
    wanted = [s for s, _, _ in sentences(spec)]
    source_han = _HAN_ONLY.sub("", source_text(spec)[0])
    rows = []
    for name, read in READERS.items():
        seconds = float("inf")
        for _ in range(3):  # the best of three: the machine is shared
            start = time.perf_counter()
            text = read(raw)
            seconds = min(seconds, time.perf_counter() - start)
        normalised = brute_normalise(text)
        found = sum(brute_normalise(s) in normalised for s in wanted)
        han = (
            f"{fuzz.ratio(source_han, _HAN_ONLY.sub('', text)):.2f}"
            if spec.language != "en"
            else "–"
        )
        rows.append(
            f"| {spec.language} | {name} | {len(spec.pages) / seconds:.1f} | "
            f"{100 * found / len(wanted):.1f}% of {len(wanted)} | {han} |"
        )
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "PDF_RESULTS.md")
    args = parser.parse_args()
    rows = [
        "| language | reader | pages/s | source sentences found | Han characters in order |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    corpora = (
        ("en", ["frus", "dfat"]),
        ("zh-Hans", ["mao-xuanji"]),
        ("zh-Hant", ["wikisource-zh"]),
    )
    for language, folders in corpora:
        paragraphs = _paragraphs([args.corpora / f for f in folders], 20 * args.pages)
        spec = _spec(paragraphs, language, args.pages)
        raw = Writer(spec).write()
        print(f"{spec.name}: {len(spec.pages)} pages, {len(raw):,} bytes", flush=True)
        rows += _measure(spec, raw)
    args.out.write_text(
        "# PDF extraction: pypdfium2 and pdfminer.six\n\n`python -m bench.pdf` "
        f"({args.pages} pages a language, best of three runs, a shared 2-core machine)\n\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
