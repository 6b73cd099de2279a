"""Find in document (Ctrl+F): a bar under the document view with next/previous and a match count."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from annotator.gui.document_view import DocumentView


class FindBar(QWidget):
    """Finds text case-insensitively; the current match becomes the view's selection, so claim
    highlights are left as they are and a match can be tagged straight away."""

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self.query = QLineEdit()
        self.query.setObjectName("findText")
        self.query.setPlaceholderText("Find in document")
        self.query.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("findCount")
        previous = QPushButton("Previous")
        previous.setObjectName("findPrevious")
        following = QPushButton("Next")
        following.setObjectName("findNext")
        close = QPushButton("Close")
        close.setObjectName("findClose")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.query, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.query.textChanged.connect(self._search)
        self.query.returnPressed.connect(self._on_return)
        previous.clicked.connect(self.find_previous)
        following.clicked.connect(self.find_next)
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.query.setText(selected)
        self.query.setFocus()
        self.query.selectAll()
        self._search(self.query.text())

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def refresh(self) -> None:
        """Search again, e.g. after another document was opened."""
        if self.isVisible():
            self._search(self.query.text())

    def _search(self, text: str) -> None:
        self.matches = []
        if text:
            pattern = re.compile(re.escape(text), re.IGNORECASE)
            self.matches = [match.span() for match in pattern.finditer(self.view.text)]
        position = self.view.offsets.to_codepoint(self.view.textCursor().selectionStart())
        # Start at the first match at or after the cursor, as editors do.
        self.current = next((i for i, (start, _) in enumerate(self.matches) if start >= position), 0)
        self._show_current()

    def _on_return(self) -> None:
        # The line edit takes Return itself, with or without Shift: Shift+Return goes backwards.
        if QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.find_previous()
        else:
            self.find_next()

    def find_next(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches) if self._showing() else self.current
            self._show_current()

    def find_previous(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)
            self._show_current()

    def _showing(self) -> bool:
        """Whether the current match is what the view shows selected (else Next shows it first)."""
        if not 0 <= self.current < len(self.matches):
            return False
        cursor = self.view.textCursor()
        span = self.view.offsets.span_to_codepoints(cursor.selectionStart(), cursor.selectionEnd())
        return span == self.matches[self.current]

    def _show_current(self) -> None:
        if not self.matches:
            self.count.setText("no matches" if self.query.text() else "")
            return
        start, end = self.matches[self.current]
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.view.offsets.to_utf16(start))
        cursor.setPosition(self.view.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.centerCursor()
        self.count.setText(f"{self.current + 1} of {len(self.matches)}")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)
