"""What every subcommand shares: opening the project with a clear error, and who is working."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.identity import default_user_name
from annotator.ops.annotators import ensure_annotator, set_setting
from annotator.store import queries
from annotator.store.project import Project, ProjectError, ProjectReadOnly, open_project


def add_identity_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as", dest="user", default=None, help="annotator name recorded as the author of changes"
    )


def open_or_report(path: Path, create: bool = False) -> Project | None:
    """The project, or None after printing why it cannot be opened (the caller exits with 2)."""
    try:
        return open_project(path, create=create)
    except ProjectError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def annotator_id(project: Project, user: str | None) -> str:
    """Who the command works as: --as NAME (remembered by the project), else who last used --as on
    this project, else the login name. Only commands that write ask, so a read-only project stops here."""
    if project.readonly_reason is not None:
        raise ProjectReadOnly(project.path, project.readonly_reason)
    remembered = queries.setting(project, "cli_identity")
    if user and user != remembered:
        # Written only when it changes: a command that changes nothing must leave the file as it was.
        set_setting(project, "cli_identity", user)
    user = user or remembered or default_user_name()
    return ensure_annotator(project, user)
