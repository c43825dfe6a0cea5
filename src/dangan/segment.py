"""Chinese word segmentation for ranking: jieba with dangan's user dictionary.

Only the index needs it. A search never segments: a Chinese query is matched as a
sequence of characters, and word matches that boost its rank are looked up as the
query's substrings (see ``search``). The dictionary at ``data/userdict.txt`` adds the
field's terms that jieba cuts wrongly (meetings, campaigns, people); it is read when
the segmenter is first used.
"""

from __future__ import annotations

import logging
import threading
from importlib import resources
from typing import Any

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


def words(run: str) -> list[tuple[str, float]]:
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
