"""`annotator import PROJECT PATH|URL...`: import files, folders and web pages by URL, one line per
document or annotation."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from annotator.cli._common import add_identity_argument, annotator_id, open_or_report
from annotator.ops.importing import ImportOutcome, import_paths, import_url
from annotator.store.project import ProjectError

NAME = "import"
HELP = (
    "import files, folders or http(s) URLs into a project (created if missing); W3C Web Annotation "
    "JSON-LD too"
)
# Anything that starts like scheme://: a URL to fetch (or to refuse by its scheme), never a file name.
URL_START = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file (.sqlite)")
    # str, not Path: a Path would fold the // of a URL.
    parser.add_argument("paths", nargs="+", help="files, folders, or http(s) URLs of pages to fetch")
    parser.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    add_identity_argument(parser)


def _print_outcome(outcome: ImportOutcome, quiet: bool) -> None:
    """A file's lines, once it is committed: a document's one line, or a line per annotation."""
    report = outcome.annotations
    if report is None:
        if not (quiet and outcome.ok):
            print(outcome.describe(), file=sys.stdout if outcome.ok else sys.stderr, flush=True)
        return
    for placed in report.outcomes:
        unmatched = placed.status == "unmatched"
        if unmatched or not quiet:
            print(placed.describe(), file=sys.stderr if unmatched else sys.stdout, flush=True)
    print(
        f"{report.summary()} ({outcome.path})",
        file=sys.stderr if report.unmatched else sys.stdout,
        flush=True,
    )


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project, create=True)
    if project is None:
        return 2
    with project:
        importer = annotator_id(project, options.user)
        show_progress = sys.stderr.isatty()

        def progress(done: int, total: int, _outcome: ImportOutcome) -> None:
            if show_progress and total > 20:
                print(f"\r[{done}/{total}] ", end="", file=sys.stderr, flush=True)

        def committed(outcomes: list[ImportOutcome]) -> None:
            if show_progress:
                print("\r", end="", file=sys.stderr)
            for outcome in outcomes:
                _print_outcome(outcome, options.quiet)

        urls = [given for given in options.paths if URL_START.match(given)]
        paths = [Path(given) for given in options.paths if not URL_START.match(given)]
        try:
            outcomes = (
                import_paths(
                    project, paths, created_by=importer, on_progress=progress, on_committed=committed
                )
                if paths
                else []
            )
            for url in urls:
                outcome = import_url(project, url, created_by=importer)  # committed when it returns
                committed([outcome])
                outcomes.append(outcome)
        except ProjectError as error:
            # What was committed before has been printed; the rest is not in the project.
            print(f"error: {error}", file=sys.stderr)
            return 1
        # Annotation files and restored backups report on their own line; the count is of documents.
        documents = [
            o
            for o in outcomes
            if o.annotations is None and o.restored is None and (o.fact_checks is None or o.document_id)
        ]
        failed = sum(1 for o in documents if not o.ok)
        imported = sum(1 for o in documents if o.added_document)
        duplicates = sum(1 for o in documents if o.duplicate_of is not None)
        if documents or not outcomes:
            counts = f"{imported} imported, {duplicates} already in the project, {failed} failed"
            print(f"{counts} ({options.project})", file=sys.stderr if failed else sys.stdout)
        unmatched = any(o.annotations is not None and o.annotations.unmatched for o in outcomes)
        return 1 if failed or unmatched else 0
