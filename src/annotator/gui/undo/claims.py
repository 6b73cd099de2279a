"""Undo commands for tagging, editing and deleting claims."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.domain.models import Claim
from annotator.gui.session import ProjectSession
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops.bundles import Bundle
from annotator.store import queries


class TagClaimCommand(QUndoCommand):
    """Tag a span as a claim; undo deletes it, redo restores the very same claim (same id)."""

    def __init__(
        self, session: ProjectSession, document_id: str, start: int, end: int, kind: str, text: str
    ) -> None:
        super().__init__(f"Tag {kind} claim")
        self.session = session
        self.document_id = document_id
        self.span = (start, end)
        self.kind = kind
        self.document_text = text  # not `text`: that would shadow QUndoCommand.text()
        self.claim: Claim | None = None

    def redo(self) -> None:
        if self.claim is None:
            self.claim = claim_ops.tag_claim(
                self.session.project,
                self.document_id,
                *self.span,
                kind=self.kind,
                created_by=self.session.annotator_id,
                text=self.document_text,
            )
        else:
            claim_ops.restore_claim(self.session.project, self.claim)
        self.session.claimsChanged.emit(self.document_id, [self.claim], [])

    def undo(self) -> None:
        assert self.claim is not None
        claim_ops.untag_claim(self.session.project, self.claim.id)
        self.session.claimsChanged.emit(self.document_id, [], [self.claim.id])


class DeleteClaimCommand(QUndoCommand):
    """Delete a claim with its event links, verdicts and evidence; undo restores all of them."""

    def __init__(self, session: ProjectSession, claim: Claim) -> None:
        super().__init__("Delete claim")
        self.session = session
        self.claim = claim
        self.bundle: Bundle | None = None

    def redo(self) -> None:
        self.claim, self.bundle = claim_ops.delete_claim(
            self.session.project, self.claim.id, self.session.annotator_id
        )
        self.session.claimsChanged.emit(self.claim.document_id, [], [self.claim.id])

    def undo(self) -> None:
        assert self.bundle is not None
        claim_ops.restore_deleted(self.session.project, self.bundle)
        self.session.claimsChanged.emit(self.claim.document_id, [self.claim], [])


class EditClaimCommand(QUndoCommand):
    """Change some fields of a claim; undo puts back the values the operation reported."""

    def __init__(self, session: ProjectSession, claim: Claim, changes: dict[str, Any], label: str) -> None:
        super().__init__(label)
        self.session = session
        self.claim_id = claim.id
        self.document_id = claim.document_id
        self.changes = changes
        self.previous: dict[str, Any] = {}

    def redo(self) -> None:
        self.previous = claim_ops.update_claim(self.session.project, self.claim_id, self.changes)
        self.session.claimChanged.emit(self.document_id, self.claim_id)

    def undo(self) -> None:
        claim_ops.update_claim(self.session.project, self.claim_id, self.previous)
        self.session.claimChanged.emit(self.document_id, self.claim_id)


class SetClaimantCommand(QUndoCommand):
    """Set a claim's claimant by name, creating the actor on the fly if nobody has that name or alias."""

    def __init__(self, session: ProjectSession, claim: Claim, name: str) -> None:
        super().__init__(f"Set claimant to {name}" if name else "Clear claimant")
        self.session = session
        self.claim_id = claim.id
        self.document_id = claim.document_id
        self.previous_id = claim.claimant_id
        self.name = name.strip()
        self.created_actor_id: str | None = None

    def redo(self) -> None:
        project = self.session.project
        actor_id: str | None = None
        if self.name:
            existing = queries.find_actor(project, self.name)
            if existing is not None:
                actor_id = existing.id
            else:
                actor = actor_ops.create_actor(
                    project, self.name, created_by=self.session.annotator_id, actor_id=self.created_actor_id
                )
                self.created_actor_id = actor_id = actor.id
                self.session.actorsChanged.emit()
        claim_ops.update_claim(project, self.claim_id, {"claimant_id": actor_id})
        self.session.claimChanged.emit(self.document_id, self.claim_id)

    def undo(self) -> None:
        project = self.session.project
        claim_ops.update_claim(project, self.claim_id, {"claimant_id": self.previous_id})
        if self.created_actor_id is not None and actor_ops.delete_unused_actor(
            project, self.created_actor_id
        ):
            self.session.actorsChanged.emit()
        self.session.claimChanged.emit(self.document_id, self.claim_id)
