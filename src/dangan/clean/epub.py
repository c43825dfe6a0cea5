"""EPUB books: chapters in spine order through the HTML cleaner, notes as notes.

Read with zipfile, the package file (OPF) through the defused XML guard and each
chapter with :func:`dangan.clean.html.body_items` (EbookLib is AGPL, and not needed).
A link marked as a note reference (``epub:type="noteref"`` or ``role="doc-noteref"``),
or in EPUB 2 a superscript number linking to an anchor, becomes a note call labelled
with its text; the element it points to, wherever in the book it stands, and any
element ``epub:type`` or ``role`` marks as a footnote, endnote or rear note, becomes a
note and leaves the running text. Chapters the spine marks non-linear (notes, covers)
give only notes. Title, authors, date and language come from the package metadata.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Any
from urllib.parse import unquote

from ..errors import CorpusError
from .archive import open_zip, read_part, read_xml_part
from .dates import parse_date
from .html import body_items, soup_of
from .text import Item, Parsed, note_mark

NAME = "epub"
MIMETYPE = b"application/epub+zip"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_NOTE_KINDS = re.compile(r"\b(?:doc-)?(?:foot|end|rear)?note\b")
_NOTEREF = re.compile(r"\b(?:doc-)?noteref\b")
_LABEL = re.compile(r"^\s*\[?(?:\d{1,3}|[*†‡])\]?\s*$")


def _package(archive: zipfile.ZipFile, path: str) -> tuple[str, ET.Element]:
    container = read_xml_part(archive, "META-INF/container.xml", path)
    rootfile = None if container is None else container.find(f".//{_CONTAINER}rootfile")
    opf_path = rootfile.get("full-path", "") if rootfile is not None else ""
    package = read_xml_part(archive, opf_path, path) if opf_path else None
    if package is None:
        raise CorpusError(f"{path}: EPUB has no package file (OPF); the file is damaged")
    return opf_path, package


def _spine(opf_path: str, package: ET.Element) -> list[tuple[str, bool]]:
    """(part name, linear) of every spine item, in reading order."""
    base = posixpath.dirname(opf_path)
    hrefs = {
        item.get("id"): posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
        for item in package.iter(f"{_OPF}item")
    }
    return [
        (hrefs[ref.get("idref")], ref.get("linear", "yes") != "no")
        for ref in package.iter(f"{_OPF}itemref")
        if ref.get("idref") in hrefs
    ]


def _metadata(package: ET.Element) -> dict[str, object]:
    fields: dict[str, object] = {}
    title = package.findtext(f".//{_DC}title")
    if title and title.strip():
        fields["title"] = " ".join(title.split())
    creators = [" ".join(c.text.split()) for c in package.iter(f"{_DC}creator") if c.text]
    if creators:
        fields["contributors"] = tuple(creators)
    date = package.findtext(f".//{_DC}date")
    if date and date.strip():
        fields["date"] = parse_date(date.strip()[:10])
        fields["date_text"] = date.strip()
    return fields


def _kinds(tag: Any) -> str:
    return f"{tag.get('epub:type', '')} {tag.get('role', '')}"


def _is_noteref(link: Any) -> bool:
    """A link marked as a note reference, or (EPUB 2) a superscript number linking to
    an anchor."""
    if _NOTEREF.search(_kinds(link)):
        return True
    raised = link.find("sup") is not None or (link.parent and link.parent.name == "sup")
    return bool(raised and "#" in link.get("href", "") and _LABEL.match(link.get_text()))


def _refs(soup: Any, part: str) -> list[tuple[Any, str, str]]:
    """(link, label, target part#id) of every note reference in the page."""
    refs = []
    for link in soup.find_all("a"):
        if not _is_noteref(link):
            continue
        label = link.get_text("", strip=True).strip("[]()")
        file, _, anchor = unquote(link.get("href", "")).partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(part), file)) if file else part
        refs.append((link, label, f"{target}#{anchor}"))
    return refs


def _take_notes(soup: Any, part: str, targets: dict[str, str], bodies: dict[str, str]) -> None:
    """Notes out of the page: the elements references point to, and those marked as
    notes."""
    for tag in soup.find_all(id=True):
        if getattr(tag, "decomposed", False):  # inside a note already taken
            continue
        key = f"{part}#{tag['id']}"
        if key in targets or _NOTE_KINDS.search(_kinds(tag)):
            bodies[key] = tag.get_text(" ", strip=True)
            tag.decompose()


def parse(raw: bytes, path: str) -> Parsed:
    items: list[Item] = []
    targets: dict[str, str] = {}
    bodies: dict[str, str] = {}
    with open_zip(raw, path) as archive:
        opf_path, package = _package(archive, path)
        for part, linear in _spine(opf_path, package):
            data = read_part(archive, part, path)
            if data is None:  # a chapter lost from the book: never index the rest as whole
                raise CorpusError(
                    f"{path}: EPUB is damaged: its reading order names {part}, which the "
                    "file does not hold; repair or export it again"
                )
            soup = soup_of(data.decode("utf-8", errors="replace"))
            refs = _refs(soup, part)
            for _link, label, target in refs:
                targets.setdefault(target, label)
            _take_notes(soup, part, targets, bodies)
            for link, label, _target in refs:
                if not getattr(link, "decomposed", False):  # a back link inside a note
                    link.replace_with(note_mark(label))
            if linear:
                items += body_items(soup)[0]
    notes = [
        (label, re.sub(rf"^\[?{re.escape(label)}\]?\s*[.)]?\s*", "", bodies[target]))
        for target, label in targets.items()
        if target in bodies
    ]
    return Parsed(items=items, fields=_metadata(package), notes=notes)
