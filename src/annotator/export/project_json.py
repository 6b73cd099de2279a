"""The complete project as one versioned JSON document ("annotator-project" version 2).

The structure is documented in docs/export-json.md. In short: a top-level object with "format",
"version", "generator", "exported_at", "project" (file name and schema version), then one list per
kind of record: annotators, originals (each imported file's bytes, base64), documents (with their full
text), actors (with aliases), claims, mentions (people named in documents), events, links
(claim-event), verdict_labels, verdicts, verdict_publications, evidence, reviews, custody, factchecks,
claim_links, suggestion_decisions, claim_provenance, anchor_history, tombstones and conflicts. Each
record carries every column of its table under the column's name; columns the database stores as JSON
text (authors, metadata, tags, sources, features, ...) appear as JSON lists and objects. Records are in
the order they were added.
"""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from typing import Any

from annotator import __version__
from annotator.domain.models import utc_now
from annotator.domain.project_format import (
    BASE64_COLUMNS,
    FORMAT,
    JSON_OBJECT_COLUMNS,
    JSON_TEXT_COLUMNS,
    SECTIONS,
    VERSION,
)
from annotator.store.project import Project
from annotator.store.schema import SCHEMA_VERSION

__all__ = ["FORMAT", "JSON_TEXT_COLUMNS", "SECTIONS", "VERSION", "project_data", "render_project_json"]


def _rows(project: Project, table: str, order: str) -> list[dict[str, Any]]:
    cursor = project.conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
    names = [column[0] for column in cursor.description]
    decoded = JSON_TEXT_COLUMNS.get(table, ())
    rows = []
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        for name in decoded:
            if isinstance(row.get(name), str):
                row[name] = json.loads(row[name] or ("{}" if name in JSON_OBJECT_COLUMNS else "[]"))
        if (blob := BASE64_COLUMNS.get(table)) is not None:
            row[blob] = base64.b64encode(row[blob]).decode("ascii")
        rows.append(row)
    return rows


def project_data(project: Project, exported_at: str | None = None) -> dict[str, Any]:
    """The whole project as JSON-ready data."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"annotator {__version__}",
        "exported_at": exported_at or utc_now(),
        "project": {"file": project.path.name, "schema_version": SCHEMA_VERSION},
    }
    aliases: dict[str, list[str]] = defaultdict(list)
    for actor_id, alias in project.conn.execute("SELECT actor_id, alias FROM actor_aliases ORDER BY alias"):
        aliases[actor_id].append(alias)
    for key, table, order in SECTIONS:
        rows = _rows(project, table, order)
        if table == "actors":
            for row in rows:
                row["aliases"] = aliases.get(row["id"], [])
        data[key] = rows
    return data


def render_project_json(project: Project, exported_at: str | None = None) -> str:
    return json.dumps(project_data(project, exported_at), ensure_ascii=False, indent=2) + "\n"
