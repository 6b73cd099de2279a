"""Review > Conflicts: what a merge kept from both sides, column by column; keep ours or take theirs."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.session import ProjectSession
from annotator.gui.undo.conflicts import ResolveConflictCommand
from annotator.ops import conflicts as conflict_ops


class ConflictsDialog(QDialog):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle("Merge conflicts")
        self.session = session
        self.items: list[conflict_ops.Conflict] = []
        self.list = QListWidget()
        self.list.setObjectName("conflictsList")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("conflictsDifferences")
        self.table.setHorizontalHeaderLabels(["Field", "Ours", "The colleague's"])
        self.table.verticalHeader().hide()
        self.source = QLabel()
        self.source.setObjectName("conflictSource")
        self.source.setWordWrap(True)
        self.summary = QLabel()
        self.keep = QPushButton("Keep &ours")
        self.keep.setObjectName("conflictKeepOurs")
        self.take = QPushButton("Take &theirs")
        self.take.setObjectName("conflictTakeTheirs")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.keep)
        buttons.addWidget(self.take)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.source)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        self.resize(900, 560)
        self.list.currentRowChanged.connect(self._show)
        self.keep.clicked.connect(lambda: self.resolve("ours"))
        self.take.clicked.connect(lambda: self.resolve("theirs"))
        session.reviewsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.items = conflict_ops.conflicts(self.session.project)
        self.list.clear()
        for conflict in self.items:
            self.list.addItem(conflict_ops.readable(self.session.project, conflict)[0])
        self.summary.setText(
            f"{len(self.items)} unresolved conflict(s)" if self.items else "No conflicts to resolve."
        )
        if self.items:
            self.list.setCurrentRow(0)
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        conflict = self.items[row] if 0 <= row < len(self.items) else None
        self.keep.setEnabled(conflict is not None)
        self.take.setEnabled(conflict is not None)
        self.table.setRowCount(0)
        if conflict is None:
            self.source.clear()
            self.table.setHorizontalHeaderLabels(["Field", "Ours", "The colleague's"])
            return
        # The colleague by name, the file they sent as secondary information.
        name = conflict_ops.colleague_name(self.session.project, conflict)
        self.table.setHorizontalHeaderLabels(["Field", "Ours", f"{name}'s" if name else "The colleague's"])
        merged = conflict.created_at[:10] if conflict.created_at else ""
        self.source.setText(
            f"Their side: {name or 'a colleague'}, from the file {conflict.source}"
            + (f", merged on {merged}" if merged else "")
        )
        for label, ours, theirs in conflict_ops.readable(self.session.project, conflict)[1]:
            index = self.table.rowCount()
            self.table.insertRow(index)
            for position, text in enumerate((label, ours, theirs)):
                self.table.setItem(index, position, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def resolve(self, choice: str) -> bool:
        row = self.list.currentRow()
        if not 0 <= row < len(self.items):
            return False
        # Checked before pushing: an exception inside an undo command's redo() cannot reach us.
        try:
            conflict_ops.check_choice(self.items[row], choice)
        except conflict_ops.ConflictError as error:
            QMessageBox.information(self, "Conflict", str(error))
            return False
        return self.session.push(ResolveConflictCommand(self.session, self.items[row].id, choice))
