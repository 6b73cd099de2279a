"""Undo commands for events and the links between claims and events."""

from __future__ import annotations

from typing import Any

from annotator.domain.models import Event
from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import events as event_ops
from annotator.ops.history import Done


class CreateEventCommand(RecordedCommand):
    """Create an event and, when created from a claim, link the claim to it in the same operation."""

    def __init__(
        self, session: ProjectSession, fields: dict[str, Any], link: tuple[str, str] | None = None
    ) -> None:
        super().__init__(session, f"Create event “{fields.get('title', '')}”")
        self.fields = fields
        self.link = link  # (claim id, relation)

    def run(self) -> Done[Event]:
        return event_ops.create(self.session.project, self.fields, self.session.annotator_id, self.link)

    @property
    def event(self) -> Event | None:
        return self.done.value if self.done is not None else None


class EditEventCommand(RecordedCommand):
    def __init__(self, session: ProjectSession, event_id: str, changes: dict[str, Any]) -> None:
        super().__init__(session, "Edit event")
        self.event_id = event_id
        self.changes = changes

    def run(self) -> Done[Any]:
        return event_ops.edit(self.session.project, self.event_id, self.changes)


class DeleteEventCommand(RecordedCommand):
    """Delete an event with its links; the linked claims stay and get their links back on undo."""

    def __init__(self, session: ProjectSession, event_id: str) -> None:
        super().__init__(session, "Delete event")
        self.event_id = event_id

    def run(self) -> Done[Any]:
        return event_ops.delete(self.session.project, self.event_id, self.session.annotator_id)


class LinkEventCommand(RecordedCommand):
    """Link (or, with unlink=True, unlink) a claim and an event with a relation."""

    def __init__(
        self, session: ProjectSession, claim_id: str, event_id: str, relation: str, unlink: bool = False
    ) -> None:
        super().__init__(session, f"{'Unlink' if unlink else 'Link'} event ({relation})")
        self.args = (claim_id, event_id, relation)
        self.unlink = unlink

    def run(self) -> Done[Any]:
        if self.unlink:
            return event_ops.unlink(self.session.project, *self.args, self.session.annotator_id)
        return event_ops.link(self.session.project, *self.args, self.session.annotator_id)
