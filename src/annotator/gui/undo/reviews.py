"""The undo command for reviewing a colleague's claim or verdict."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from annotator.domain.models import Review
from annotator.gui.session import ProjectSession
from annotator.ops import reviews as review_ops


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
