"""Citation styles rendered from a passage's CSL-JSON item: Chicago (17th ed.) notes
and bibliography entries, BibTeX, RIS and CSL-JSON itself.

Chicago forms follow the manual's patterns for archival documents, documents in a
published collection (FRUS, DFAT: "in *Volume*, doc. 90, p. 177"), encyclopedia
entries ("Wikipedia, s.v. …"), books and web pages, in plain text (titles that
Chicago sets in italics are left plain). A note carries the passage's locator: its
printed page(s) where the source has them, else its section and paragraphs. BibTeX
escapes TeX's special characters; RIS follows the tag list reference managers import.
URLs are left unescaped in BibTeX, as the ``url`` field expects. Pure: no Whoosh, no
I/O.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from typing import Any

from ..models import IndexedPassage
from . import STYLES
from .item import csl_item

# Pieces ------------------------------------------------------------------------------


def _date(parts: list[int]) -> str:
    if len(parts) == 3:
        return f"{calendar.month_name[parts[1]]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{calendar.month_name[parts[1]]} {parts[0]}"
    return str(parts[0])


def chicago_date(value: dict[str, Any] | None) -> str | None:
    """CSL date -> 'February 13, 1954'; a range -> 'February 6–10, 1954'."""
    if not value:
        return None
    parts = value["date-parts"]
    if len(parts) == 1:
        return _date(parts[0])
    start, end = parts[0], parts[1]
    if len(start) == len(end) == 3 and start[:2] == end[:2]:
        return f"{calendar.month_name[start[1]]} {start[2]}–{end[2]}, {start[0]}"
    if len(start) == len(end) == 3 and start[0] == end[0]:
        return f"{calendar.month_name[start[1]]} {start[2]} – {_date(end)}"
    return f"{_date(start)} – {_date(end)}"


def _pages(page: str) -> str:
    page = page.replace("-", "–")
    return f"pp. {page}" if "–" in page else f"p. {page}"


def _names(names: list[dict[str, str]], inverted_first: bool) -> str:
    out = []
    for i, n in enumerate(names):
        if "literal" in n:
            out.append(n["literal"])
        elif i == 0 and inverted_first:
            out.append(f"{n['family']}, {n['given']}")
        else:
            out.append(f"{n['given']} {n['family']}")
    return " and ".join(out) if len(out) < 3 else ", ".join(out[:-1]) + ", and " + out[-1]


def _archive(item: dict[str, Any]) -> str | None:
    """The archival reference as the source writes it ("NAA: A1838, …", "AVPRF, f. …")."""
    if "archive" not in item:
        return None
    archive, location = item["archive"], item.get("archive_location")
    if not location:
        return str(archive)
    acronym = archive.isupper() and " " not in archive
    return f"{archive}: {location}" if acronym else f"{archive}, {location}"


_SMALL_WORDS = frozenset(
    re.findall(r"\w+", "a an and as at but by for from in nor of on or the to with")
)


def title_case(title: str) -> str:
    """A title printed in capitals ("CABLEGRAM TO CANBERRA") in headline style, as
    Chicago cites it; any other title is left exactly as the source has it."""
    if not title.isupper():
        return title
    words = title.lower().split(" ")
    return " ".join(
        w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _join(parts: list[str | None], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _end(text: str) -> str:
    if not text:
        return text
    return text if text.endswith((".", "?", "!", "”")) else text + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _accessed(item: dict[str, Any], capital: bool = False) -> str | None:
    date = chicago_date(item.get("accessed"))
    if not date:
        return None
    return f"{'Accessed' if capital else 'accessed'} {date}"


# Chicago ----------------------------------------------------------------------------


def chicago_note(item: dict[str, Any], locator: str = "", note: str = "") -> str:
    """A Chicago note for the passage (``locator``: its section and paragraphs, used
    where it has no page; ``note``: the note it is, after the page: "n. 4")."""
    kind, title = item["type"], title_case(item.get("title", ""))
    date = chicago_date(item.get("issued"))
    page = _pages(item["page"]) if item.get("page") else None
    where = _join([None if page else (locator or None), note or None])
    if kind == "book":
        published = _join([item.get("publisher-place"), None], "")
        publisher = _join([published, item.get("publisher")], ": ")
        facts = _join([publisher, date])
        return _end(
            _join(
                [
                    _names(item.get("author", []), False),
                    f"{title} ({facts})" if facts else title,
                    page.removeprefix("pp. ").removeprefix("p. ") if page else None,
                ]
            )
        )
    if kind == "chapter":
        number = f"doc. {item['number']}" if item.get("number") else None
        container = f"in {item['container-title']}" if item.get("container-title") else None
        head = f"“{title},”"
        rest = _join([item.get("event-place"), date, container, number, page, where,
                      _archive(item), item.get("URL")])  # fmt: skip
        return _end(f"{head} {rest}")
    if kind == "manuscript":
        credits = _lower_first(item["note"].rstrip(".")) if item.get("note") else None
        rest = _join([item.get("genre") if not date else None, date, _archive(item), page,
                      credits, item.get("source"), where, item.get("URL")])  # fmt: skip
        return _end(f"“{title},” {rest}")
    if kind == "entry-encyclopedia":
        site = item.get("container-title", "")
        rest = _join([_accessed(item), where, item.get("URL")])
        return _end(f"{site}, s.v. “{title},” {rest}" if rest else f"{site}, s.v. “{title}”")
    if kind == "webpage":
        rest = _join([item.get("container-title"), date, _accessed(item), where, item.get("URL")])
        return _end(f"“{title},” {rest}" if rest else f"“{title}”")
    rest = _join([date, _archive(item), item.get("source"), page, where, item.get("URL")])
    note = f"“{title},” {rest}" if rest else f"“{title}”"
    return _end(_join([_names(item.get("author", []), False) or None, note]))


def chicago_bibliography(item: dict[str, Any]) -> str:
    """A Chicago bibliography entry for the work the passage is in."""
    kind, title = item["type"], title_case(item.get("title", ""))
    date = chicago_date(item.get("issued"))
    if kind == "book":
        publisher = _join([item.get("publisher-place"), item.get("publisher")], ": ")
        facts = _join([publisher, date])
        return _join(
            [
                _end(_names(item.get("author", []), True)),
                _end(title),
                _end(facts) if facts else None,
            ],
            " ",
        )
    parts: list[str | None] = [f"“{_end(title)}”"]
    if kind == "document" and item.get("author"):
        parts.insert(0, _end(_names(item["author"], True)))
    if kind == "entry-encyclopedia":
        parts = [_end(item.get("container-title", "")), f"“{_end(title)}”"]
    if kind == "chapter":
        parts.append(_end(_join([item.get("event-place"), date])) if date else None)
        container = _join(
            [f"In {item['container-title']}" if item.get("container-title") else None,
             f"doc. {item['number']}" if item.get("number") else None]
        )  # fmt: skip
        parts.append(_end(container) if container else None)
        archive = _archive(item)
        parts.append(_end(archive) if archive else None)
    elif kind != "entry-encyclopedia":
        parts.append(_end(date) if date else None)
        if kind == "manuscript" and item.get("genre") and not date:
            parts.append(_end(item["genre"]))
        archive = _archive(item)
        parts.append(_end(archive) if archive else None)
        if kind == "manuscript" and item.get("page"):
            parts.append(_end(_pages(item["page"])))
        parts.append(_end(item["note"]) if kind == "manuscript" and item.get("note") else None)
        parts.append(_end(item["source"]) if item.get("source") else None)
        if kind == "webpage" and item.get("container-title"):
            parts.insert(1, _end(item["container-title"]))
    accessed = _accessed(item, capital=True)
    parts.append(_end(accessed) if accessed else None)
    parts.append(_end(item["URL"]) if item.get("URL") else None)
    return _join(parts, " ")


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


def bibtex_fields(item: dict[str, Any]) -> dict[str, str]:
    """The BibTeX fields of an item, unescaped (what a parser should read back)."""
    fields: dict[str, str] = {}
    if item.get("author"):
        fields["author"] = " and ".join(
            n.get("literal") or f"{n['family']}, {n['given']}" for n in item["author"]
        )
    fields["title"] = item.get("title", "")
    if item["type"] == "chapter" and item.get("container-title"):
        fields["booktitle"] = item["container-title"]
    elif item.get("container-title"):
        fields["howpublished"] = item["container-title"]
    elif item.get("source"):
        fields["howpublished"] = item["source"]
    for csl, bib in (("publisher", "publisher"), ("publisher-place", "address"),
                     ("number", "number"), ("URL", "url"), ("language", "language"),
                     ("genre", "type")):  # fmt: skip
        if item.get(csl):
            fields[bib] = item[csl]
    if item.get("page"):
        fields["pages"] = item["page"].replace("-", "--")
    if issued := item.get("issued"):
        parts = issued["date-parts"][0]
        fields["year"] = str(parts[0])
        if len(parts) > 1:
            fields["month"] = str(parts[1])
        fields["date"] = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))
    if accessed := item.get("accessed"):
        fields["urldate"] = "-".join(
            f"{p:02d}" if i else str(p) for i, p in enumerate(accessed["date-parts"][0])
        )
    if item.get("translator"):
        fields["translator"] = " and ".join(
            n.get("literal") or f"{n['family']}, {n['given']}" for n in item["translator"]
        )
    note = _join([_archive(item), item.get("note")], ". ")
    if note:
        fields["note"] = note
    return fields


def bibtex(item: dict[str, Any]) -> str:
    key = "dangan-" + re.sub(r"[^A-Za-z0-9-]", "-", item["id"])
    body = ",\n".join(
        f"  {k} = {{{v if k == 'url' else tex_escape(v)}}}" for k, v in bibtex_fields(item).items()
    )
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


def ris_record(item: dict[str, Any]) -> list[tuple[str, str]]:
    """The (tag, value) lines of an item's RIS record, in order."""
    lines = [("TY", _RIS_TYPES[item["type"]]), ("TI", item.get("title", ""))]
    for n in item.get("author", []):
        lines.append(("AU", n.get("literal") or f"{n['family']}, {n['given']}"))
    for n in item.get("translator", []):
        lines.append(("A4", n.get("literal") or f"{n['family']}, {n['given']}"))
    if issued := item.get("issued"):
        parts = issued["date-parts"][0]
        lines.append(("PY", str(parts[0])))
        padded = [str(parts[0]), *(f"{p:02d}" for p in parts[1:])]
        lines.append(("DA", "/".join(padded + [""] * (3 - len(padded)))))
    for csl, tag in (("container-title", "T2"), ("publisher", "PB"), ("publisher-place", "CY"),
                     ("number", "IS"), ("source", "DB"), ("archive_location", "CN"),
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
    if accessed := item.get("accessed"):
        parts = accessed["date-parts"][0]
        lines.append(("Y2", "/".join([str(parts[0]), *(f"{p:02d}" for p in parts[1:])])))
    note = _join([_archive(item), item.get("note")], ". ")
    if note:
        lines.append(("N1", note))
    return lines


def ris(item: dict[str, Any]) -> str:
    body = "".join(f"{tag}  - {value}\n" for tag, value in ris_record(item))
    return body + "ER  - \n"


# Entry points -----------------------------------------------------------------------


def _item(stored: IndexedPassage) -> dict[str, Any]:
    return csl_item(stored.passage, stored.metadata, stored.profile)


def format_citations(style: str, passages: list[IndexedPassage]) -> str:
    """The citations of passages in one style, as the text to print."""
    from . import locator, note_name

    def note(p: IndexedPassage) -> str:
        return note_name(p.passage) if p.passage.part == "note" else ""

    if style == "csl-json":
        return json.dumps([_item(p) for p in passages], ensure_ascii=False, indent=2)
    render: dict[str, Callable[[IndexedPassage], str]] = {
        "chicago-note": lambda p: chicago_note(
            _item(p), "" if note(p) else locator(p.passage, pages=False), note(p)
        ),
        "chicago-bib": lambda p: chicago_bibliography(_item(p)),
        "bibtex": lambda p: bibtex(_item(p)),
        "ris": lambda p: ris(_item(p)),
    }
    if style not in render:
        raise ValueError(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")
    separator = "\n" if style in ("bibtex", "ris") else ""
    return separator.join(render[style](p).rstrip("\n") + "\n" for p in passages).rstrip("\n")
