"""A second document beside the first, to read and select evidence from while a claim stays open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent, QTextCursor
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from annotator.domain.models import Claim
from annotator.gui.document_view import DocumentView
from annotator.gui.session import ProjectSession
from annotator.store import queries
from annotator.store.span_queries import DocumentSpans


class ReferenceView(QWidget):
    """A document picker over a read-only document view; its selection can become evidence."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referencePanel")
        self.session = session
        self.picker = QComboBox()
        self.picker.setObjectName("referenceDocument")
        self.view = DocumentView()
        self.view.setObjectName("referenceView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("Second document: select a passage and press Ctrl+E to add it as evidence")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.picker)
        layout.addWidget(self.view, 1)
        self.picker.currentIndexChanged.connect(self._on_picked)
        # The picker is filled when the panel is first shown, not at start-up: the window already reads
        # the document list once, and most sessions never open a second document.
        self._stale = True
        session.documentsChanged.connect(self.refresh_documents)
        session.documentChanged.connect(lambda _id: self.refresh_documents())
        # Tagging, retagging and undo in the first view show here too when both show one document.
        session.claimsChanged.connect(self._on_claims_changed)
        session.claimChanged.connect(self._on_claim_changed)

    @property
    def document_id(self) -> str | None:
        return self.view.document_id

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self._stale:
            self.refresh_documents()
        super().showEvent(event)

    def refresh_documents(self) -> None:
        """Refill the picker now if the panel is shown; otherwise when it next is."""
        self._stale = not self.isVisible()
        if self._stale:
            return
        self._fill_picker()

    def _fill_picker(self) -> None:
        current = self.view.document_id
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItem("(choose a document)", None)
        for summary in queries.document_summaries(self.session.project):
            self.picker.addItem(summary.title, summary.id)
        index = self.picker.findData(current) if current else 0
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.blockSignals(False)
        if current and index < 0:
            self.show_document(None)

    def _on_claims_changed(self, document_id: str, added: list[Claim], removed: list[str]) -> None:
        if document_id == self.view.document_id:
            self.view.remove_claims(removed)
            self.view.add_claims(added)

    def _on_claim_changed(self, document_id: str, claim_id: str) -> None:
        if document_id == self.view.document_id:
            self.view.replace_claim(queries.get_claim(self.session.project, claim_id))

    def _on_picked(self, index: int) -> None:
        self.show_document(self.picker.itemData(index))

    def show_document(self, document_id: str | None, span: tuple[int, int] | None = None) -> None:
        """Show a document (its own claims highlighted), optionally with a span selected and in view."""
        if self._stale:
            self._stale = False  # filled below, whether or not the panel is on screen yet
            self._fill_picker()
        if document_id != self.view.document_id:
            if document_id is None:
                self.view.show_document(None, "", None)
            else:
                document = queries.get_document(self.session.project, document_id)
                self.view.show_document(
                    document_id, document.text, DocumentSpans(self.session.project, document_id)
                )
            self.picker.blockSignals(True)
            self.picker.setCurrentIndex(max(self.picker.findData(document_id), 0))
            self.picker.blockSignals(False)
        if span is not None and document_id is not None:
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(self.view.offsets.to_utf16(span[0]))
            cursor.setPosition(self.view.offsets.to_utf16(span[1]), QTextCursor.MoveMode.KeepAnchor)
            self.view.setTextCursor(cursor)
            self.view.centerCursor()
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
