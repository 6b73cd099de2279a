"""The open project as Qt sees it: the undo stack, who is working, and change signals for views."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.store.project import Project


class ProjectSession(QObject):
    """One open project. Undo commands change data through ops and then emit these signals, so every
    view refreshes from one place instead of re-querying after each keystroke."""

    documentsChanged = Signal()
    documentChanged = Signal(str)  # document id: metadata edited
    # document id, claims added (list[Claim]), ids of claims removed (list[str]): views patch themselves
    # instead of reloading 10,000 claims after each tag.
    claimsChanged = Signal(str, list, list)
    claimChanged = Signal(str, str)  # document id, claim id: fields edited
    actorsChanged = Signal()
    eventsChanged = Signal()  # events created, edited or deleted
    linksChanged = Signal(str)  # claim id: its links to events changed
    verdictsChanged = Signal(str)  # claim id: a verdict was recorded or withdrawn
    evidenceChanged = Signal(str)  # claim id: evidence added or removed
    reviewsChanged = Signal()  # reviews added or withdrawn, or a merge brought some in

    def __init__(self, project: Project, annotator_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator_id = annotator_id
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")

    def close(self) -> None:
        self.undo_stack.clear()
        self.project.close()
