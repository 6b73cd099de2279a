"""The undo command for bringing in a colleague's project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoCommand

from annotator.gui.session import ProjectSession
from annotator.ops import merge as merge_ops


class MergeCommand(QUndoCommand):
    """A merge as one undo step: undo removes exactly what it brought in; redo merges again, which
    (merging being idempotent) gives back the same rows with the same ids."""

    def __init__(self, session: ProjectSession, other: Path) -> None:
        super().__init__(f"Merge {other.name}")
        self.session = session
        self.other = other
        self.summary: merge_ops.MergeSummary | None = None

    def redo(self) -> None:
        self.summary = merge_ops.merge_project(self.session.project, self.other, self.session.annotator_id)
        self._announce()

    def undo(self) -> None:
        assert self.summary is not None
        merge_ops.unmerge(self.session.project, self.summary)
        self._announce()

    def _announce(self) -> None:
        self.session.documentsChanged.emit()
        self.session.actorsChanged.emit()
        self.session.eventsChanged.emit()
        self.session.reviewsChanged.emit()
