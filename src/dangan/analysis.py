"""The bilingual analyzer: what a text's tokens are, for both index fields.

Two token streams are made from a text:

* **exact** (positional, for phrases and exact words): every Han character is a token
  of its own, and every run of other letters and digits is a word; abbreviations
  written with dots are one word (U.S. -> us, P.R.C. -> prc). Tokens are folded
  (:mod:`dangan.fold`), so 七千人大會, 七千人大会 and ＧＡＯ match their other forms.
  Because Chinese is indexed character by character, a quoted Chinese phrase matches
  wherever its characters stand, however jieba would cut the sentence.
* **words** (for ranking): English words by their stem (:func:`stem_word`), and runs of
  Han characters cut into words with jieba's dictionary and dangan's user dictionary
  (``data/userdict.txt``: meetings, campaigns and people jieba cuts wrongly).

Only the index needs the cut: this module owns the process's cutter, rjieba (jieba's
algorithm and dictionary in Rust: the same cuts as jieba on every Han run of the shared
corpora, ten times as fast), and loads it, with the user dictionary, when a Han text is
first indexed; it also owns jieba's own ``jieba.Tokenizer`` with the same dictionaries,
for the part-of-speech tagger that romanises titles. A search never segments: a Chinese
query is matched as a sequence of characters, and the word matches that boost its rank
are the query's substrings looked up in the words stream.

A text is scanned once (:func:`_analyse`, cached for the few texts being indexed at a
time): tokens, stems and Han runs come from one pass, Han runs whole (one fold of the
run, its tokens made without a Python step per character), words through a cache of
their folds and stems.

Positions are ordinals of the exact stream; character offsets point into the text as
given, before folding, so highlights mark the source's own spelling. No stop words are
removed: "May", "US" and "who" are content words in this field, and phrases must be
exact.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib import resources
from itertools import chain, repeat
from typing import Any, NamedTuple, cast

from whoosh.lang.snowball.english import EnglishStemmer

from .fold import HAN_CLASS, fold_han, fold_word

_LETTER = rf"[^\W\d_{HAN_CLASS}]"  # a letter of any script but Han
_NOT_AFTER = rf"(?![^\W_{HAN_CLASS}])"  # no letter or digit follows
_ABBREVIATION = rf"{_LETTER}(?:[.\uff0e]{_LETTER})+[.\uff0e]?{_NOT_AFTER}"
# A run of Han characters is one match: each character of it is a token of its own.
_TOKEN = re.compile(
    rf"(?P<abbr>{_ABBREVIATION})|(?P<han>[{HAN_CLASS}]+)|(?P<word>[^\W_{HAN_CLASS}]+)"
)
_PIECE = re.compile(rf"(?P<han>[{HAN_CLASS}])|(?P<word>[^\W_{HAN_CLASS}]+)")
# A character jieba's cut does not look at (it gives each as a word of its own), or the
# line break that parts two runs of Han characters in one call of the cut.
_NOT_CUT = re.compile("([^\u4e00-\u9fd5\n])")

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
_rjieba: Any = None


def _userdict() -> Iterator[tuple[str, int, str | None]]:
    """The user dictionary's words, each with its frequency and its tag (if any)."""
    text = (resources.files("dangan") / "data" / "userdict.txt").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) < 2 or not fields[1].isdigit():
            raise ValueError(f"userdict.txt line {number}: want 'word frequency [tag]': {line!r}")
        yield fields[0], int(fields[1]), fields[2] if len(fields) > 2 else None


def _segmenter() -> Any:
    """The process's jieba tokenizer with the user dictionary, made on first use."""
    global _jieba
    with _lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word, freq, tag in _userdict():
                tokenizer.add_word(word, freq, tag)
            _jieba = tokenizer
    return _jieba


def _cutter() -> Any:
    """The process's rjieba cutter with the user dictionary, made on first use. The
    user dictionary gives each word the frequency jieba would suggest for it, so that
    both build the same dictionary."""
    global _rjieba
    if _rjieba is not None:  # made once; read without the lock
        return _rjieba
    with _lock:
        if _rjieba is None:
            import rjieba

            cutter = rjieba.Jieba()
            for word, freq, tag in _userdict():
                cutter.add_word(word, freq, tag)
            _rjieba = cutter
    return _rjieba


@lru_cache(maxsize=32768)
def _weighted(word: str) -> tuple[tuple[str, float], ...]:
    """A word of the cut with weight 1, followed by the dictionary words of two and
    three characters inside it with :data:`SUBWORD_BOOST`; nothing for the line breaks
    between runs. Cached: a corpus has tens of thousands of distinct words in millions
    of places, so each word's substrings are looked up once."""
    if word.isspace():
        return ()
    if len(word) <= 2:
        return ((word, 1.0),)
    known = _cutter().has_word
    subwords = [
        (word[i : i + size], SUBWORD_BOOST)
        for size in (2, 3)
        if len(word) > size
        for i in range(len(word) - size + 1)
        if known(word[i : i + size])
    ]
    return ((word, 1.0), *subwords)


def _segment(runs: Iterable[str]) -> Iterator[tuple[str, float]]:
    """The words of runs of (simplified) Han characters, each with its weight, from one
    call of the cut: the runs are joined by line breaks, which it never cuts across, and
    a character jieba does not cut stands between line breaks too, so that it is a word
    of its own, as jieba gives it."""
    text = _NOT_CUT.sub("\n\\1\n", "\n".join(runs))
    return chain.from_iterable(map(_weighted, _cutter().cut(text, True)))


def segment_words(run: str) -> list[tuple[str, float]]:
    """The words of a run of (simplified) Han characters, each with its weight.

    Every word of jieba's cut has weight 1; the dictionary words of two and three
    characters inside a longer word follow it with :data:`SUBWORD_BOOST`.
    """
    return list(_segment((run,)))


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


class TextToken(NamedTuple):
    """One token of the exact stream: folded text, stem, offsets into the text."""

    text: str
    stem: str
    start: int
    end: int
    han: bool


_Fields = tuple[str, str, int, int, bool]  # a token's fields, in TextToken's order

# A token from a plain tuple of its fields, in C (NamedTuple's own __new__ is Python).
_token = cast(Callable[[_Fields], TextToken], partial(tuple.__new__, TextToken))


def _pieces(folded: str) -> Iterator[tuple[str, bool]]:
    """A folded token, split again where folding made several of one (½ -> 1⁄2)."""
    for m in _PIECE.finditer(folded):
        if m.lastgroup == "han":
            yield fold_han(m.group()), True
        else:
            yield m.group(), False


@lru_cache(maxsize=16384)
def _word(raw: str) -> tuple[tuple[str, str, bool], ...]:
    """The tokens one word of the text makes: (folded text, stem, whether Han) each.
    Cached, as words repeat (10,536 distinct in the 245,268 of the shared corpora)."""
    folded = fold_word(raw)
    if folded.isalnum() and folded.isascii():
        return ((folded, stem_word(folded), False),)
    return tuple((p, p if han else stem_word(p), han) for p, han in _pieces(folded))


@dataclass(frozen=True, slots=True)
class _Analysis:
    """What one scan of a text gives: its tokens' fields (plain tuples, which are made
    several times faster than tokens: indexing reads these), the stems of its non-Han
    tokens, and its runs of Han characters (as :func:`han_runs` joins them)."""

    fields: tuple[_Fields, ...]
    stems: tuple[str, ...]
    runs: tuple[str, ...]


@lru_cache(maxsize=16)
def _analyse(text: str) -> _Analysis:
    fields: list[_Fields] = []
    pieces: list[tuple[str, int, int, bool]] = []  # a Han run whole, or a word's token
    stems: list[str] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if m.lastgroup == "han":
            folded = fold_han(m.group())
            chars = list(folded)  # one string per character, shared by text and stem
            spans = range(start, end), range(start + 1, end + 1)
            fields.extend(zip(chars, chars, *spans, repeat(True)))
            pieces.append((folded, start, end, True))
            continue
        raw = m.group()
        if m.lastgroup == "abbr":
            raw = raw.replace(".", "").replace("\uff0e", "")
        for piece, stem, han in _word(raw):
            fields.append((piece, stem, start, end, han))
            pieces.append((piece, start, end, han))
            if not han:
                stems.append(stem)
    return _Analysis(tuple(fields), tuple(stems), tuple(_join_runs(pieces)))


def token_fields(text: str) -> tuple[tuple[str, str, int, int, bool], ...]:
    """The exact stream's tokens as plain (text, stem, start, end, han) tuples: what
    :func:`text_tokens` gives, without making a :class:`TextToken` of each (the index's
    tokenizer reads these)."""
    return _analyse(text).fields


def text_tokens(text: str) -> list[TextToken]:
    """Every token of the exact stream of a text, in order."""
    return list(map(_token, _analyse(text).fields))


def _join_runs(pieces: Iterable[tuple[str, int, int, bool]]) -> Iterator[str]:
    """Han texts (text, start, end, whether Han) joined where one ends where the next
    starts; anything that is not Han between them ends a run."""
    run: list[str] = []
    last_end = -1
    for text, start, end, han in pieces:
        if han and (not run or start == last_end):
            run.append(text)
        else:
            if run:
                yield "".join(run)
            run = [text] if han else []
        last_end = end
    if run:
        yield "".join(run)


def han_runs(tokens: list[TextToken] | tuple[TextToken, ...]) -> Iterator[str]:
    """The folded text of each run of Han tokens that stand side by side in the text."""
    return _join_runs((t.text, t.start, t.end, t.han) for t in tokens)


def word_terms(text: str) -> Iterator[tuple[str, float]]:
    """The words stream: English stems and jieba's words, each with its weight."""
    analysis = _analyse(text)
    return chain(zip(analysis.stems, repeat(1.0)), _segment(analysis.runs))
