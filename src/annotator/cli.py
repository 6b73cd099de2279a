"""Command line entry point: the GUI by default, subcommands for batch work (import, ...)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.identity import default_user_name
from annotator.ops.annotators import ensure_annotator
from annotator.ops.documents import ImportOutcome, import_paths
from annotator.store.project import ProjectError, open_project

SUBCOMMANDS = ("import",)


def _batch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annotator", description="Claim annotation and fact-checking.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    importer = commands.add_parser(
        "import", help="import files or folders into a project (created if missing)"
    )
    importer.add_argument("project", type=Path, help="the project file (.sqlite)")
    importer.add_argument("paths", type=Path, nargs="+", help="files or folders to import")
    importer.add_argument("--as", dest="user", default=None, help="annotator name recorded as the importer")
    importer.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    return parser


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Claim annotation and fact-checking. Batch commands: " + ", ".join(SUBCOMMANDS) + ".",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument(
        "project", type=Path, nargs="?", help="project to open or create (default: the last one)"
    )
    parser.add_argument(
        "--sample", action="store_true", help="open the sample project (created on first use)"
    )
    return parser


def run_import(project_path: Path, paths: list[Path], user: str | None, quiet: bool) -> int:
    try:
        project = open_project(project_path)
    except ProjectError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with project:
        annotator_id = ensure_annotator(project, user or default_user_name())
        show_progress = sys.stderr.isatty()

        def progress(done: int, total: int, outcome: ImportOutcome) -> None:
            stream = sys.stdout if outcome.ok else sys.stderr
            if show_progress and total > 20:
                print(f"\r[{done}/{total}] ", end="", file=sys.stderr, flush=True)
            if not (quiet and outcome.ok):
                print(outcome.describe(), file=stream, flush=True)

        outcomes = import_paths(project, paths, created_by=annotator_id, on_progress=progress)
        if show_progress:
            print("\r", end="", file=sys.stderr)
        failed = sum(1 for o in outcomes if not o.ok)
        imported = sum(1 for o in outcomes if o.ok and o.duplicate_of is None)
        duplicates = sum(1 for o in outcomes if o.duplicate_of is not None)
        print(
            f"{imported} imported, {duplicates} already in the project, {failed} failed ({project_path})",
            file=sys.stderr if failed else sys.stdout,
        )
        return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        options = _batch_parser().parse_args(args)
        if options.command == "import":
            return run_import(options.project, options.paths, options.user, options.quiet)
    options = _gui_parser().parse_args(args)
    from annotator.gui.app import run_gui  # Qt is loaded only when a window is wanted

    return run_gui(options.project, sample=options.sample)


if __name__ == "__main__":
    raise SystemExit(main())
