"""Undo commands for bringing in a colleague's project and for reviewing their work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoCommand

from annotator.domain.models import Review
from annotator.gui.session import ProjectSession
from annotator.ops import merge as merge_ops
from annotator.ops import reviews as review_ops


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


class AddReviewCommand(QUndoCommand):
    """Accept, dispute or ask for changes on a colleague's claim or verdict, with a comment."""

    def __init__(
        self,
        session: ProjectSession,
        target_type: str,
        target_id: str,
        decision: str | None,
        comment: str,
        reply_to: str | None = None,
    ) -> None:
        super().__init__(f"Review: {decision or 'reply'}")
        self.session = session
        self.args = (target_type, target_id, decision, comment)
        self.reply_to = reply_to
        self.review: Review | None = None

    def redo(self) -> None:
        if self.review is None:
            self.review = review_ops.add_review(
                self.session.project, *self.args, created_by=self.session.annotator_id, reply_to=self.reply_to
            )
        else:
            review_ops.restore_review(self.session.project, self.review)
        self.session.reviewsChanged.emit()

    def undo(self) -> None:
        assert self.review is not None
        review_ops.withdraw_review(self.session.project, self.review.id)
        self.session.reviewsChanged.emit()


class AlreadyDone(QUndoCommand):
    """Pushes a command whose first redo() already ran (to report errors before it enters the stack)."""

    def __init__(self, command: QUndoCommand) -> None:
        super().__init__(command.text())
        self.command = command
        self.first = True

    def redo(self) -> None:
        if not self.first:
            self.command.redo()
        self.first = False

    def undo(self) -> None:
        self.command.undo()
