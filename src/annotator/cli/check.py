"""`annotator check PROJECT`: the publishing checklist, after reading every page for damage.

Exit codes: 0 when nothing blocks publication (warnings may remain), 1 when something blocks, 2 when
the file is damaged or cannot be opened. `--damage` runs only the page-by-page damage check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli._common import open_or_report
from annotator.cli._desk import print_json
from annotator.export.checklist import BLOCKS, blocking, checklist
from annotator.export.errors import ExportError
from annotator.export.gather import build_report
from annotator.export.model import ReportFilter
from annotator.store.project import ProjectError, check_project_file
from annotator.store.report_settings import report_settings

NAME = "check"
HELP = (
    "the publishing checklist (exit 1 while anything blocks), after a page-by-page check for damage "
    "(--damage: only that)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument(
        "--damage",
        action="store_true",
        help="only read every page for damage (opening checks only the header and table roots)",
    )
    parser.add_argument("--all", action="store_true", help="check every claim, not only verified ones")
    parser.add_argument("--json", action="store_true", help="print the checklist as JSON")


def run(options: argparse.Namespace) -> int:
    path: Path = options.project
    if not path.is_file():
        raise ProjectError(path, "does not exist" if not path.exists() else "is not a file")
    check_project_file(path, thorough=True)
    if options.damage:
        print(f"{path}: no damage found (every page read)")
        return 0
    project = open_or_report(path, create=False)
    if project is None:
        return 2
    with project:
        report = build_report(
            project, ReportFilter(verified_only=not options.all), settings=report_settings(project)
        )
        try:
            items = checklist(report)
        except ExportError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    blockers = blocking(items)
    if options.json:
        print_json(
            {
                "project": str(path),
                "damage": "none found",
                "claims": len(report.claims),
                "blocking": len(blockers),
                "warnings": len(items) - len(blockers),
                "items": [item.as_dict() for item in items],
            }
        )
    else:
        print(f"{path}: no damage found (every page read); {len(report.claims)} claims checked")
        for item in items:
            mark = "BLOCKS" if item.severity == BLOCKS else "warns "
            print(f"  {mark}  {item.message}")
        verdict = "ready to publish" if not blockers else f"{len(blockers)} item(s) block publication"
        print(f"{verdict}; {len(items) - len(blockers)} warning(s)")
    return 1 if blockers else 0
