"""`annotator import PROJECT PATH...`: import files and folders, one line per document or annotation."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotator.cli._common import add_identity_argument, annotator_id, open_or_report
from annotator.ingest import SUPPORTED_SUFFIXES
from annotator.ingest.paths import expand_paths
from annotator.ops.documents import ImportOutcome, import_paths
from annotator.ops.w3c_import import W3CImportError, import_web_annotations, is_web_annotation
from annotator.store.project import Project

NAME = "import"
HELP = "import files or folders into a project (created if missing); W3C Web Annotation JSON-LD too"

# Files that may hold W3C Web Annotations; which they do is decided by their content.
ANNOTATION_SUFFIXES = frozenset({".json", ".jsonld"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file (.sqlite)")
    parser.add_argument("paths", type=Path, nargs="+", help="files or folders to import")
    parser.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    add_identity_argument(parser)


def _web_annotations(path: Path) -> object | None:
    """The parsed file if it holds W3C Web Annotation JSON-LD, else None (then it is a document).

    Routed here rather than in ingest.load_file, which reads .json as the scholarly record format:
    annotations are not documents, they become claims on documents already in the project.
    """
    if path.suffix.lower() not in ANNOTATION_SUFFIXES:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # the document importer reports what is wrong with it
    return data if is_web_annotation(data) else None


def _import_annotations(project: Project, path: Path, data: object, importer: str, quiet: bool) -> bool:
    """Import one annotation file, a line per annotation; False if any annotation was left unmatched."""
    try:
        report = import_web_annotations(project, data, created_by=importer)
    except W3CImportError as error:
        print(f"error: {path}: {error}", file=sys.stderr)
        return False
    for outcome in report.outcomes:
        unmatched = outcome.status == "unmatched"
        if unmatched or not quiet:
            print(outcome.describe(), file=sys.stderr if unmatched else sys.stdout, flush=True)
    print(f"{report.summary()} ({path})", file=sys.stderr if report.unmatched else sys.stdout)
    return not report.unmatched


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

        files, problems = expand_paths(options.paths, SUPPORTED_SUFFIXES | ANNOTATION_SUFFIXES)
        outcomes = [ImportOutcome(path=problem.path, error=problem.reason) for problem in problems]
        for outcome in outcomes:
            print(outcome.describe(), file=sys.stderr, flush=True)
        annotation_files: list[tuple[Path, object]] = []
        document_files: list[Path] = []
        for path in files:
            data = _web_annotations(path)
            if data is not None:
                annotation_files.append((path, data))
            elif path.suffix.lower() == ".jsonld":
                outcomes.append(
                    ImportOutcome(
                        path=path,
                        error="is not W3C Web Annotation JSON-LD (the only JSON-LD annotator imports)",
                    )
                )
                print(outcomes[-1].describe(), file=sys.stderr, flush=True)
            else:
                document_files.append(path)

        # Documents first, so annotations in the same command can be placed on them.
        outcomes += import_paths(project, document_files, created_by=importer, on_progress=progress)
        if show_progress:
            print("\r", end="", file=sys.stderr)
        failed = sum(1 for o in outcomes if not o.ok)
        imported = sum(1 for o in outcomes if o.ok and o.duplicate_of is None)
        duplicates = sum(1 for o in outcomes if o.duplicate_of is not None)
        if document_files or outcomes or not annotation_files:
            counts = f"{imported} imported, {duplicates} already in the project, {failed} failed"
            print(f"{counts} ({options.project})", file=sys.stderr if failed else sys.stdout)
        # A list, not a generator: every file is imported even after one leaves annotations unmatched.
        annotations_ok = all(
            [
                _import_annotations(project, path, data, importer, options.quiet)
                for path, data in annotation_files
            ]
        )
        return 1 if failed or not annotations_ok else 0
