"""`annotator check PROJECT`: read every page of a project to find damage (what opening skips)."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.store.project import ProjectError, check_project_file

NAME = "check"
HELP = "check a project file page by page for damage (opening checks only the header and table roots)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")


def run(options: argparse.Namespace) -> int:
    path: Path = options.project
    if not path.is_file():
        raise ProjectError(path, "does not exist" if not path.exists() else "is not a file")
    check_project_file(path, thorough=True)
    print(f"{path}: no damage found (every page read)")
    return 0
