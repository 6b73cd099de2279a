"""PDF import: the text of each page, where each page starts, and the file's own metadata, via pypdf."""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pypdf
from pypdf.errors import DependencyError

from annotator.domain.models import ImportedDocument, MetadataProposal
from annotator.ingest.budget import Budget, Meter
from annotator.ingest.errors import IngestError, PasswordRequired

# Pages are joined with one blank line: the text reads like paragraphs, and the exact boundaries are
# kept in `page_starts` rather than in a marker character (a form feed shows up as a box in editors).
PAGE_SEPARATOR = "\n\n"

# Scan detection. "Word characters" are letters in runs of three or more (no digits, no punctuation);
# readable prose, even mediocre OCR, scores 0.75-0.9, while a garbage OCR layer is mostly single letters
# and punctuation (issue-301.pdf: 0.07). A table of contents with dot leaders scores 0.1 on its page,
# which is why the share is taken over the whole document, not per page.
MIN_WORD_SHARE = 0.4
# A page with fewer word characters than this has, for a reader, no text (a scan or a picture).
MIN_PAGE_WORD_CHARS = 10
WORD_RUN = re.compile(r"[^\W\d_]{3,}")

LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
# C0 controls other than tab and LF (CR is turned into LF first), and lone surrogates from broken
# ToUnicode maps: neither can be shown or stored as UTF-8.
UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
BLANK_LINES = re.compile(r"\n{3,}")

PLACEHOLDER_TITLES = frozenset(
    {"title", "untitled", "untitled document", "document", "subject", "none", "null"}
)
PLACEHOLDER_AUTHORS = frozenset(
    {"author", "unknown", "user", "admin", "administrator", "owner", "none", "null"}
)
FILE_NAME = re.compile(r"\.(docx?|odt|rtf|pdf|tex|dvi|indd|qxd|pptx?|xlsx?|txt)$", re.IGNORECASE)
PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
EARLIEST_PDF_YEAR = 1993  # the year PDF 1.0 appeared: an earlier creation date is a wrong clock

log = logging.getLogger(__name__)


class _PypdfLogCapture(logging.Handler):
    """Keeps pypdf's warnings about broken files off the console and hands them to the current import.

    pypdf reports every robustness fix (a bad xref, a missing EOF marker) as a logging warning. While
    load_pdf runs, this thread's messages are collected; the error or warning shown to the user says
    the same thing in plain words. Outside an import, records go to the root logger as before.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        messages: list[str] | None = getattr(self.local, "messages", None)
        if messages is None:
            logging.getLogger().handle(record)
        elif len(messages) < 20:
            messages.append(record.getMessage())


_CAPTURE = _PypdfLogCapture()
_pypdf_logger = logging.getLogger("pypdf")
if _CAPTURE not in _pypdf_logger.handlers:
    _pypdf_logger.addHandler(_CAPTURE)
    _pypdf_logger.propagate = False


@contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """Collect what pypdf logs on this thread while the block runs."""
    messages: list[str] = []
    _CAPTURE.local.messages = messages
    try:
        yield messages
    finally:
        _CAPTURE.local.messages = None


def load_pdf(
    path: Path, data: bytes, password: str | None = None, meter: Meter | None = None
) -> ImportedDocument:
    """Import a PDF's text page by page; `page_starts[i]` is the offset in `text` where page i+1 begins.

    Raises PasswordRequired for an encrypted file that needs a password (wrong_password=True if the one
    given does not open it) and IngestError("not a readable PDF: ...") for a damaged or non-PDF file.
    `meter` holds the file to its budget (pages, decompressed content, seconds) and is asked before each
    page whether the user cancelled.
    """
    meter = meter or Budget().meter(path)
    with _pypdf_messages() as messages:
        reader = _open(path, data, password, messages)
        page_texts, unreadable = _page_texts(path, reader, meter)
        doc = ImportedDocument(text="", source_format="pdf", source_filename=path.name)
        _fill_metadata(doc, reader)
    if messages:
        log.debug("pypdf on %s: %s", path, "; ".join(messages))
        doc.metadata["pdf_read_problems"] = messages

    doc.text, doc.page_starts = _join_pages(page_texts)
    if not doc.text.strip():
        # An empty document cannot be tagged, and every such file would share one text hash and be
        # taken for a duplicate of the first; refuse it with what to do instead.
        raise IngestError(
            path,
            f"no text found: none of the {len(page_texts)} page(s) has a text layer; it is probably a "
            "scan without OCR (run OCR on it, then import the result)",
        )
    doc.metadata["pages"] = len(page_texts)
    if unreadable:
        doc.warnings.append(f"the text of page(s) {_page_list(unreadable)} could not be read; it is missing")
    if not _has_eof_marker(data):
        doc.warnings.append("the file looks truncated (no end-of-file marker); some text may be missing")
    doc.warnings.extend(_scan_warnings(page_texts))
    return doc


def _open(path: Path, data: bytes, password: str | None, messages: list[str]) -> pypdf.PdfReader:
    """Open and, if need be, decrypt the file; every failure becomes an IngestError with a plain reason."""
    if not data.strip():
        raise IngestError(path, "not a readable PDF: the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "not a readable PDF: the file does not start with a PDF header (%PDF-)")
    try:
        # Without a password pypdf already tries the empty user password, so such files just open.
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypt(reader, ""):
            if password is None:
                raise PasswordRequired(path)
            if not _decrypt(reader, password):
                raise PasswordRequired(path, wrong_password=True)
        if len(reader.pages) == 0:
            raise IngestError(path, "not a readable PDF: it has no pages")
    except IngestError:
        raise
    except DependencyError as exc:
        # AES-encrypted files need the `cryptography` package; say so rather than show a traceback.
        raise IngestError(path, f"this encrypted PDF cannot be opened: {exc}") from exc
    except Exception as exc:  # pypdf raises many types (PdfReadError, ValueError, KeyError...) on bad input
        raise IngestError(path, f"not a readable PDF: {_damage_reason(data, exc, messages)}") from exc
    return reader


def _decrypt(reader: pypdf.PdfReader, password: str) -> bool:
    """True if `password` opens the file (as user or owner password)."""
    try:
        return bool(reader.decrypt(password))
    except (UnicodeError, ValueError):  # a password the file's encryption cannot encode
        return False


def _damage_reason(data: bytes, exc: Exception, messages: list[str]) -> str:
    """A user-facing sentence for why pypdf could not read the file, with pypdf's own words after it."""
    detail = str(exc) or type(exc).__name__
    if not _has_eof_marker(data):
        return f"the file is truncated or damaged (no end-of-file marker; {detail})"
    if messages:
        return f"the file is damaged ({detail}; {messages[0]})"
    return f"the file is damaged ({detail})"


def _has_eof_marker(data: bytes) -> bool:
    # Writers put %%EOF in the last bytes; a file cut short during download or copy lacks it.
    return b"%%EOF" in data[-2048:]


def _page_texts(path: Path, reader: pypdf.PdfReader, meter: Meter) -> tuple[list[str], list[int]]:
    """The cleaned text of every page and the (1-based) numbers of pages whose text could not be read."""
    texts: list[str] = []
    unreadable: list[int] = []
    meter.pages(len(reader.pages))
    for number, page in enumerate(reader.pages, start=1):
        # Before the parse, which is what costs: decompressing is fast (and capped by pypdf), parsing
        # the decompressed content is not.
        meter.step()
        meter.page_content(number, _content_size(page))
        try:
            raw = page.extract_text()
        except Exception:  # one damaged content stream should not cost the other pages
            log.debug("page %d of %s: text extraction failed", number, path, exc_info=True)
            raw = ""
            unreadable.append(number)
        texts.append(_clean(raw))
    if len(unreadable) == len(texts):
        raise IngestError(path, "not a readable PDF: the text of no page could be read")
    return texts, unreadable


def _content_size(page: pypdf.PageObject) -> int:
    """Bytes of decompressed content that extracting the page's text parses: its content streams (an
    array of them is joined, so each entry counts) and the form XObjects it draws, whose text pypdf
    extracts too (each form once; pypdf's own limit on tokens per stream bounds repeated drawing)."""
    seen_forms: set[int] = set()

    def data_size(value: object) -> int:
        value = value.get_object() if hasattr(value, "get_object") else value
        if isinstance(value, list):
            return sum(data_size(item) for item in value)
        return len(value.get_data()) if isinstance(value, pypdf.generic.StreamObject) else 0

    def forms_size(holder: object) -> int:
        resources = holder.get("/Resources")  # type: ignore[attr-defined]
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        total = 0
        for reference in xobjects.get_object().values() if xobjects is not None else ():
            form = reference.get_object()
            if form.get("/Subtype") == "/Form" and id(form) not in seen_forms:
                seen_forms.add(id(form))  # also ends a form that draws itself
                total += data_size(form) + forms_size(form)
        return total

    try:
        return data_size(page.get("/Contents")) + forms_size(page)
    except Exception:  # damaged streams or resources: the extraction copes, or reports the page
        return 0


def _clean(text: str) -> str:
    """LF line ends, no trailing spaces, at most one blank line in a row, ligatures spelt out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = UNSHOWABLE.sub("", text.translate(LIGATURES))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", text).strip("\n")


def _join_pages(page_texts: list[str]) -> tuple[str, list[int]]:
    """Join the pages; a page without text gets an empty span at the start of the next page's text."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    pending_empty = 0
    for text in page_texts:
        if not text:
            pending_empty += 1
            continue
        if parts:
            parts.append(PAGE_SEPARATOR)
            length += len(PAGE_SEPARATOR)
        starts.extend([length] * (pending_empty + 1))
        pending_empty = 0
        parts.append(text)
        length += len(text)
    starts.extend([length] * pending_empty)
    return "".join(parts), starts


def _scan_warnings(page_texts: list[str]) -> list[str]:
    """A warning when the text layer is missing or mostly noise, as in a scan with poor or no OCR."""
    word_chars = [sum(len(run) for run in WORD_RUN.findall(text)) for text in page_texts]
    visible = sum(1 for text in page_texts for char in text if not char.isspace())
    empty = [number for number, count in enumerate(word_chars, start=1) if count < MIN_PAGE_WORD_CHARS]
    share = sum(word_chars) / visible if visible else 0.0
    pages = len(page_texts)
    if share < MIN_WORD_SHARE or len(empty) * 2 > pages:
        finding = f"only {share:.0%} of the {visible} characters form words"
        if empty:
            finding += f", and {len(empty)} of {pages} page(s) have no readable words"
        return [
            f"little usable text found: {finding}. It is probably a scan with a poor or missing OCR "
            "layer; check the text before tagging claims, or run OCR and import the result."
        ]
    if empty:
        return [f"no text found on page(s) {_page_list(empty)} (pictures or scanned pages?)"]
    return []


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:10])
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")


def _fill_metadata(doc: ImportedDocument, reader: pypdf.PdfReader) -> None:
    """Title, authors and creation date from the document information, when they look real."""
    try:
        info = reader.metadata
        if info is None:
            return
        title, author = _text(info.title), _text(info.author)
        created = _text(info.get("/CreationDate"))
        software = " / ".join(
            dict.fromkeys(filter(None, (_text(info.get(key)) for key in ("/Creator", "/Producer"))))
        )
    except Exception:  # metadata of a damaged file is a nice-to-have; the text matters
        log.debug("unreadable PDF metadata", exc_info=True)
        return
    if software:
        doc.metadata["pdf_software"] = software
    if _plausible_title(title):
        doc.title = title
        doc.proposals.append(MetadataProposal("title", title, "PDF document information /Title"))
    authors = [name.strip() for name in author.split(";") if name.strip()]
    if authors and all(_plausible_author(name, software) for name in authors):
        doc.authors = authors
        doc.proposals.append(
            MetadataProposal("authors", "; ".join(authors), "PDF document information /Author")
        )
    iso = _pdf_date(created)
    if iso:
        doc.published = iso
        doc.metadata["pdf_creation_date"] = created
        doc.proposals.append(
            MetadataProposal("published", iso, f"PDF /CreationDate {created} (when the file was made)")
        )


def _text(value: object) -> str:
    """A metadata value as clean one-line text ('' for missing or unshowable values)."""
    if value is None:
        return ""
    text = UNSHOWABLE.sub("", str(value)).replace("\ufffd", "")
    return " ".join(text.split())


def _plausible_title(title: str) -> bool:
    # Writers fill /Title with placeholders ("Title", "Untitled") or the source file's name
    # ("Microsoft Word - report.docx"); such a title would mislead more than an empty one.
    return (
        len(title) >= 3
        and title.lower() not in PLACEHOLDER_TITLES
        and not title.lower().startswith("microsoft word - ")
        and not FILE_NAME.search(title)
    )


def _plausible_author(name: str, software: str) -> bool:
    # Some tools write their own name as the author (issue-301.pdf: /Author "LEAD", written by
    # "LEADTOOLS PDFWriter"), so a name that begins a word of /Creator or /Producer is not believed.
    lowered = name.lower()
    return (
        len(name) >= 2
        and lowered not in PLACEHOLDER_AUTHORS
        and not any(word.startswith(lowered) for word in software.lower().split())
    )


def _pdf_date(raw: str) -> str:
    """The ISO date (day, month or year precision) of a PDF date string, if it is a believable one."""
    match = PDF_DATE.match(raw)
    if not match:
        return ""
    year, month, day = match.groups()
    if not EARLIEST_PDF_YEAR <= int(year) <= date.today().year:
        return ""
    try:
        if month and day:
            return date(int(year), int(month), int(day)).isoformat()
        if month and 1 <= int(month) <= 12:
            return f"{year}-{month}"
    except ValueError:
        return ""  # e.g. month 13 or 31 February: the whole date is suspect
    return year if not month else ""
