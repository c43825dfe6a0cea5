"""Wikisource texts exported with Wikisource's export tool (plain text).

Layout: the page name on the first line ("二十年目睹之怪現狀/第029回"); "Exported from
Wikisource on 2021年2月15日"; navigation ("目錄 …", "◀上一回 第二十九回　… 下一回▶",
"返回頁首") around the text; licence notices; and an English "About this digital
edition" footer with the contributors and "↑ https://…" links. The chapter heading in
the navigation line is kept as a heading; the export date is kept as the date the text
was accessed; the rest of the site's apparatus is dropped.
"""

from __future__ import annotations

import re

from .dates import parse_chinese_date
from .text import Item, Parsed, split_paragraphs

NAME = "wikisource"
COLLECTION = "Wikisource"
_EXPORTED = re.compile(r"^Exported from Wikisource on (.+)$")
_FOOTER = "About this digital edition"
_NAV = re.compile(r"◀|▶|^全書(?:始|終)|^全书(?:始|终)")
_NAV_WORDS = re.compile(r"◀?上一[回章篇卷頁页]|下一[回章篇卷頁页]▶?|全書始|全書終|全书始|全书终")
_SITE_LINES = re.compile(r"^(?:目錄|目录)\s|^返回頁首$|^返回页首$|^\* \* \*$")
_LICENCE = re.compile(r"公有領域|公有领域|版權|版权|Public domain|public domain|PD-")


def sniff(raw: str, filename: str) -> bool:
    return "Exported from Wikisource on" in raw[:600]


def parse(raw: str, filename: str = "") -> Parsed:
    body = raw.split(_FOOTER, 1)[0]
    fields: dict[str, object] = {"collection": COLLECTION}
    items: list[Item] = []
    for para in split_paragraphs(body):
        text = " ".join(line.strip() for line in para.splitlines() if line.strip())
        if "title" not in fields:
            fields["title"] = text
            continue
        if m := _EXPORTED.match(text):
            fields["accessed"] = parse_chinese_date(m[1])[0]
            continue
        if _NAV.search(text):
            heading = _NAV_WORDS.sub("", text).strip()
            if heading:
                items.append(Item("heading", heading))
            continue
        if _SITE_LINES.search(text) or _LICENCE.search(text):
            continue
        items.append(Item("paragraph", text))
    work = str(fields["title"]).split("/", 1)[0]
    while items and items[-1].text.strip() == work:  # the work's name under the last nav line
        items.pop()
    return Parsed(items=items, fields=fields, notes=[])
