"""Any other XML file: its text, block by block, without the markup.

Parsed with defusedxml like FRUS TEI (no entity expansion, nothing fetched). Elements
whose names say they are headings (``head``, ``title``, ``h1``…) become headings;
paragraph-like elements (``p``, ``para``, ``item``, ``div``…) become paragraphs. The
title is the first heading.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import CorpusError
from .text import Item, Parsed

NAME = "xml"
_XML = re.compile(r"^\s*<\?xml\b")
_HEADINGS = {"head", "title", "heading", "h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "para", "item", "div", "section", "li", "quote", "note", "entry", "row",
           "dateline", "signed", "abstract", "caption", "l", "lg", "sp"}  # fmt: skip


def sniff(raw: str, filename: str) -> bool:
    return bool(_XML.match(raw[:200])) or filename.lower().endswith(".xml")


def read_xml(raw: str, filename: str) -> ET.Element:
    """The root element, or a CorpusError for unsafe or malformed XML."""
    try:
        return fromstring(raw.encode("utf-8"), forbid_dtd=False)
    except DefusedXmlException as exc:
        raise CorpusError(
            f"{filename}: XML declares entities ({type(exc).__name__}), which dangan refuses "
            "to expand or fetch; remove the DOCTYPE's entity declarations"
        ) from exc
    except ET.ParseError as exc:
        raise CorpusError(f"{filename}: not well-formed XML ({exc}); repair the file") from exc


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse(raw: str, filename: str = "") -> Parsed:
    root = read_xml(raw, filename)
    items: list[Item] = []
    current: list[str] = []

    def flush(kind: str = "paragraph") -> None:
        if "".join(current).strip():
            items.append(Item(kind, "".join(current)))
        current.clear()

    def walk(el: ET.Element) -> None:
        name = _local(el.tag)
        block = name in _BLOCKS or name in _HEADINGS
        if block:
            flush()
        current.append(el.text or "")
        for child in el:
            walk(child)
            current.append(child.tail or "")
        if block:
            flush("heading" if name in _HEADINGS else "paragraph")
        elif len(el):
            current.append(" ")

    walk(root)
    flush()
    title = next((i.text for i in items if i.kind == "heading"), None)
    return Parsed(
        items=items, fields={"title": " ".join(title.split()) if title else None}, notes=[]
    )
