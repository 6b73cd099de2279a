"""The undo command for resolving a merge conflict."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from annotator.gui.session import ProjectSession
from annotator.ops import conflicts as conflict_ops


class ResolveConflictCommand(QUndoCommand):
    def __init__(self, session: ProjectSession, conflict_id: str, choice: str) -> None:
        super().__init__(f"Resolve conflict: keep {choice}")
        self.session = session
        self.conflict_id = conflict_id
        self.choice = choice
        self.undo_state: dict[str, object] = {}

    def redo(self) -> None:
        self.undo_state = conflict_ops.resolve(self.session.project, self.conflict_id, self.choice)
        self._announce()

    def undo(self) -> None:
        conflict_ops.unresolve(self.session.project, self.undo_state)
        self._announce()

    def _announce(self) -> None:
        # A taken version may change a claim, an event, an actor or a document's details.
        self.session.documentsChanged.emit()
        self.session.eventsChanged.emit()
        self.session.actorsChanged.emit()
        self.session.reviewsChanged.emit()
