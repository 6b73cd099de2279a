"""The claim panel's Verdict tab: the verdict history, recording a new verdict, and the evidence."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
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
from annotator.domain.wording import count_of
from annotator.gui import preferences
from annotator.gui.session import ProjectSession
from annotator.gui.undo.verdicts import (
    AddEvidenceCommand,
    AddVerdictCommand,
    PublishVerdictCommand,
    RemoveEvidenceCommand,
)
from annotator.store import findings, queries, review_queries

NO_CONFIDENCE = -1


def wrapped_label(text: str) -> QLabel:
    """A line of guidance that wraps in a narrow panel instead of widening it."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def wrap_rows(rows: QListWidget) -> None:
    """Long rows wrap to the list's width instead of running off under a horizontal scroll bar."""
    rows.setWordWrap(True)
    rows.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    rows.setResizeMode(QListWidget.ResizeMode.Adjust)
    rows.setTextElideMode(Qt.TextElideMode.ElideNone)


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
    # Evidence id: fetch its URL now and keep the page, with its WARC, as a document (on the import worker).
    archiveRequested = Signal(str)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictTab")
        self.session = session
        self.claim: Claim | None = None
        self.history = QListWidget()
        self.history.setObjectName("verdictHistory")
        self.history.setWordWrap(True)
        self.history.setAlternatingRowColors(True)
        self.history.setSpacing(3)  # each verdict's lines read as one block, apart from the next
        self.history.setMinimumHeight(200)
        self.waiting = QLabel()
        self.waiting.setObjectName("verdictWaiting")
        self.waiting.setWordWrap(True)
        self.publish_selected = QPushButton("&Publish selected proposal")
        self.publish_selected.setObjectName("verdictPublishSelected")
        self.publish_selected.setToolTip("Make your own proposal the desk's verdict")
        self.label = QComboBox()
        self.label.setObjectName("verdictLabel")
        # No default label: one careless click must not record "Confirmed".
        self.label.setPlaceholderText("Choose a label…")
        self.as_of = QLineEdit()
        self.as_of.setObjectName("verdictAsOf")
        self.as_of.setPlaceholderText("What was known on: 2023-10-01, 1 October 2023…")
        self.as_of_parsed = QLabel()
        self.as_of_parsed.setObjectName("verdictAsOfParsed")
        self.as_of_parsed.setWordWrap(True)
        self.publish_now = QCheckBox("Publi&sh as the desk's verdict")
        self.publish_now.setObjectName("verdictPublish")
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
        self.record = QPushButton("Rec&ord verdict")
        self.record.setObjectName("verdictRecord")
        self.evidence = QListWidget()
        self.evidence.setObjectName("evidenceList")
        for rows in (self.history, self.evidence):
            wrap_rows(rows)
        self.evidence_warning = QLabel()
        self.evidence_warning.setObjectName("evidenceWarning")
        self.evidence_warning.setWordWrap(True)
        self.add_url = QPushButton("Add URL evide&nce…")
        self.add_url.setObjectName("evidenceAddUrl")
        self.remove = QPushButton("Remove")
        self.remove.setToolTip("Remove the selected evidence from this claim")
        self.remove.setObjectName("evidenceRemove")
        self.archive_now = QPushButton("Archive no&w")
        self.archive_now.setObjectName("evidenceArchiveNow")
        self.archive_now.setToolTip(
            "Fetch the selected URL evidence now and keep the page, with its WARC and hash, as a document"
        )
        self.archive_now.setEnabled(False)

        form = QFormLayout()
        # Alt letters chosen against the menus, the panel's tabs and Alt+M (claimant): gui/mnemonics.py.
        form.addRow("La&bel", self.label)
        form.addRow("&As of", self.as_of)
        form.addRow("", self.as_of_parsed)
        form.addRow("Concl&usion", self.conclusion)
        form.addRow("Reasonin&g", self.reasoning)
        form.addRow("Confidence", self.confidence)
        form.addRow(self.publish_now)
        form.addRow(self.record)
        evidence_buttons = QHBoxLayout()
        evidence_buttons.addWidget(self.add_url)
        evidence_buttons.addWidget(self.archive_now)
        evidence_buttons.addStretch(1)
        evidence_buttons.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_label("History (newest first; the published verdict is the desk's)"))
        layout.addWidget(self.history, 1)
        layout.addWidget(self.waiting)
        layout.addWidget(self.publish_selected)
        layout.addLayout(form)
        layout.addWidget(wrapped_label("Evidence (select text in a document and press Ctrl+E to add it)"))
        layout.addWidget(self.evidence, 1)
        layout.addWidget(self.evidence_warning)
        layout.addLayout(evidence_buttons)

        self.record.clicked.connect(self.record_verdict)
        self.publish_selected.clicked.connect(self.publish_selection)
        self.history.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.label.currentIndexChanged.connect(lambda *_: self._update_buttons())
        self.as_of.textChanged.connect(lambda *_: self._update_buttons())
        self.add_url.clicked.connect(self.add_url_evidence)
        self.remove.clicked.connect(self.remove_evidence)
        self.archive_now.clicked.connect(self.archive_selected_evidence)
        self.evidence.currentItemChanged.connect(lambda *_: self._update_archive_button())
        self.evidence.itemActivated.connect(
            lambda item: self.evidenceActivated.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        session.verdictsChanged.connect(self._on_claim_signal)
        session.evidenceChanged.connect(self._on_claim_signal)
        session.reviewsChanged.connect(self.refresh)  # a review approves or disputes a verdict
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

    def refresh(self) -> None:
        """Show the claim's history and the project's publishing rule again (after a setting changed)."""
        self._refresh()

    def _refresh(self) -> None:
        self.history.clear()
        self.evidence.clear()
        self.evidence_warning.clear()
        if self.claim is None:
            return
        project = self.session.project
        view = findings.desk_view(project, self.claim.id)
        current = view.published
        names = review_queries.annotator_names(project)
        evidence_counts: dict[str | None, int] = {}
        for found in findings.evidence_for_claim(project, self.claim.id):
            evidence_counts[found.verdict_id] = evidence_counts.get(found.verdict_id, 0) + 1
        for entry in reversed(view.history):
            item = QListWidgetItem(
                self._describe_verdict(entry, names, evidence_counts.get(entry.verdict.id, 0))
            )
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.history.addItem(item)
        self.waiting.setText(
            f"{view.waiting} newer proposal{'' if view.waiting == 1 else 's'} waiting for review"
            if view.waiting
            else ""
        )
        second_reviewer = findings.second_reviewer_required(project)
        self.publish_now.setEnabled(not second_reviewer)
        self.publish_now.setChecked(not second_reviewer)
        self.publish_now.setToolTip(
            "This project needs a second reviewer: a colleague publishes your verdict by accepting it"
            if second_reviewer
            else "Uncheck to leave it a proposal for a colleague to review"
        )
        self._update_buttons()
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
                f"⚠ {count_of(len(late), 'piece of evidence', 'pieces of evidence')} "
                f"{'dates' if len(late) == 1 else 'date'} from after the published verdict's as-of date "
                f"({current.as_of}): {'it was' if len(late) == 1 else 'they were'} not known then."
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

    def _describe_verdict(self, entry: verdict_rules.DeskEntry, names: dict[str, str], evidence: int) -> str:
        """Several readable lines: state and label, who and when, conclusion, reasoning, evidence."""
        verdict = entry.verdict
        display = self._labels[verdict.label].display if verdict.label in self._labels else verdict.label
        state = verdict_rules.STATE_DISPLAY.get(entry.state, entry.state)
        author = names.get(verdict.created_by or "", "unknown author")
        lines = [f"{state}: {display} as of {verdict.as_of}, by {author}"]
        if entry.decided_by is not None or entry.decided_at:
            verb = {
                verdict_rules.DISPUTED: "disputed",
                verdict_rules.NEEDS_CHANGES: "sent back for changes",
            }.get(entry.state, "approved")
            decider = names.get(entry.decided_by or "", "unknown")
            if verb == "approved" and entry.decided_by == verdict.created_by:
                lines.append(f"Published by its author on {entry.decided_at[:10]}")
            else:
                lines.append(f"{verb.capitalize()} by {decider} on {entry.decided_at[:10]}")
        elif entry.state == verdict_rules.PROPOSED:
            lines.append("Waiting for review")
        if verdict.confidence is not None:
            lines.append(f"Confidence: {verdict.confidence:.0%}")
        if verdict.conclusion:
            lines.append(f"Conclusion: {verdict.conclusion}")
        if verdict.reasoning:
            lines.append(f"Reasoning: {verdict.reasoning}")
        lines.append(f"Evidence: {count_of(evidence, 'piece', 'pieces')}")
        return "\n".join(lines)

    def _typed_as_of(self) -> tuple[str | None, str]:
        return verdict_rules.resolve_as_of(self.as_of.text(), date.today(), preferences.current.dayfirst)

    def _update_buttons(self) -> None:
        as_of, shown = self._typed_as_of()
        self.as_of_parsed.setText(shown)
        self.record.setEnabled(self.label.currentIndex() >= 0 and as_of is not None)
        item = self.history.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.publish_selected.setEnabled(
            entry is not None
            and entry.state == verdict_rules.PROPOSED
            and entry.verdict.created_by == self.session.annotator_id
            and not findings.second_reviewer_required(self.session.project)
        )

    def record_verdict(self) -> None:
        as_of, _ = self._typed_as_of()
        if self.claim is None or as_of is None or self.label.currentIndex() < 0:
            return
        confidence = self.confidence.value()
        fields = {
            "label": self.label.currentData(),
            "as_of": as_of,
            "conclusion": self.conclusion.text().strip(),
            "reasoning": self.reasoning.toPlainText().strip(),
            "confidence": None if confidence == NO_CONFIDENCE else confidence / 100,
        }
        publish = self.publish_now.isEnabled() and self.publish_now.isChecked()
        if not self.session.push(AddVerdictCommand(self.session, self.claim.id, fields, publish)):
            return  # kept as typed, to try again
        self.label.setCurrentIndex(-1)
        self.as_of.clear()
        self.conclusion.clear()
        self.reasoning.clear()
        self.confidence.setValue(NO_CONFIDENCE)

    def publish_selection(self) -> None:
        item = self.history.currentItem()
        if item is not None:
            entry = item.data(Qt.ItemDataRole.UserRole)
            self.session.push(PublishVerdictCommand(self.session, entry.verdict))

    def current_verdict_id(self) -> str | None:
        """The published verdict's id (new evidence is filed under it), None when none is published."""
        if self.claim is None:
            return None
        current = findings.desk_view(self.session.project, self.claim.id).published
        return current.id if current else None

    def add_url_evidence(self) -> None:
        if self.claim is None:
            return
        dialog = UrlEvidenceDialog(self)
        if dialog.exec():
            fields = dict(dialog.fields(), verdict_id=self.current_verdict_id())
            self.session.push(AddEvidenceCommand(self.session, self.claim.id, "url", fields))

    def _selected_evidence(self) -> Evidence | None:
        item = self.evidence.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_archive_button(self) -> None:
        evidence = self._selected_evidence()
        self.archive_now.setEnabled(evidence is not None and bool(evidence.url))

    def archive_selected_evidence(self) -> None:
        evidence = self._selected_evidence()
        if evidence is not None and evidence.url:
            self.archiveRequested.emit(evidence.id)

    def remove_evidence(self) -> None:
        item = self.evidence.currentItem()
        if item is not None:
            self.session.push(RemoveEvidenceCommand(self.session, item.data(Qt.ItemDataRole.UserRole)))
