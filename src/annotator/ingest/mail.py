"""Email: an .eml message or each message of an .mbox, with the standard library. Headers become
metadata, the body the text (HTML bodies through the HTML importer), and each attachment that is itself
importable (a PDF, a page, a text) becomes a document of its own, linked to its message."""

from __future__ import annotations

import email
import email.policy
import mailbox
import os
import tempfile
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from annotator.domain.models import ImportedDocument
from annotator.ingest.budget import Meter
from annotator.ingest.errors import IngestError

MAX_MESSAGES = 10_000
MAX_ATTACHMENTS = 100  # per message
# Reads an attachment's bytes as a document (the package's own dispatcher, given to avoid a cycle).
Parse = Callable[[Path, bytes, Meter], ImportedDocument]


def load_mail(path: Path, data: bytes, meter: Meter, parse: Parse) -> list[ImportedDocument]:
    """The message(s) of an .eml or .mbox file and their attachments, each message before its own."""
    mbox = path.suffix.lower() == ".mbox"
    messages = _mbox_messages(path, data) if mbox else [_parse_message(path, data)]
    documents: list[ImportedDocument] = []
    for number, message in enumerate(messages, start=1):
        meter.step()
        member = f"message {number}" if len(messages) > 1 else ""
        found = _message_documents(path, message, member, meter, parse)
        for part in found[1:]:
            part.metadata["attached_to"] = len(documents)  # the message's index in the file's list
        documents += found
    if not documents:
        raise IngestError(path, "holds no email message")
    return documents


def _parse_message(path: Path, data: bytes) -> EmailMessage:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except RecursionError:
        raise IngestError(path, "its MIME parts nest too deeply to be an email; not imported") from None
    if not isinstance(message, EmailMessage) or not (
        message["From"] or message["Subject"] or message["Date"]
    ):
        raise IngestError(path, "is not an email message: it has no From, Subject or Date header")
    return message


def _mbox_messages(path: Path, data: bytes) -> list[EmailMessage]:
    """The messages of an mbox, read from a private copy (mailbox wants a file it may lock)."""
    handle, name = tempfile.mkstemp(suffix=".mbox")
    try:
        with os.fdopen(handle, "wb") as copy:
            copy.write(data)
        box = mailbox.mbox(name, factory=None, create=False)
        try:
            if len(box) > MAX_MESSAGES:
                raise IngestError(path, f"holds more than {MAX_MESSAGES:,} messages; split it first")
            return [_parse_message(path, message.as_bytes()) for message in box]
        finally:
            box.close()
    finally:
        os.unlink(name)


def _message_documents(
    path: Path, message: EmailMessage, member: str, meter: Meter, parse: Parse
) -> list[ImportedDocument]:
    subject = str(message["Subject"] or "").strip()
    headers = {
        name.lower(): str(message[name])
        for name in ("From", "To", "Cc", "Date", "Subject", "Message-ID")
        if message[name] is not None
    }
    warnings: list[str] = []
    text = _body_text(path, message, warnings)
    head = "\n".join(
        f"{name}: {headers[name.lower()]}"
        for name in ("From", "To", "Date", "Subject")
        if name.lower() in headers
    )
    document = ImportedDocument(
        text=f"{head}\n\n{text}".strip() + "\n",
        source_format="email",
        source_filename=path.name,
        title=subject or f"Email from {headers.get('from', 'an unknown sender')}",
        authors=[
            name or address for name, address in getaddresses([headers.get("from", "")]) if name or address
        ],
        published=_date(headers.get("date", "")),
        original=message.as_bytes() if member else None,  # an mbox's message is its own original
        original_type="message/rfc822",
        member=member,
        warnings=warnings,
    )
    document.metadata["email"] = headers
    documents = [document]
    for number, attachment in enumerate(message.iter_attachments(), start=1):
        if number > MAX_ATTACHMENTS:
            document.warnings.append(f"more than {MAX_ATTACHMENTS} attachments: the rest were not imported")
            break
        name = attachment.get_filename() or f"attachment-{number}"
        try:
            content = attachment.get_payload(decode=True)
        except (LookupError, ValueError):
            content = None
        if not isinstance(content, bytes) or not content:
            document.warnings.append(f"attachment {name} is empty or cannot be decoded; not imported")
            continue
        try:
            part = parse(Path(Path(name).name), content, meter)
        except IngestError as error:
            document.warnings.append(f"attachment {name}: {error.reason}; not imported")
            continue
        part.member = f"{member + ' ' if member else ''}attachment {Path(name).name}"
        part.metadata["attachment"] = {"filename": name, "message_id": headers.get("message-id", "")}
        part.source_filename = Path(name).name
        documents.append(part)
    return documents


def _body_text(path: Path, message: EmailMessage, warnings: list[str]) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, UnicodeDecodeError):
        # A malformed or unknown charset: read it as UTF-8, marking what cannot be read, and say so.
        raw = body.get_payload(decode=True)
        content = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
        warnings.append(f"its body's charset {body.get_content_charset()!r} is unknown; read as UTF-8")
    if body.get_content_type() == "text/html":
        from annotator.ingest.html import load_html

        try:
            return load_html(path, content.encode("utf-8")).text
        except IngestError:
            return ""
    return str(content).replace("\r\n", "\n").replace("\r", "\n").strip()


def _date(value: str) -> str:
    try:
        return parsedate_to_datetime(value).date().isoformat() if value else ""
    except (TypeError, ValueError):
        return ""
