"""Operations on events and on the links between claims and events."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.domain.dates import parse_stated_date
from annotator.domain.models import EVENT_RELATIONS, Event, new_id, utc_now
from annotator.ops.bundles import Bundle, take
from annotator.ops.history import Done, run, undoable
from annotator.store import findings
from annotator.store.project import Project
from annotator.store.rows import insert_record, to_row

EDITABLE_EVENT_FIELDS = frozenset(
    {"title", "description", "place", "date_text", "date_lo", "date_hi", "date_precision", "sources"}
)


class EventError(ValueError):
    """An event edit that cannot be made (no title, unknown relation, ...)."""


def event_date_fields(date_text: str) -> dict[str, str]:
    """The stored date fields for a date as typed ("24 February 2022", "autumn 2021", ...).

    Events are dated on their own, with no document to resolve a year against, so a year-less date
    stays unresolved (shown to the user as such) rather than guessed.
    """
    resolution = parse_stated_date(date_text) if date_text.strip() else None
    if resolution is None:
        return {"date_text": date_text.strip(), "date_lo": "", "date_hi": "", "date_precision": ""}
    return {
        "date_text": date_text.strip(),
        "date_lo": resolution.lo,
        "date_hi": resolution.hi,
        "date_precision": resolution.precision,
    }


def create_event(
    project: Project,
    title: str,
    date_text: str = "",
    description: str = "",
    place: str = "",
    sources: list[str] | None = None,
    created_by: str | None = None,
    event_id: str | None = None,
) -> Event:
    if not title.strip():
        raise EventError("an event needs a title")
    now = utc_now()
    event = Event(
        id=event_id or new_id(),
        title=title.strip(),
        description=description,
        place=place,
        sources=list(sources or []),
        created_by=created_by,
        created_at=now,
        updated_at=now,
        **event_date_fields(date_text),
    )
    restore_event(project, event)
    return event


def restore_event(project: Project, event: Event) -> None:
    insert_record(project, "events", event)


def update_event(project: Project, event_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change an event's fields (a new date_text re-resolves its dates); returns the previous values."""
    if "date_text" in changes and not {"date_lo", "date_hi", "date_precision"} & changes.keys():
        changes = {**changes, **event_date_fields(changes["date_text"])}
    unknown = set(changes) - EDITABLE_EVENT_FIELDS
    if unknown:
        raise EventError(f"cannot edit {', '.join(sorted(unknown))} of an event")
    if "title" in changes and not str(changes["title"]).strip():
        raise EventError("an event needs a title")
    with project.transaction() as db:
        before = findings.get_event(project, event_id)
        previous = {name: getattr(before, name) for name in changes}
        row = to_row(replace(before, **changes, updated_at=utc_now()))
        db.table("events").update(event_id, {name: row[name] for name in (*changes, "updated_at")})
    return previous


def delete_event(project: Project, event_id: str, deleted_by: str | None = None) -> Bundle:
    """Delete an event and its links to claims (the claims stay); undo with `put_back`."""
    plan = [("events", "id = ?", [event_id]), ("claim_events", "event_id = ?", [event_id])]
    return take(project, plan, deleted_by)


def link_claim(
    project: Project, claim_id: str, event_id: str, relation: str = "about", created_by: str | None = None
) -> bool:
    """Link a claim to an event; False if that exact link already existed (nothing to undo then)."""
    if relation not in EVENT_RELATIONS:
        raise EventError(f"unknown relation {relation!r}; expected one of {', '.join(EVENT_RELATIONS)}")
    with project.transaction() as db:
        exists = db.execute(
            "SELECT 1 FROM claim_events WHERE claim_id = ? AND event_id = ? AND relation = ?",
            [claim_id, event_id, relation],
        ).fetchone()
        if exists:
            return False
        # Linking again takes back an earlier unlink, so a merge may bring this link in once more.
        db.execute(
            "DELETE FROM tombstones WHERE table_name = 'claim_events' AND row_id = ?",
            [link_key(claim_id, event_id, relation)],
        )
        db.table("claim_events").insert(
            {
                "claim_id": claim_id,
                "event_id": event_id,
                "relation": relation,
                "created_by": created_by,
                "created_at": utc_now(),
            }
        )
    return True


def link_key(claim_id: str, event_id: str, relation: str) -> str:
    """The tombstone key of a claim-event link (links have no id of their own)."""
    return f"{claim_id}|{event_id}|{relation}"


def unlink_claim(
    project: Project,
    claim_id: str,
    event_id: str,
    relation: str,
    deleted_by: str | None = None,
    record: bool = True,
) -> None:
    """Remove a link. A user's unlink leaves a tombstone, so merging a colleague's copy that still
    has the link does not quietly bring it back; undoing a link just made (record=False) does not."""
    with project.transaction() as db:
        db.execute(
            "DELETE FROM claim_events WHERE claim_id = ? AND event_id = ? AND relation = ?",
            [claim_id, event_id, relation],
        )
        if record:
            db.table("tombstones").upsert(
                {
                    "table_name": "claim_events",
                    "row_id": link_key(claim_id, event_id, relation),
                    "row": "{}",
                    "deleted_by": deleted_by,
                    "deleted_at": utc_now(),
                },
                pk=("table_name", "row_id"),
            )


# --- user actions: one recorded transaction each, returning a history.Done that undo and redo replay


@undoable
def create(
    project: Project,
    fields: dict[str, Any],
    created_by: str | None = None,
    link: tuple[str, str] | None = None,
) -> Event:
    """Create an event from its fields (title, date_text, ...) and, when made from a claim, link that
    claim to it (`link`: claim id, relation) in the same transaction."""
    event = create_event(project, created_by=created_by, **fields)
    if link is not None:
        link_claim(project, link[0], event.id, link[1], created_by)
    return event


def edit(project: Project, event_id: str, changes: dict[str, Any]) -> Done[dict[str, Any]]:
    return run(project, update_event, event_id, changes)


def delete(project: Project, event_id: str, deleted_by: str | None = None) -> Done[Bundle]:
    """Delete an event with its links; the linked claims stay."""
    return run(project, delete_event, event_id, deleted_by)


def link(
    project: Project, claim_id: str, event_id: str, relation: str, created_by: str | None = None
) -> Done[bool]:
    return run(project, link_claim, claim_id, event_id, relation, created_by)


def unlink(
    project: Project, claim_id: str, event_id: str, relation: str, deleted_by: str | None = None
) -> Done[None]:
    """A user's unlink, with the tombstone that carries it to colleagues."""
    return run(project, unlink_claim, claim_id, event_id, relation, deleted_by=deleted_by)
