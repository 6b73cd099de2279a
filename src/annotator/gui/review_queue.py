"""The review queue: a colleague's claims and verdicts to accept, dispute or send back, keyboard-first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import verdicts as verdict_rules
from annotator.domain.wording import count_of
from annotator.gui.session import ProjectSession
from annotator.gui.undo.reviews import AddReviewCommand
from annotator.gui.verdict_tab import wrap_rows
from annotator.store import findings, review_queries
from annotator.store.review_queries import QueueItem

# How the thread reads a decision: "Anna disputed on 2024-05-01: ...".
DECISION_VERBS = {"accepted": "accepted", "disputed": "disputed", "needs_changes": "asked for changes"}
DECISIONS = (
    ("accepted", "&Accept", "A"),
    ("disputed", "&Dispute", "D"),
    ("needs_changes", "&Needs changes", "C"),
)
# Keys that walk the queue (Help > Keyboard Shortcuts lists these too).
STEP_KEYS = (("J", 1, "Next item"), ("K", -1, "Previous item"))


class ReviewQueueDialog(QDialog):
    """Walks the queue: J/K (or the arrows) move, A/D/C decide with the comment typed below, and a
    claim on which colleagues' current verdicts differ shows them side by side."""

    claimActivated = Signal(str)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewQueueDialog")
        self.setWindowTitle("Review queue")
        self.session = session
        self.items: list[QueueItem] = []
        self._labels = {entry.label: entry.display for entry in findings.verdict_labels(session.project)}
        self.queue = QListWidget()
        self.queue.setObjectName("reviewQueueList")
        wrap_rows(self.queue)  # long quotes and titles wrap instead of running off the side
        self.detail = QLabel()
        self.detail.setObjectName("reviewDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.side_by_side = QTableWidget(0, 5)
        self.side_by_side.setObjectName("reviewSideBySide")
        self.side_by_side.setHorizontalHeaderLabels(["Annotator", "Verdict", "As of", "State", "Conclusion"])
        self.side_by_side.verticalHeader().hide()
        self.side_by_side.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.side_by_side.setWordWrap(True)
        # The conclusion takes the room left and wraps, rather than running off under a scroll bar.
        self.side_by_side.horizontalHeader().setStretchLastSection(True)
        self.thread_list = QListWidget()
        self.thread_list.setObjectName("reviewThread")
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("reviewComment")
        self.comment.setPlaceholderText("Comment (required to dispute or ask for changes)")
        self.comment.setMaximumHeight(70)
        self.comment.setTabChangesFocus(True)
        self.buttons: dict[str, QPushButton] = {}
        decision_row = QHBoxLayout()
        for decision, text, key in DECISIONS:
            button = QPushButton(f"{text} ({key})")
            button.setObjectName(f"review_{decision}")
            button.clicked.connect(lambda _checked=False, d=decision: self.decide(d))
            decision_row.addWidget(button)
            self.buttons[decision] = button
            # Single keys work while the queue list has focus, not while typing a comment.
            shortcut = QShortcut(QKeySequence(key), self.queue)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda d=decision: self.decide(d))
        for key, step, _what in STEP_KEYS:
            shortcut = QShortcut(QKeySequence(key), self.queue)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda s=step: self.step(s))
        open_button = QPushButton("&Open in document")
        open_button.setObjectName("reviewOpen")
        open_button.clicked.connect(self._open_current)
        decision_row.addStretch(1)
        decision_row.addWidget(open_button)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.show_reviewed = QCheckBox("Show what I have &reviewed")
        self.show_reviewed.setObjectName("reviewShowReviewed")
        self.show_reviewed.toggled.connect(lambda _on: self.refresh())

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(QLabel("Verdicts on this claim (newest first; ▶ the one under review)"))
        right_layout.addWidget(self.side_by_side, 1)
        right_layout.addWidget(QLabel("Comments"))
        right_layout.addWidget(self.thread_list, 1)
        right_layout.addWidget(self.comment)
        right_layout.addLayout(decision_row)
        splitter = QSplitter()
        splitter.addWidget(self.queue)
        splitter.addWidget(right)
        splitter.setSizes([380, 620])
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_reviewed)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.resize(1000, 620)

        self.queue.currentRowChanged.connect(self._show_item)
        self.queue.itemActivated.connect(lambda _item: self._open_current())
        session.reviewsChanged.connect(self.refresh)
        # A bound method, not a lambda: Qt drops it when the dialog is deleted on closing.
        session.verdictsChanged.connect(self._verdicts_changed)
        self.refresh()

    def _verdicts_changed(self, _claim_id: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        current = self.current_item()
        keep = (current.target_type, current.target_id) if current else None
        reviewed = self.show_reviewed.isChecked()
        self.items = review_queries.review_queue(self.session.project, self.session.annotator_id, reviewed)
        self.queue.blockSignals(True)
        self.queue.clear()
        for item in self.items:
            what = (
                f"verdict {self._label(item.label)} as of {item.as_of}"
                if item.target_type == "verdict"
                else f"{item.kind} claim"
            )
            quote = " ".join(item.exact.split())
            entry = QListWidgetItem(f"{item.author}: {what}\n“{quote[:90]}”  — {item.document_title}")
            self.queue.addItem(entry)
        self.queue.blockSignals(False)
        targets = [(item.target_type, item.target_id) for item in self.items]
        row = targets.index(keep) if keep in targets else 0
        if reviewed:
            self.summary.setText(
                f"{count_of(len(self.items), 'item')} you have reviewed"
                if self.items
                else "You have reviewed nothing yet."
            )
        else:
            self.summary.setText(
                f"{count_of(len(self.items), 'item')} by colleagues to review"
                if self.items
                else "Nothing left to review."
            )
        if self.items:
            self.queue.setCurrentRow(min(row, len(self.items) - 1))
        self._show_item(self.queue.currentRow())
        self.queue.setFocus()

    def current_item(self) -> QueueItem | None:
        row = self.queue.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_item(self, row: int) -> None:
        item = self.items[row] if 0 <= row < len(self.items) else None
        for button in self.buttons.values():
            button.setEnabled(item is not None)
        self.side_by_side.setRowCount(0)
        self.thread_list.clear()
        if item is None:
            self.detail.setText("")
            return
        if item.target_type == "verdict":
            header = (
                f"{item.author}'s verdict “{self._label(item.label)}” as of {item.as_of}, on the {item.kind}"
            )
        else:
            header = f"{item.author}'s {item.kind} claim"
        self.detail.setText(f"{header} in “{item.document_title}”:\n“{item.exact}”")
        names = review_queries.annotator_names(self.session.project)
        history = list(reversed(findings.desk_view(self.session.project, item.claim_id).history))
        for step in history:
            verdict = step.verdict
            under_review = item.target_type == "verdict" and verdict.id == item.target_id
            cells = (
                ("▶ " if under_review else "") + names.get(verdict.created_by or "", "unknown"),
                self._label(verdict.label),
                verdict.as_of,
                verdict_rules.STATE_DISPLAY.get(step.state, step.state),
                verdict.conclusion,
            )
            row_index = self.side_by_side.rowCount()
            self.side_by_side.insertRow(row_index)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if under_review:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.side_by_side.setItem(row_index, column, cell)
        for column in range(4):
            self.side_by_side.resizeColumnToContents(column)
        self.side_by_side.resizeRowsToContents()
        for entry in review_queries.review_thread(self.session.project, item.target_type, item.target_id):
            indent = "    " * entry.depth
            comment = f": {entry.review.comment}" if entry.review.comment else ""
            verb = DECISION_VERBS.get(entry.review.decision or "", "replied")
            when = entry.review.created_at[:10]
            self.thread_list.addItem(f"{indent}{entry.author or 'unknown'} {verb} on {when}{comment}")

    def _label(self, label: str) -> str:
        """A verdict label as the panel shows it ("Mostly confirmed", not mostly_confirmed)."""
        return self._labels.get(label, label)

    def decide(self, decision: str) -> None:
        """Record the decision on the current item with the typed comment, then move on."""
        item = self.current_item()
        if item is None:
            return
        comment = self.comment.toPlainText().strip()
        command = AddReviewCommand(self.session, item.target_type, item.target_id, decision, comment)
        if self.session.push(command):
            self.comment.clear()

    def step(self, direction: int) -> None:
        if self.items:
            self.queue.setCurrentRow((self.queue.currentRow() + direction) % len(self.items))

    def _open_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.claimActivated.emit(item.claim_id)
