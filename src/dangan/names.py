"""Names: finding the names in a query and every form they are written in.

A name in a query is found four ways, in this order:

* **gazetteer** (``data/gazetteer.tsv``): one word or a run of up to eight words that
  spells a person or place listed there, in any of its forms (Pinyin, Wade-Giles, a
  postal or customary spelling, characters); hyphens, apostrophes, spaces, case and
  accents aside (``Chiang Kai-shek``, ``Teng Hsiao-ping``, ``鄧小平``, ``Peking``);
  the name table adds its English names for the same characters;
* **dictionary**: the same for the name table from CC-CEDICT (:mod:`dangan.name_table`:
  people, places, organisations, events, foreign names in Chinese), the first word
  capitalised or Chinese (``Kinmen``, ``KMT``, ``杜勒斯``);
* **syllables**: two or three capitalised words that read as a Chinese surname
  (``data/surnames.tsv``) and a given name of one or two syllables, in Pinyin or
  Wade-Giles (``Wang Chia-hsiang`` -> ``Wang Jiaxiang``);
* **characters**: a word of three Chinese characters (four with a two-character
  surname) that starts with a surname, read with the surname's own reading (单 Shan,
  曾 Zeng) and pypinyin for the given name, unless it is a common word (高中生).

Words that stand alone must be capitalised to count as names ("Canton", not
"canton"), so ordinary English words are never names; a lone syllable ("Kao") is never
expanded, and no romanised form is ever turned into characters other than a
gazetteer entry's or the name table's. :func:`expand` rewrites a parsed query so that
each name found becomes a :class:`~dangan.query.Name` holding the name as typed and
its other spellings. The data files are read once, on first use; pypinyin is imported
only for a query with characters that are not in the gazetteer.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import name_table, romanize
from .analysis import text_tokens
from .fold import fold, fold_han, is_han
from .query import And, Field, Name, Node, Not, Or, Phrase, Word

MAX_SPAN = 8  # the most query words one name of the gazetteer or the name table may take
MAX_SPELLINGS = 64  # the most spellings searched for one name
_EDGES = re.compile(r"^[^\w'’]+|[^\w'’]+$")


@dataclass(frozen=True)
class Entry:
    """One person or place of the gazetteer."""

    kind: str
    simplified: tuple[str, ...]
    traditional: tuple[str, ...]
    pinyin: tuple[str, ...]
    wade_giles: tuple[str, ...]
    other: tuple[str, ...]
    source: str

    def mixed(self) -> list[str]:
        """A person's surname in one system and given name in the other (Jao Shushi)."""
        out: list[str] = []
        if self.kind != "person":
            return out
        for py, wg in zip(self.pinyin, self.wade_giles, strict=True):
            (py_sur, _, py_given), (wg_sur, _, wg_given) = py.partition(" "), wg.partition(" ")
            if py_given and wg_given and py_sur != wg_sur and py_given != wg_given:
                out += [f"{wg_sur} {py_given}", f"{py_sur} {wg_given}"]
        return out

    def forms(self) -> list[str]:
        """Every form as the gazetteer writes it: romanised, then the characters."""
        return [*self.pinyin, *self.wade_giles, *self.other, *self.mixed(), *self.simplified]

    def spellings(self) -> list[str]:
        """Every form with its variants (no apostrophes, joined)."""
        return [v for form in self.forms() for v in variants(form)]


@dataclass(frozen=True)
class NameForm:
    """One way of writing a name, and the spellings searched for it."""

    system: str  # "pinyin", "wade-giles", "other" or "characters"
    text: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class NameExpansion:
    """A name found in a query: as typed, how it was recognised, all its forms."""

    typed: str
    source: str  # "gazetteer", "syllables" or "characters"
    kind: str  # "person", "place" or "name"
    forms: tuple[NameForm, ...]

    def spellings(self) -> list[str]:
        """The name's spellings other than the typed one, one per token sequence."""
        typed = phrase_key(self.typed)
        seen = {typed}
        out: list[str] = []
        for form in self.forms:
            for spelling in form.spellings:
                key = phrase_key(spelling)
                if key and key not in seen:
                    seen.add(key)
                    out.append(spelling)
        return out[:MAX_SPELLINGS]


@lru_cache(maxsize=4096)
def phrase_key(text: str) -> tuple[str, ...]:
    """The token sequence a spelling is searched as."""
    return tuple(t.text for t in text_tokens(text))


def variants(spelling: str) -> list[str]:
    """A romanised spelling and how print also writes it: without apostrophes, joined."""
    out = [spelling]
    out += [s.replace("'", "").replace("’", "") for s in out]
    out += [s.replace("-", "") for s in out]
    return list(dict.fromkeys(out))


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def name_key(text: str) -> str:
    """Letters and characters only, folded: how names are looked up in the gazetteer."""
    if text.isascii():
        return _NOT_ALNUM.sub("", text.lower())
    if all(is_han(ch) for ch in text):
        return fold_han(text)
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _data(name: str) -> list[list[str]]:
    text = (resources.files("dangan") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Entry, ...]:
    """The gazetteer's entries, read on first use."""
    rows = _data("gazetteer.tsv")
    header, body = rows[0], rows[1:]
    assert header[0] == "kind", "gazetteer.tsv must start with its header row"

    def split(cell: str) -> tuple[str, ...]:
        return tuple(x for x in cell.split(";") if x)

    return tuple(
        Entry(kind, split(sc), split(tc), split(py), split(wg), split(other), source)
        for kind, sc, tc, py, wg, other, source in body
    )


@lru_cache(maxsize=1)
def _gazetteer_index() -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for i, entry in enumerate(gazetteer()):
        romanised = (*entry.pinyin, *entry.wade_giles, *entry.other, *entry.mixed())
        # A form's variants have its key; simplified characters are their own key (a
        # test checks it), which spares loading OpenCC for a name typed in letters.
        for key in [*map(name_key, romanised), *entry.simplified]:
            bucket = index.setdefault(key, [])
            if i not in bucket:
                bucket.append(i)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def surnames() -> dict[str, tuple[str, ...]]:
    """Surname characters -> their Pinyin syllables as a surname."""
    return {chars: tuple(py.split()) for chars, py in _data("surnames.tsv")}


@lru_cache(maxsize=1)
def _surname_readings() -> frozenset[tuple[str, ...]]:
    return frozenset(surnames().values())


def _entry_forms(entries: list[Entry]) -> tuple[NameForm, ...]:
    forms: list[NameForm] = []
    for e in entries:
        forms += [NameForm("pinyin", p, tuple(variants(p))) for p in e.pinyin]
        forms += [NameForm("wade-giles", w, tuple(variants(w))) for w in e.wade_giles]
        forms += [NameForm("other", o, tuple(variants(o))) for o in e.other]
        forms += [NameForm("mixed", m, tuple(variants(m))) for m in e.mixed()]
        for simplified, traditional in zip(e.simplified, e.traditional, strict=True):
            shown = simplified if simplified == traditional else f"{simplified} {traditional}"
            forms.append(NameForm("characters", shown, (simplified,)))
    return tuple(forms)


def _lookup(words: list[str]) -> NameExpansion | None:
    """The gazetteer entry the words spell, if any (one word must be capitalised)."""
    if len(words) == 1 and not (words[0][:1].isupper() or is_han(words[0][:1])):
        return None
    hits = _gazetteer_index().get(name_key(" ".join(words)))
    if not hits:
        return None
    entries = [gazetteer()[i] for i in hits]
    kind = entries[0].kind if len({e.kind for e in entries}) == 1 else "name"
    forms = _entry_forms(entries) + _table_english(entries)
    return NameExpansion(" ".join(words), "gazetteer", kind, forms)


def _table_english(entries: list[Entry]) -> tuple[NameForm, ...]:
    """The name table's English names for a gazetteer entry's characters (Kinmen for
    金门, which the gazetteer knows as Quemoy): the gazetteer's forms come first."""
    known = {name_key(f) for e in entries for f in e.forms()}
    out: list[NameForm] = []
    for e in entries:
        for chars in e.simplified:
            for t in name_table.lookup(fold_han(chars)):
                fresh = [n for n in t.english if t.simplified == chars and name_key(n) not in known]
                known.update(name_key(n) for n in fresh)
                out += [NameForm("english", n, tuple(variants(n))) for n in fresh]
    return tuple(out)


def _table_forms(found: tuple[name_table.TableName, ...]) -> tuple[NameForm, ...]:
    forms: list[NameForm] = []
    for t in found:
        forms += [NameForm("pinyin", p, tuple(variants(p))) for p in t.pinyin]
        forms += [NameForm("wade-giles", w, tuple(variants(w))) for w in t.wade_giles]
        forms += [NameForm("english", e, tuple(variants(e))) for e in t.english]
        shown = " ".join(dict.fromkeys([t.simplified, *t.traditional]))
        forms.append(NameForm("characters", shown, (t.simplified,)))
    return tuple(forms)


def _table_lookup(words: list[str]) -> NameExpansion | None:
    """The names of the name table (CC-CEDICT) the words spell; the first word must be
    capitalised or Chinese, and the table holds only forms that may trigger a name."""
    if not (words[0][:1].isupper() or is_han(words[0][:1])):
        return None
    found = name_table.lookup(name_key(" ".join(words)))
    if not found:
        return None
    kind = found[0].kind if len({t.kind for t in found}) == 1 else "name"
    return NameExpansion(" ".join(words), "dictionary", kind, _table_forms(found))


def dictionary() -> Iterator[tuple[str, str, tuple[NameForm, ...], bool]]:
    """Every name of the gazetteer, then of the name table: (label, kind, forms,
    common); the kind of a table name written in Chinese transliteration ends in
    " (foreign)"; common: its characters are also an ordinary word (东北)."""
    for entry in gazetteer():
        yield entry.simplified[0], entry.kind, _entry_forms([entry]), False
    for t in name_table.all_names():
        kind = t.kind + (" (foreign)" if t.origin == "foreign" else "")
        yield t.simplified, kind, _table_forms((t,)), t.common


def _reading_forms(readings: list[tuple[str, ...]], surname: list[int]) -> tuple[NameForm, ...]:
    pinyin: list[NameForm] = []
    wade_giles: list[NameForm] = []
    for reading, n in zip(readings, surname, strict=True):
        py = romanize.pinyin_spellings(reading, n)
        wg = romanize.wade_giles_spellings(reading, n)
        pinyin.append(NameForm("pinyin", py[0], tuple(py)))
        wade_giles.append(NameForm("wade-giles", wg[0], tuple(wg)))
    return (*pinyin, *wade_giles)


def _syllable_name(words: list[str]) -> NameExpansion | None:
    """Capitalised words that read as a surname and a given name of one or two syllables."""
    if len(words) not in (2, 3) or not all(w[:1].isupper() and w.isascii() for w in words):
        return None
    known = _surname_readings()
    heads = [r for r in romanize.word_readings(words[0]) if r in known]
    if len(words) == 2:
        tails = [r for r in romanize.word_readings(words[1]) if len(r) <= 2]
    else:
        parts = [[r for r in romanize.word_readings(w) if len(r) == 1] for w in words[1:]]
        tails = [a + b for a, b in itertools.product(*parts)]
    combos = list(itertools.product(heads, tails))[: romanize.MAX_READINGS]
    if not combos:
        return None
    readings = [head + tail for head, tail in combos]
    forms = _reading_forms(readings, [len(head) for head, _ in combos])
    return NameExpansion(" ".join(words), "syllables", "person", forms)


def _given_name_pinyin(chars: str) -> tuple[str, ...]:
    """A given name read character by character, with pypinyin's table of characters.

    Names are not dictionary words, so pypinyin's table of phrases (a quarter of a second
    to load) is of no use here: if pypinyin is not loaded yet, it is loaded without it.
    """
    if "pypinyin" not in sys.modules:
        saved = os.environ.get("PYPINYIN_NO_PHRASES")
        os.environ["PYPINYIN_NO_PHRASES"] = "1"
        try:
            import pypinyin  # noqa: F401
        finally:
            if saved is None:
                del os.environ["PYPINYIN_NO_PHRASES"]
            else:
                os.environ["PYPINYIN_NO_PHRASES"] = saved
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(chars, style=Style.NORMAL, v_to_u=True))


def _character_name(word: str) -> NameExpansion | None:
    """Three characters (four after a two-character surname) that begin with a surname."""
    chars = fold(word)
    if not all(is_han(ch) for ch in chars):
        return None
    table = surnames()
    size = 2 if len(chars) == 4 and chars[:2] in table else 1
    if len(chars) != size + 2 or chars[:size] not in table or name_table.is_word(chars):
        return None
    reading = table[chars[:size]] + _given_name_pinyin(chars[size:])
    if not all(s in romanize.table().to_wade_giles for s in reading):
        return None
    forms = _reading_forms([reading], [len(table[chars[:size]])])
    return NameExpansion(word, "characters", "person", forms)


def find_name(words: list[str]) -> NameExpansion | None:
    """The name the whole run of words spells, by the gazetteer first, else by rule."""
    words = [_EDGES.sub("", w) for w in words]
    if not all(words):
        return None
    found = _lookup(words) or _table_lookup(words) or _syllable_name(words)
    if found is None and len(words) == 1:
        found = _character_name(words[0])
    return found


def find_spans(words: list[str]) -> list[tuple[int, int, NameExpansion]]:
    """Names in a run of query words, longest first from the left: (start, end, name)."""
    spans: list[tuple[int, int, NameExpansion]] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_SPAN, len(words) - i), 0, -1):
            found = find_name(words[i : i + size])
            if found:
                spans.append((i, i + size, found))
                i += size
                break
        else:
            i += 1
    return spans


def _expand_words(nodes: tuple[Node, ...]) -> list[Node]:
    """The children of an And with each name in a run of words made a Name."""
    out: list[Node] = []
    run: list[Word] = []

    def flush() -> None:
        spans = find_spans([w.text for w in run])
        cursor = 0
        for start, end, found in spans:
            out.extend(run[cursor:start])
            typed: Word | And = run[start] if end - start == 1 else And(tuple(run[start:end]))
            together = found.source == "gazetteer"
            out.append(Name(typed, tuple(found.spellings()), (found,), together))
            cursor = end
        out.extend(run[cursor:])
        run.clear()

    for node in nodes:
        if isinstance(node, Word):
            run.append(node)
            continue
        flush()
        out.append(expand(node))
    flush()
    return out


def expand(node: Node) -> Node:
    """The query with every name in it searched in all its forms."""
    if isinstance(node, Word):
        expanded = _expand_words((node,))
        return expanded[0]
    if isinstance(node, Phrase):  # quotes mean as typed: a phrase is never expanded
        return node
    if isinstance(node, Not):
        return Not(expand(node.node))
    if isinstance(node, Field):
        return Field(node.name, expand(node.node))
    if isinstance(node, Or):
        return Or(tuple(expand(n) for n in node.nodes))
    if isinstance(node, And):
        children = _expand_words(node.nodes)
        return children[0] if len(children) == 1 else And(tuple(children))
    return node


def names_in(node: Node) -> list[NameExpansion]:
    """The names :func:`expand` finds in a parsed query, in query order."""
    found: list[NameExpansion] = []

    def walk(n: Node) -> None:
        if isinstance(n, Name):
            found.extend(n.names)
        elif isinstance(n, (Not, Field)):
            walk(n.node)
        elif isinstance(n, (And, Or)):
            for child in n.nodes:
                walk(child)

    walk(expand(node))
    return found


def find_names(query: str) -> list[NameExpansion]:
    """The names a search for ``query`` expands (QueryError if the query is malformed)."""
    from .query import parse_query

    return names_in(parse_query(query))


def name_record(found: NameExpansion) -> dict[str, object]:
    """A name as plain data: as typed, how found, its forms and the spellings searched."""
    return {
        "typed": found.typed,
        "source": found.source,
        "kind": found.kind,
        "forms": [
            {"system": f.system, "text": f.text, "spellings": list(f.spellings)}
            for f in found.forms
        ],
        "searched": [found.typed, *found.spellings()],
    }
