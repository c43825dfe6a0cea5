"""The bilingual analyzer: what a text's tokens are, for both index fields.

Two token streams are made from a text:

* **exact** (positional, for phrases and exact words): every Han character is a token
  of its own, and every run of other letters and digits is a word; abbreviations
  written with dots are one word (U.S. -> us, P.R.C. -> prc). Tokens are folded
  (:mod:`dangan.fold`), so 七千人大會, 七千人大会 and ＧＡＯ match their other forms.
  Because Chinese is indexed character by character, a quoted Chinese phrase matches
  wherever its characters stand, however jieba would cut the sentence.
* **words** (for ranking): English words by their stem (:func:`stem_word`), and runs of
  Han characters cut into words by jieba with dangan's user dictionary
  (``data/userdict.txt``: meetings, campaigns and people jieba cuts wrongly).

Only the index needs jieba: this module owns the process's ``jieba.Tokenizer`` and
loads it, with the user dictionary, when a Han text is first indexed. A search never
segments: a Chinese query is matched as a sequence of characters, and the word matches
that boost its rank are the query's substrings looked up in the words stream.

Positions are ordinals of the exact stream; character offsets point into the text as
given, before folding, so highlights mark the source's own spelling. No stop words are
removed: "May", "US" and "who" are content words in this field, and phrases must be
exact.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from whoosh.lang.snowball.english import EnglishStemmer

from .fold import HAN_CLASS, fold_han, fold_word

_LETTER = rf"[^\W\d_{HAN_CLASS}]"  # a letter of any script but Han
_NOT_AFTER = rf"(?![^\W_{HAN_CLASS}])"  # no letter or digit follows
_ABBREVIATION = rf"{_LETTER}(?:[.\uff0e]{_LETTER})+[.\uff0e]?{_NOT_AFTER}"
_TOKEN = re.compile(
    rf"(?P<abbr>{_ABBREVIATION})|(?P<han>[{HAN_CLASS}])|(?P<word>[^\W_{HAN_CLASS}]+)"
)
_PIECE = re.compile(rf"(?P<han>[{HAN_CLASS}])|(?P<word>[^\W_{HAN_CLASS}]+)")

# British spellings folded to American before stemming (labour -> labor, -ise -> -ize).
_OUR = re.compile(
    r"^(ardo|armo|behavio|cando|clamo|colo|endeavo|favo|fervo|glamo|harbo|hono|humo|labo|"
    r"neighbo|odo|parlo|rigo|rumo|savio|savo|splendo|tumo|valo|vigo)ur"
)
_ISE = re.compile(r"^(\w{3,})is(e|ed|es|ing|ation|ations|er|ers)$")
_TRE = {"centre": "center", "centres": "centers", "theatre": "theater", "theatres": "theaters"}
_CE = {"defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense"}

_stemmer = EnglishStemmer()

SUBWORD_BOOST = 0.25
"""Weight of a word found inside a longer word (人大 in 七千人大会): it matches, but ranks
below the same word standing on its own."""

_lock = threading.Lock()
_jieba: Any = None


def _segmenter() -> Any:
    """The process's jieba tokenizer with the user dictionary, made on first use."""
    global _jieba
    with _lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            userdict = resources.files("dangan") / "data" / "userdict.txt"
            with resources.as_file(userdict) as path:
                tokenizer.load_userdict(str(path))
            _jieba = tokenizer
    return _jieba


def segment_words(run: str) -> list[tuple[str, float]]:
    """The words of a run of (simplified) Han characters, each with its weight.

    Every word of jieba's cut has weight 1; the dictionary words of two and three
    characters inside a longer word follow it with :data:`SUBWORD_BOOST`.
    """
    tokenizer = _segmenter()
    known = tokenizer.FREQ
    out: list[tuple[str, float]] = []
    for word in tokenizer.cut(run, HMM=True):
        out.append((word, 1.0))
        for size in (2, 3):
            if len(word) > size:
                out.extend(
                    (word[i : i + size], SUBWORD_BOOST)
                    for i in range(len(word) - size + 1)
                    if known.get(word[i : i + size])
                )
    return out


@lru_cache(maxsize=65536)
def stem_word(word: str) -> str:
    """The stem of one folded word (Porter2, with British spellings made American).

    Left alone: words of three letters or fewer ("was", "Kao", "us"), words with
    digits ("1950s") and words that are not plain ASCII letters (Chinese, Russian).
    """
    word = word.lower()
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    word = _TRE.get(word) or _CE.get(word) or _ISE.sub(r"\1iz\2", _OUR.sub(r"\1r", word))
    return str(_stemmer.stem(word))


@dataclass(frozen=True, slots=True)
class TextToken:
    """One token of the exact stream: folded text, stem, offsets into the text."""

    text: str
    stem: str
    start: int
    end: int
    han: bool


def _pieces(folded: str) -> Iterator[tuple[str, bool]]:
    """A folded token, split again where folding made several of one (½ -> 1⁄2)."""
    for m in _PIECE.finditer(folded):
        if m.lastgroup == "han":
            yield fold_han(m.group()), True
        else:
            yield m.group(), False


@lru_cache(maxsize=16)
def _scan(text: str) -> tuple[TextToken, ...]:
    tokens: list[TextToken] = []
    for m in _TOKEN.finditer(text):
        kind, raw, start, end = m.lastgroup, m.group(), m.start(), m.end()
        if kind == "han":
            ch = fold_han(raw)
            tokens.append(TextToken(ch, ch, start, end, True))
            continue
        if kind == "abbr":
            raw = raw.replace(".", "").replace("\uff0e", "")
        folded = fold_word(raw)
        if folded.isalnum() and folded.isascii():
            tokens.append(TextToken(folded, stem_word(folded), start, end, False))
            continue
        for piece, han in _pieces(folded):
            tokens.append(TextToken(piece, piece if han else stem_word(piece), start, end, han))
    return tuple(tokens)


def text_tokens(text: str) -> list[TextToken]:
    """Every token of the exact stream of a text, in order."""
    return list(_scan(text))


def han_runs(tokens: list[TextToken] | tuple[TextToken, ...]) -> Iterator[str]:
    """The folded text of each run of Han tokens that stand side by side in the text."""
    run: list[str] = []
    last_end = -1
    for t in tokens:
        if t.han and (not run or t.start == last_end):
            run.append(t.text)
        else:
            if run:
                yield "".join(run)
            run = [t.text] if t.han else []
        last_end = t.end
    if run:
        yield "".join(run)


def word_terms(text: str) -> Iterator[tuple[str, float]]:
    """The words stream: English stems and jieba's words, each with its weight."""
    tokens = _scan(text)
    for t in tokens:
        if not t.han:
            yield t.stem, 1.0
    for run in han_runs(tokens):
        yield from segment_words(run)
