"""The .qdpx's project.qde keeps what the REFI-QDA project schema requires of what we write (issue 13).

The schema (Project-mrt2019.xsd, QDA-XML 1.0) is not part of the repository: scripts/check_qdpx_schema.py
validates exports against it by hand. Here the rules it found broken (empty lists, control characters a
strict parser refuses) and the elements, attributes and orders it requires for the parts we write are
checked on real exports: the sample project (every claim, the verified ones, none) and a claim whose
quote, note, tag and document title hold control characters, as a PDF's extracted text can.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import etree

from annotator.domain.models import ImportedDocument
from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.ops import claims as claim_ops
from annotator.ops import documents as document_ops
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import Project, open_project

NAMESPACE = "urn:QDA-XML:project:1.0"
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
GUID_ATTRIBUTES = {"guid", "targetGUID", "creatingUser", "modifyingUser", "creatingUserGUID"}
DATE_ATTRIBUTES = {"creationDateTime", "modifiedDateTime"}
INTEGER_ATTRIBUTES = {"startPosition", "endPosition"}
# What XML 1.0 cannot carry (https://www.w3.org/TR/xml/#charsets).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Rule(NamedTuple):
    required: frozenset[str]  # attributes the schema requires
    optional: frozenset[str]  # the other attributes it allows
    children: tuple[str, ...]  # the child elements it allows, in the order it requires
    at_least_one_child: bool = False  # a list the schema requires to hold one item or more


def _rule(required: str, optional: str, children: str, at_least_one_child: bool = False) -> Rule:
    return Rule(
        frozenset(required.split()), frozenset(optional.split()), tuple(children.split()), at_least_one_child
    )


# Our reading of the REFI-QDA schema for every element our export writes.
RULES = {
    "Project": _rule(
        "name",
        "origin creatingUserGUID creationDateTime modifyingUserGUID modifiedDateTime basePath",
        "Users CodeBook Variables Cases Sources Notes Links Sets Graphs Description NoteRef",
    ),
    "Users": _rule("", "", "User", at_least_one_child=True),
    "User": _rule("guid", "name id", ""),
    "CodeBook": _rule("", "", "Codes", at_least_one_child=True),
    "Codes": _rule("", "", "Code", at_least_one_child=True),
    "Code": _rule("guid name isCodable", "color", "Description NoteRef Code"),
    "Sources": _rule(
        "", "", "TextSource PictureSource PDFSource AudioSource VideoSource", at_least_one_child=True
    ),
    "TextSource": _rule(
        "guid",
        "name richTextPath plainTextPath creatingUser creationDateTime modifyingUser modifiedDateTime",
        "Description PlainTextContent PlainTextSelection Coding NoteRef VariableValue",
    ),
    "PlainTextSelection": _rule(
        "guid startPosition endPosition",
        "name creatingUser creationDateTime modifyingUser modifiedDateTime",
        "Description Coding NoteRef",
    ),
    "Coding": _rule("guid", "creatingUser creationDateTime", "CodeRef NoteRef", at_least_one_child=True),
    "CodeRef": _rule("targetGUID", "", ""),
    "Description": _rule("", "", ""),
}
# Sources' children may come in any order (a choice); every other list above is a sequence.
UNORDERED = {"Sources"}


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _project_qde(data: bytes) -> tuple[etree._Element, dict[str, str]]:
    """The parsed project.qde (strictly: no recovery from bad characters) and the zip's plain texts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("project.qde"), etree.XMLParser(recover=False))
        names = [name for name in archive.namelist() if name.endswith(".txt")]
        texts = {name: archive.read(name).decode("utf-8") for name in names}
    return root, texts


def _problems(root: etree._Element, texts: dict[str, str]) -> list[str]:
    """Every way the project.qde breaks the rules above, as `element: reason` lines."""
    problems = []
    if root.tag != f"{{{NAMESPACE}}}Project":
        problems.append(f"root is {root.tag}")
    code_guids = {code.get("guid") for code in root.iter(f"{{{NAMESPACE}}}Code")}
    for element in root.iter(etree.Element):
        name = _local(element)
        if etree.QName(element).namespace != NAMESPACE:
            problems.append(f"{element.tag}: not in {NAMESPACE}")
        rule = RULES.get(name)
        if rule is None:
            problems.append(f"{name}: an element our export should not write")
            continue
        attributes = set(element.attrib)
        if missing := rule.required - attributes:
            problems.append(f"{name}: missing {sorted(missing)}")
        if extra := attributes - rule.required - rule.optional:
            problems.append(f"{name}: attributes the schema does not allow {sorted(extra)}")
        children = [_local(child) for child in element]
        if any(child not in rule.children for child in children):
            problems.append(f"{name}: children {children} not among {rule.children}")
        elif name not in UNORDERED and children != sorted(children, key=rule.children.index):
            problems.append(f"{name}: children {children} out of the order {rule.children}")
        if rule.at_least_one_child and not children:
            problems.append(f"{name}: empty, but the schema needs at least one item")
        if name == "Coding" and (children[:1] != ["CodeRef"] or children.count("CodeRef") > 1):
            problems.append(f"{name}: needs exactly one CodeRef, first")
        for attribute, value in element.attrib.items():
            if attribute in GUID_ATTRIBUTES and not GUID.fullmatch(value):
                problems.append(f"{name}@{attribute}: {value!r} is not a GUID")
            if attribute in DATE_ATTRIBUTES and datetime.fromisoformat(value).tzinfo is None:
                problems.append(f"{name}@{attribute}: {value!r} has no time zone")
            if attribute in INTEGER_ATTRIBUTES and not re.fullmatch(r"\d+", value):
                problems.append(f"{name}@{attribute}: {value!r} is not a non-negative integer")
            if attribute == "isCodable" and value not in {"true", "false"}:
                problems.append(f"{name}@isCodable: {value!r} is not a boolean")
        if name == "CodeRef" and element.get("targetGUID") not in code_guids:
            problems.append(f"CodeRef: {element.get('targetGUID')} names no Code")
        if name == "TextSource":
            # The schema's comment: either PlainTextContent or plainTextPath, not both.
            path, content = element.get("plainTextPath"), "PlainTextContent" in children
            if (path is None) == (not content):
                problems.append(f"TextSource {element.get('guid')}: needs plainTextPath or PlainTextContent")
            if path is not None and path.removeprefix("internal://") not in {
                name.removeprefix("Sources/") for name in texts
            }:
                problems.append(f"TextSource {element.get('guid')}: {path} is not in the zip")
    return problems


@pytest.mark.parametrize(
    "where",
    [ReportFilter(verified_only=False), ReportFilter(), ReportFilter(verified_only=False, kind="promise")],
    ids=["every claim", "verified claims", "no claim"],
)
def test_the_qdpx_keeps_the_schemas_rules(sample: Project, where: ReportFilter) -> None:
    data = export(sample, "qdpx", where)
    assert isinstance(data, bytes)
    root, texts = _project_qde(data)
    assert _problems(root, texts) == []
    # One selection per claim the same filter puts in any export.
    selections = json.loads(export(sample, "w3c", where))["total"]
    assert len(root.findall(f".//{{{NAMESPACE}}}PlainTextSelection")) == selections
    assert selections > 0 or where.kind == "promise"
    present = {_local(child) for child in root}
    if selections == 0:
        # Nothing to list: no empty Users, CodeBook or Sources (each would need one item or more).
        assert present == {"Description"}
    else:
        assert {"Users", "CodeBook", "Sources", "Description"} == present


def test_the_rules_catch_what_breaks_the_schema(sample: Project) -> None:
    # The checker is not vacuous: each break the schema would refuse is named.
    data = export(sample, "qdpx", ReportFilter(verified_only=False))
    assert isinstance(data, bytes)
    root, texts = _project_qde(data)
    users = root.find(f"{{{NAMESPACE}}}Users")
    assert users is not None
    for user in list(users):
        users.remove(user)
    coding = root.find(f".//{{{NAMESPACE}}}Coding")
    assert coding is not None
    del coding.attrib["guid"]
    coding.append(coding[0].__copy__())
    selection = root.find(f".//{{{NAMESPACE}}}PlainTextSelection")
    assert selection is not None
    selection.set("startPosition", "-1")
    description = root.find(f"{{{NAMESPACE}}}Description")
    assert description is not None
    root.remove(description)
    root.insert(0, description)
    found = _problems(root, texts)
    assert "Users: empty, but the schema needs at least one item" in found
    assert "Coding: missing ['guid']" in found
    assert "Coding: needs exactly one CodeRef, first" in found
    assert "PlainTextSelection@startPosition: '-1' is not a non-negative integer" in found
    assert any(line.startswith("Project: children ['Description', 'Users'") for line in found)


def test_control_characters_are_replaced_in_names_and_memos_but_kept_in_the_texts(
    sample: Project, tmp_path: Path
) -> None:
    text = "Page one ends here.\x0cPage two\x01 begins: the army stays home."
    imported = ImportedDocument(text, "pdf", "scan.pdf", title="Scan\x0b of a leaflet")
    document_id, _ = document_ops.add_document(sample, imported)
    start, end = text.index("ends"), text.index("begins")
    claim = claim_ops.tag_claim(sample, document_id, start, end, kind="factual")
    claim_ops.update_claim(sample, claim.id, {"note": "seen on\x0b page 2\x00", "tags": ["leaflet\x1f"]})
    data = export(sample, "qdpx", ReportFilter(verified_only=False))
    assert isinstance(data, bytes)
    root, texts = _project_qde(data)  # a strict parser: a control character would fail here
    assert _problems(root, texts) == []

    [source] = [s for s in root.iter(f"{{{NAMESPACE}}}TextSource") if s.get("name", "").startswith("Scan")]
    assert source.get("name") == "Scan  of a leaflet"
    [selection] = source.findall(f"{{{NAMESPACE}}}PlainTextSelection")
    assert selection.get("name") == "ends here. Page two  "
    memo = selection.findtext(f"{{{NAMESPACE}}}Description") or ""
    assert "Note: seen on  page 2 " in memo
    assert "Tags/leaflet " in {
        f"{category.get('name')}/{code.get('name')}"
        for category in root.iter(f"{{{NAMESPACE}}}Code")
        for code in category.findall(f"{{{NAMESPACE}}}Code")
    }
    for element in root.iter(etree.Element):
        for value in [*element.attrib.values(), element.text or ""]:
            assert not NOT_XML.search(value), (element.tag, value)

    # The plain text keeps every character, so positions count the same ones in every tool.
    path = (source.get("plainTextPath") or "").removeprefix("internal://")
    plain = texts[f"Sources/{path}"]
    assert plain == text
    assert (
        plain[int(selection.get("startPosition") or -1) : int(selection.get("endPosition") or -1)]
        == (text[start:end])
    )

    # And it imports back: the claim lands on the same characters, its note kept but for the control ones.
    qdpx = tmp_path / "export.qdpx"
    qdpx.write_bytes(data)
    with open_project(tmp_path / "new.sqlite", create=True) as fresh:
        import_paths(fresh, [qdpx])
        found = queries.find_document_by_hash(fresh, document_ops.text_hash(text))
        assert found is not None
        assert queries.get_document(fresh, found.id).text == text
        [(exact, claim_start, note)] = fresh.conn.execute(
            "SELECT exact, start, note FROM claims WHERE document_id = ?", (found.id,)
        ).fetchall()
    assert (exact, claim_start) == (text[start:end], start)
    assert "seen on  page 2" in note
