"""The claim panel's Verdict tab: the verdict history, recording a new verdict, and the evidence."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import verdicts as verdict_rules
from annotator.domain.models import EVIDENCE_STANCES, Claim, Evidence
from annotator.gui.session import ProjectSession
from annotator.gui.undo.verdicts import AddEvidenceCommand, AddVerdictCommand, RemoveEvidenceCommand
from annotator.store import findings, queries

NO_CONFIDENCE = -1


class UrlEvidenceDialog(QDialog):
    """Evidence on the web: URL, an archived copy, the day it was accessed, stance and note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("urlEvidenceDialog")
        self.setWindowTitle("Add URL evidence")
        self.url = QLineEdit()
        self.url.setObjectName("evidenceUrl")
        self.url.setPlaceholderText("https://…")
        self.archived = QLineEdit()
        self.archived.setObjectName("evidenceArchivedUrl")
        self.archived.setPlaceholderText("Archived copy, e.g. https://web.archive.org/web/…")
        self.accessed = QDateEdit(QDate.currentDate())
        self.accessed.setObjectName("evidenceAccessed")
        self.accessed.setCalendarPopup(True)
        self.accessed.setDisplayFormat("yyyy-MM-dd")
        self.stance = QComboBox()
        self.stance.setObjectName("evidenceStance")
        self.stance.addItems(EVIDENCE_STANCES)
        self.note = QLineEdit()
        self.note.setObjectName("evidenceNote")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.url.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        form = QFormLayout(self)
        form.addRow("&URL", self.url)
        form.addRow("&Archived copy", self.archived)
        form.addRow("A&ccessed", self.accessed)
        form.addRow("&Stance", self.stance)
        form.addRow("&Note", self.note)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def fields(self) -> dict[str, str]:
        return {
            "url": self.url.text().strip(),
            "archived_url": self.archived.text().strip(),
            "accessed": self.accessed.date().toString("yyyy-MM-dd"),
            "stance": self.stance.currentText(),
            "note": self.note.text().strip(),
        }


class VerdictTab(QWidget):
    """History first (the current verdict on top), then the form for a new finding, then evidence."""

    evidenceActivated = Signal(object)  # Evidence

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictTab")
        self.session = session
        self.claim: Claim | None = None
        self.history = QListWidget()
        self.history.setObjectName("verdictHistory")
        self.label = QComboBox()
        self.label.setObjectName("verdictLabel")
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setObjectName("verdictAsOf")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.conclusion = QLineEdit()
        self.conclusion.setObjectName("verdictConclusion")
        self.conclusion.setPlaceholderText("One-line conclusion")
        self.reasoning = QPlainTextEdit()
        self.reasoning.setObjectName("verdictReasoning")
        self.reasoning.setPlaceholderText("Reasoning")
        self.reasoning.setTabChangesFocus(True)
        self.reasoning.setMaximumHeight(70)
        self.confidence = QSpinBox()
        self.confidence.setObjectName("verdictConfidence")
        self.confidence.setRange(NO_CONFIDENCE, 100)
        self.confidence.setSpecialValueText("not stated")
        self.confidence.setSuffix(" %")
        self.confidence.setValue(NO_CONFIDENCE)
        self.record = QPushButton("&Record verdict")
        self.record.setObjectName("verdictRecord")
        self.evidence = QListWidget()
        self.evidence.setObjectName("evidenceList")
        self.evidence_warning = QLabel()
        self.evidence_warning.setObjectName("evidenceWarning")
        self.evidence_warning.setWordWrap(True)
        self.add_url = QPushButton("Add &URL evidence…")
        self.add_url.setObjectName("evidenceAddUrl")
        self.remove = QPushButton("Remove evidence")
        self.remove.setObjectName("evidenceRemove")

        form = QFormLayout()
        form.addRow("&Label", self.label)
        form.addRow("&As of", self.as_of)
        form.addRow("C&onclusion", self.conclusion)
        form.addRow("Reasonin&g", self.reasoning)
        form.addRow("Con&fidence", self.confidence)
        form.addRow(self.record)
        evidence_buttons = QHBoxLayout()
        evidence_buttons.addWidget(self.add_url)
        evidence_buttons.addStretch(1)
        evidence_buttons.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("History (current first)"))
        layout.addWidget(self.history, 1)
        layout.addLayout(form)
        layout.addWidget(QLabel("Evidence (select text in a document and press Ctrl+E to add it)"))
        layout.addWidget(self.evidence, 1)
        layout.addWidget(self.evidence_warning)
        layout.addLayout(evidence_buttons)

        self.record.clicked.connect(self.record_verdict)
        self.add_url.clicked.connect(self.add_url_evidence)
        self.remove.clicked.connect(self.remove_evidence)
        self.evidence.itemActivated.connect(
            lambda item: self.evidenceActivated.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        session.verdictsChanged.connect(self._on_claim_signal)
        session.evidenceChanged.connect(self._on_claim_signal)
        self._labels = {entry.label: entry for entry in findings.verdict_labels(session.project)}
        for entry in self._labels.values():
            self.label.addItem(entry.display, entry.label)
        self.set_claim(None)

    def set_claim(self, claim: Claim | None) -> None:
        self.claim = claim
        self.setEnabled(claim is not None)
        self._refresh()

    def _on_claim_signal(self, claim_id: str) -> None:
        if self.claim is not None and claim_id == self.claim.id:
            self._refresh()

    def _refresh(self) -> None:
        self.history.clear()
        self.evidence.clear()
        self.evidence_warning.clear()
        if self.claim is None:
            return
        project = self.session.project
        history = findings.verdict_history(project, self.claim.id)
        current = verdict_rules.current(history)
        for verdict in sorted(history, key=lambda v: (v.as_of, v.created_at), reverse=True):
            display = self._labels[verdict.label].display if verdict.label in self._labels else verdict.label
            marker = "● current — " if verdict is current else ""
            confidence = f" ({verdict.confidence:.0%})" if verdict.confidence is not None else ""
            item = QListWidgetItem(
                f"{marker}{display} as of {verdict.as_of}{confidence}: {verdict.conclusion}"
            )
            item.setToolTip(verdict.reasoning or verdict.conclusion)
            item.setData(Qt.ItemDataRole.UserRole, verdict.id)
            self.history.addItem(item)
        late = []
        for evidence in findings.evidence_for_claim(project, self.claim.id):
            postdates = current is not None and verdict_rules.evidence_postdates(evidence, current)
            item = QListWidgetItem(("⚠ " if postdates else "") + self._describe(evidence))
            item.setData(Qt.ItemDataRole.UserRole, evidence)
            item.setToolTip(evidence.note or evidence.exact or evidence.url)
            self.evidence.addItem(item)
            if postdates:
                late.append(evidence)
        if late and current is not None:
            self.evidence_warning.setText(
                f"⚠ {len(late)} piece(s) of evidence date from after the current verdict's as-of date "
                f"({current.as_of}): they were not known then."
            )

    def _describe(self, evidence: Evidence) -> str:
        if evidence.document_id:
            title = queries.get_document(self.session.project, evidence.document_id, with_text=False).title
            quote = " ".join(evidence.exact.split())
            quote = quote if len(quote) < 80 else quote[:77] + "…"
            return f"{evidence.stance}: “{quote}” — {title}"
        extra = f" (archived: {evidence.archived_url})" if evidence.archived_url else ""
        accessed = f", accessed {evidence.accessed}" if evidence.accessed else ""
        return f"{evidence.stance}: {evidence.url}{extra}{accessed}"

    def record_verdict(self) -> None:
        if self.claim is None:
            return
        confidence = self.confidence.value()
        fields = {
            "label": self.label.currentData(),
            "as_of": self.as_of.date().toString("yyyy-MM-dd"),
            "conclusion": self.conclusion.text().strip(),
            "reasoning": self.reasoning.toPlainText().strip(),
            "confidence": None if confidence == NO_CONFIDENCE else confidence / 100,
        }
        if not self.session.push(AddVerdictCommand(self.session, self.claim.id, fields)):
            return  # kept as typed, to try again
        self.conclusion.clear()
        self.reasoning.clear()
        self.confidence.setValue(NO_CONFIDENCE)

    def current_verdict_id(self) -> str | None:
        if self.claim is None:
            return None
        current = verdict_rules.current(findings.verdict_history(self.session.project, self.claim.id))
        return current.id if current else None

    def add_url_evidence(self) -> None:
        if self.claim is None:
            return
        dialog = UrlEvidenceDialog(self)
        if dialog.exec():
            fields = dict(dialog.fields(), verdict_id=self.current_verdict_id())
            self.session.push(AddEvidenceCommand(self.session, self.claim.id, "url", fields))

    def remove_evidence(self) -> None:
        item = self.evidence.currentItem()
        if item is not None:
            self.session.push(RemoveEvidenceCommand(self.session, item.data(Qt.ItemDataRole.UserRole)))
