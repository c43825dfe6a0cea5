"""Reference-manager formats of a CSL item: BibTeX (with biblatex's ``origtitle`` and
``origdate``) and RIS.

BibTeX escapes TeX's special characters and leaves URLs unescaped, as the ``url``
field expects; a literal name is braced so that it stays one name. RIS follows the tag
list reference managers import. The tests read both back with real parsers
(bibtexparser, rispy). Pure: no Whoosh, no I/O.
"""

from __future__ import annotations

import re
from typing import Any

from .item import archive_reference
from .item import joined as _join


def _iso(value: dict[str, Any] | None, sep: str) -> str | None:
    """A CSL date's first date as digits: '1954-02-13' (or '1954/02/13'); None for a
    date as written."""
    if not value or "date-parts" not in value:
        return None
    parts = value["date-parts"][0]
    return sep.join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


# BibTeX -----------------------------------------------------------------------------

_BIBTEX_TYPES = {
    "book": "book",
    "chapter": "incollection",
    "manuscript": "unpublished",
    "entry-encyclopedia": "misc",
    "webpage": "misc",
    "document": "misc",
}
_TEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")


def tex_escape(value: str) -> str:
    def escape(m: re.Match[str]) -> str:
        ch = m.group()
        return {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\^{}"}.get(
            ch, "\\" + ch
        )

    return _TEX_SPECIAL.sub(escape, value)


def _bib_names(names: list[dict[str, str]]) -> str:
    """Names for BibTeX, escaped: "Family, Given"; a literal name ("Mao Zedong 毛泽东")
    braced, so that it stays one name and is never inverted."""
    return " and ".join(
        f"{{{tex_escape(n['literal'])}}}" if "literal" in n
        else tex_escape(f"{n['family']}, {n['given']}")
        for n in names
    )  # fmt: skip


def bibtex_fields(item: dict[str, Any]) -> dict[str, str]:
    """The BibTeX fields of an item as written, escaped (what a parser reads back). A
    Chinese title is ``title`` romanized and ``origtitle`` (biblatex) in characters."""
    fields: dict[str, str] = {}
    for csl in ("author", "editor", "translator"):
        if item.get(csl):
            fields[csl] = _bib_names(item[csl])
    fields["title"] = item.get("title", "")
    if item.get("original-title"):
        fields["origtitle"] = item["original-title"]
    if item["type"] == "chapter" and item.get("container-title"):
        fields["booktitle"] = item["container-title"]
    elif item.get("container-title"):
        fields["howpublished"] = item["container-title"]
    elif item.get("source"):
        fields["howpublished"] = item["source"]
    for csl, bib in (("publisher", "publisher"), ("publisher-place", "address"),
                     ("number", "number"), ("volume", "volume"), ("URL", "url"),
                     ("language", "language"), ("genre", "type")):  # fmt: skip
        if item.get(csl):
            fields[bib] = item[csl]
    if item.get("page"):
        fields["pages"] = item["page"].replace("-", "--")
    if (issued := item.get("issued")) and "date-parts" in issued:
        parts = issued["date-parts"][0]
        fields["year"] = str(parts[0])
        if len(parts) > 1:
            fields["month"] = str(parts[1])
    elif issued:  # a date as written
        fields["year"] = issued["literal"]
    for csl, bib in (("issued", "date"), ("accessed", "urldate"), ("original-date", "origdate")):
        if iso := _iso(item.get(csl), "-"):
            fields[bib] = iso
    note = _join([archive_reference(item), item.get("note")], ". ")
    if note:
        fields["note"] = note
    return {k: v if k in (*_NAME_FIELDS, "url") else tex_escape(v) for k, v in fields.items()}


_NAME_FIELDS = ("author", "editor", "translator")


def bibtex(item: dict[str, Any]) -> str:
    key = "dangan-" + re.sub(r"[^A-Za-z0-9-]", "-", item["id"])
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in bibtex_fields(item).items())
    return f"@{_BIBTEX_TYPES[item['type']]}{{{key},\n{body}\n}}\n"


# RIS --------------------------------------------------------------------------------

_RIS_TYPES = {
    "book": "BOOK",
    "chapter": "CHAP",
    "manuscript": "MANSCPT",
    "entry-encyclopedia": "ENCYC",
    "webpage": "ELEC",
    "document": "GEN",
}


def ris_record(item: dict[str, Any], translation: str = "") -> list[tuple[str, str]]:
    """The (tag, value) lines of an item's RIS record, in order: a Chinese title
    romanized in TI, in characters in OP, its English gloss in TT."""
    lines = [("TY", _RIS_TYPES[item["type"]]), ("TI", item.get("title", ""))]
    if item.get("original-title"):
        lines.append(("OP", item["original-title"]))
    if translation:
        lines.append(("TT", translation))
    for csl, tag in (("author", "AU"), ("editor", "A2"), ("translator", "A4")):
        for n in item.get(csl, []):
            lines.append((tag, n.get("literal") or f"{n['family']}, {n['given']}"))
    if iso := _iso(item.get("issued"), "/"):
        lines.append(("PY", iso[:4]))
        lines.append(("DA", iso + "/" * (2 - iso.count("/"))))
    for csl, tag in (("container-title", "T2"), ("publisher", "PB"), ("publisher-place", "CY"),
                     ("number", "IS"), ("volume", "VL"), ("source", "DB"),
                     ("archive_location", "CN"),
                     ("language", "LA"), ("genre", "M3")):  # fmt: skip
        if item.get(csl):
            lines.append((tag, item[csl]))
    if item.get("page"):
        first, _, last = item["page"].partition("-")
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    if item.get("URL"):
        lines.append(("UR", item["URL"]))
    if accessed := _iso(item.get("accessed"), "/"):
        lines.append(("Y2", accessed))
    note = _join([archive_reference(item), item.get("note")], ". ")
    if note:
        lines.append(("N1", note))
    return lines


def ris(item: dict[str, Any], translation: str = "") -> str:
    body = "".join(f"{tag}  - {value}\n" for tag, value in ris_record(item, translation))
    return body + "ER  - \n"
