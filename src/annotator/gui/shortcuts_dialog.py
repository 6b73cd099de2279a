"""Help > Keyboard Shortcuts: every action and its key, straight from the action table."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from annotator.gui.actions import ACTIONS


class ShortcutsDialog(QDialog):
    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Shortcut"])
        self.table.verticalHeader().hide()
        for spec in ACTIONS:
            key = actions[spec.name].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if not key:
                continue
            row = self.table.rowCount()
            self.table.insertRow(row)
            where = spec.menu.replace("&", "") + (
                " (document or claim list)" if spec.scope == "document" else ""
            )
            for column, text in enumerate((where, spec.text.replace("&", "").rstrip("…"), key)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 560)
