"""Reading people's mentions: a document's, in text order, and how many each actor has."""

from __future__ import annotations

from typing import Any

from annotator.domain.mentions import Mention
from annotator.store.project import Project

_COLUMNS = (
    'id, document_id, start, "end", exact, actor_id, prefix, suffix, generator, generator_version, '
    "created_by, created_at, updated_at"
)


def _mention(row: Any) -> Mention:
    return Mention(*row)


def mentions_for_document(project: Project, document_id: str) -> list[Mention]:
    rows = project.conn.execute(
        f'SELECT {_COLUMNS} FROM mentions WHERE document_id = ? ORDER BY start, "end", actor_id',
        [document_id],
    )
    return [_mention(row) for row in rows]


def get_mention(project: Project, mention_id: str) -> Mention:
    row = project.conn.execute(f"SELECT {_COLUMNS} FROM mentions WHERE id = ?", [mention_id]).fetchone()
    if row is None:
        raise KeyError(f"no mention {mention_id}")
    return _mention(row)


def mentions_per_actor(project: Project) -> dict[str, int]:
    """Actor id -> how many mentions of them are tagged, over all documents."""
    rows = project.conn.execute("SELECT actor_id, count(*) FROM mentions GROUP BY actor_id")
    return {str(actor_id): int(count) for actor_id, count in rows}


def mentions_of_actor(project: Project, actor_id: str) -> list[Mention]:
    rows = project.conn.execute(
        f'SELECT {_COLUMNS} FROM mentions WHERE actor_id = ? ORDER BY document_id, start, "end"', [actor_id]
    )
    return [_mention(row) for row in rows]


def actor_name(project: Project, actor_id: str) -> str | None:
    """One actor's name by id, without reading every actor and alias (asked as the selection moves)."""
    row = project.conn.execute("SELECT name FROM actors WHERE id = ?", [actor_id]).fetchone()
    return str(row[0]) if row is not None else None
