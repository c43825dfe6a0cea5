"""The language of a cleaned text: en, zh-Hans, zh-Hant or mixed.

Counted, not guessed from a model: Han characters against words of Latin letters,
and among the Han characters those that only traditional writing uses (the ones that
fold to another character from traditional to simplified).
"""

from __future__ import annotations

import re
from itertools import islice

from ..fold import HAN_CLASS, fold_han
from ..passages import count_matches

_HAN = re.compile(f"[{HAN_CLASS}]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_NOT_LATIN = re.compile(r"[^A-Za-z\u00c0-\u024f]")
MAJORITY = 0.8  # share of the text one language must have to be the language
TRADITIONAL = 0.05  # share of traditional-only characters that makes Chinese traditional


def detect_language(text: str) -> str | None:
    """The language tag of a text, or None if it has neither Chinese nor Latin letters."""
    han = count_matches(_HAN, text, _NOT_LATIN)  # counted, not listed: a file may be large
    words = count_matches(_LATIN_WORD, text, _NOT_LATIN)
    chinese = han / 1.5  # in English-word equivalents
    if not han and not words:
        return None
    if chinese < MAJORITY * (chinese + words) and words < MAJORITY * (chinese + words):
        return "mixed"
    if words > chinese:
        return "en"
    sample = "".join(m.group() for m in islice(_HAN.finditer(text), 20000))
    traditional = sum(a != b for a, b in zip(sample, fold_han(sample), strict=True))
    return "zh-Hant" if traditional > TRADITIONAL * len(sample) else "zh-Hans"
