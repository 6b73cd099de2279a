"""Restoring a project from its own JSON export ("annotator-project", docs/export-json.md).

The backup's rows are written, under their own ids, into a new project file of the current schema, and
that file is then merged into the open project (ops/merge.py). Into an empty project this restores
everything as it was; into one with data it behaves as merging a colleague's file: new rows come in,
rows both have are compared, differences are kept as conflicts for review, nothing of ours is lost.
The backup's own conflicts (waiting for review when it was made) come back too. A version 1 export,
made before fact-checks, suggestions, anchor history, deletions and conflicts were in it, restores what
it has.
"""

from __future__ import annotations

import base64
import json
import tempfile
from pathlib import Path
from typing import Any

from annotator.domain.project_format import (
    BASE64_COLUMNS,
    FORMAT,
    JSON_TEXT_COLUMNS,
    READABLE_VERSIONS,
    SECTIONS,
)
from annotator.ops.merge import MergeSummary, merge_project
from annotator.store.project import Project, open_project
from annotator.store.schema import SCHEMA_VERSION


class BackupError(ValueError):
    """The JSON is an annotator-project export this version cannot restore (the reason says why)."""


def is_backup(data: object) -> bool:
    """Whether parsed JSON is a project export ({"format": "annotator-project", ...})."""
    return isinstance(data, dict) and data.get("format") == FORMAT


def _check(data: dict[str, Any]) -> None:
    if data.get("version") not in READABLE_VERSIONS:
        raise BackupError(
            f"is an annotator-project export of version {data.get('version')!r}; this version reads "
            + " and ".join(map(str, READABLE_VERSIONS))
        )
    schema = data.get("project", {}).get("schema_version") if isinstance(data.get("project"), dict) else None
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        raise BackupError(
            f"was exported by a newer annotator (schema {schema}; this version uses {SCHEMA_VERSION}); "
            "update annotator to restore it"
        )
    for key, _table, _order in SECTIONS:
        if not isinstance(data.get(key, []), list) or not all(
            isinstance(row, dict) for row in data.get(key, [])
        ):
            raise BackupError(f"has a “{key}” that is not a list of records")


def restore_backup(
    project: Project,
    data: object,
    source: Path | str = "backup.json",
    merged_by: str | None = None,
    replay: MergeSummary | None = None,
) -> MergeSummary:
    """Bring a project export into `project` (see the module docstring); BackupError if it cannot be read.

    Must not run inside a transaction (a merge attaches a database). `replay` is the summary of this
    restore before its undo, so a redo gives back the very same rows.
    """
    if not is_backup(data):
        raise BackupError("is not an annotator-project export")
    assert isinstance(data, dict)
    _check(data)
    with tempfile.TemporaryDirectory(prefix="annotator-restore-") as folder:
        staging = Path(folder) / "backup.sqlite"
        with open_project(staging) as staged:
            _write_rows(staged, data)
        # The backup's conflicts are this project's own, still waiting for a reviewer: they come too.
        summary = merge_project(project, staging, merged_by=merged_by, replay=replay, with_conflicts=True)
    summary.source = str(source)  # the backup the user named, not the file it was staged in
    return summary


def _write_rows(project: Project, data: dict[str, Any]) -> None:
    with project.transaction() as db:
        project.conn.execute("PRAGMA defer_foreign_keys = ON")  # a reply may come before its review
        kept_originals = {record.get("sha256") for record in data.get("originals", [])}
        for key, table, _order in SECTIONS:
            columns = {row[1] for row in project.conn.execute(f"PRAGMA table_info({table})")}
            rows = []
            aliases = []
            for record in data.get(key, []):
                row = {name: value for name, value in record.items() if name in columns}
                if (blob := BASE64_COLUMNS.get(table)) is not None and isinstance(row.get(blob), str):
                    row[blob] = base64.b64decode(row[blob], validate=True)
                if table == "documents" and row.get("original_sha256") not in kept_originals:
                    # A backup made without its originals: the document is restored without an evidence copy.
                    row["original_sha256"] = None
                for name in JSON_TEXT_COLUMNS.get(table, ()):
                    if name in row and not isinstance(row[name], str):
                        row[name] = json.dumps(row[name], ensure_ascii=False)
                rows.append(row)
                if table == "actors":
                    aliases += [{"actor_id": record.get("id"), "alias": a} for a in record.get("aliases", [])]
            if table == "verdict_labels":
                # A new project has the default scale; the backup's scale replaces it.
                db.table(table).upsert_all(rows, pk="label")
            elif rows:
                db.table(table).insert_all(rows)
            if aliases:
                db.table("actor_aliases").insert_all(aliases)
