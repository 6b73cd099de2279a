"""Undo commands for documents: importing them and editing their details."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.gui.session import ProjectSession
from annotator.gui.undo import RecordedCommand
from annotator.ops import documents as document_ops
from annotator.ops import versions as version_ops
from annotator.ops.history import Done


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
