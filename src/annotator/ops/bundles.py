"""Deleting a row with everything that hangs off it, keeping the rows taken out as a bundle.

A deletion also leaves a tombstone, so that a merge into a colleague's project carries it as a
deletion to review rather than silently losing or resurrecting their copy. Undo puts the rows back
through `ops.history`, which recorded the deletion.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.models import utc_now
from annotator.store.project import Project


@dataclass
class Bundle:
    """Rows taken out of the project, table by table, in an order that can be inserted back."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def first(self, table: str) -> dict[str, Any]:
        return self.rows[table][0]


def _select(project: Project, table: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    return list(project.query(f"SELECT * FROM {table} WHERE {where}", params))


def take(project: Project, plan: list[tuple[str, str, list[Any]]], deleted_by: str | None) -> Bundle:
    """Delete rows per (table, where, params), parents first in `plan`; children are deleted first."""
    bundle = Bundle()
    with project.transaction() as db:
        for table, where, params in plan:
            bundle.rows[table] = _select(project, table, where, params)
        now = utc_now()
        for table, where, params in reversed(plan):
            db.execute(f"DELETE FROM {table} WHERE {where}", params)
        for table, rows in bundle.rows.items():
            for row in rows:
                if "id" in row:
                    db.table("tombstones").upsert(
                        {
                            "table_name": table,
                            "row_id": row["id"],
                            "row": json.dumps(row, ensure_ascii=False),
                            "deleted_by": deleted_by,
                            "deleted_at": now,
                        },
                        pk=("table_name", "row_id"),
                    )
    return bundle
