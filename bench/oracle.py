"""The brute-force phrase oracle and the query sets, shared by every engine.

``brute_normalise`` is the definition phrase search is checked against, by the test
suite (tests/test_search.py imports it and the samplers from here) and the
benchmarks: folded text, letters joined by dots made one word, every Han character a
word, every run of anything else one space. A phrase is in a passage when its
normalised form is a substring of the passage's normalised form.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dangan.analysis import text_tokens
from dangan.fold import HAN_CLASS, fold

_NON_HAN_LETTER = rf"[^\W\d_{HAN_CLASS}]"
_ABBREVIATION = re.compile(
    rf"(?<![^\W_{HAN_CLASS}]){_NON_HAN_LETTER}(?:\.{_NON_HAN_LETTER})+\.?(?![^\W_{HAN_CLASS}])"
)
_HAN = re.compile(rf"([{HAN_CLASS}])")
_HAN_ONLY = re.compile(rf"[{HAN_CLASS}]")


def brute_normalise(text: str) -> str:
    """The normalised text a phrase is looked for in, written without the analyzer."""
    text = _ABBREVIATION.sub(lambda m: m.group().replace(".", ""), fold(text))
    text = _HAN.sub(r" \1 ", text)
    return " " + " ".join(re.split(r"[\W_]+", text)).strip() + " "


def brute_force(normalised: dict[str, str], phrase: str) -> set[str]:
    """Ids of the passages whose normalised text contains the normalised phrase."""
    needle = brute_normalise(phrase)
    return {pid for pid, text in normalised.items() if needle in text}


def is_chinese(text: str) -> bool:
    return bool(_HAN_ONLY.search(text))


@dataclass(frozen=True)
class Query:
    """One benchmark query: ``words`` (all must match) or ``phrase`` (in this order)."""

    kind: str  # "words" or "phrase"
    text: str
    lang: str  # "en" or "zh"


def english_phrases(texts: list[str], rng: random.Random, count: int) -> list[str]:
    """Runs of 2-6 English words as a passage has them (the test suite's sampler)."""
    english = [t for t in texts if len(re.findall(r"[A-Za-z0-9]+", t)) >= 6]
    phrases: list[str] = []
    while english and len(phrases) < count:
        words = re.findall(r"[A-Za-z0-9]+", rng.choice(english))
        n = rng.randint(2, 6)
        start = rng.randrange(len(words) - n + 1)
        phrases.append(" ".join(words[start : start + n]))
    return phrases


def chinese_phrases(texts: list[str], rng: random.Random, count: int) -> list[str]:
    """Runs of 2-8 Han characters as the text has them (punctuation between them kept),
    a third converted to traditional and a third to simplified characters."""
    import opencc

    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    chinese = [t for t in texts if sum(tok.han for tok in text_tokens(t)) >= 8]
    phrases: list[str] = []
    while chinese and len(phrases) < count:
        text = rng.choice(chinese)
        tokens = text_tokens(text)
        n = rng.randint(2, 8)
        start = rng.randrange(len(tokens) - n + 1)
        window = tokens[start : start + n]
        if not all(t.han for t in window):
            continue
        phrase = text[window[0].start : window[-1].end]
        convert = rng.choice([None, s2t, t2s])
        phrases.append(convert.convert(phrase) if convert else phrase)
    return phrases


# Word queries a historian types: present in the shared corpora, from rare to common.
ENGLISH_WORDS = (
    "recognition Peking",
    "United Nations",
    "Chou En-lai",
    "trade",
    "Taiwan Formosa",
    "ambassador Warsaw",
    "wheat sales",
    "Colombo Plan",
    "Mao Tse-tung",
    "seat",
)
CHINESE_WORDS = (
    "帝国主义",
    "革命战争",
    "农民",
    "统一战线",
    "官场",
    "抗日",
    "游击战争",
    "共产党",
    "厚黑",
    "人民",
)
COLD_ENGLISH = Query("words", "United Nations", "en")
COLD_CHINESE = Query("words", "帝国主义", "zh")


def query_set(texts: Iterable[str], seed: int, phrases_per_language: int) -> list[Query]:
    """Word queries of both languages plus phrases sampled from the passages."""
    texts = sorted(texts)
    rng = random.Random(seed)
    queries = [Query("words", q, "en") for q in ENGLISH_WORDS]
    queries += [Query("words", q, "zh") for q in CHINESE_WORDS]
    queries += [Query("phrase", p, "en") for p in english_phrases(texts, rng, phrases_per_language)]
    queries += [Query("phrase", p, "zh") for p in chinese_phrases(texts, rng, phrases_per_language)]
    return queries


def differential_queries(texts: Iterable[str], seed: int, count: int) -> list[str]:
    """Queries as people type them, drawn from the passages: a word, two words, a
    prefix, a quoted phrase in either language, and unquoted Chinese."""
    texts = sorted(texts)
    rng = random.Random(seed)
    english = english_phrases(texts, rng, count)
    chinese = chinese_phrases(texts, rng, count)
    queries: list[str] = []
    for n in range(count):
        words = english[n].split()
        kind = n % 6
        if kind == 0:
            queries.append(words[0])
        elif kind == 1:
            queries.append(" ".join(words[:2]))
        elif kind == 2:
            queries.append(f"{words[-1][:3]}*" if len(words[-1]) >= 3 else words[-1])
        elif kind == 3:
            queries.append(f'"{english[n]}"')
        elif kind == 4:
            queries.append(f'"{chinese[n]}"')
        else:
            queries.append("".join(_HAN_ONLY.findall(chinese[n]))[:4] or chinese[n])
    return queries


def same_first_hits(a: list[tuple[float, str]], b: list[tuple[float, str]]) -> bool:
    """Whether two first pages of (score, passage id) agree, ties aside: the same
    scores in the same order, and the same passages at every score but the lowest
    (whose ties the page may cut anywhere)."""
    if len(a) != len(b) or any(
        abs(x - y) > 1e-9 * max(1.0, abs(x)) for (x, _), (y, _) in zip(a, b, strict=True)
    ):
        return False
    lowest = a[-1][0] if a else 0.0
    group_a = {(round(s, 9), p) for s, p in a if s != lowest}
    group_b = {(round(s, 9), p) for s, p in b if s != b[-1][0]}
    return group_a == group_b
