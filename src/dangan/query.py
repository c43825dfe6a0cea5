"""The query language, parsed into a small tree that knows nothing of Whoosh.

    query    := or_expr
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := near (["AND"] near)*       terms side by side must all match
    near     := unary (NEAR["/"N] unary)*   within N words (default 10), any order
    unary    := ("NOT" | "-") unary | primary
    primary  := "(" or_expr ")" | FIELD ":" primary | FILTER ":" VALUE | atom
    atom     := WORD | WORD "*" | '"' words '"' ["~" N]

Operators are upper case; lower-case "or", "not" and "and" are ordinary words. Quotes
may be straight, curly, full-width or corner brackets (「」『』); parentheses may be
full-width. ``FIELD`` is one of :data:`FIELDS`. A ``*`` at the end of a word asks for
every word that starts so (English and other alphabetic scripts only; the shortest
prefix is :data:`MIN_PREFIX` letters). The query is put in Unicode NFC, as indexed
texts are. A malformed or oversized query raises :class:`~dangan.errors.QueryError`
with one line saying how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import QueryError
from .fold import HAN_CLASS

if TYPE_CHECKING:
    from .names import NameExpansion

FIELDS = ("title", "collection")
FILTERS = ("date", "lang", "type")
"""Fields whose value is not searched as text but narrows the documents (see
:mod:`dangan.filters`): ``date:1958-08..1958-10``, ``lang:zh``, ``type:memorandum``."""
MAX_QUERY_CHARS = 2000
MAX_NESTING = 32  # parentheses and fields inside one another
MIN_PREFIX = 2
DEFAULT_NEAR = 10
MAX_NEAR = 1000

# Opening quote -> the characters that may close it.
_CLOSERS = {'"': '"', "“": '”"', "＂": "＂", "「": "」", "『": "』"}
_STRAY_CLOSERS = "”」』"
_OPEN = "(（"
_CLOSE = ")）"
_WORD = re.compile(r"[^\s\"“”＂「」『』()（）]+")
_NEAR = re.compile(r"NEAR(?:/(\d+))?")
_SLOP = re.compile(r"~(\d+)?(?=[\s()（）]|$)")
_BAD_SLOP = re.compile(r"~\S+")
_UNSUPPORTED = (
    (re.compile(r"[^\W\d_]~\d*$"), "fuzzy matching (word~) is not supported: "
     "search for the spellings you expect, joined by OR"),
    (re.compile(r"\^\d"), "boosts (word^2) are not supported: drop the ^ and its number"),
    (re.compile(r"^[\[{].*\bTO\b|^[\[{]"), "ranges in brackets are not supported: "
     "for dates use date:1958..1960"),
    (re.compile(r"^\*"), "a * can only end a word (confer*), not begin it"),
    (re.compile(r"[^\W\d_]\?[^\W\d_]|[^\W\d_]\*[^\W\d_]"),
     "wildcards inside a word are not supported: put * at its end (confer*)"),
    (re.compile(r"^~"), "a ~ follows a quoted phrase with a number of words: \"a b\"~10"),
    (re.compile(r"^NEAR/"), "NEAR/ takes a number of words: NEAR/10"),
    (re.compile(r"^(\|\||&&|!)$"), "operators are the words OR, AND and NOT (or -word)"),
)  # fmt: skip
_FIELD = re.compile(r"([A-Za-z_]+)[:：](.*)", re.S)
_PREFIX_WORD = re.compile(rf"[^\W_{HAN_CLASS}]+")
_HAN = re.compile(rf"[{HAN_CLASS}]")


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str  # without the "*"


@dataclass(frozen=True)
class Field:
    name: str
    node: Node


@dataclass(frozen=True)
class Filter:
    """A filter field and its value as typed (``date``, ``1958-08..1958-10``)."""

    name: str
    value: str


@dataclass(frozen=True)
class Near:
    """Words or phrases that must stand within ``slop`` words of each other, in any
    order (``"Chou Kissinger"~10``, ``Chou NEAR/10 Kissinger``)."""

    nodes: tuple[Word | Phrase, ...]
    slop: int


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Name:
    """A name and its other spellings (made by :func:`dangan.names.expand`, never parsed).

    ``node`` is the name as typed (a Word, a Phrase or an And of Words); each of
    ``spellings`` is searched as a phrase too; ``names`` says what was recognised.
    With ``together`` (a name of the gazetteer), the words typed must stand together,
    in order; otherwise (a name read from its syllables, which may be two surnames:
    Liu Gao) they match as words do.
    """

    node: Word | Phrase | And
    spellings: tuple[str, ...]
    names: tuple[NameExpansion, ...] = ()
    together: bool = True

    def typed(self) -> Word | Phrase:
        """The name as typed, as one leaf: the words of an And as a phrase."""
        if isinstance(self.node, And):
            return Phrase(" ".join(n.text for n in self.node.nodes if isinstance(n, Word)))
        return self.node


Leaf = Word | Phrase | Prefix
Node = Word | Phrase | Prefix | Field | Filter | Near | Not | And | Or | Name


def _closing_quote(text: str, i: int) -> int:
    ch = text[i]
    end = next((j for j in range(i + 1, len(text)) if text[j] in _CLOSERS.get(ch, "")), -1)
    if end == -1:
        raise QueryError(
            f"unbalanced quote in query {text!r}: close the phrase with a matching "
            "quote, or remove the quote"
        )
    return end


_FILTER_EXAMPLES = {"date": "date:1958-08..1958-10", "lang": "lang:zh", "type": "type:memorandum"}


def _word_tokens(word: str) -> list[tuple[str, str]]:
    """A bare word as lexer tokens: an operator, a field prefix, a word or a prefix."""
    if word in ("AND", "OR", "NOT"):
        return [("op", word)]
    if m := _NEAR.fullmatch(word):
        slop = int(m[1]) if m[1] else DEFAULT_NEAR
        if not 0 < slop <= MAX_NEAR:
            raise QueryError(f"{word}: the distance must be 1 to {MAX_NEAR} words")
        return [("near", str(slop))]
    field = _FIELD.fullmatch(word)
    names = FIELDS + FILTERS
    if field and (field.group(1).lower() in names or field.group(2)):
        name, rest = field.group(1).lower(), field.group(2)
        if name not in names:
            raise QueryError(
                f"unknown field {field.group(1)!r} in {word!r}: the fields are "
                f"{', '.join(names)}; to search for the text itself, put it in quotes"
            )
        if name in FILTERS:
            return [("filter", f"{name}:{rest}")]  # a value in quotes follows (type:"…")
        return [("field", name), *(_word_tokens(rest) if rest else [])]
    for pattern, message in _UNSUPPORTED:
        if pattern.search(word):
            raise QueryError(f"{message} (in {word!r})")
    if word.endswith("*") and len(word) > 1:
        stem = word.rstrip("*")
        if _HAN.search(stem):
            raise QueryError(
                f"no * needed in {word!r}: Chinese already matches wherever its characters "
                "stand; drop the *"
            )
        if not _PREFIX_WORD.fullmatch(stem) or len(stem) < MIN_PREFIX:
            raise QueryError(
                f"cannot expand {word!r}: put * after at least {MIN_PREFIX} letters of "
                "one word, e.g. confer*"
            )
        return [("prefix", stem)]
    return [("word", word)]


def _lex(text: str) -> list[tuple[str, str]]:
    """Split into (kind, text) tokens: word, prefix, phrase, field, op, "(" and ")"."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _CLOSERS or ch in _STRAY_CLOSERS:
            end = _closing_quote(text, i)
            phrase = text[i + 1 : end].strip()
            if not phrase:
                raise QueryError("empty phrase in query: put words between the quotes")
            if re.search(r"(^|\s)[*?](\s|$)|\w\*(\s|$)", phrase):
                raise QueryError(
                    f"wildcards inside quotes are not supported ({phrase!r}): a quoted "
                    'phrase matches as typed; for words near each other use "a b"~10'
                )
            tokens.append(("phrase", phrase))
            i = end + 1
            if (bad := _BAD_SLOP.match(text, i)) and not _SLOP.match(text, i):
                raise QueryError(
                    f'"{phrase}"{bad[0]}: a ~ after quotes takes a number of words, e.g. ~10'
                )
            if slop := _SLOP.match(text, i):
                distance = int(slop[1]) if slop[1] else DEFAULT_NEAR
                if not 0 < distance <= MAX_NEAR:
                    raise QueryError(f"~{distance}: the distance must be 1 to {MAX_NEAR} words")
                tokens.append(("slop", str(distance)))
                i = slop.end()
        elif ch in _OPEN or ch in _CLOSE:
            tokens.append(("(", ch) if ch in _OPEN else (")", ch))
            i += 1
        elif ch == "-" and i + 1 < len(text) and not text[i + 1].isspace():
            tokens.append(("op", "NOT"))
            i += 1
        else:
            m = _WORD.match(text, i)
            assert m is not None
            tokens.extend(_word_tokens(m.group()))
            i = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _lex(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def kind(self) -> str | None:
        tok = self.peek()
        return tok[0] if tok else None

    def parse(self) -> Node:
        node = self.or_expr()
        if self.kind() == ")":
            raise QueryError("unmatched ')' in query: remove it or add '(' before it")
        return node

    def or_expr(self) -> Node:
        nodes = [self.and_expr()]
        while self.peek() == ("op", "OR"):
            self.i += 1
            if self.kind() in (None, ")"):
                raise QueryError("OR at the end of the query: add a word after it")
            nodes.append(self.and_expr())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self) -> Node:
        nodes: list[Node] = []
        while (tok := self.peek()) is not None and tok != ("op", "OR") and tok[0] != ")":
            if tok == ("op", "AND"):
                if not nodes:
                    raise QueryError("AND needs a word on each side")
                self.i += 1
                if self.peek() in (None, ("op", "OR"), ("op", "AND")) or self.kind() == ")":
                    raise QueryError("AND needs a word on each side")
                continue
            nodes.append(self.near())
        if not nodes:
            if self.kind() == ")":
                raise QueryError("empty parentheses in query: put words between them")
            raise QueryError("OR needs a word on each side")
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def near(self) -> Node:
        first = self.unary()
        nodes, slop = [first], DEFAULT_NEAR
        while (tok := self.peek()) is not None and tok[0] == "near":
            self.i += 1
            slop = int(tok[1])
            if self.kind() in (None, "op", ")", "near"):
                raise QueryError("NEAR needs a word or a quoted phrase on each side")
            nodes.append(self.unary())
        if len(nodes) == 1:
            return first
        if not all(isinstance(n, (Word, Phrase)) for n in nodes):
            raise QueryError("NEAR joins words or quoted phrases, not groups, fields or NOT")
        return Near(tuple(n for n in nodes if isinstance(n, (Word, Phrase))), slop)

    def unary(self) -> Node:
        negations = 0
        while self.peek() == ("op", "NOT"):
            negations += 1
            self.i += 1
        if self.kind() in (None, "op", ")"):
            raise QueryError("NOT (or -) must be followed by a word or a quoted phrase")
        node = self.primary()
        return Not(node) if negations % 2 else node

    def primary(self) -> Node:
        tok = self.peek()
        assert tok is not None
        kind, value = tok
        self.i += 1
        if kind in ("(", "field"):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise QueryError(
                    f"parentheses or fields nested more than {MAX_NESTING} deep: "
                    "remove the inner parentheses"
                )
        try:
            return self._primary(kind, value)
        finally:
            if kind in ("(", "field"):
                self.depth -= 1

    def _primary(self, kind: str, value: str) -> Node:
        if kind == "(":
            node = self.or_expr()
            if self.kind() != ")":
                raise QueryError("unbalanced parenthesis in query: close it with ')'")
            self.i += 1
            return node
        if kind == "field":
            if self.kind() in (None, "op", ")", "field"):
                raise QueryError(f"{value}: must be followed by a word, a phrase or (...)")
            return Field(value, self.primary())
        if kind == "filter":
            name, _, rest = value.partition(":")
            if not rest and self.kind() == "phrase":
                rest = self.tokens[self.i][1]
                self.i += 1
            if not rest:
                raise QueryError(f"{name}: needs a value, e.g. {_FILTER_EXAMPLES[name]}")
            return Filter(name, rest)
        if kind == "near":
            raise QueryError("NEAR needs a word or a quoted phrase on each side")
        if kind == "phrase":
            if self.peek() is not None and self.kind() == "slop":
                slop = int(self.tokens[self.i][1])
                self.i += 1
                words = tuple(Word(w) for w in value.split())
                if len(words) < 2:
                    raise QueryError(f'"{value}"~{slop} needs two or more words in the quotes')
                return Near(words, slop)
            return Phrase(value)
        if kind == "prefix":
            return Prefix(value)
        return Word(value)


def parse_query(text: str) -> Node:
    """Parse a query string into a tree of leaves, Field, Not, And and Or."""
    if not text.strip():
        raise QueryError('empty query: give words to search for, e.g. dangan search "Gao Gang"')
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query is {len(text)} characters long; the most is {MAX_QUERY_CHARS}: "
            "search for a shorter, distinctive part"
        )
    node = _Parser(unicodedata.normalize("NFC", text)).parse()
    if not has_positive(node):
        raise QueryError("a query cannot only exclude: add a word to search for besides NOT/-")
    return node


def has_positive(node: Node) -> bool:
    """Whether the node can match anything on its own (is not purely negative)."""
    if isinstance(node, Not):
        return False
    if isinstance(node, Field):
        return has_positive(node.node)
    if isinstance(node, And):
        return any(has_positive(n) for n in node.nodes)
    if isinstance(node, Or):
        return all(has_positive(n) for n in node.nodes)
    return True  # a leaf, a name, a NEAR or a filter


def positive_leaves(node: Node) -> list[Leaf]:
    """The leaves a passage's text can be highlighted for: not negated, not in a field."""
    if isinstance(node, (Word, Phrase, Prefix)):
        return [node]
    if isinstance(node, (Not, Field, Filter)):
        return []
    if isinstance(node, Near):  # matched as typed, as the index matches them
        return [Phrase(n.text) for n in node.nodes]
    if isinstance(node, Name):  # the name as typed, then its other spellings
        words = [] if node.together else positive_leaves(node.node)
        return [*words, node.typed(), *(Phrase(s) for s in node.spellings)]
    return [leaf for child in node.nodes for leaf in positive_leaves(child)]


def leaves(node: Node) -> list[Leaf]:
    """Every leaf in the query, negated, in a field or not."""
    if isinstance(node, (Word, Phrase, Prefix)):
        return [node]
    if isinstance(node, (Not, Field)):
        return leaves(node.node)
    if isinstance(node, Filter):
        return []
    if isinstance(node, Near):
        return list(node.nodes)
    if isinstance(node, Name):
        return [node.typed(), *(Phrase(s) for s in node.spellings)]
    return [leaf for child in node.nodes for leaf in leaves(child)]
