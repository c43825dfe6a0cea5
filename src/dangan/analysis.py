"""The bilingual analyzer: English and Chinese text to Whoosh tokens.

It owns tokenization (jieba for runs of Han characters, word characters for everything
else), case folding and the conservative English stemmer. Positions are token
ordinals and character offsets point into the text as given, so phrase queries and
highlights are exact. It owns its own ``jieba.Tokenizer`` and loads it on first use.
It does not read the corpus or open an index.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem

_HAN_RUN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
_WORD = r"[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
_TOKEN = re.compile(rf"(?P<han>{_HAN_RUN})|(?P<word>{_WORD})")

_jieba_lock = threading.Lock()
_jieba: Any = None


def _segmenter() -> Any:
    """The process's jieba tokenizer, initialised on first use."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _jieba = tokenizer
    return _jieba


def segment(han: str) -> list[tuple[str, int, int]]:
    """Cut a run of Han characters into words, with offsets into the run."""
    return [(w, s, e) for w, s, e in _segmenter().tokenize(han, HMM=True)]


class BilingualTokenizer(Tokenizer):
    """Words of Latin and other scripts as they are; Han runs segmented by jieba.

    Honours Whoosh's tokenizer contract: ``pos`` counts from ``start_pos``, character
    offsets are shifted by ``start_char``, ``tokenize=False`` yields the whole value.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for m in _TOKEN.finditer(value):
            if m.lastgroup == "han":
                pieces = [(w, m.start() + s, m.start() + e) for w, s, e in segment(m.group())]
            else:
                pieces = [(m.group(), m.start(), m.end())]
            for word, start, end in pieces:
                t.text = word
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = word
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar, t.endchar = start_char + start, start_char + end
                pos += 1
                yield t


@lru_cache(maxsize=65536)
def stem_word(word: str) -> str:
    """The stem of one word, folded to lower case.

    Left alone: words of three letters or fewer ("was", "Kao"), abbreviations written
    in capitals ("PRC", "CCP"), words with digits, and anything not plain ASCII letters
    (Chinese, romanisations with diacritics).
    """
    lower = word.lower()
    if len(word) <= 3 or not word.isascii() or not word.isalpha() or word.isupper():
        return lower
    return str(porter_stem(lower))


class ConservativeStemFilter(Filter):
    """Stems English words with :func:`stem_word`; must run before case folding."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = stem_word(t.text)
            yield t


def word_analyzer() -> Any:
    """Exact words, case-folded: phrases and exact word matches."""
    return BilingualTokenizer() | LowercaseFilter()


def stem_analyzer() -> Any:
    """Stemmed words: unquoted English words match their inflections."""
    return BilingualTokenizer() | ConservativeStemFilter()


@dataclass(frozen=True)
class TextToken:
    """A token of a text, for matching and highlighting: folded text, stem, offsets."""

    text: str
    stem: str
    start: int
    end: int


def text_tokens(text: str) -> list[TextToken]:
    """Every token of a text in order, with its folded form, stem and offsets."""
    return [
        TextToken(t.text.lower(), stem_word(t.text), t.startchar, t.endchar)
        for t in BilingualTokenizer()(text, chars=True)
    ]
