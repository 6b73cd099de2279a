"""Web archives to documents: each archived HTML page of a WARC or WACZ, and an MHTML page, offline.

A WARC's response records are read with warcio; each HTML page becomes a document whose text the HTML
importer extracts, whose capture time and URL come from the record's WARC-Date and WARC-Target-URI, and
whose original is the record itself, byte for byte (for a .warc.gz, its gzip member: a valid WARC on its
own). A WACZ is a zip of such WARCs; its members are read only under `archive/`, and a member whose
path would escape the zip, or that would unpack past the budget, refuses the whole file. MHTML (a
browser's "save as single file") is a MIME message read with the standard library. Nothing is fetched
and no script runs: the HTML importer only parses.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import io
import json
import zipfile
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from annotator.domain.models import ImportedDocument
from annotator.ingest.budget import MIB, Meter
from annotator.ingest.errors import IngestError

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
WACZ_SUFFIX = ".wacz"
MHTML_SUFFIXES = (".mhtml", ".mht")
# The largest archive file read: archives hold many pages, so more than a single document may be.
MAX_ARCHIVE_BYTES = 256 * MIB
# The most an archived page's body may unpack to (a page over it is skipped with a warning). What a
# whole file may unpack to, against zip and gzip bombs, is the import budget's max_content_bytes.
MAX_PAGE_BYTES = 32 * MIB
MAX_WACZ_MEMBERS = 10_000
# An MHTML page holds its HTML and each resource as a MIME part; nesting is the risk, not breadth.
MAX_MIME_PARTS = 5_000
MAX_MIME_DEPTH = 20
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_web_archive(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(WARC_SUFFIXES) or name.endswith(WACZ_SUFFIX) or name.endswith(MHTML_SUFFIXES)


def load_web_archive(path: Path, data: bytes, meter: Meter) -> list[ImportedDocument]:
    """The archived HTML pages of a WARC, WACZ or MHTML file as documents; IngestError if none."""
    name = path.name.lower()
    if name.endswith(MHTML_SUFFIXES):
        return [load_mhtml(path, data)]
    if name.endswith(WACZ_SUFFIX):
        documents = _load_wacz(path, data, meter)
    else:
        documents = _load_warc(path, data, meter, member="")
    if not documents:
        raise IngestError(path, "holds no archived HTML page with readable text; nothing imported")
    return documents


def _load_warc(path: Path, data: bytes, meter: Meter, member: str) -> list[ImportedDocument]:
    from annotator.ingest.html import load_html

    where = f"{member} in it" if member else "it"
    documents: list[ImportedDocument] = []
    skipped: list[str] = []
    records = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    try:
        for record in records:
            meter.step()
            if record.rec_type != "response" or record.http_headers is None:
                records.read_to_end(record)
                _check_whole(path, record, where)
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            media_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            status = record.http_headers.get_statuscode() or ""
            if media_type not in HTML_TYPES or not status.startswith("2"):
                records.read_to_end(record)
                _check_whole(path, record, where)
                continue
            body = record.content_stream().read(MAX_PAGE_BYTES + 1)
            meter.unpacked(len(body))
            records.read_to_end(record)
            _check_whole(path, record, where)
            offset, length = records.get_record_offset(), records.get_record_length()
            if len(body) > MAX_PAGE_BYTES:
                skipped.append(f"{url}: its page is over {MAX_PAGE_BYTES // MIB} MiB, not imported")
                continue
            try:
                document = load_html(path, body)
            except IngestError as error:
                skipped.append(f"{url}: {error.reason}")
                continue
            document.source_format = "warc"
            document.original = data[offset : offset + length]
            document.original_type = "application/warc"
            document.captured_at = _iso(record.rec_headers.get_header("WARC-Date") or "")
            document.captured_from = url
            document.member = f"{member}#{url}" if member else url
            document.url = document.url or url
            document.metadata["web_archive"] = {
                "target_uri": url,
                "warc_date": record.rec_headers.get_header("WARC-Date") or "",
                "record_id": record.rec_headers.get_header("WARC-Record-ID") or "",
                "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest") or "",
                **({"member": member} if member else {}),
            }
            documents.append(document)
    except ArchiveLoadFailed as error:
        raise IngestError(path, f"is not a readable web archive ({_first_line(error)})") from None
    except (EOFError, OSError, ValueError) as error:  # gzip and zlib errors of a cut-off .warc.gz
        raise IngestError(path, f"is truncated or damaged ({_first_line(error)})") from None
    for document in documents:
        document.warnings.extend(skipped)
    return documents


def _check_whole(path: Path, record: ArcWarcRecord, where: str) -> None:
    """Refuse an archive whose record ends before its Content-Length says (a cut-off download)."""
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        url = record.rec_headers.get_header("WARC-Target-URI") or "a record"
        raise IngestError(
            path, f"is truncated: the record of {url} in {where} is {missing:,} bytes short; nothing imported"
        )


def _load_wacz(path: Path, data: bytes, meter: Meter) -> list[ImportedDocument]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(path, "is not a readable WACZ: the zip is truncated or damaged") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_WACZ_MEMBERS:
            raise IngestError(path, f"has {len(members):,} members; WACZ files with more are not imported")
        for info in members:
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if info.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise IngestError(
                    path, f"has a member whose path leaves the archive ({info.filename!r}); not imported"
                )
        unpacked = sum(info.file_size for info in members)
        limit = meter.budget.max_content_bytes
        if unpacked > limit:
            raise IngestError(
                path,
                f"would unpack to {unpacked / MIB:,.1f} MiB, over the {limit / MIB:,.0f} MiB limit for one "
                "file, against zip bombs; not imported",
            )
        warcs = [
            info
            for info in members
            if info.filename.startswith("archive/") and info.filename.lower().endswith(WARC_SUFFIXES)
        ]
        if not warcs:
            raise IngestError(path, "is not a WACZ: it has no WARC files under archive/")
        wanted = _pages(path, archive)
        documents: list[ImportedDocument] = []
        for info in warcs:
            try:
                with archive.open(info) as handle:
                    # Read no more than the member says it holds: a forged size cannot unpack further.
                    content = handle.read(info.file_size + 1)
            except (zipfile.BadZipFile, EOFError, OSError) as error:
                raise IngestError(path, f"is truncated or damaged at {info.filename} ({error})") from None
            if len(content) > info.file_size:
                raise IngestError(path, f"{info.filename} unpacks past its recorded size; not imported")
            documents += _load_warc(path, content, meter, member=info.filename)
    if wanted:
        documents = [d for d in documents if d.captured_from in wanted] or documents
    return documents


def _pages(path: Path, archive: zipfile.ZipFile) -> set[str]:
    """The URLs pages.jsonl lists as the archive's pages (empty: no list, take every HTML page)."""
    try:
        info = archive.getinfo("pages/pages.jsonl")
    except KeyError:
        return set()
    if info.file_size > MAX_PAGE_BYTES:
        raise IngestError(path, "its pages/pages.jsonl is too large to be a page list; not imported")
    urls = set()
    with archive.open(info) as handle:
        for line in handle.read(info.file_size + 1).decode("utf-8", "replace").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                urls.add(entry["url"])
    return urls


def load_mhtml(path: Path, data: bytes) -> ImportedDocument:
    """The HTML page of an MHTML file (its resources are not needed for the text)."""
    from annotator.ingest.html import load_html

    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except RecursionError:
        raise IngestError(path, "its MIME parts nest too deeply to be a saved page; not imported") from None
    html = _html_part(path, message)
    if html is None:
        raise IngestError(path, "is not an MHTML page: it has no text/html part")
    try:
        body = html.get_payload(decode=True)
    except (LookupError, ValueError) as error:
        raise IngestError(path, f"its HTML part cannot be decoded ({error})") from None
    if not isinstance(body, bytes) or not body:
        raise IngestError(path, "its HTML part is empty")
    charset = html.get_content_charset()
    if charset:
        # A charset Python does not know, or that does not fit: the HTML importer detects it itself.
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            body = body.decode(charset).encode("utf-8")
    document = load_html(path, body)
    document.source_format = "mhtml"
    document.original_type = "multipart/related"
    url = str(message.get("Snapshot-Content-Location") or html.get("Content-Location") or "")
    document.captured_from = url
    document.url = document.url or url
    document.captured_at = _iso(str(message.get("Date") or ""))
    return document


def _html_part(path: Path, message: Message) -> Message | None:
    """The first text/html part, walking at most MAX_MIME_PARTS parts MAX_MIME_DEPTH deep."""
    count = 0
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        count += 1
        if count > MAX_MIME_PARTS:
            raise IngestError(path, f"has more than {MAX_MIME_PARTS:,} MIME parts; not imported")
        if depth > MAX_MIME_DEPTH:
            raise IngestError(path, f"its MIME parts nest more than {MAX_MIME_DEPTH} deep; not imported")
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend((child, depth + 1) for child in reversed(payload) if isinstance(child, Message))
        elif part.get_content_type() in HTML_TYPES:
            return part
    return None


def _iso(value: str) -> str:
    """A WARC-Date or a MIME Date as ISO-8601 UTC; the text as it was if it cannot be read."""
    value = value.strip()
    if not value:
        return ""
    if value[:4].isdigit():
        return value.replace("Z", "+00:00") if value.endswith("Z") else value
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return value
    return parsed.isoformat()


def _first_line(error: BaseException) -> str:
    return (str(error) or type(error).__name__).splitlines()[0][:200]
