"""REFI-QDA project exchange (.qdpx) for NVivo, ATLAS.ti, MAXQDA and QualCoder users.

A QDPX file is a zip holding `project.qde` (XML in the urn:QDA-XML:project:1.0 namespace) and a
`Sources/` folder. What goes where:
- each annotator is a `User`; each document a `TextSource` whose plain text is `Sources/<guid>.txt`
  (UTF-8, "\\n" line ends, so a character position means the same in every tool);
- the code book has three categories (`isCodable="false"`): *Claim kinds*, *Tags* and *Verdicts*, with
  a code for each kind, tag and verdict label used;
- each claim is a `PlainTextSelection` of its document (start and end in characters, as our offsets
  count them) with one `Coding` per code that applies (its kind, its tags, its current verdict) and a
  `Description` memo with the statement, claimant, stated date, note and verdict conclusion;
- the project's description names what the export covers.
The XML is valid against the REFI-QDA schema (Project-mrt2019.xsd; scripts/check_qdpx_schema.py checks
it): a list the schema needs at least one item in (users, codes, sources) is left out when empty, and
characters XML 1.0 cannot carry (control characters a PDF's text may hold) are replaced by spaces in
names and memos; the plain texts in `Sources/` are kept as they are, so positions still count the same
characters.
Ids are the project's UUIDs where it has them, otherwise UUIDs derived from names, so exporting twice
gives the same file.
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable

from annotator import __version__
from annotator.export.model import ClaimEntry, Report
from annotator.export.text import utc_z

NAMESPACE = "urn:QDA-XML:project:1.0"
_IDS = uuid.UUID("6f1d3c2a-8f0e-4d5b-9a57-2b1f0c3e9d41")  # the namespace of the UUIDs derived here


def guid(kind: str, value: str) -> str:
    """A project UUID as REFI-QDA wants it (canonical form), or one derived from kind and value."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return str(uuid.uuid5(_IDS, f"{kind}:{value}"))


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


# What XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets): ElementTree would write it as it
# is, and every XML parser, QualCoder's and ours included, refuses the whole file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub(" ", value)


def _memo(entry: ClaimEntry) -> str:
    claim = entry.claim
    lines = []
    if claim.statement:
        lines.append(f"Statement: {claim.statement}")
    if entry.claimant is not None:
        lines.append(f"Claimant: {entry.claimant.name}")
    if claim.stated_text or claim.stated_lo:
        lines.append(f"Stated: {claim.stated_text or claim.stated_lo}")
    if claim.due:
        lines.append(f"Due: {claim.due}")
    current = entry.current
    if current is not None:
        verdict = current.label.display + (
            f": {current.verdict.conclusion}" if current.verdict.conclusion else ""
        )
        lines.append(f"Verdict (as of {current.verdict.as_of}): {verdict}")
    if claim.note:
        lines.append(f"Note: {claim.note}")
    return xml_text("\n".join(lines))


def render_qdpx(report: Report) -> bytes:
    """The report's claims and the documents they are in (their text from `report.texts`), as a zip."""
    texts = report.texts
    ET.register_namespace("", NAMESPACE)
    users = {entry.claim.created_by: entry.author for entry in report.claims if entry.claim.created_by}
    codes: dict[tuple[str, str], str] = {}  # (category, name) -> guid

    def code(category: str, name: str) -> str:
        return codes.setdefault((category, name), guid("code", f"{category}:{name}"))

    documents: dict[str, list[ClaimEntry]] = {}
    for entry in report.claims:
        documents.setdefault(entry.document.id, []).append(entry)
        code("Claim kinds", entry.claim.kind)
        for tag in entry.claim.tags:
            code("Tags", tag)
        if entry.current is not None:
            code("Verdicts", entry.current.label.display)

    first_user = next(iter(users), None)
    root = ET.Element(
        _q("Project"),
        {
            "name": xml_text(report.project_name),
            "origin": f"annotator {__version__}",
            "creationDateTime": utc_z(report.generated_at),
            **({"creatingUserGUID": guid("user", first_user)} if first_user else {}),
        },
    )
    if users:
        users_element = ET.SubElement(root, _q("Users"))
        for user_id, name in users.items():
            attributes = {"guid": guid("user", user_id), "name": xml_text(name) or "Anonymous"}
            ET.SubElement(users_element, _q("User"), attributes)
    if codes:
        _codebook(ET.SubElement(ET.SubElement(root, _q("CodeBook")), _q("Codes")), codes)

    files: dict[str, str] = {}  # path in the zip -> plain text
    if documents:
        _sources(ET.SubElement(root, _q("Sources")), documents, texts, code, files)
    description = f"{report.title}: {', '.join(report.scope) or 'all claims'}"
    ET.SubElement(root, _q("Description")).text = xml_text(description)

    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for path, text in files.items():
            archive.writestr(path, text.encode("utf-8"))
    return buffer.getvalue()


def _codebook(codebook: ET.Element, codes: dict[tuple[str, str], str]) -> None:
    for category in ("Claim kinds", "Tags", "Verdicts"):
        names = [name for cat, name in codes if cat == category]
        if not names:
            continue
        parent = ET.SubElement(
            codebook, _q("Code"), {"guid": guid("category", category), "name": category, "isCodable": "false"}
        )
        for name in names:
            ET.SubElement(
                parent,
                _q("Code"),
                {"guid": codes[(category, name)], "name": xml_text(name), "isCodable": "true"},
            )


def _sources(
    sources: ET.Element,
    documents: dict[str, list[ClaimEntry]],
    texts: dict[str, str],
    code: Callable[[str, str], str],
    files: dict[str, str],
) -> None:
    """A TextSource per document, with its claims; `files` gets each plain text's path in the zip."""
    titles: set[str] = set()
    for document_id, entries in documents.items():
        info = entries[0].document
        source_guid = guid("document", document_id)
        name = xml_text(info.title) or source_guid
        if name in titles:  # tools key sources by name
            name = f"{name} ({source_guid[:8]})"
        titles.add(name)
        files[f"Sources/{source_guid}.txt"] = texts[document_id]
        source = ET.SubElement(
            sources,
            _q("TextSource"),
            {"guid": source_guid, "name": name, "plainTextPath": f"internal://{source_guid}.txt"},
        )
        described = "\n".join(part for part in (info.url, "; ".join(info.authors), info.publisher) if part)
        if described:
            ET.SubElement(source, _q("Description")).text = xml_text(described)
        for entry in entries:
            _selection(source, entry, code)


def _selection(source: ET.Element, entry: ClaimEntry, code: Callable[[str, str], str]) -> None:
    claim = entry.claim
    attributes = {
        "guid": guid("claim", claim.id),
        "name": xml_text(claim.exact if len(claim.exact) <= 60 else claim.exact[:57] + "..."),
        "startPosition": str(claim.start),
        "endPosition": str(claim.end),
        "creationDateTime": utc_z(claim.created_at),
        "modifiedDateTime": utc_z(claim.updated_at),
    }
    if claim.created_by:
        attributes["creatingUser"] = guid("user", claim.created_by)
    selection = ET.SubElement(source, _q("PlainTextSelection"), attributes)
    if memo := _memo(entry):
        ET.SubElement(selection, _q("Description")).text = memo
    applied = [("Claim kinds", claim.kind), *(("Tags", tag) for tag in claim.tags)]
    if entry.current is not None:
        applied.append(("Verdicts", entry.current.label.display))
    for category, name in applied:
        target = code(category, name)
        coding = ET.SubElement(
            selection,
            _q("Coding"),
            {"guid": guid("coding", f"{claim.id}:{target}"), "creationDateTime": utc_z(claim.created_at)},
        )
        if claim.created_by:
            coding.set("creatingUser", guid("user", claim.created_by))
        ET.SubElement(coding, _q("CodeRef"), {"targetGUID": target})
