"""QUndoCommands: each wraps one named operation and its inverse, then tells the session what changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.domain.dates import reference_date
from annotator.domain.models import Claim, ImportedDocument
from annotator.gui.session import ProjectSession
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import documents as document_ops
from annotator.ops import versions as version_ops
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


class EditDocumentCommand(QUndoCommand):
    """Change a document's editable metadata (title, date, ...).

    A new publication date also resolves the claims' stated dates that were waiting for a year.
    """

    def __init__(self, session: ProjectSession, document_id: str, changes: dict[str, Any]) -> None:
        super().__init__("Edit document details")
        self.session = session
        self.document_id = document_id
        self.changes = changes
        self.previous: dict[str, Any] = {}
        self.previous_claims: dict[str, dict[str, Any]] = {}

    def redo(self) -> None:
        project = self.session.project
        self.previous = document_ops.update_metadata(project, self.document_id, self.changes)
        if self.changes.get("published"):
            reference = reference_date(self.changes["published"])
            self.previous_claims = claim_ops.resolve_pending_dates(project, self.document_id, reference)
        self._announce()

    def undo(self) -> None:
        project = self.session.project
        for claim_id, fields in self.previous_claims.items():
            claim_ops.update_claim(project, claim_id, fields)
        document_ops.update_metadata(project, self.document_id, self.previous)
        self._announce()

    def _announce(self) -> None:
        self.session.documentChanged.emit(self.document_id)
        for claim_id in self.previous_claims:
            self.session.claimChanged.emit(self.document_id, claim_id)


class ImportCommand(QUndoCommand):
    """Records an import that already happened (on a worker thread): undo removes the new documents
    (and takes back new versions, returning their claims), redo puts the very same rows back."""

    def __init__(
        self,
        session: ProjectSession,
        document_ids: list[str],
        versions: list[version_ops.VersionResult] | None = None,
    ) -> None:
        count = len(document_ids) + len(versions or [])
        super().__init__(f"Import {count} document{'s' if count != 1 else ''}")
        self.session = session
        self.document_ids = document_ids
        self.versions = list(versions or [])
        self.rows: list[dict[str, Any]] = []
        self._done = True  # the import itself ran before the command was pushed

    def redo(self) -> None:
        if not self._done:
            document_ops.put_documents(self.session.project, self.rows)
            self.versions = [v.redo(self.session.project, self.session.annotator_id) for v in self.versions]
        self._done = False
        self.session.documentsChanged.emit()

    def undo(self) -> None:
        for version in reversed(self.versions):
            version_ops.remove_version(self.session.project, version)
        self.rows = document_ops.take_documents(self.session.project, self.document_ids)
        self.session.documentsChanged.emit()


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
