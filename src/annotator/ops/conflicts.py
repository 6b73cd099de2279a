"""Conflicts a merge kept for review: list them, keep our version, or take the colleague's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from annotator.ops.history import undoable
from annotator.store.project import Project

# Tables whose rows a reviewer may replace with the colleague's version; the others are append-only.
EDITABLE_TABLES = frozenset({"claims", "events", "actors", "documents", "annotators"})
# Document text never changes (a new version is a new document), so only metadata is taken.
IMMUTABLE_COLUMNS = {"documents": {"text", "sha256", "length"}}


class ConflictError(ValueError):
    """A conflict that cannot be resolved the way asked (say why, change nothing)."""


@dataclass(frozen=True)
class Conflict:
    id: str
    table_name: str
    row_id: str
    ours: dict[str, Any]
    theirs: dict[str, Any]
    source: str
    resolved: str
    # The colleague's annotator id ("" for conflicts merged before it was recorded).
    source_annotator: str = ""
    created_at: str = ""  # when the merge recorded it

    def differences(self) -> list[tuple[str, Any, Any]]:
        """(column, ours, theirs) for every column whose values differ, deletions shown as such."""
        if self.ours.get("deleted") or self.theirs.get("deleted"):
            return [("deleted", bool(self.ours.get("deleted")), bool(self.theirs.get("deleted")))]
        columns = sorted(set(self.ours) | set(self.theirs) - {"updated_at"})
        return [
            (c, self.ours.get(c), self.theirs.get(c))
            for c in columns
            if self.ours.get(c) != self.theirs.get(c)
        ]


def conflicts(project: Project, unresolved_only: bool = True) -> list[Conflict]:
    where = "WHERE resolved = ''" if unresolved_only else ""
    rows = project.conn.execute(
        "SELECT id, table_name, row_id, ours, theirs, source, resolved, source_annotator, created_at "
        "FROM conflicts "
        f"{where} ORDER BY created_at, id"
    )
    return [Conflict(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4]), *r[5:]) for r in rows]


def colleague_name(project: Project, conflict: Conflict) -> str:
    """The colleague's display name, from the annotators table ("" when the merge did not know whose
    the file was)."""
    row = project.conn.execute(
        "SELECT name FROM annotators WHERE id = ?", [conflict.source_annotator]
    ).fetchone()
    return str(row[0]) if row and row[0] else ""


def colleague(project: Project, conflict: Conflict) -> str:
    """Who the other side is, as a reviewer reads it: "Boris, in boris.sqlite", else the file alone."""
    name = colleague_name(project, conflict)
    return f"{name}, in {conflict.source}" if name else conflict.source


def check_choice(conflict: Conflict, choice: str) -> None:
    """Raise ConflictError when `choice` cannot be applied to this conflict."""
    if choice not in ("ours", "theirs"):
        raise ConflictError(f"choose ours or theirs, not {choice!r}")
    if conflict.resolved:
        raise ConflictError("this conflict was already resolved")
    if choice == "theirs":
        if conflict.table_name == "claim_events" and conflict.theirs.get("deleted"):
            return  # taking their unlink removes the link here too
        if conflict.ours.get("deleted") or conflict.theirs.get("deleted"):
            raise ConflictError("a deletion is applied by deleting (or restoring) the row itself")
        if conflict.table_name not in EDITABLE_TABLES:
            raise ConflictError(f"rows of {conflict.table_name} are not replaced, only added")


def resolve(project: Project, conflict_id: str, choice: str) -> dict[str, Any]:
    """Keep "ours" (the row stays) or take "theirs" (their values replace ours); returns what undo needs.

    Deletions are not applied from here: deleting someone's work is a decision made where the row is
    shown (delete the claim or event itself), so such a conflict can only be kept as ours.
    """
    conflict = next((c for c in conflicts(project, unresolved_only=False) if c.id == conflict_id), None)
    if conflict is None:
        raise ConflictError(f"no conflict {conflict_id}")
    check_choice(conflict, choice)
    undo: dict[str, Any] = {"conflict_id": conflict_id, "table": conflict.table_name, "row": None}
    with project.transaction() as db:
        if choice == "theirs" and conflict.table_name == "claim_events":
            link = conflict.ours
            db.execute(
                "DELETE FROM claim_events WHERE claim_id = ? AND event_id = ? AND relation = ?",
                [link["claim_id"], link["event_id"], link["relation"]],
            )
        elif choice == "theirs":
            current = db.table(conflict.table_name).get(conflict.row_id)
            skip = {"id", *IMMUTABLE_COLUMNS.get(conflict.table_name, set())}
            values = {k: v for k, v in conflict.theirs.items() if k in current and k not in skip}
            undo["row"] = {k: current[k] for k in values}
            db.table(conflict.table_name).update(conflict.row_id, values)
        db.execute("UPDATE conflicts SET resolved = ? WHERE id = ?", [choice, conflict_id])
    return undo


# The user action (a history.Done that undo and redo replay): keep ours or take theirs.
choose = undoable(resolve)


# Field labels as the panels show them; columns not named here are bookkeeping (times, derived dates,
# anchors) that a reviewer does not decide on, and are left out of what a conflict shows.
FIELD_LABELS: dict[str, dict[str, str]] = {
    "claims": {
        "kind": "Kind",
        "claimant_id": "Claimant",
        "stated_text": "Stated",
        "statement": "Statement",
        "tags": "Tags",
        "note": "Note",
        "due": "Due",
    },
    "events": {"title": "Title", "description": "Description", "place": "Place", "date_text": "Date"},
    "documents": {
        "title": "Title",
        "authors": "Authors",
        "publisher": "Publisher",
        "url": "URL",
        "published": "Date",
        "language": "Language",
        "notes": "Notes",
    },
    "verdicts": {"label": "Label", "as_of": "As of", "conclusion": "Conclusion", "reasoning": "Reasoning"},
    "evidence": {"stance": "Stance", "url": "URL", "note": "Note"},
}
_WHAT = {
    "claims": "Claim",
    "events": "Event",
    "documents": "Document",
    "verdicts": "Verdict",
    "evidence": "Evidence",
}


def readable(project: Project, conflict: Conflict) -> tuple[str, list[tuple[str, str, str]]]:
    """A conflict as a reviewer reads it: a title naming the claim's quote and document (or the event's
    or document's title) and the colleague's file, and (field label, ours, theirs) per differing field,
    claimants by name, bookkeeping fields left out."""
    row = conflict.ours if not conflict.ours.get("deleted") else conflict.theirs
    what = _WHAT.get(conflict.table_name, conflict.table_name)
    if conflict.table_name in ("claims", "claim_events"):
        claim_id = row.get("claim_id") if conflict.table_name == "claim_events" else conflict.row_id
        found = project.conn.execute(
            "SELECT c.exact, d.title FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
            [claim_id],
        ).fetchone()
        quote = " ".join(str(found[0] if found else row.get("exact", "")).split())
        quote = quote if len(quote) <= 60 else quote[:59] + "…"
        subject = f"“{quote}” in {found[1] if found else 'a removed document'}"
        if conflict.table_name == "claim_events":
            event = project.conn.execute(
                "SELECT title FROM events WHERE id = ?", [row.get("event_id")]
            ).fetchone()
            what = "Link of claim"
            subject += f" to event “{event[0] if event else '?'}” ({row.get('relation')})"
    else:
        subject = str(row.get("title") or row.get("label") or row.get("name") or conflict.row_id[:8])
    deletion = conflict.ours.get("deleted") or conflict.theirs.get("deleted")
    side = "deleted here" if conflict.ours.get("deleted") else "deleted by the colleague"
    side = side.replace("the colleague", colleague_name(project, conflict) or "the colleague")
    title = (
        f"{what} {subject}: {side if deletion else 'changed on both sides'} "
        f"(from {colleague(project, conflict)})"
    )
    if deletion:
        return title, [("Deleted", "yes" if conflict.ours.get("deleted") else "no",
                        "yes" if conflict.theirs.get("deleted") else "no")]  # fmt: skip
    names = dict(project.conn.execute("SELECT id, name FROM actors").fetchall())
    labels = FIELD_LABELS.get(conflict.table_name, {})
    rows = []
    for column, ours, theirs in conflict.differences():
        if column not in labels:
            continue
        if column == "claimant_id":
            ours, theirs = names.get(ours, ours or "—"), names.get(theirs, theirs or "—")
        rows.append(
            (labels[column], "" if ours is None else str(ours), "" if theirs is None else str(theirs))
        )
    return title, rows
