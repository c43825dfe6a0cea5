"""Folding: the one normal form that index and query are compared in.

A token is folded by Unicode NFKC (full-width letters and digits become half-width,
compatibility ideographs become unified ones), case folding, removal of the accents on
Latin letters (Zhōu -> zhou, Lü -> lu), and traditional -> simplified Chinese, one
character at a time with OpenCC's ``t2s`` tables (七千人大會 -> 七千人大会).

Conversion is per character, never per phrase, so a character folds the same way
whatever surrounds it: a query and the text it was copied from always agree, and the
fold of a Han character is always one character. The conversion is a ``str.translate``
table read from ``data/simplified.tsv`` when :func:`fold_han` is first called; that file
is OpenCC's per-character answer for every code point, written by
``tools/build_fold_table.py`` (so OpenCC itself is not loaded here). This module knows
nothing of tokens or of Whoosh.
"""

from __future__ import annotations

import threading
import unicodedata
from importlib import resources

_HAN_RANGES = (
    (0x2F00, 0x2FDF),  # Kangxi radicals (NFKC makes them ideographs)
    (0x3007, 0x3007),  # 〇, as in 一九五〇
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x3134F),
)
HAN_CLASS = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _HAN_RANGES)

_lock = threading.Lock()
_simplified: _SimplifiedTable | None = None


def is_han(ch: str) -> bool:
    """Whether one character is a Chinese character (as dangan indexes them)."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _HAN_RANGES)


class _SimplifiedTable(dict[int, "str | int"]):
    """``str.translate`` table: a character to its simplified, unified form (from
    ``data/simplified.tsv``); any other character maps to itself, remembered when first
    seen so that ``translate`` never raises and catches a ``KeyError`` for it again."""

    def __missing__(self, code: int) -> int:
        self[code] = code
        return code


def _load() -> _SimplifiedTable:
    table = _SimplifiedTable()
    data = resources.files("dangan") / "data" / "simplified.tsv"
    for line in data.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, target = line.split("\t")
            table[ord(source)] = target
    return table


def simplified_table() -> dict[int, str | int]:
    """The process's fold table for ``str.translate``, read on first use."""
    global _simplified
    table = _simplified
    if table is None:
        with _lock:
            if _simplified is None:
                _simplified = _load()
            table = _simplified
    return table


def fold_han(text: str) -> str:
    """Han characters in their simplified, unified form; one character for each."""
    return text.translate(simplified_table())


def _is_latin(ch: str) -> bool:
    code = ord(ch)
    return code < 0x0250 or 0x1E00 <= code <= 0x1EFF


def strip_latin_accents(text: str) -> str:
    """Remove combining marks that sit on Latin letters; leave other scripts' marks."""
    if text.isascii():
        return text
    out: list[str] = []
    base_is_latin = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if not base_is_latin:
                out.append(ch)
            continue
        base_is_latin = _is_latin(ch)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def fold_word(text: str) -> str:
    """Fold a word of a non-Han script: NFKC, case folding, Latin accents removed."""
    if text.isascii():
        return text.lower()
    return strip_latin_accents(unicodedata.normalize("NFKC", text).casefold())


def fold(text: str) -> str:
    """Fold any text, Han and other scripts alike, to the form tokens are compared in.

    Unlike the tokenizer this works on a whole string; it is what a brute-force scan
    of "the normalised text" means.
    """
    return fold_han(fold_word(text))
