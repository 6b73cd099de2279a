"""`annotator import PROJECT PATH...`: import files and folders, one line per document."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.commands._common import add_identity_argument, annotator_id, open_or_report
from annotator.ops.documents import ImportOutcome, import_paths

NAME = "import"
HELP = "import files or folders into a project (created if missing)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file (.sqlite)")
    parser.add_argument("paths", type=Path, nargs="+", help="files or folders to import")
    parser.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    add_identity_argument(parser)


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project, create=True)
    if project is None:
        return 2
    with project:
        importer = annotator_id(project, options.user)
        show_progress = sys.stderr.isatty()

        def progress(done: int, total: int, outcome: ImportOutcome) -> None:
            if show_progress and total > 20:
                print(f"\r[{done}/{total}] ", end="", file=sys.stderr, flush=True)
            if not (options.quiet and outcome.ok):
                print(outcome.describe(), file=sys.stdout if outcome.ok else sys.stderr, flush=True)

        outcomes = import_paths(project, options.paths, created_by=importer, on_progress=progress)
        if show_progress:
            print("\r", end="", file=sys.stderr)
        failed = sum(1 for o in outcomes if not o.ok)
        imported = sum(1 for o in outcomes if o.ok and o.duplicate_of is None)
        duplicates = sum(1 for o in outcomes if o.duplicate_of is not None)
        print(
            f"{imported} imported, {duplicates} already in the project, {failed} failed ({options.project})",
            file=sys.stderr if failed else sys.stdout,
        )
        return 1 if failed else 0
