"""`annotator merge PROJECT OTHER... [--as NAME]`: bring colleagues' project files into a project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli._common import add_identity_argument, annotator_id, open_or_report
from annotator.ops.merge import check_merge_source, merge_project
from annotator.store.project import ProjectError

NAME = "merge"
HELP = "merge colleagues' project files into a project (safe to repeat; conflicts are kept for review)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project to merge into (must exist)")
    parser.add_argument("others", type=Path, nargs="+", metavar="OTHER", help="project files to merge in")
    add_identity_argument(parser)


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return 2
    with project:
        # Every file is checked before anything is written, so one bad file changes nothing at all.
        problems = []
        for other in options.others:
            try:
                check_merge_source(project, other)
            except ProjectError as error:
                problems.append(error)
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        if problems:
            print("nothing was merged", file=sys.stderr)
            return 2
        merged_by = annotator_id(project, options.user)
        for other in options.others:
            try:
                summary = merge_project(project, other, merged_by)
            except ProjectError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            print(summary.describe())
    return 0
