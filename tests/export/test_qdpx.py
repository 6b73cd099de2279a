"""REFI-QDA export: the .qdpx read the way QualCoder's importer (qualcoder/refi.py) reads one.

The REFI-QDA XML schema's rules are test_qdpx_conformance.py's; here the structure is checked as
QualCoder's importer walks it: the namespace version from the root's children, the Project's `origin`,
Users, the CodeBook's first child `Codes` (categories with isCodable="false"), each TextSource's
`internal://` plain text in `Sources/` (no CRLF line ends, which it would pad), and each
PlainTextSelection's positions and Codings (whose first child is the CodeRef).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from annotator.export.formats import FORMATS, export
from annotator.export.model import ReportFilter
from annotator.ops.importing import ImportRecord, import_paths, redo_import, undo_import
from annotator.store import queries
from annotator.store.project import Project, open_project
from cli_support import RunCli

NS = "{urn:QDA-XML:project:1.0}"


def _codes(element: ET.Element, found: dict[str, str], category: str = "") -> None:
    for child in element:
        if child.tag != f"{NS}Code":
            continue
        assert child.get("name")
        if child.get("isCodable") == "false":
            _codes(child, found, child.get("name") or "")
        else:
            found[child.get("guid") or ""] = f"{category}/{child.get('name')}"


def test_the_qdpx_reads_as_qualcoder_reads_it(sample: Project, tmp_path: Path) -> None:
    data = export(sample, "qdpx", ReportFilter(verified_only=False))
    assert isinstance(data, bytes) and FORMATS["qdpx"].binary
    archive = zipfile.ZipFile(io.BytesIO(data))
    folder = tmp_path / "unzipped"
    archive.extractall(folder)
    archive.close()
    [qde] = [name for name in (p.name for p in folder.iterdir()) if name.endswith(".qde")]
    root = ET.parse(folder / qde).getroot()
    assert {child.tag.split("{urn:QDA-XML:project:")[1].split("}")[0] for child in root} == {"1.0"}
    assert root.tag == f"{NS}Project" and "annotator" in (root.get("origin") or "")
    children = {child.tag.removeprefix(NS): child for child in root}
    users = {user.get("guid"): user.get("name") for user in children["Users"]}
    assert set(users.values()) == {"Ana Analyst"}
    codes_element = list(children["CodeBook"])[0]
    assert codes_element.tag == f"{NS}Codes"
    codes: dict[str, str] = {}
    _codes(codes_element, codes)
    assert {"Claim kinds/prediction", "Tags/belarus-army", "Verdicts/Confirmed"} <= set(codes.values())

    claims = {
        c.id: c
        for c in (queries.get_claim(sample, i) for (i,) in sample.conn.execute("SELECT id FROM claims"))
    }
    names, placed = set(), {}
    for source in children["Sources"]:
        assert source.tag == f"{NS}TextSource" and source.get("path") is None
        name = source.get("name")
        assert name and name not in names
        names.add(name)
        path = folder / "Sources" / (source.get("plainTextPath") or "").split("internal:/")[1].lstrip("/")
        raw = path.read_bytes()
        assert b"\r\n" not in raw.split(b"\n", 1)[0] + b"\n"
        fulltext = raw.decode("utf-8")
        for selection in source.findall(f"{NS}PlainTextSelection"):
            start, end = int(selection.get("startPosition") or -1), int(selection.get("endPosition") or -1)
            assert selection.get("creatingUser") in users
            applied = []
            for coding in selection.findall(f"{NS}Coding"):
                code_ref = list(coding)[0]
                assert code_ref.tag == f"{NS}CodeRef"
                applied.append(codes[code_ref.get("targetGUID") or ""])
            placed[selection.get("guid")] = (
                fulltext[start:end],
                applied,
                selection.findtext(f"{NS}Description"),
            )
    assert {guid: text for guid, (text, _, _) in placed.items()} == {i: c.exact for i, c in claims.items()}
    text, applied, memo = placed["00000000-0000-4000-8000-000000000001"]
    assert applied == ["Claim kinds/prediction", "Tags/belarus-army", "Verdicts/Confirmed"]
    assert (
        memo is not None
        and "Claimant: Alexander Lukashenka" in memo
        and "Statement: Belarus will not" in memo
    )


def test_the_command_line_writes_a_qdpx_file(sample: Project, tmp_path: Path, run_cli: RunCli) -> None:
    target = tmp_path / "claims.qdpx"
    result = run_cli("export", sample.path, "--format", "qdpx", "-o", target)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(target) as archive:
        assert "project.qde" in archive.namelist()
        # A data format, so every claim: all five documents.
        assert sum(name.startswith("Sources/") for name in archive.namelist()) == 5


def _claim_rows(project: Project) -> list[tuple[object, ...]]:
    return project.conn.execute(
        'SELECT c.id, d.sha256, c.start, c."end", c.exact, c.kind, c.tags, c.anchor_status '
        "FROM claims c JOIN documents d ON d.id = c.document_id ORDER BY c.id"
    ).fetchall()


def test_a_qdpx_imports_its_documents_and_claims_and_undo_takes_them_back(
    sample: Project, tmp_path: Path
) -> None:
    path = tmp_path / "project.qdpx"
    path.write_bytes(bytes(export(sample, "qdpx", ReportFilter(verified_only=False))))
    with open_project(tmp_path / "from-qdpx.sqlite") as fresh:
        [outcome] = import_paths(fresh, [path])
        assert outcome.annotations is not None, outcome.describe()
        assert [o.status for o in outcome.annotations.outcomes] == ["imported"] * 6
        assert len(outcome.documents_added) == 5
        assert _claim_rows(fresh) == _claim_rows(sample)  # same ids, texts, spans, kinds and tags
        note = queries.get_claim(fresh, "00000000-0000-4000-8000-000000000001").note
        assert "Claimant: Alexander Lukashenka" in note

        [again] = import_paths(fresh, [path])
        assert again.annotations is not None and not again.documents_added
        assert [o.status for o in again.annotations.outcomes] == ["already present"] * 6

        undone, _ = undo_import(fresh, ImportRecord.of([outcome]))
        assert fresh.conn.execute("SELECT count(*) FROM documents").fetchone() == (0,)
        redo_import(fresh, undone)
        assert _claim_rows(fresh) == _claim_rows(sample)


def test_a_qdpx_into_a_project_that_has_its_documents_adds_only_the_claims(
    sample: Project, tmp_path: Path, seeds_dir: Path
) -> None:
    path = tmp_path / "project.qdpx"
    path.write_bytes(bytes(export(sample, "qdpx", ReportFilter(verified_only=False))))
    with open_project(tmp_path / "seeded.sqlite") as seeded:
        import_paths(seeded, [seeds_dir])
        [outcome] = import_paths(seeded, [path])
        assert outcome.annotations is not None and not outcome.documents_added
        assert len(outcome.annotations.imported) == 6


def test_an_xml_bomb_in_a_qdpx_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    root = '<Project xmlns="urn:QDA-XML:project:1.0" name="&a9;"/>'
    xml = f'<?xml version="1.0"?><!DOCTYPE p [{entities}]>{root}'
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(project, [path])
        assert outcome.error is not None and "is not well-formed XML" in outcome.error
        not_qdpx = tmp_path / "other.qdpx"
        with zipfile.ZipFile(not_qdpx, "w") as archive:
            archive.writestr("readme.txt", "hello")
        not_zip = tmp_path / "plain.qdpx"
        not_zip.write_text("hello", encoding="utf-8")
        errors = [outcome.error for outcome in import_paths(project, [not_qdpx, not_zip])]
        assert errors[0] == "holds no project.qde: it is not a REFI-QDA project"
        assert (errors[1] or "").startswith("is not a QDPX (zip) file")
        assert project.conn.execute("SELECT count(*) FROM documents").fetchone() == (0,)
