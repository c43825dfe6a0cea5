"""The query language, parsed into a small tree that knows nothing of Whoosh.

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*        words side by side must all match
    unary   := ("NOT" | "-") unary | atom
    atom    := WORD | '"' words '"'

Operators are upper case; lower-case "or", "not" and "and" are ordinary words. The
query is put in Unicode NFC, as indexed texts are. A malformed or oversized query
raises :class:`~dangan.errors.QueryError` with a message saying how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import QueryError

# Opening quote -> the characters that may close it.
_CLOSERS = {'"': '"”', "“": '”"', "「": "」", "『": "』"}
_STRAY_CLOSERS = "”」』"
MAX_QUERY_CHARS = 2000
_WORD = re.compile(r"[^\s\"“”「」『』]+")


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Word | Phrase | Not | And | Or


def _lex(text: str) -> list[tuple[str, str]]:
    """Split into ("word" | "phrase" | "op", text) tokens."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _CLOSERS or ch in _STRAY_CLOSERS:
            end = next((j for j in range(i + 1, len(text)) if text[j] in _CLOSERS.get(ch, "")), -1)
            if end == -1:
                raise QueryError(
                    f"unbalanced quote in query {text!r}: close the phrase with a matching "
                    "quote, or remove the quote"
                )
            phrase = text[i + 1 : end].strip()
            if not phrase:
                raise QueryError("empty phrase in query: put words between the quotes")
            tokens.append(("phrase", phrase))
            i = end + 1
        elif ch == "-" and i + 1 < len(text) and not text[i + 1].isspace():
            tokens.append(("op", "NOT"))
            i += 1
        else:
            m = _WORD.match(text, i)
            assert m is not None
            word = m.group()
            tokens.append(("op", word) if word in ("AND", "OR", "NOT") else ("word", word))
            i = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _lex(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node:
        node = self.or_expr()
        if self.peek() is not None:  # pragma: no cover - or_expr consumes everything
            raise QueryError(f"unexpected {self.peek()[1]!r} in query")  # type: ignore[index]
        return node

    def or_expr(self) -> Node:
        nodes = [self.and_expr()]
        while self.peek() == ("op", "OR"):
            self.i += 1
            if self.peek() is None:
                raise QueryError("OR at the end of the query: add a word after it")
            nodes.append(self.and_expr())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self) -> Node:
        nodes: list[Node] = []
        while (tok := self.peek()) is not None and tok != ("op", "OR"):
            if tok == ("op", "AND"):
                if not nodes:
                    raise QueryError("AND needs a word on each side")
                self.i += 1
                if self.peek() in (None, ("op", "OR"), ("op", "AND")):
                    raise QueryError("AND needs a word on each side")
                continue
            nodes.append(self.unary())
        if not nodes:
            raise QueryError("OR needs a word on each side")
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node:
        negations = 0
        while self.peek() == ("op", "NOT"):
            negations += 1
            self.i += 1
        tok = self.peek()
        if tok is None or tok[0] == "op":
            raise QueryError("NOT (or -) must be followed by a word or a quoted phrase")
        self.i += 1
        kind, value = tok
        node: Node = Phrase(value) if kind == "phrase" else Word(value)
        return Not(node) if negations % 2 else node


def parse_query(text: str) -> Node:
    """Parse a query string into a tree of Word, Phrase, Not, And and Or."""
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
    if isinstance(node, And):
        return any(has_positive(n) for n in node.nodes)
    if isinstance(node, Or):
        return all(has_positive(n) for n in node.nodes)
    return True


def positive_leaves(node: Node) -> list[Word | Phrase]:
    """The words and phrases a match can be highlighted for (those not under NOT)."""
    if isinstance(node, (Word, Phrase)):
        return [node]
    if isinstance(node, Not):
        return []
    return [leaf for child in node.nodes for leaf in positive_leaves(child)]


def leaves(node: Node) -> list[Word | Phrase]:
    """Every word and phrase in the query, negated or not."""
    if isinstance(node, (Word, Phrase)):
        return [node]
    if isinstance(node, Not):
        return leaves(node.node)
    return [leaf for child in node.nodes for leaf in leaves(child)]
