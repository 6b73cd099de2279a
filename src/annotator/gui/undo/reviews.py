"""The undo command for reviewing a colleague's claim or verdict."""

from __future__ import annotations

from annotator.domain.models import Review
from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import reviews as review_ops
from annotator.ops.history import Done


class AddReviewCommand(RecordedCommand):
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
        super().__init__(session, f"Review: {decision or 'reply'}")
        self.args = (target_type, target_id, decision, comment)
        self.reply_to = reply_to

    def run(self) -> Done[Review]:
        return review_ops.review(
            self.session.project, *self.args, created_by=self.session.annotator_id, reply_to=self.reply_to
        )

    @property
    def review(self) -> Review | None:
        return self.done.value if self.done is not None else None
