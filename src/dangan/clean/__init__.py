"""The cleaner: one raw source file in, one :class:`~dangan.models.Document` out.

It owns decoding, choosing the archive profile (sniffed from the file, or named in the
sidecar), the boilerplate rules of each profile (one module each) and Unicode
normalisation. It does not split passages, tokenize or touch the index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import asdict
from types import ModuleType

from ..corpus import Source, Value, read_regular
from ..errors import CorpusError
from ..models import Document, Metadata, Note
from . import chronology, dfat, frus, html, pdf, plain, wikipedia, wikisource, wilson, xml, xuanji
from .binary import binary_format
from .decode import decode
from .language import detect_language
from .romanized import romanized_forms
from .text import Parsed, assemble, normalize_invisible, split_paragraphs, strip_marks

# Sniffed in this order; plain text accepts anything, so it comes last.
PROFILES: dict[str, ModuleType] = {
    module.NAME: module
    for module in (frus, html, xml, chronology, wilson, wikipedia, wikisource, dfat, xuanji, plain)
}


def choose_profile(text: str, filename: str, requested: str | None = None) -> ModuleType:
    """The named profile, or the first whose sniffer accepts the text."""
    if requested:
        if requested not in PROFILES:
            raise CorpusError(
                f"{filename}: unknown profile {requested!r} in sidecar; "
                f"use one of {', '.join(PROFILES)}"
            )
        return PROFILES[requested]
    return next(p for p in PROFILES.values() if p.sniff(text, filename))


SIDECAR_FIRST = frozenset({"collection", "collection_id"})
INLINE_FIELDS = ("title", "summary", "archive_citation", "doc_type", "source_note", "volume")


def _notes(parsed: Parsed, calls: tuple[tuple[int, str], ...]) -> tuple[Note, ...]:
    anchors: dict[str, list[int]] = {}
    for offset, label in calls:
        anchors.setdefault(label, []).append(offset)
    return tuple(
        Note(
            label,
            "\n\n".join(strip_marks(p) for p in split_paragraphs(text)),
            tuple(anchors.get(label, ())),
            parsed.note_kinds.get(label, parsed.note_kind),
        )
        for label, text in parsed.notes
    )


def clean_text(
    text: str,
    *,
    doc_id: str,
    path: str,
    sha256: str,
    sidecar: Mapping[str, Value] | None = None,
) -> Document:
    """Clean decoded text into a Document, with the fields of its collection file and
    sidecar (see :mod:`dangan.corpus`) filling what it lacks."""
    sidecar = dict(sidecar or {})
    text = normalize_invisible(text)
    requested = sidecar.pop("profile", None)
    profile = choose_profile(text, path, requested if isinstance(requested, str) else None)
    parsed = _parse(lambda: profile.parse(text, path), profile.NAME, path)
    return _document(parsed, profile.NAME, doc_id, path, sha256, sidecar, sidecar_first=False)


def _parse(read: Callable[[], Parsed], name: str, path: str) -> Parsed:
    try:
        return read()
    except CorpusError:
        raise
    except Exception as exc:  # a file no profile rule foresaw: skip it, say why
        raise CorpusError(
            f"{path}: the {name} profile could not read it ({type(exc).__name__}: "
            f"{exc}); name another profile in a sidecar, or report it with --traceback"
        ) from exc


def _document(
    parsed: Parsed,
    profile: str,
    doc_id: str,
    path: str,
    sha256: str,
    sidecar: Mapping[str, Value],
    *,
    sidecar_first: bool,
) -> Document:
    """The Document of a parsed file. The sidecar fills what the file lacks, or, for
    formats whose own metadata is a file property (PDF, DOCX, EPUB), overrides it."""
    assembled = assemble(parsed.items)
    fields = {k: v for k, v in parsed.fields.items() if v is not None}
    for key, value in sidecar.items():  # a sidecar's collection outranks the profile's
        if value is not None and (sidecar_first or key not in fields or key in SIDECAR_FIRST):
            fields[key] = value
    for key in INLINE_FIELDS:
        if isinstance(fields.get(key), str):
            fields[key] = strip_marks(str(fields[key])) or None
    contributors = fields.get("contributors")
    if isinstance(contributors, (list, tuple)):
        fields["contributors"] = tuple(strip_marks(str(c)) for c in contributors)
    if not fields.get("title"):
        headings = [b for b in assembled.blocks if b.kind == "heading"]
        first = assembled.text[headings[0].start : headings[0].end] if headings else ""
        fields["title"] = first or path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if not fields.get("language"):
        fields["language"] = detect_language(assembled.text)
    _citation_fields(fields, path)
    return Document(
        doc_id=doc_id,
        path=path,
        sha256=sha256,
        profile=profile,
        text=assembled.text,
        blocks=assembled.blocks,
        metadata=Metadata(**fields),  # type: ignore[arg-type]
        notes=_notes(parsed, assembled.notes),
        page_breaks=assembled.pages,
        pdf_pages=assembled.pdf_pages,
    )


def _citation_fields(fields: dict[str, object], path: str) -> None:
    """The document's URL from its collection's pattern, and the romanized forms of its
    Chinese title, names, book and publisher."""
    pattern = fields.pop("url", None)
    if isinstance(pattern, str) and not fields.get("source_url"):
        name = path.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0]
        fields["source_url"] = pattern.format(
            title=fields["title"], name=name, stem=stem, path=path
        )
    given = fields.pop("romanized", None)
    names = [*_names(fields.get("author")), *_names(fields.get("editor"))]
    titles = [fields.get(k) for k in ("title", "container_title", "publisher", "publisher_place")]
    fields["romanized"] = romanized_forms(
        [t for t in titles if isinstance(t, str)], names, given if isinstance(given, dict) else None
    )


def _names(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple) else ()


def _clean_binary(
    raw: bytes, *, doc_id: str, path: str, sidecar: Mapping[str, Value] | None
) -> Document | None:
    """A PDF, DOCX or EPUB file cleaned by its format reader; None for any other file."""
    fmt = binary_format(raw)
    if fmt is None:
        return None
    sidecar = dict(sidecar or {})
    requested = sidecar.pop("profile", None)
    if requested and requested != fmt.NAME:
        raise CorpusError(
            f"{path}: the sidecar names profile {requested!r}, but this is a "
            f"{fmt.NAME.upper()} file, which only the {fmt.NAME} profile reads; "
            "remove the profile key"
        )
    parsed = _parse(lambda: fmt.parse(raw, path), fmt.NAME, path)
    sha256 = hashlib.sha256(raw).hexdigest()
    return _document(parsed, fmt.NAME, doc_id, path, sha256, sidecar, sidecar_first=True)


def clean_bytes(
    raw: bytes, *, doc_id: str, path: str, sidecar: Mapping[str, Value] | None = None
) -> Document:
    """Decode and clean a file's bytes; a CorpusError (one line) for anything unreadable."""
    document = _clean_binary(raw, doc_id=doc_id, path=path, sidecar=sidecar)
    if document is not None:
        return document
    return clean_text(
        decode(raw, path),
        doc_id=doc_id,
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        sidecar=sidecar,
    )


def clean_file(source: Source) -> Document:
    """Read (a regular file only, bounded by the size limit: a PDF's is larger), decode
    and clean one file."""
    source.require_utf8_name()
    raw = read_regular(source.file, source.path, larger=(pdf.MAGIC, pdf.MAX_PDF_BYTES))
    return clean_bytes(
        raw, doc_id=source.doc_id, path=source.path, sidecar=source.metadata_defaults()
    )


def document_record(doc: Document) -> dict[str, object]:
    """A cleaned document as plain data: what ``dangan clean --json`` prints."""
    record = asdict(doc)
    return {
        "path": record["path"],
        "doc_id": record["doc_id"],
        "profile": record["profile"],
        "metadata": record["metadata"],
        "notes": record["notes"],
        "page_breaks": record["page_breaks"],
        "pdf_pages": record["pdf_pages"],
        "blocks": record["blocks"],
        "text": record["text"],
    }
