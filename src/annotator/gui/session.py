"""The open project as Qt sees it: the undo stack, who is working, and change signals for views."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.store import activity
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

    # --- changes made by other processes (the window polls) -------------------------------------

    _seen_version: int | None = None
    _seen_marks: dict[str, activity.TableMark] = {}  # replaced, never mutated

    def watch_external_changes(self) -> None:
        """Take the project as it is now as the point later `external_changes` compare against."""
        self._seen_version = activity.data_version(self.project)
        self._seen_marks = activity.table_marks(self.project)

    def external_changes(self) -> set[str]:
        """The tables other connections changed since the last look; cheap when nothing changed."""
        version = activity.data_version(self.project)
        if version == self._seen_version:
            return set()
        self._seen_version = version
        marks = activity.table_marks(self.project)
        changed = {table for table, mark in marks.items() if self._seen_marks.get(table) != mark}
        self._seen_marks = marks
        return changed

    def refresh_external(self, tables: set[str], shown_document: str | None = None) -> None:
        """Tell the views about another process's changes, through the signals our own edits use."""
        if tables & {"claims", "claim_events", "verdicts", "evidence"}:
            # Reopening the document reloads its claims and the panel; the list recounts claims.
            self.documentsChanged.emit()
        elif "documents" in tables:
            # Only document rows (new ones, edited details): the lists reload, the open document stays.
            self.documentChanged.emit(shown_document or "")
        if tables & {"actors", "actor_aliases"}:
            self.actorsChanged.emit()
        if tables & {"events", "claim_events"}:
            self.eventsChanged.emit()
        if tables & {"reviews", "verdicts", "conflicts", "tombstones"}:
            self.reviewsChanged.emit()
