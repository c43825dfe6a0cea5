"""Romanisation: Mandarin syllables between Hanyu Pinyin and Wade-Giles.

The syllable table ``data/syllables.tsv`` pairs each of the 412 syllables of standard
Mandarin in Pinyin with its Wade-Giles spelling. From it this module

* reads a written word (``Hsiao-p'ing``, ``Xiaoping``, ``Shushi``, ``ch’i``, ``Lü``) as
  the Pinyin syllables it may stand for. Apostrophes (straight or curly), umlauts and
  tone marks may be missing, as they often are in print, so ``chi`` reads as ji or
  qi and ``chu`` as zhu or ju; a word is cut into the fewest syllables it can be
  (``Xiaoping`` is xiao ping, not xi ao ping);
* writes Pinyin syllables back in either system, as a surname and given name
  (``Deng Xiaoping``, ``Teng Hsiao-p'ing``) or as a place (``Beijing``,
  ``Pei-ching``), with the spellings print also uses (no apostrophes, given names
  joined or split).

The table is read once, on first use. The module knows nothing of names in a query or
of the index: see :mod:`dangan.names`.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

APOSTROPHES = "'’‘ʼʻ`´′"
MAX_READINGS = 32  # the most Pinyin readings kept for one word or name
SYSTEMS = ("pinyin", "wade-giles")


@dataclass(frozen=True)
class SyllableTable:
    """Both directions of the table, and every way a syllable may be written."""

    to_wade_giles: dict[str, str]  # pinyin -> Wade-Giles
    to_pinyin: dict[str, str]  # Wade-Giles (canonical or variant) -> pinyin
    # For each system, a written syllable (normalised) -> the Pinyin syllables it may be.
    spellings: dict[str, dict[str, frozenset[str]]]
    longest: int


def _loose(spelling: str) -> set[str]:
    """A spelling and the forms it takes without its apostrophe, umlaut or circumflex."""
    out = {spelling}
    for old, new in (("'", ""), ("ü", "u"), ("ê", "e")):
        out |= {s.replace(old, new) for s in out}
    return out


@lru_cache(maxsize=1)
def table() -> SyllableTable:
    """The syllable table, read from the package data on first use."""
    to_wg: dict[str, str] = {}
    to_py: dict[str, str] = {}
    spellings: dict[str, dict[str, set[str]]] = {SYSTEMS[0]: {}, SYSTEMS[1]: {}}
    text = (resources.files("dangan") / "data" / "syllables.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        py, wg, *rest = line.split("\t")
        variants = [v for v in (rest[0].split(",") if rest else []) if v]
        to_wg[py] = wg
        to_py[wg] = py
        written_wg: set[str] = set()
        for w in (wg, *variants):
            to_py.setdefault(w, py)
            written_wg |= _loose(w)
        written_py = {py, py.replace("ü", "v"), py.replace("ü", "u")}
        for system, written in zip(SYSTEMS, (written_py, written_wg), strict=True):
            for w in written:
                spellings[system].setdefault(w, set()).add(py)
    return SyllableTable(
        to_wade_giles=to_wg,
        to_pinyin=to_py,
        spellings={
            system: {k: frozenset(v) for k, v in table.items()}
            for system, table in spellings.items()
        },
        longest=max(len(k) for table in spellings.values() for k in table),
    )


def normalise(word: str) -> str:
    """A written word in the form syllables are looked up in.

    Lower case, one straight apostrophe for every kind, tone marks and other accents
    removed except the umlaut of ü (ǚ -> ü) and the circumflex of ê.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", word).casefold()):
        if ch in APOSTROPHES:
            out.append("'")
        elif unicodedata.combining(ch):
            if ch in "\u0308\u0302" and out and out[-1] in "ue":
                out.append(ch)
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def syllable_readings(written: str, system: str | None = None) -> frozenset[str]:
    """The Pinyin syllables one written syllable may stand for, in one system or both."""
    spellings = table().spellings
    key = normalise(written)
    systems = [system] if system else SYSTEMS
    return frozenset().union(*(spellings[s].get(key, frozenset()) for s in systems))


def split_syllables(word: str, system: str) -> list[tuple[str, ...]]:
    """Every way of cutting a written word into the fewest syllables of one system.

    Hyphens and spaces always separate syllables; an apostrophe either belongs to a
    Wade-Giles syllable (p'ing) or separates Pinyin ones (Xi'an). Empty if the word
    is not a run of syllables.
    """
    parts = [p for p in normalise(word).replace("-", " ").split() if p]
    if not parts:
        return []
    cuts = [_split_part(p, system) for p in parts]
    if any(not c for c in cuts):
        return []
    return [tuple(s for cut in combo for s in cut) for combo in itertools.product(*cuts)]


@lru_cache(maxsize=4096)
def _split_part(part: str, system: str) -> tuple[tuple[str, ...], ...]:
    t = table()
    spellings = t.spellings[system]
    n = len(part)
    # best[i] = (fewest syllables for part[:i], the cuts achieving it)
    best: list[tuple[int, list[tuple[str, ...]]] | None] = [None] * (n + 1)
    best[0] = (0, [()])
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        steps: list[tuple[int, str | None]] = []
        if part[i] == "'" and 0 < i < n - 1 and part[i + 1] in "aoe":
            steps.append((i + 1, None))  # Pinyin's syllable separator
        for size in range(1, min(t.longest, n - i) + 1):
            written = part[i : i + size]
            # Pinyin writes an apostrophe before a, o, e inside a word (Xi'an, not Xian).
            if system == SYSTEMS[0] and i and written[0] in "aoe" and part[i - 1] != "'":
                continue
            if written in spellings:
                steps.append((i + size, written))
        for j, syllable in steps:
            count = here[0] + (syllable is not None)
            cuts = [(*c, syllable) if syllable else c for c in here[1]]
            there = best[j]
            if there is None or count < there[0]:
                best[j] = (count, cuts)
            elif count == there[0]:
                there[1].extend(c for c in cuts if c not in there[1])
    end = best[n]
    return tuple(end[1]) if end else ()


def _ordered_readings(written: str, system: str) -> list[str]:
    """A syllable's readings, the one the table gives its spelling first, so that it is
    kept when a long name has more readings than MAX_READINGS."""
    exact = table().to_pinyin.get(written) if system != "pinyin" else None
    return sorted(syllable_readings(written, system), key=lambda r: (r != exact, r))


def word_readings(word: str) -> list[tuple[str, ...]]:
    """The Pinyin syllable sequences a written word may stand for (at most MAX_READINGS).

    All syllables of one word are read in the same system: ``Xiaoping`` is Pinyin
    xiao ping only, never Pinyin xiao and Wade-Giles ping (bing).
    """
    out: dict[tuple[str, ...], None] = {}
    for system in SYSTEMS:
        for cut in split_syllables(word, system):
            options = [_ordered_readings(s, system) for s in cut]
            for reading in itertools.product(*options):
                out[reading] = None
                if len(out) >= MAX_READINGS:
                    return list(out)
    return list(out)


def wade_giles(syllable: str) -> str:
    """The Wade-Giles spelling of one Pinyin syllable (KeyError if it is none)."""
    return table().to_wade_giles[syllable]


def pinyin(syllable: str) -> str:
    """The Pinyin spelling of one Wade-Giles syllable as the table writes it."""
    return table().to_pinyin[syllable]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join_pinyin(syllables: tuple[str, ...]) -> str:
    """Pinyin syllables as one word, with an apostrophe before a, o or e (Xi'an)."""
    out = syllables[0]
    for s in syllables[1:]:
        out += ("'" if s[0] in "aoe" else "") + s
    return out


def pinyin_spellings(syllables: tuple[str, ...], surname: int = 0) -> list[str]:
    """A name (``surname`` syllables first) or place in Pinyin, the standard form first.

    Also the given name or place split into syllables, and joined with no apostrophe.
    """
    head, rest = syllables[:surname], syllables[surname:]
    lead = [_cap("".join(head))] if head else []
    forms = [
        " ".join([*lead, _cap(_join_pinyin(rest))]),
        " ".join([*lead, _cap("".join(rest))]),
        " ".join([*lead, *(_cap(s) for s in rest)]),
    ]
    return list(dict.fromkeys(forms))


def wade_giles_spellings(syllables: tuple[str, ...], surname: int = 0) -> list[str]:
    """A name or place in Wade-Giles, the standard form first (``Teng Hsiao-p'ing``).

    Also without apostrophes, and with the given name joined (``Hsiaop'ing``,
    ``Hsiaoping``).
    """
    wg = [wade_giles(s) for s in syllables]
    head, rest = wg[:surname], wg[surname:]
    lead = [_cap("-".join(head))] if head else []
    forms: list[str] = []
    for sep in ("-", ""):
        standard = " ".join([*lead, _cap(sep.join(rest))])
        forms += [standard, standard.replace("'", "")]
    return list(dict.fromkeys(forms))
