"""What the desk's scripting subcommands share: finding a claim or verdict by id or prefix, errors, JSON."""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any

from annotator.store.project import Project

# Exit codes: 0 done, 2 bad input (unknown id, bad value) or a project that cannot be opened.
BAD_INPUT = 2


class InputError(ValueError):
    """Input the command cannot act on; printed as one line on stderr, exit code BAD_INPUT."""


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return BAD_INPUT


def find_id(project: Project, table: str, what: str, given: str) -> str:
    """The full id of a claim or verdict given its id or an unambiguous start of it (8 characters
    are shown in listings)."""
    given = given.strip()
    if not given:
        raise InputError(f"no {what} id given")
    rows = project.conn.execute(
        f"SELECT id FROM {table} WHERE id = ? OR substr(id, 1, ?) = ? LIMIT 3", [given, len(given), given]
    ).fetchall()
    exact = [row[0] for row in rows if row[0] == given]
    if exact:
        return str(exact[0])
    if not rows:
        raise InputError(
            f"no {what} {given!r} in {project.path.name} (list them with `annotator {table} ...`)"
        )
    if len(rows) > 1:
        raise InputError(f"{given!r} is the start of more than one {what}'s id; give more of it")
    return str(rows[0][0])


def print_json(value: Any) -> None:
    def plain(item: Any) -> Any:
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return dataclasses.asdict(item)
        raise TypeError(f"cannot write {type(item).__name__} as JSON")

    print(json.dumps(value, ensure_ascii=False, indent=2, default=plain))


def short(identifier: str | None) -> str:
    return (identifier or "")[:8]
