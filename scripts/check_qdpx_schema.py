"""Validates our QDPX exports against the REFI-QDA project schema (an .xsd given by path) with lxml, by hand.

The schema is not part of this repository. Get `Project-mrt2019.xsd` (QDA-XML 1.0, namespace
urn:QDA-XML:project:1.0, MIT licence) from https://www.qdasoftware.org or from QualCoder's copy
(https://github.com/ccbogel/QualCoder, qualcoder/Project-mrt2019.xsd), then:
    .venv/bin/python scripts/check_qdpx_schema.py --xsd PATH/TO/Project-mrt2019.xsd

Exports the tests' sample project (tests/export/conftest.py) as QDPX with every claim, with the verified
ones and with none, and once more after adding a document and a claim with no author whose text, title,
note and tag hold control characters (as a PDF's extracted text can). Each project.qde is parsed
strictly and validated; prints each export's errors and exits 1 if any export is invalid.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from annotator.domain.models import ImportedDocument
from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.ops import claims as claim_ops
from annotator.ops import documents as document_ops
from annotator.store.project import Project, open_project

REPO_ROOT = Path(__file__).resolve().parents[1]
FILTERS = {
    "every claim": ReportFilter(verified_only=False),
    "verified claims": ReportFilter(),
    "no claim": ReportFilter(verified_only=False, kind="promise"),
}


def _build_sample(project: Project) -> None:
    spec = importlib.util.spec_from_file_location("sample_project", REPO_ROOT / "tests/export/conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build_sample(project, REPO_ROOT / "seeds")


def _add_control_characters(project: Project) -> None:
    text = "Page one ends here.\x0cPage two\x01 begins: the army stays home."
    imported = ImportedDocument(text, "pdf", "scan.pdf", title="Scan\x0b of a leaflet")
    document_id, _ = document_ops.add_document(project, imported)
    start, end = text.index("ends"), text.index("begins")
    claim = claim_ops.tag_claim(project, document_id, start, end, kind="factual")
    claim_ops.update_claim(project, claim.id, {"note": "seen on\x0b page 2\x00", "tags": ["leaflet\x1f"]})


def exports() -> Iterator[tuple[str, bytes]]:
    with tempfile.TemporaryDirectory() as folder, open_project(Path(folder) / "sample.sqlite") as project:
        _build_sample(project)
        for name, where in FILTERS.items():
            data = export(project, "qdpx", where)
            assert isinstance(data, bytes)
            yield name, data
        _add_control_characters(project)
        data = export(project, "qdpx", FILTERS["every claim"])
        assert isinstance(data, bytes)
        yield "with control characters", data


def errors(schema: etree.XMLSchema, data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            # A strict parser, as other tools use: a character XML cannot carry fails here.
            document = etree.fromstring(archive.read("project.qde"), etree.XMLParser(recover=False))
        except etree.XMLSyntaxError as error:
            return [f"not well-formed XML: {error}"]
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xsd", type=Path, required=True, help="the REFI-QDA Project .xsd")
    args = parser.parse_args(argv)
    try:
        schema = etree.XMLSchema(etree.parse(args.xsd))
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as error:
        parser.error(f"{args.xsd}: not a readable XML schema ({error})")
    invalid = 0
    for name, data in exports():
        found = errors(schema, data)
        invalid += bool(found)
        print(f"{name}: {'valid' if not found else f'INVALID, {len(found)} errors'} ({len(data)} bytes)")
        for line in found:
            print(f"  {line}")
    print(f"{invalid} of {len(FILTERS) + 1} exports invalid")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
