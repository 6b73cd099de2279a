"""Add Evidence: the passage about to be added, shown in its context, with its stance and a note."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from annotator.domain.models import EVIDENCE_STANCES

CONTEXT_CHARS = 80  # either side of the passage: enough to see a selection one letter short


def passage_in_context(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """The passage and up to `context` code points either side of it, cut at a space where possible."""
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    if start - context > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if end + context < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, text[start:end], after


class AddEvidenceDialog(QDialog):
    """Shows exactly what will be stored (the selection in bold, its surroundings in grey)."""

    def __init__(
        self, text: str, span: tuple[int, int], document_title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addEvidenceDialog")
        self.setWindowTitle("Add evidence")
        before, passage, after = passage_in_context(text, *span)
        self.passage = QLabel()
        self.passage.setObjectName("evidencePassage")
        self.passage.setWordWrap(True)
        self.passage.setTextFormat(Qt.TextFormat.RichText)
        self.passage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passage.setText(
            f"<span style='color:gray'>{html.escape(before)}</span>"
            f"<b>{html.escape(passage)}</b>"
            f"<span style='color:gray'>{html.escape(after)}</span>"
        )
        self.passage.setToolTip(passage)
        self.source = QLabel(f"From “{document_title}”, {len(passage):,} characters")
        self.source.setObjectName("evidenceSource")
        self.source.setWordWrap(True)
        self.stance = QComboBox()
        self.stance.setObjectName("evidenceDialogStance")
        self.stance.addItems(EVIDENCE_STANCES)
        self.note = QLineEdit()
        self.note.setObjectName("evidenceDialogNote")
        self.note.setPlaceholderText("Optional: why this passage matters")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.source)
        form.addRow(self.passage)
        form.addRow("&Stance", self.stance)
        form.addRow("&Note", self.note)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())
