"""Romanized forms of Chinese titles, names and publishers, as Chicago cites them.

Hanyu Pinyin without tone marks, written by words (jieba's cut: 中国社会各阶级的分析 is
"Zhongguo shehui ge jieji de fenxi"), sentence style: only the first word and proper
nouns (people, places, organisations, as jieba tags them) capitalised; a person's name
is the surname, then the given name as one word (毛泽东 "Mao Zedong"). They are made at
cleaning time and stored with the document's metadata, so that citing never loads
jieba or pypinyin. A collection file or sidecar may give any form itself (its
``romanized`` table), which wins. Machine romanization is a draft a historian may
correct there: polyphonic characters follow pypinyin's reading in context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..fold import HAN_CLASS, fold_han

HAN = re.compile(f"[{HAN_CLASS}]")
_PROPER = ("nr", "ns", "nt", "nz", "nrt", "nrfg")
_PUNCTUATION = str.maketrans(
    {
        "，": ", ",
        "、": ", ",
        "：": ": ",
        "；": "; ",
        "？": "?",
        "！": "!",
        "（": " (",
        "）": ") ",
        "《": "“",
        "》": "”",
        "〈": "‘",
        "〉": "’",
        "「": "“",
        "」": "”",
        "『": "‘",
        "』": "’",
        "。": ". ",
        "·": " ",
    }
)


def _pinyin(chars: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [str(s) for s in lazy_pinyin(chars, style=Style.NORMAL, v_to_u=True)]


def _word(chars: str) -> str:
    """One word's syllables joined, with an apostrophe before a syllable that starts
    with a, o or e (Xi’an)."""
    out = ""
    for syllable in _pinyin(chars):
        out += ("’" if out and syllable[:1] in "aoe" and HAN.match(chars[0]) else "") + syllable
    return out


def romanize_name(name: str) -> str:
    """A Chinese personal name: surname (compound ones too), then the given name."""
    from ..names import surnames

    chars = "".join(HAN.findall(name))
    if not chars:
        return name
    simple = fold_han(chars)
    split = 2 if len(chars) > 2 and len(surnames().get(simple[:2], ())) == 2 else 1
    given = _word(chars[split:])
    family = _word(chars[:split]).capitalize()
    return f"{family} {given.capitalize()}" if given else family


@lru_cache(maxsize=1)
def _tagger() -> Any:
    """jieba's part-of-speech tagger over dangan's segmenter, made once per process (it
    reads the dictionary's tags); thread-safe for reading, as jieba's own default is."""
    import jieba.posseg

    from ..analysis import _segmenter

    return jieba.posseg.POSTokenizer(_segmenter())


def romanize_title(title: str) -> str:
    """A title (or a publisher's or book's name) in Pinyin, sentence style."""
    tagger = _tagger()
    words: list[str] = []
    offset = 0
    for pair in tagger.cut(fold_han(title)):
        piece = title[offset : offset + len(pair.word)]
        offset += len(pair.word)
        if not HAN.search(piece):
            words.append(piece.translate(_PUNCTUATION))
        elif "·" in title[max(0, offset - len(piece) - 1) : offset + 1]:  # a foreign name
            words.append(_word(piece).capitalize())
        elif pair.flag in ("nr", "nrfg") and 2 <= len(piece) <= 3:
            words.append(romanize_name(piece))
        else:
            word = _word(piece)
            words.append(word.capitalize() if pair.flag in _PROPER else word)
    text = " ".join(words)
    text = re.sub(r"\s+([,.;:?!)”’])", r"\1", re.sub(r"([(“‘])\s+", r"\1", text))
    text = re.sub(r"\s+", " ", text).strip()
    return text[:1].upper() + text[1:]


def romanized_forms(
    titles: Iterable[str | None], names: Iterable[str], given: Mapping[str, Any] | None
) -> tuple[tuple[str, str], ...]:
    """(original, romanized) for every text with Chinese characters: a form the
    collection file or sidecar gives, else one made here."""
    given = dict(given or {})
    out: dict[str, str] = {}
    for text, make in [
        *((t, romanize_title) for t in titles if t),
        *((n, romanize_name) for n in names),
    ]:
        if text not in out and HAN.search(text):
            out[text] = str(given.get(text) or make(text))
    return tuple(out.items())
