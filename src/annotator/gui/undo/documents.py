"""Undo commands for documents: importing them (and annotations) and editing their details."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.domain.dates import reference_date
from annotator.domain.models import Claim
from annotator.gui.session import ProjectSession
from annotator.ops import claims as claim_ops
from annotator.ops import documents as document_ops
from annotator.ops import importing
from annotator.ops.changes import Changes
from annotator.ops.importing import ImportRecord
from annotator.store import queries


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
    """Records an import that already happened (on a worker thread): undo takes back its documents, new
    versions and claims in one operation, redo puts the very same rows back (ops.importing)."""

    def __init__(self, session: ProjectSession, record: ImportRecord) -> None:
        super().__init__(record.describe())
        self.session = session
        self.record = record
        self._done = True  # the import itself ran before the command was pushed

    def redo(self) -> None:
        if self._done:
            self._done = False
            changes = self.record.changes()
        else:
            self.record, changes = importing.redo_import(self.session.project, self.record)
        self._announce(changes)

    def undo(self) -> None:
        self.record, changes = importing.undo_import(self.session.project, self.record)
        self._announce(changes)

    def _announce(self, changes: Changes) -> None:
        self.session.documentsChanged.emit()
        by_document: dict[str, list[str]] = {}
        for document_id, claim_id in changes.claims:
            by_document.setdefault(document_id, []).append(claim_id)
        for document_id, claim_ids in by_document.items():
            present = [c for c in (self._claim(claim_id) for claim_id in claim_ids) if c is not None]
            gone = [claim_id for claim_id in claim_ids if claim_id not in {c.id for c in present}]
            self.session.claimsChanged.emit(document_id, present, gone)

    def _claim(self, claim_id: str) -> Claim | None:
        try:
            return queries.get_claim(self.session.project, claim_id)
        except KeyError:
            return None
