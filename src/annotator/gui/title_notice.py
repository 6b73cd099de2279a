"""The bar over a document imported without a title: a proposed title, for the user to accept or edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from annotator.domain.models import MetadataProposal


class TitleNotice(QFrame):
    """Hidden unless the open document has only its file name as a title and a better one is found."""

    accepted = Signal(str)  # the proposed title, as the user accepted it
    editRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("titleNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.proposal: MetadataProposal | None = None
        self.label = QLabel()
        self.label.setObjectName("titleNoticeText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.use = QPushButton("Use this title")
        self.use.setObjectName("titleNoticeUse")
        self.edit = QPushButton("Edit…")
        self.edit.setObjectName("titleNoticeEdit")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.use)
        layout.addWidget(self.edit)
        self.use.clicked.connect(self._accept)
        self.edit.clicked.connect(self.editRequested)
        self.show_proposal(None)

    def show_proposal(self, proposal: MetadataProposal | None, current: str = "") -> None:
        self.proposal = proposal
        self.setVisible(proposal is not None)
        if proposal is not None:
            self.label.setText(f"“{current}” has no title of its own. Suggested: “{proposal.value}”")
            self.label.setToolTip(f"From: {proposal.evidence}")

    def _accept(self) -> None:
        if self.proposal is not None:
            self.accepted.emit(self.proposal.value)
