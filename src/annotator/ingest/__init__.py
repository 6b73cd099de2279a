"""Importers: files on disk to ImportedDocument values (no database, no Qt); `load_file` picks one."""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from pathlib import Path
from typing import NoReturn

from annotator.domain.models import ImportedDocument
from annotator.ingest.budget import Budget, ImportCancelled, Meter
from annotator.ingest.errors import IngestError, PasswordRequired
from annotator.ingest.jsonparse import decode_json
from annotator.ingest.markdown import load_markdown
from annotator.ingest.scholarly import is_scholarly_record, load_scholarly, read_json_prefix
from annotator.ingest.text import decode_with_encoding, document_from_text, note_encoding

__all__ = [
    "Budget",
    "ImportCancelled",
    "MAX_DOCUMENT_BYTES",
    "MAX_DOCUMENT_CHARS",
    "MAX_PDF_BYTES",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "PasswordRequired",
    "load_documents",
    "load_file",
    "read_json",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
# What a folder import picks up; a file named explicitly is tried whatever its suffix.
DOCX_SUFFIXES = frozenset({".docx"})
MAIL_SUFFIXES = frozenset({".eml", ".mbox"})
# A .warc.gz is read when named; a folder import does not take every .gz it finds for an archive.
ARCHIVE_SUFFIXES = frozenset({".warc", ".arc", ".wacz", ".mhtml", ".mht"})
SUPPORTED_SUFFIXES = (
    HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES | ARCHIVE_SUFFIXES | DOCX_SUFFIXES | MAIL_SUFFIXES
) | {".json", ".pdf"}
# A saved web page with a .txt (or no) suffix is still HTML; only an unmistakable start counts.
HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
PDF_MAGIC = b"%PDF-"
# The media type an original is kept under, by the importer that read it.
MEDIA_TYPES = {
    "text": "text/plain",
    "email": "message/rfc822",
    "markdown": "text/markdown",
    "scholarly-json": "application/json",
    "html": "text/html",
    "pdf": "application/pdf",
}

MIB = 1024 * 1024
# The largest text, Markdown, HTML or JSON file imported; larger ones are refused before being read.
# Memory, not time, sets it. A text costs many times its file size while it is imported: CPython
# stores a str at 4 bytes per character once it holds one astral character (an emoji), SQLite binds
# a UTF-8 copy, and the search index (FTS5) tokenises the whole text in memory within one transaction.
# Measured (benchmarks/bench_import.py): a 100 MB file peaked at 1.3 GB; a 32 MiB one peaks at about
# 420 MB, the same as raw SQLite inserting that row (FTS5 alone about 160 MB); 20 MiB at about 275 MB.
# 32 MiB leaves room above the 20 MB documents that DESIGN.md section 5 budgets for when opened.
MAX_DOCUMENT_BYTES = 32 * MIB
# A PDF's text is a small part of its size (fonts, images and compressed streams make up the rest), so
# PDFs may be larger; their extracted text is held to MAX_DOCUMENT_CHARS like any other document.
MAX_PDF_BYTES = 200 * MIB
# The most characters a document may have, whatever its source: what a 32 MiB text file can hold.
MAX_DOCUMENT_CHARS = MAX_DOCUMENT_BYTES


def load_file(path: Path, password: str | None = None, meter: Meter | None = None) -> ImportedDocument:
    """Read one file and import it by its content and suffix; IngestError names the file and the reason.

    `meter` holds the file to an import's budget and Cancel (ImportCancelled); by default the limits
    of `Budget()` apply.
    """
    path = Path(path)
    meter = meter or Budget().meter(path)
    meter.step()
    document = _load(path, password, meter)
    _check_chars(path, document)
    return document


def _check_chars(path: Path, document: ImportedDocument) -> None:
    if len(document.text) > MAX_DOCUMENT_CHARS:
        raise IngestError(
            path,
            f"its text has {len(document.text):,} characters; documents with more than "
            f"{MAX_DOCUMENT_CHARS:,} characters are not imported (split the file first)",
        )


def load_documents(
    path: Path, password: str | None = None, meter: Meter | None = None
) -> list[ImportedDocument]:
    """The documents one file holds: one for most files, each archived page of a web archive (WARC,
    WACZ), a message and its attachments. IngestError names the file and the reason."""
    path = Path(path)
    meter = meter or Budget().meter(path)
    from annotator.ingest.webarchive import MAX_ARCHIVE_BYTES, is_web_archive, load_web_archive

    mail = path.suffix.lower() in MAIL_SUFFIXES
    if not (mail or is_web_archive(path)):
        return [load_file(path, password, meter)]
    meter.step()
    data = _read(path, MAX_ARCHIVE_BYTES)
    if not data:
        raise IngestError(path, "the file is empty")
    if mail:
        from annotator.ingest.mail import load_mail

        documents = load_mail(path, data, meter, _parse_bytes)
    else:
        documents = load_web_archive(path, data, meter)
    for document in documents:
        if document.original is None:
            document.original = data
        _check_chars(path, document)
    return documents


def read_json(path: Path) -> object:
    """The JSON value a file holds, read with the size limits of documents; IngestError otherwise."""
    path = Path(path)
    data = _read(path)
    if not data:
        raise IngestError(path, "the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(path, "is not valid UTF-8, as JSON must be") from None
    return decode_json(path, text)


def _load(path: Path, password: str | None, meter: Meter) -> ImportedDocument:
    data = _read(path)
    if not data:
        raise IngestError(path, "the file is empty")
    return _parse_bytes(path, data, meter, password)


def _parse_bytes(path: Path, data: bytes, meter: Meter, password: str | None = None) -> ImportedDocument:
    """A document from a file's bytes (or an email attachment's), its original those very bytes."""
    document = _parse(path, data, password, meter)
    if document.original is None:  # the evidence copy: the file exactly as it was read
        document.original = data
        document.original_type = document.original_type or MEDIA_TYPES.get(
            document.source_format, "application/octet-stream"
        )
    return document


def _parse(path: Path, data: bytes, password: str | None, meter: Meter) -> ImportedDocument:
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        from annotator.ingest.office import load_docx

        return load_docx(path, data, meter)
    if data.startswith(PDF_MAGIC) or suffix == ".pdf":
        # Imported here: the PDF and HTML libraries are heavy and only needed for those files.
        from annotator.ingest.pdf import load_pdf

        return load_pdf(path, data, password, meter)
    if suffix in HTML_SUFFIXES or HTML_START.match(data.removeprefix(codecs.BOM_UTF8)[:1024]):
        from annotator.ingest.html import load_html

        return load_html(path, data)
    text, encoding = decode_with_encoding(path, data)
    if suffix == ".json":
        document = load_scholarly(path, text)  # a malformed or foreign JSON file is an error
    elif text.lstrip().startswith("{") and _holds_scholarly_record(path, text):
        document = load_scholarly(path, text)  # the seed corpus saves these records as .txt
    elif suffix in MARKDOWN_SUFFIXES:
        document = load_markdown(path, text)
    else:
        document = document_from_text(path, text)
    note_encoding(document, encoding)
    return document


def _holds_scholarly_record(path: Path, text: str) -> bool:
    """Whether a text that is not named .json starts with a paper record; if not, it is plain text."""
    try:
        record, _ = read_json_prefix(path, text)
    except IngestError:
        return False
    return is_scholarly_record(record)


def _read(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes. A special file is refused before it is opened, a file over its size limit
    after reading only its first bytes (enough to tell a PDF, which has a larger limit)."""
    try:
        # stat before open: opening a FIFO waits for a writer, and a device may never end.
        if not stat.S_ISREG(path.stat().st_mode):
            _refuse_special(path)
        with open(path, "rb", opener=_open_nonblocking) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):  # swapped for something else since the stat
                _refuse_special(path)
            if limit is None:
                limit = MAX_PDF_BYTES if _is_pdf(path, handle.read(len(PDF_MAGIC))) else MAX_DOCUMENT_BYTES
            _check_size(path, info.st_size, limit)
            handle.seek(0)
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # the file grew since the stat: read on, never past the limit
                data += handle.read(limit + 1 - len(data))
                _check_size(path, len(data), limit)
            return data
    except FileNotFoundError:
        raise IngestError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise IngestError(path, "is a folder, not a file") from None
    except PermissionError:
        raise IngestError(path, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise IngestError(path, f"the file cannot be read: {error.strerror or error}") from None


def _open_nonblocking(name: str, flags: int) -> int:
    """os.open with O_NONBLOCK where it exists: even a FIFO slipped in after the stat cannot block."""
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


def _refuse_special(path: Path) -> NoReturn:
    if path.is_dir():
        raise IngestError(path, "is a folder, not a file")
    raise IngestError(path, "is not a regular file (a pipe, socket or device); only files are imported")


def _is_pdf(path: Path, start: bytes) -> bool:
    return start == PDF_MAGIC or path.suffix.lower() == ".pdf"


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        kind = {MAX_PDF_BYTES: "PDF files", MAX_DOCUMENT_BYTES: "documents"}.get(limit, "archives")
        reason = f"is {_mib(size)} MiB; {kind} larger than {_mib(limit)} MiB are not imported"
        raise IngestError(path, reason + " (split the file first)")


def _mib(size: int) -> int:
    """Whole MiB, rounded up: a file just over the limit never shows the limit's own figure."""
    return math.ceil(size / MIB)
