"""The language of a cleaned text: en, zh-Hans, zh-Hant or mixed.

Counted, not guessed from a model: Han characters against words of Latin letters,
and among the Han characters those that only traditional writing uses (the ones that
fold to another character from traditional to simplified).
"""

from __future__ import annotations

import re

from ..fold import HAN_CLASS, fold_han

_HAN = re.compile(f"[{HAN_CLASS}]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
MAJORITY = 0.8  # share of the text one language must have to be the language
TRADITIONAL = 0.05  # share of traditional-only characters that makes Chinese traditional


def detect_language(text: str) -> str | None:
    """The language tag of a text, or None if it has neither Chinese nor Latin letters."""
    han = _HAN.findall(text)
    words = len(_LATIN_WORD.findall(text))
    chinese = len(han) / 1.5  # in English-word equivalents
    if not han and not words:
        return None
    if chinese < MAJORITY * (chinese + words) and words < MAJORITY * (chinese + words):
        return "mixed"
    if words > chinese:
        return "en"
    sample = "".join(han[:20000])
    traditional = sum(a != b for a, b in zip(sample, fold_han(sample), strict=True))
    return "zh-Hant" if traditional > TRADITIONAL * len(sample) else "zh-Hans"
