"""Importing a REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder or our own export).

Each `TextSource` whose plain text is inside the file (`internal://`) becomes a document, unless the
project already has that text; each of its `PlainTextSelection`s becomes a claim, placed by its
character positions and quote through the W3C importer (ops/w3c_import.py), so the same rules and
reports apply. Codes in a *Claim kinds* category (as our export writes) give the claim's kind; codes in
*Verdicts* are not verdicts here (a verdict needs a date and an author) and are skipped; every other
code becomes a tag. A selection's `Description` becomes its note, its creating user the claim's author.
Sources of other kinds (PDF, pictures, audio, video) and external files are reported and left out.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.models import CLAIM_KINDS, ImportedDocument
from annotator.ingest.budget import MAX_CONTENT_BYTES
from annotator.ingest.errors import IngestError
from annotator.ops import documents as document_ops
from annotator.ops.w3c_import import AnnotationOutcome, W3CImportReport, import_web_annotations
from annotator.store import queries
from annotator.store.project import Project

KIND_CATEGORY = "Claim kinds"
SKIPPED_CATEGORY = "Verdicts"


@dataclass
class QdpxImport:
    """What a QDPX import did: its claims' report, the documents it added, the sources it left out."""

    report: W3CImportReport
    new_documents: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def is_qdpx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.lower().endswith(".qde") for name in archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _tag(child) == name]


def _codes(element: ET.Element, category: str, found: dict[str, tuple[str, str]]) -> None:
    for code in _children(element, "Code"):
        name = code.get("name") or ""
        if code.get("isCodable") == "false":
            _codes(code, name, found)
            continue
        found[code.get("guid") or ""] = (category, name)
        _codes(code, category, found)  # sub-codes: same category


def _read(archive: zipfile.ZipFile, path: Path) -> tuple[ET.Element, dict[str, zipfile.ZipInfo]]:
    members = {info.filename: info for info in archive.infolist()}
    if sum(info.file_size for info in members.values()) > MAX_CONTENT_BYTES:
        raise IngestError(path, f"unpacks to more than {MAX_CONTENT_BYTES // (1024 * 1024)} MB")
    projects = [name for name in members if name.lower().endswith(".qde")]
    if not projects:
        raise IngestError(path, "holds no project.qde: it is not a REFI-QDA project")
    qde = projects[0]
    try:
        root = ET.fromstring(archive.read(qde))
    except ET.ParseError as error:
        raise IngestError(path, f"its {qde} is not well-formed XML ({error})") from None
    return root, members


def import_qdpx(
    project: Project, path: Path, created_by: str | None = None, step: Callable[[], None] | None = None
) -> QdpxImport:
    """Documents and claims from a .qdpx, in one transaction; IngestError if the file cannot be read."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise IngestError(path, f"is not a QDPX (zip) file ({error})") from None
    with archive:
        root, members = _read(archive, path)
        users = {
            user.get("guid"): user.get("name") or "" for users in _children(root, "Users") for user in users
        }
        codes: dict[str, tuple[str, str]] = {}
        for book in _children(root, "CodeBook"):
            for codes_element in _children(book, "Codes"):
                _codes(codes_element, "", codes)
        result = QdpxImport(W3CImportReport())
        annotations: list[dict[str, Any]] = []
        with project.transaction():
            for sources in _children(root, "Sources"):
                for source in sources:
                    text = _source_text(archive, members, source, result)
                    if text is None:
                        continue
                    digest = _document(project, source, text, path, created_by, result)
                    atlas = "ATLAS" in (root.get("origin") or "").upper()
                    for selection in _children(source, "PlainTextSelection"):
                        annotations.append(_annotation(selection, digest, text, codes, users, atlas))
            result.report = import_web_annotations(project, annotations, created_by, step)
    return result


def _source_text(
    archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], source: ET.Element, result: QdpxImport
) -> str | None:
    name = source.get("name") or source.get("guid") or "a source"
    if _tag(source) != "TextSource":
        result.skipped.append(f"{name}: a {_tag(source)}, not a text source")
        return None
    where = source.get("plainTextPath") or source.get("path") or ""
    if not where.startswith("internal://"):
        result.skipped.append(f"{name}: its text is not inside the file ({where or 'no path'})")
        return None
    wanted = where.removeprefix("internal://").lstrip("/")
    member = next((m for m in members if m.lower() in (f"sources/{wanted}".lower(), wanted.lower())), None)
    if member is None:
        result.skipped.append(f"{name}: {where} is missing from the file")
        return None
    try:
        return archive.read(member).decode("utf-8-sig")
    except UnicodeDecodeError:
        result.skipped.append(f"{name}: its text is not UTF-8")
        return None


def _document(
    project: Project, source: ET.Element, raw: str, path: Path, created_by: str | None, result: QdpxImport
) -> str:
    """The sha256 of the source's text, stored as a new document unless the project has it already."""
    text = raw.replace("\r\n", "\n")
    digest = document_ops.text_hash(text)
    if queries.find_document_by_hash(project, digest) is None:
        description = source.findtext("{*}Description") or ""
        imported = ImportedDocument(
            text=text,
            source_format="qdpx",
            source_filename=path.name,
            title=source.get("name") or path.stem,
            url=next(
                (line for line in description.splitlines() if line.startswith(("http://", "https://"))), ""
            ),
        )
        result.new_documents.append(document_ops.insert_document(project, imported, digest, created_by))
    return digest


def _position(raw: str, position: int, atlas: bool) -> int:
    """A position in the source's text as we store it (LF line ends); ATLAS.ti counts CRLF as one already."""
    return position if atlas else position - raw.count("\r\n", 0, position)


def _annotation(
    selection: ET.Element,
    digest: str,
    raw: str,
    codes: dict[str, tuple[str, str]],
    users: dict[str | None, str],
    atlas: bool,
) -> dict[str, Any]:
    text = raw.replace("\r\n", "\n")
    start = _position(raw, int(selection.get("startPosition") or 0), atlas)
    end = _position(raw, int(selection.get("endPosition") or 0), atlas)
    applied = [
        codes.get(ref.get("targetGUID") or "")
        for coding in _children(selection, "Coding")
        for ref in _children(coding, "CodeRef")
    ]
    kind = next(
        (
            name
            for category, name in filter(None, applied)
            if category == KIND_CATEGORY and name in CLAIM_KINDS
        ),
        "",
    )
    tags = [
        name for category, name in filter(None, applied) if category not in (KIND_CATEGORY, SKIPPED_CATEGORY)
    ]
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": kind or "factual"}]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags]
    note = (selection.findtext("{*}Description") or "").strip()
    if note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": note})
    guid = selection.get("guid") or ""
    try:
        identifier = f"urn:uuid:{uuid.UUID(guid)}"
    except ValueError:
        identifier = f"urn:qdpx:selection:{digest}:{guid}:{start}:{end}"
    annotation: dict[str, Any] = {
        "id": identifier,
        "body": bodies,
        "target": {
            "source": f"urn:sha256:{digest}",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end] if 0 <= start < end <= len(text) else "",
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }
    author = users.get(selection.get("creatingUser") or selection.get("modifyingUser"))
    if author:
        annotation["creator"] = {"type": "Person", "name": author}
    if created := selection.get("creationDateTime"):
        annotation["created"] = created
    if modified := selection.get("modifiedDateTime"):
        annotation["modified"] = modified
    if kind:
        annotation["claimKind"] = kind
    return annotation


def describe_skipped(result: QdpxImport) -> list[AnnotationOutcome]:
    """Sources left out, as outcomes the import's report lists among the unmatched."""
    return [
        AnnotationOutcome(what.split(":", 1)[0], "unmatched", what.split(": ", 1)[-1])
        for what in result.skipped
    ]
