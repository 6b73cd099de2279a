"""`annotator verify PROJECT`: recompute every original's and every document's hash; exit 1 on a mismatch."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.ops.originals import verify
from annotator.store.project import ProjectError, open_project

NAME = "verify"
HELP = "check every kept original and document text against its recorded SHA-256 (exit 1 on a mismatch)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")


def run(options: argparse.Namespace) -> int:
    try:
        # Read-only: checking evidence must never be what changes it.
        project = open_project(options.project, create=False, readonly=True)
    except ProjectError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with project:
        report = verify(project)
    print(report.describe(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1
