"""Importers: files on disk to ImportedDocument values (no database, no Qt); `load_file` picks one."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from annotator.domain.models import ImportedDocument
from annotator.ingest.errors import IngestError, PasswordRequired
from annotator.ingest.markdown import load_markdown
from annotator.ingest.scholarly import is_scholarly_record, load_scholarly, read_json_prefix
from annotator.ingest.text import decode_with_encoding, document_from_text, note_encoding

__all__ = ["SUPPORTED_SUFFIXES", "IngestError", "PasswordRequired", "load_file"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
# What a folder import picks up; a file named explicitly is tried whatever its suffix.
SUPPORTED_SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES | {".json", ".pdf"}
# A saved web page with a .txt (or no) suffix is still HTML; only an unmistakable start counts.
HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def load_file(path: Path, password: str | None = None) -> ImportedDocument:
    """Read one file and import it by its content and suffix; IngestError names the file and the reason."""
    path = Path(path)
    data = _read(path)
    if not data:
        raise IngestError(path, "the file is empty")
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        # Imported here: the PDF and HTML libraries are heavy and only needed for those files.
        from annotator.ingest.pdf import load_pdf

        return load_pdf(path, data, password)
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


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise IngestError(path, "is a folder, not a file") from None
    except PermissionError:
        raise IngestError(path, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise IngestError(path, f"the file cannot be read: {error.strerror or error}") from None
