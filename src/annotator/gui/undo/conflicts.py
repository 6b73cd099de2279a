"""The undo command for resolving a merge conflict."""

from __future__ import annotations

from typing import Any

from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import conflicts as conflict_ops
from annotator.ops.history import Done


class ResolveConflictCommand(RecordedCommand):
    """Keep our version, or take the colleague's (which may change a claim, event, actor or document)."""

    def __init__(self, session: ProjectSession, conflict_id: str, choice: str) -> None:
        super().__init__(session, f"Resolve conflict: keep {choice}")
        self.conflict_id = conflict_id
        self.choice = choice

    def run(self) -> Done[Any]:
        return conflict_ops.choose(self.session.project, self.conflict_id, self.choice)
