"""The analyzer as it was before its fast path: the reference the fast path must equal.

This is dangan's earlier, slow implementation, kept only for tests and ``bench/analysis``:
folding with OpenCC one character at a time, a scan that makes one token per regex
match (every Han character a match), jieba's own cut with the user dictionary's words
added at the frequency jieba suggests, and the sub-words looked up one substring at a
time. Tokens are the frozen dataclass they were. The stemmer is dangan's
(:func:`dangan.analysis.stem_word`), which did not change.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dangan.analysis import SUBWORD_BOOST, stem_word
from dangan.clean import clean_file
from dangan.corpus import find_sources
from dangan.errors import CorpusError
from dangan.fold import HAN_CLASS, fold_word, is_han
from dangan.passages import split


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    stem: str
    start: int
    end: int
    han: bool


_LETTER = rf"[^\W\d_{HAN_CLASS}]"
_NOT_AFTER = rf"(?![^\W_{HAN_CLASS}])"
_ABBREVIATION = rf"{_LETTER}(?:[.\uff0e]{_LETTER})+[.\uff0e]?{_NOT_AFTER}"
_TOKEN = re.compile(
    rf"(?P<abbr>{_ABBREVIATION})|(?P<han>[{HAN_CLASS}])|(?P<word>[^\W_{HAN_CLASS}]+)"
)
_PIECE = re.compile(rf"(?P<han>[{HAN_CLASS}])|(?P<word>[^\W_{HAN_CLASS}]+)")

_lock = threading.Lock()
_state: dict[str, Any] = {}


def _t2s() -> Any:
    with _lock:
        if "opencc" not in _state:
            import opencc

            _state["opencc"] = opencc.OpenCC("t2s")
    return _state["opencc"]


class _SimplifiedTable(dict[int, str]):
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
    """Per-character OpenCC, each character converted (and remembered) on first sight."""
    return text.translate(_SIMPLIFIED)


def segmenter() -> Any:
    """jieba's tokenizer with the user dictionary's words at jieba's own frequencies, as
    ``load_userdict`` gave them when the file had no frequencies."""
    with _lock:
        if "jieba" not in _state:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            userdict = resources.files("dangan") / "data" / "userdict.txt"
            for line in userdict.read_text(encoding="utf-8").splitlines():
                word, _freq, *tag = line.split()
                tokenizer.add_word(word, None, tag[0] if tag else None)
            _state["jieba"] = tokenizer
    return _state["jieba"]


def segment_words(run: str) -> list[tuple[str, float]]:
    tokenizer = segmenter()
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


def _pieces(folded: str) -> Iterator[tuple[str, bool]]:
    for m in _PIECE.finditer(folded):
        if m.lastgroup == "han":
            yield fold_han(m.group()), True
        else:
            yield m.group(), False


@lru_cache(maxsize=16)
def _scan(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind, raw, start, end = m.lastgroup, m.group(), m.start(), m.end()
        if kind == "han":
            ch = fold_han(raw)
            tokens.append(Token(ch, ch, start, end, True))
            continue
        if kind == "abbr":
            raw = raw.replace(".", "").replace("\uff0e", "")
        folded = fold_word(raw)
        if folded.isalnum() and folded.isascii():
            tokens.append(Token(folded, stem_word(folded), start, end, False))
            continue
        for piece, han in _pieces(folded):
            tokens.append(Token(piece, piece if han else stem_word(piece), start, end, han))
    return tuple(tokens)


def text_tokens(text: str) -> list[Token]:
    return list(_scan(text))


def han_runs(tokens: list[Token] | tuple[Token, ...]) -> Iterator[str]:
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
    tokens = _scan(text)
    for t in tokens:
        if not t.han:
            yield t.stem, 1.0
    for run in han_runs(tokens):
        yield from segment_words(run)


def cleaned_passages(corpora: Path, every: int = 1) -> list[str]:
    """What both are compared and timed on: the cleaned text of the passages of every
    ``every``-th source file of the corpora."""
    texts = []
    for source in list(find_sources([corpora]))[::every]:
        try:
            doc = clean_file(source)
        except CorpusError:
            continue
        texts.extend(p.text for p in split(doc))
    return texts
