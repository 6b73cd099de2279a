"""Undo commands for new versions of a document and for confirming where claims moved."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.domain.models import Claim, ImportedDocument
from annotator.gui.session import ProjectSession
from annotator.ops import versions as version_ops


class AddVersionCommand(QUndoCommand):
    """Import a new version of a document and move its claims onto it; undo puts everything back."""

    def __init__(self, session: ProjectSession, old_document_id: str, imported: ImportedDocument) -> None:
        super().__init__("Import new version")
        self.session = session
        self.old_document_id = old_document_id
        self.imported = imported
        self.result: version_ops.VersionResult | None = None

    def redo(self) -> None:
        if self.result is None:
            self.result = version_ops.add_version(
                self.session.project, self.old_document_id, self.imported, self.session.annotator_id
            )
        else:
            self.result = self.result.redo(self.session.project, self.session.annotator_id)
        self.session.documentsChanged.emit()

    def undo(self) -> None:
        assert self.result is not None
        version_ops.remove_version(self.session.project, self.result)
        self.session.documentsChanged.emit()


class ConfirmAnchorCommand(QUndoCommand):
    """Accept (or, with reject=True, refuse) where a fuzzy match put a claim in a new version."""

    def __init__(self, session: ProjectSession, claim: Claim, reject: bool = False) -> None:
        super().__init__("Reject new position" if reject else "Confirm new position")
        self.session = session
        self.claim = claim
        self.reject = reject
        self.before: dict[str, Any] = {}

    def redo(self) -> None:
        project = self.session.project
        if self.reject:
            self.before = version_ops.reject_anchor(project, self.claim.id)
            # The claim leaves this document for its old version.
            self.session.claimsChanged.emit(self.claim.document_id, [], [self.claim.id])
        else:
            self.before = {"anchor_status": version_ops.confirm_anchor(project, self.claim.id)}
            self.session.claimChanged.emit(self.claim.document_id, self.claim.id)

    def undo(self) -> None:
        version_ops.restore_fields(self.session.project, self.claim.id, self.before)
        if self.reject:
            self.session.claimsChanged.emit(self.claim.document_id, [self.claim], [])
        else:
            self.session.claimChanged.emit(self.claim.document_id, self.claim.id)
