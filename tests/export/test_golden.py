"""Every format on the sample project, compared with reviewed golden files (ids and times normalised).

After an intended change, rewrite the goldens with ANNOTATOR_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.store.project import Project
from annotator.store.schema import SCHEMA_VERSION

GOLDEN = Path(__file__).resolve().parent / "golden"
GENERATED_AT = "2024-05-01T12:00:00+00:00"
CASES = {
    "report.html": ("html", None),
    "report-all.md": ("md", ReportFilter(verified_only=False)),
    "report.md": ("md", None),
    "claims.csv": ("csv", None),
    "project.json": ("json", None),
    "claimreview.jsonld": ("claimreview", None),
    "annotations.jsonld": ("w3c", None),
    "predictions-by-ana.md": (
        "md",
        ReportFilter(kind="prediction", annotator="Ana Analyst", date_to="2022-12-31"),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_matches_its_golden_file(sample: Project, normalise: Callable[[str], str], name: str) -> None:
    fmt, where = CASES[name]
    output = export(sample, fmt, where, generated_at=GENERATED_AT)
    assert isinstance(output, str)
    # The schema version moves with every migration; what is checked is that the export names it.
    actual = normalise(output).replace(f'"schema_version": {SCHEMA_VERSION}', '"schema_version": "<current>"')
    golden = GOLDEN / name
    if os.environ.get("ANNOTATOR_UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8", newline="")
    with golden.open(encoding="utf-8", newline="") as expected:  # keep the CSV's CRLF line ends
        assert actual == expected.read()
