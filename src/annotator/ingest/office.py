"""Word documents (DOCX) with python-docx: body paragraphs and tables in order, headers, footnotes, and
comments (as notes in the metadata, not in the text a claim anchors into)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from annotator.domain.models import ImportedDocument
from annotator.ingest.budget import MIB, Meter
from annotator.ingest.errors import IngestError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BLANK_RUNS = re.compile(r"\n{3,}")


def load_docx(path: Path, data: bytes, meter: Meter) -> ImportedDocument:
    """The text of a Word document; IngestError if it is not one or unpacks past the budget."""
    import docx
    from docx.table import Table

    _check_zip(path, data, meter)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises zipfile, KeyError and lxml errors alike
        raise IngestError(path, f"is not a readable Word document ({type(error).__name__})") from None
    blocks: list[str] = []
    headers: list[str] = []
    for section in document.sections:
        for paragraph in section.header.paragraphs:
            if paragraph.text.strip() and paragraph.text.strip() not in headers:
                headers.append(paragraph.text.strip())
    for block in document.iter_inner_content():
        meter.step()
        if isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                blocks.append("\t".join(cells))
        else:
            blocks.append(block.text)
    footnotes = _footnotes(document)
    text = "\n".join([*headers, *([""] if headers else []), *blocks])
    if footnotes:
        text += "\n\nFootnotes\n" + "\n".join(f"[{number}] {note}" for number, note in footnotes)
    text = BLANK_RUNS.sub("\n\n", text.replace("\r\n", "\n").replace("\r", "\n")).strip() + "\n"
    if not text.strip():
        raise IngestError(path, "the Word document has no text")
    properties = document.core_properties
    imported = ImportedDocument(
        text=text,
        source_format="docx",
        source_filename=path.name,
        title=(properties.title or "").strip(),
        authors=[properties.author.strip()] if properties.author and properties.author.strip() else [],
        published=properties.created.date().isoformat() if properties.created else "",
        language=(properties.language or "").strip(),
        original_type=DOCX_TYPE,
    )
    comments = [
        {"author": comment.author, "text": comment.text}
        for comment in document.comments
        if comment.text.strip()
    ]
    if comments:
        imported.metadata["comments"] = comments
    return imported


def _footnotes(document: object) -> list[tuple[str, str]]:
    """(number, text) of each footnote, read from word/footnotes.xml (python-docx has no API for them)."""
    for part in document.part.package.parts:  # type: ignore[attr-defined]
        if str(part.partname) == "/word/footnotes.xml":
            from lxml import etree

            root = etree.fromstring(
                part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True)
            )
            notes = []
            for note in root.iter(f"{W_NS}footnote"):
                if note.get(f"{W_NS}type") in ("separator", "continuationSeparator"):
                    continue
                text = "".join(node.text or "" for node in note.iter(f"{W_NS}t")).strip()
                if text:
                    notes.append((note.get(f"{W_NS}id") or "", text))
            return notes
    return []


def _check_zip(path: Path, data: bytes, meter: Meter) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise IngestError(path, "is not a readable Word document: the file is truncated or damaged") from None
    limit = meter.budget.max_content_bytes
    if unpacked > limit:
        raise IngestError(
            path,
            f"would unpack to {unpacked / MIB:,.1f} MiB, over the {limit / MIB:,.0f} MiB limit for one file, "
            "against zip bombs; not imported",
        )
