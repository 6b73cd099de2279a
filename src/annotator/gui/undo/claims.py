"""Undo commands for tagging, editing and deleting claims."""

from __future__ import annotations

from typing import Any

from annotator.domain.models import Claim
from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import claims as claim_ops
from annotator.ops.history import Done


class TagClaimCommand(RecordedCommand):
    """Tag a span as a claim; undo removes it, redo restores the very same claim (same id)."""

    def __init__(
        self, session: ProjectSession, document_id: str, start: int, end: int, kind: str, text: str
    ) -> None:
        super().__init__(session, f"Tag {kind} claim")
        self.document_id = document_id
        self.span = (start, end)
        self.kind = kind
        self.document_text = text  # not `text`: that would shadow QUndoCommand.text()

    def run(self) -> Done[Claim]:
        return claim_ops.tag(
            self.session.project,
            self.document_id,
            *self.span,
            kind=self.kind,
            created_by=self.session.annotator_id,
            text=self.document_text,
        )

    @property
    def claim(self) -> Claim | None:
        return self.done.value if self.done is not None else None


class DeleteClaimCommand(RecordedCommand):
    """Delete a claim with its event links, verdicts and evidence; undo restores all of them."""

    def __init__(self, session: ProjectSession, claim: Claim) -> None:
        super().__init__(session, "Delete claim")
        self.claim = claim

    def run(self) -> Done[Any]:
        return claim_ops.delete(self.session.project, self.claim.id, self.session.annotator_id)


class EditClaimCommand(RecordedCommand):
    """Change some fields of a claim."""

    def __init__(self, session: ProjectSession, claim: Claim, changes: dict[str, Any], label: str) -> None:
        super().__init__(session, label)
        self.claim_id = claim.id
        self.changes = changes

    def run(self) -> Done[Any]:
        return claim_ops.edit(self.session.project, self.claim_id, self.changes)


class SetClaimantCommand(RecordedCommand):
    """Set a claim's claimant by name, creating the actor on the fly if nobody has that name or alias."""

    def __init__(self, session: ProjectSession, claim: Claim, name: str) -> None:
        super().__init__(session, f"Set claimant to {name}" if name else "Clear claimant")
        self.claim_id = claim.id
        self.name = name.strip()

    def run(self) -> Done[Any]:
        return claim_ops.set_claimant(
            self.session.project, self.claim_id, self.name, self.session.annotator_id
        )
