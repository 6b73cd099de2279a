"""The undo command for bringing in a colleague's project."""

from __future__ import annotations

from pathlib import Path

from annotator.gui.operation_command import OperationCommand
from annotator.gui.session import ProjectSession
from annotator.ops import merge as merge_ops
from annotator.ops.changes import Changes


class MergeCommand(OperationCommand):
    """A merge as one undo step: undo removes exactly what it brought in; redo merges again, which
    (merging being idempotent, its conflicts replayed under their ids) gives back the same rows.

    Not recorded row by row (ops.history): a merge may bring 100,000 claims, and `unmerge` deletes
    them by key in a few statements."""

    def __init__(self, session: ProjectSession, other: Path) -> None:
        super().__init__(session, f"Merge {other.name}")
        self.other = other
        self.summary: merge_ops.MergeSummary | None = None

    def perform(self) -> Changes:
        self.summary = merge_ops.merge_project(
            self.session.project, self.other, self.session.annotator_id, replay=self.summary
        )
        return self.summary.changes

    def revert(self) -> Changes:
        assert self.summary is not None
        merge_ops.unmerge(self.session.project, self.summary)
        return self.summary.changes.reversed()

    def changed(self) -> bool:
        return self.summary is None or self.summary.changed
