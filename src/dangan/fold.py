"""Folding: the one normal form that index and query are compared in.

A token is folded by Unicode NFKC (full-width letters and digits become half-width,
compatibility ideographs become unified ones), case folding, removal of the accents on
Latin letters (Zhōu -> zhou, Lü -> lu), and traditional -> simplified Chinese, one
character at a time with OpenCC's ``t2s`` tables (七千人大會 -> 七千人大会).

Conversion is per character, never per phrase, so a character folds the same way
whatever surrounds it: a query and the text it was copied from always agree, and the
fold of a Han character is always one character. OpenCC is loaded only when a Han
character is first folded. This module knows nothing of tokens or of Whoosh.
"""

from __future__ import annotations

import threading
import unicodedata
from typing import Any

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
_converter: Any = None


def is_han(ch: str) -> bool:
    """Whether one character is a Chinese character (as dangan indexes them)."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _HAN_RANGES)


def _t2s() -> Any:
    global _converter
    with _lock:
        if _converter is None:
            import opencc

            _converter = opencc.OpenCC("t2s")
    return _converter


class _SimplifiedTable(dict[int, str]):
    """``str.translate`` table from a Han character to its simplified form, filled lazily."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1 and is_han(folded):
            converted = _t2s().convert(folded)
            if len(converted) == 1:
                folded = converted
        else:
            folded = ch
        self[code] = folded
        return folded


_SIMPLIFIED = _SimplifiedTable()


def fold_han(text: str) -> str:
    """Han characters in their simplified, unified form; one character for each."""
    return text.translate(_SIMPLIFIED)


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
