"""The engines under test, each with the same four operations.

``build`` indexes (dangan from the source files, cleaning included; every peer from the
passages dangan's cleaner made of the same files, cleaning excluded), ``open`` loads an
index, ``words`` finds passages holding every word, ``phrase`` finds passages holding
the words in this order. Both return passage ids, best first, after reading each hit's
stored text, as a program showing results would. Peers are set up the way their own
documentation suggests for Chinese; none of them folds traditional to simplified.
Libraries are imported inside methods, so that a process loads only its engine's.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ALL_HITS = 1_000_000
_WORD = re.compile(r"\w+")
_HAN_EDGE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def read_passages(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            yield record["id"], record["text"]


class Engine:
    name = ""
    label = ""

    def build(self, files: list[Path], passages: Path, index_dir: Path, procs: int) -> None:
        raise NotImplementedError

    def open(self, index_dir: Path) -> None:
        raise NotImplementedError

    def words(self, text: str, limit: int) -> list[str]:
        raise NotImplementedError

    def phrase(self, text: str, limit: int) -> list[str]:
        raise NotImplementedError


class Dangan(Engine):
    name = "dangan"
    label = "dangan (2 processes, as `dangan index` runs here)"

    def build(self, files: list[Path], passages: Path, index_dir: Path, procs: int) -> None:
        import inspect

        from dangan.index import build_index

        extra: dict[str, Any] = {}
        if "procs" in inspect.signature(build_index).parameters:
            extra["procs"] = procs
        elif procs > 1:
            raise NotImplementedError("this dangan has no parallel indexing")
        build_index(files, index_dir, rebuild=True, **extra)

    def open(self, index_dir: Path) -> None:
        self.index_dir = index_dir

    def _run(self, query: str, limit: int) -> list[str]:
        from dangan.search import search

        return [h.passage_id for h in search(query, self.index_dir, limit=limit)]

    def words(self, text: str, limit: int) -> list[str]:
        return self._run(text, limit)

    def phrase(self, text: str, limit: int) -> list[str]:
        return self._run('"' + text.replace('"', " ") + '"', limit)


class StockWhoosh(Engine):
    """What a user of Whoosh and jieba writes: jieba's ChineseAnalyzer, QueryParser."""

    name = "whoosh-jieba"
    label = "Whoosh + jieba ChineseAnalyzer"

    def _schema(self) -> Any:
        from jieba.analyse import ChineseAnalyzer
        from whoosh.fields import ID, TEXT, Schema

        return Schema(id=ID(stored=True), text=TEXT(stored=True, analyzer=ChineseAnalyzer()))

    def build(self, files: list[Path], passages: Path, index_dir: Path, procs: int) -> None:
        from whoosh import index

        index_dir.mkdir(parents=True)
        ix = index.create_in(str(index_dir), self._schema())
        writer = ix.writer(limitmb=256)
        for pid, text in read_passages(passages):
            writer.add_document(id=pid, text=text)
        writer.commit()

    def open(self, index_dir: Path) -> None:
        from whoosh import index
        from whoosh.qparser import QueryParser

        self.ix = index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = QueryParser("text", self.ix.schema)

    def _run(self, query: str, limit: int) -> list[str]:
        results = self.searcher.search(self.parser.parse(query), limit=limit)
        return [hit["id"] for hit in results if hit["text"] is not None]

    def words(self, text: str, limit: int) -> list[str]:
        return self._run(text, limit)

    def phrase(self, text: str, limit: int) -> list[str]:
        return self._run('"' + text.replace('"', " ") + '"', limit)


class Tantivy(Engine):
    """tantivy-py; ``jieba``: text cut by jieba and joined by spaces (index and query),
    ``char``: a regex tokenizer making each Han character a token, as dangan does."""

    def __init__(self, chinese: str) -> None:
        self.chinese = chinese
        self.name = f"tantivy-{chinese}"
        self.label = {
            "jieba": "tantivy-py, jieba pre-segmented",
            "char": "tantivy-py, one token per Han character",
        }[chinese]
        self._jieba: Any = None

    def _prepare(self, text: str) -> str:
        if self.chinese == "char":
            return text
        if self._jieba is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            self._jieba = jieba.Tokenizer()
        return " ".join(self._jieba.cut(text))

    def _index(self, index_dir: Path) -> Any:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("text", stored=True, tokenizer_name=self.chinese)
        ix = tantivy.Index(builder.build(), path=str(index_dir))
        if self.chinese == "char":
            analyzer = (
                tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"\p{Han}|[\p{L}\p{N}]+"))
                .filter(tantivy.Filter.lowercase())
                .build()
            )
        else:
            analyzer = (
                tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                .filter(tantivy.Filter.remove_long(40))
                .filter(tantivy.Filter.lowercase())
                .build()
            )
        ix.register_tokenizer(self.chinese, analyzer)
        return ix

    def build(self, files: list[Path], passages: Path, index_dir: Path, procs: int) -> None:
        import tantivy

        index_dir.mkdir(parents=True)
        ix = self._index(index_dir)
        writer = ix.writer(heap_size=256_000_000, num_threads=procs)
        for pid, text in read_passages(passages):
            writer.add_document(tantivy.Document(id=pid, text=self._prepare(text)))
        writer.commit()
        writer.wait_merging_threads()

    def open(self, index_dir: Path) -> None:
        self.ix = self._index(index_dir)
        self.ix.reload()
        self.searcher = self.ix.searcher()

    def _run(self, query: str, limit: int) -> list[str]:
        if not query:
            return []
        parsed = self.ix.parse_query(query, ["text"])
        hits = self.searcher.search(parsed, limit).hits
        out = []
        for _score, address in hits:
            doc = self.searcher.doc(address)
            if doc["text"]:  # read the stored text, as a result page would
                out.append(doc["id"][0])
        return out

    def words(self, text: str, limit: int) -> list[str]:
        terms = _WORD.findall(self._prepare(text))
        return self._run(" ".join(f"+{t}" for t in terms), limit)

    def phrase(self, text: str, limit: int) -> list[str]:
        terms = _WORD.findall(self._prepare(text))
        return self._run('"' + " ".join(terms) + '"', limit)


class Fts5(Engine):
    """SQLite FTS5 with the ``trigram`` or the ``unicode61`` tokenizer (case folded,
    diacritics removed). Trigram matches substrings; terms under three characters
    fall back to LIKE, as SQLite's documentation advises."""

    def __init__(self, tokenizer: str) -> None:
        self.tokenizer = tokenizer
        self.name = f"fts5-{tokenizer}"
        self.label = f"SQLite FTS5, {tokenizer}"

    def build(self, files: list[Path], passages: Path, index_dir: Path, procs: int) -> None:
        index_dir.mkdir(parents=True)
        spec = "trigram" if self.tokenizer == "trigram" else "unicode61 remove_diacritics 2"
        db = sqlite3.connect(index_dir / "fts.db")
        db.execute(f"CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, text, tokenize='{spec}')")
        with db:
            db.executemany("INSERT INTO p(id, text) VALUES (?, ?)", read_passages(passages))
        db.execute("INSERT INTO p(p) VALUES ('optimize')")
        db.commit()
        db.close()

    def open(self, index_dir: Path) -> None:
        self.db = sqlite3.connect(index_dir / "fts.db")

    def _run(self, match: list[str], like: list[str], limit: int) -> list[str]:
        where = []
        args: list[str] = []
        if match:
            where.append("p MATCH ?")
            args.append(" AND ".join(match))
        for term in like:
            where.append("text LIKE ?")
            args.append(f"%{term}%")
        if not where:
            return []
        order = " ORDER BY rank" if match else ""
        sql = f"SELECT id, text FROM p WHERE {' AND '.join(where)}{order} LIMIT {limit}"
        return [row[0] for row in self.db.execute(sql, args)]

    @staticmethod
    def _quote(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def words(self, text: str, limit: int) -> list[str]:
        terms = _WORD.findall(text)
        if self.tokenizer == "trigram":
            long = [self._quote(t) for t in terms if len(t) >= 3]
            return self._run(long, [t for t in terms if len(t) < 3], limit)
        return self._run([self._quote(t) for t in terms], [], limit)

    def phrase(self, text: str, limit: int) -> list[str]:
        if self.tokenizer == "trigram":
            if len(text) < 3:
                return self._run([], [text], limit)
            return self._run([self._quote(text)], [], limit)
        return self._run([self._quote(" ".join(_WORD.findall(text)))], [], limit)


class Ripgrep(Engine):
    """ripgrep over the cleaned passages, one passage a line: no index. A phrase is a
    case-insensitive regex allowing any punctuation between its words."""

    name = "ripgrep"
    label = "ripgrep (no index)"

    def build(self, files: list[Path], passages: Path, index_dir: Path, procs: int) -> None:
        index_dir.mkdir(parents=True)
        with (index_dir / "passages.txt").open("w", encoding="utf-8") as out:
            for _pid, text in read_passages(passages):
                out.write(" ".join(text.split()) + "\n")
        with (index_dir / "ids.txt").open("w", encoding="utf-8") as out:
            out.writelines(pid + "\n" for pid, _text in read_passages(passages))

    def open(self, index_dir: Path) -> None:
        self.dir = index_dir
        self.ids = (index_dir / "ids.txt").read_text(encoding="utf-8").split("\n")

    def _run(self, patterns: list[str], limit: int) -> list[str]:
        rg = shutil.which("rg")
        if rg is None or not patterns:
            return []
        lines: set[int] | None = None
        for pattern in patterns:  # every word on the line: one scan per word
            found = subprocess.run(
                [rg, "-n", "-o", "-i", "--no-filename", "-e", pattern, "passages.txt"],
                cwd=self.dir,
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            numbers = {int(line.split(":", 1)[0]) for line in found.splitlines() if line}
            lines = numbers if lines is None else lines & numbers
        return [self.ids[n - 1] for n in sorted(lines or ())][:limit]

    @staticmethod
    def _pattern(words: list[str]) -> str:
        """The words in order, any punctuation between them; word boundaries where a
        word is not Chinese (ripgrep sees no boundary between two Han characters)."""
        parts = [] if _HAN_EDGE.match(words[0]) else [r"\b"]
        for i, word in enumerate(words):
            if i:
                han = _HAN_EDGE.match(word) or _HAN_EDGE.match(words[i - 1][-1])
                parts.append(r"[^\p{L}\p{N}]*" if han else r"[^\p{L}\p{N}]+")
            parts.append(re.escape(word))
        if not _HAN_EDGE.match(words[-1][-1]):
            parts.append(r"\b")
        return "".join(parts)

    def words(self, text: str, limit: int) -> list[str]:
        return self._run([self._pattern([w]) for w in _WORD.findall(text)], limit)

    def phrase(self, text: str, limit: int) -> list[str]:
        words = _WORD.findall(text)
        return self._run([self._pattern(words)], limit) if words else []


def engines() -> dict[str, Engine]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found: list[Engine] = [
            Dangan(),
            StockWhoosh(),
            Tantivy("jieba"),
            Tantivy("char"),
            Fts5("trigram"),
            Fts5("unicode61"),
            Ripgrep(),
        ]
    return {e.name: e for e in found}
