"""Undo commands for documents: importing them (and annotations) and editing their details."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.gui.operation_command import OperationCommand, RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import documents as document_ops
from annotator.ops.changes import Changes
from annotator.ops.history import Done

if TYPE_CHECKING:
    from annotator.ops.importing import ImportRecord


class EditDocumentCommand(RecordedCommand):
    """Change a document's editable metadata (title, date, ...).

    A new publication date also resolves the claims' stated dates that were waiting for a year: one
    operation, undone as one.
    """

    def __init__(self, session: ProjectSession, document_id: str, changes: dict[str, Any]) -> None:
        super().__init__(session, "Edit document details")
        self.document_id = document_id
        self.changes = changes

    def run(self) -> Done[Any]:
        return document_ops.edit_details(self.session.project, self.document_id, self.changes)


class ImportCommand(OperationCommand):
    """Records an import that already happened (on a worker thread): undo takes back its documents, new
    versions and claims in one operation, redo puts the very same rows back (ops.importing)."""

    def __init__(self, session: ProjectSession, record: ImportRecord) -> None:
        super().__init__(session, record.describe())
        self.record = record
        self._imported = True  # the import itself ran before the command was pushed

    def perform(self) -> Changes:
        if self._imported:
            self._imported = False
            return self.record.changes()  # the first redo only tells the views
        from annotator.ops import importing  # with every reader: loaded by the first import, not at start

        self.record, changes = importing.redo_import(self.session.project, self.record)
        return changes

    def revert(self) -> Changes:
        from annotator.ops import importing

        self.record, changes = importing.undo_import(self.session.project, self.record)
        return changes
