"""Operations on annotators: the people whose work a project records."""

from __future__ import annotations

from annotator.domain.models import new_id, utc_now
from annotator.store.project import Project

# A fixed palette so each annotator keeps a recognisable colour across sessions and machines.
ANNOTATOR_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def ensure_annotator(project: Project, name: str, email: str = "") -> str:
    """The id of the annotator with this name (and email), created if the project does not know them."""
    name = name.strip() or "Anonymous"
    for row in project.query("SELECT id FROM annotators WHERE name = ? AND email = ?", [name, email]):
        return str(row["id"])
    with project.transaction() as db:
        count = db.execute("SELECT count(*) FROM annotators").fetchone()[0]
        annotator_id = new_id()
        now = utc_now()
        db.table("annotators").insert(
            {
                "id": annotator_id,
                "name": name,
                "email": email,
                "color": ANNOTATOR_COLOURS[count % len(ANNOTATOR_COLOURS)],
                "created_at": now,
                "updated_at": now,
            }
        )
    return annotator_id


def set_setting(project: Project, key: str, value: str) -> None:
    with project.transaction() as db:
        db.table("settings").upsert({"key": key, "value": value}, pk="key")
