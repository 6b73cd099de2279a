"""The document details dialog: edit a document's title, authors, source and publication date, and see
its evidence copy (the original's SHA-256, size and format) and custody log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from annotator.domain.dates import parse_stated_date
from annotator.domain.models import Document
from annotator.gui import preferences
from annotator.store.evidence import CustodyEntry, OriginalInfo


class DocumentDialog(QDialog):
    """Shows the importer's reading of a document's metadata for the user to confirm or correct."""

    def __init__(
        self,
        document: Document,
        parent: QWidget | None = None,
        original: OriginalInfo | None = None,
        custody: list[CustodyEntry] | None = None,
        save_original: Callable[[], None] | None = None,
        editable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentDialog")
        self.setWindowTitle("Document details")
        self.document = document
        self.title = QLineEdit(document.title)
        self.title.setObjectName("documentTitle")
        self.authors = QLineEdit("; ".join(document.authors))
        self.authors.setObjectName("documentAuthors")
        self.authors.setPlaceholderText("Separate several authors with ;")
        self.publisher = QLineEdit(document.publisher)
        self.publisher.setObjectName("documentPublisher")
        self.url = QLineEdit(document.url)
        self.url.setObjectName("documentUrl")
        self.published = QLineEdit(document.published)
        self.published.setObjectName("documentPublished")
        self.published.setPlaceholderText("e.g. 2022-03-21, 21 March 2022, March 2022")
        self.published_parsed = QLabel()
        self.published_parsed.setObjectName("documentPublishedParsed")
        # Printed, inferred (with the user's reason) or, with no date, unknown: reports mark inferred ones.
        self.date_basis = QComboBox()
        self.date_basis.setObjectName("documentDateBasis")
        self.date_basis.addItem("printed in the source", "printed")
        self.date_basis.addItem("inferred by me", "inferred")
        basis = str(document.metadata.get("date_basis") or "printed")
        self.date_basis.setCurrentIndex(max(0, self.date_basis.findData(basis)))
        self.date_reason = QLineEdit(str(document.metadata.get("date_reason") or ""))
        self.date_reason.setObjectName("documentDateReason")
        self.date_reason.setPlaceholderText("Why: from the URL; mentions 17 March and 2022 events…")
        self.language = QLineEdit(document.language)
        self.language.setObjectName("documentLanguage")
        self.notes = QPlainTextEdit(document.notes)
        self.notes.setObjectName("documentNotes")
        self.notes.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow("&Title", self.title)
        form.addRow("&Authors", self.authors)
        form.addRow("&Publisher / site", self.publisher)
        form.addRow("&URL", self.url)
        form.addRow("Publication &date", self.published)
        form.addRow("", self.published_parsed)
        form.addRow("The date &is", self.date_basis)
        form.addRow("&Reason", self.date_reason)
        form.addRow("&Language", self.language)
        form.addRow("&Notes", self.notes)
        proposals = document.metadata.get("proposals") or []
        if isinstance(proposals, list) and proposals:
            found = "\n".join(
                f"{p.get('field')}: {p.get('value')}  (from “{p.get('evidence')}”)" for p in proposals
            )
            hint = QLabel("Found in the text when importing:\n" + found)
            hint.setWordWrap(True)
            form.addRow(hint)
        self._add_evidence(form, original, custody or [], save_original)
        form.addRow(self.buttons)
        if not editable:  # a read-only project: the details are shown, not changed
            for field in (self.title, self.authors, self.publisher, self.url, self.published, self.language):
                field.setReadOnly(True)
            self.notes.setReadOnly(True)
        self.published.textChanged.connect(self._show_date)
        self.date_basis.currentIndexChanged.connect(lambda *_: self._show_date(self.published.text()))
        self._show_date(self.published.text())
        self.resize(560, self.sizeHint().height())

    def _add_evidence(
        self,
        form: QFormLayout,
        original: OriginalInfo | None,
        custody: list[CustodyEntry],
        save_original: Callable[[], None] | None,
    ) -> None:
        if original is None:
            text = "not kept (imported before originals were kept, or over the size limit)"
        else:
            media_type = original.media_type or "unknown format"
            text = f"SHA-256 {original.sha256}\n{original.size:,} bytes, {media_type}"
        self.original = QLabel(text)
        self.original.setObjectName("documentOriginal")
        self.original.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.original.setWordWrap(True)
        form.addRow("Original", self.original)
        captured = next((entry.captured_at for entry in custody if entry.captured_at), "")
        if captured:
            self.captured = QLabel(captured)
            self.captured.setObjectName("documentCapturedAt")
            form.addRow("Captured", self.captured)
        self.custody = QPlainTextEdit("\n".join(entry.describe() for entry in custody) or "no entries")
        self.custody.setObjectName("documentCustody")
        self.custody.setReadOnly(True)
        self.custody.setTabChangesFocus(True)
        self.custody.setMaximumHeight(110)
        form.addRow("Custody", self.custody)
        self.save_original_button = QPushButton("&Save Original As…")
        self.save_original_button.setObjectName("saveOriginalButton")
        self.save_original_button.setEnabled(original is not None and save_original is not None)
        if save_original is not None:
            self.save_original_button.clicked.connect(save_original)
        form.addRow("", self.save_original_button)

    def _resolved_date(self) -> str | None:
        """The typed date as ISO (day, month or year precision); "" if empty; None if not understood."""
        text = self.published.text().strip()
        if not text:
            return ""
        resolution = parse_stated_date(text, None, dayfirst=preferences.current.dayfirst)
        if resolution is None or resolution.precision not in ("day", "month", "year"):
            return None
        return resolution.display()

    def _show_date(self, _text: str) -> None:
        resolved = self._resolved_date()
        dated = bool(resolved)
        self.date_basis.setEnabled(dated)
        self.date_reason.setEnabled(dated and self.date_basis.currentData() == "inferred")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(resolved is not None)
        self.published_parsed.setText(
            "⚠ not a date I understand" if resolved is None else (f"→ {resolved}" if resolved else "")
        )

    def changes(self) -> dict[str, Any]:
        """The fields the user changed, in the form the update operation takes."""
        values: dict[str, Any] = {
            "title": self.title.text().strip(),
            "authors": [name.strip() for name in self.authors.text().split(";") if name.strip()],
            "publisher": self.publisher.text().strip(),
            "url": self.url.text().strip(),
            "published": self._resolved_date() or "",
            "language": self.language.text().strip(),
        }
        changed = {name: value for name, value in values.items() if getattr(self.document, name) != value}
        if self.notes.toPlainText() != self.document.notes:
            changed["notes"] = self.notes.toPlainText()
        basis = self.date_basis.currentData() if values["published"] else "printed"
        reason = self.date_reason.text().strip() if basis == "inferred" else ""
        metadata = self.document.metadata
        if basis != (metadata.get("date_basis") or "printed") or reason != (
            metadata.get("date_reason") or ""
        ):
            changed.update(date_basis=basis, date_reason=reason)
        return changed
