"""Undo commands for events and the links between claims and events."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.domain.models import Event
from annotator.gui.session import ProjectSession
from annotator.ops import events as event_ops
from annotator.ops.bundles import Bundle


class CreateEventCommand(QUndoCommand):
    """Create an event and, when created from a claim, link the claim to it in the same step."""

    def __init__(
        self, session: ProjectSession, fields: dict[str, Any], link: tuple[str, str] | None = None
    ) -> None:
        super().__init__(f"Create event “{fields.get('title', '')}”")
        self.session = session
        self.fields = fields
        self.link = link  # (claim id, relation)
        self.event: Event | None = None

    def redo(self) -> None:
        project = self.session.project
        if self.event is None:
            self.event = event_ops.create_event(project, created_by=self.session.annotator_id, **self.fields)
        else:
            event_ops.restore_event(project, self.event)
        if self.link is not None:
            event_ops.link_claim(
                project, self.link[0], self.event.id, self.link[1], self.session.annotator_id
            )
        self.session.eventsChanged.emit()
        if self.link is not None:
            self.session.linksChanged.emit(self.link[0])

    def undo(self) -> None:
        assert self.event is not None
        project = self.session.project
        if self.link is not None:
            event_ops.unlink_claim(project, self.link[0], self.event.id, self.link[1], record=False)
        event_ops.discard_event(project, self.event.id)
        self.session.eventsChanged.emit()
        if self.link is not None:
            self.session.linksChanged.emit(self.link[0])


class EditEventCommand(QUndoCommand):
    def __init__(self, session: ProjectSession, event_id: str, changes: dict[str, Any]) -> None:
        super().__init__("Edit event")
        self.session = session
        self.event_id = event_id
        self.changes = changes
        self.previous: dict[str, Any] = {}

    def redo(self) -> None:
        self.previous = event_ops.update_event(self.session.project, self.event_id, self.changes)
        self.session.eventsChanged.emit()

    def undo(self) -> None:
        event_ops.update_event(self.session.project, self.event_id, self.previous)
        self.session.eventsChanged.emit()


class DeleteEventCommand(QUndoCommand):
    """Delete an event with its links; the linked claims stay and get their links back on undo."""

    def __init__(self, session: ProjectSession, event_id: str) -> None:
        super().__init__("Delete event")
        self.session = session
        self.event_id = event_id
        self.bundle: Bundle | None = None

    def _claims(self) -> list[str]:
        rows = self.bundle.rows.get("claim_events", []) if self.bundle else []
        return sorted({row["claim_id"] for row in rows})

    def redo(self) -> None:
        self.bundle = event_ops.delete_event(self.session.project, self.event_id, self.session.annotator_id)
        self._announce()

    def undo(self) -> None:
        assert self.bundle is not None
        event_ops.restore_deleted(self.session.project, self.bundle)
        self._announce()

    def _announce(self) -> None:
        self.session.eventsChanged.emit()
        for claim_id in self._claims():
            self.session.linksChanged.emit(claim_id)


class LinkEventCommand(QUndoCommand):
    """Link (or, with unlink=True, unlink) a claim and an event with a relation."""

    def __init__(
        self, session: ProjectSession, claim_id: str, event_id: str, relation: str, unlink: bool = False
    ) -> None:
        super().__init__(f"{'Unlink' if unlink else 'Link'} event ({relation})")
        self.session = session
        self.args = (claim_id, event_id, relation)
        self.unlink = unlink
        self.changed = False

    def _link(self) -> None:
        self.changed = event_ops.link_claim(self.session.project, *self.args, self.session.annotator_id)

    def _unlink(self) -> None:
        # Only the user's own unlink is a deletion to carry to colleagues; undoing a link is not.
        event_ops.unlink_claim(
            self.session.project, *self.args, deleted_by=self.session.annotator_id, record=self.unlink
        )

    def redo(self) -> None:
        if self.unlink:
            self._unlink()
        else:
            self._link()
        self.session.linksChanged.emit(self.args[0])

    def undo(self) -> None:
        if self.unlink:
            self._link()
        elif self.changed:
            self._unlink()
        self.session.linksChanged.emit(self.args[0])
