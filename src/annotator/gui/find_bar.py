"""Find in document (Ctrl+F): a bar under the document view with next/previous, every match highlighted,
"3 of 12", and Esc giving back the selection the user had before finding."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextEdit, QWidget

from annotator.gui.document_view import DocumentView

# Matches highlighted at once, around the current one: a one-letter query in a 5 MB text matches hundreds
# of thousands of times, and each highlight costs the view a cursor to keep up to date.
HIGHLIGHT_LIMIT = 2000
# Fixed colours with black text, readable over claim highlights in light and dark palettes alike.
_MATCH_BACKGROUND, _CURRENT_BACKGROUND, _MATCH_TEXT = "#fff59d", "#ffb74d", "#000000"


class FindBar(QWidget):
    """Finds text case-insensitively; the current match becomes the view's selection, so claim
    highlights are left as they are and a match can be tagged straight away (close the bar with its
    Close button or by clicking into the text). Esc cancels: the selection goes back to what it was when
    the bar opened, and a query that matches nothing never leaves a part of it selected."""

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        # (anchor, position, scroll) in UTF-16 units when the find began; None while the bar is closed.
        self._before: tuple[int, int, int] | None = None
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
        close.setToolTip("Close, keeping the match selected (Esc goes back to the selection you had)")
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
        if self._before is None:
            self._remember_selection()
        self.show()
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.query.setText(selected)
        self.query.setFocus()
        self.query.selectAll()
        self._search(self.query.text())

    def close_bar(self) -> None:
        """Close, leaving the current match (if any) selected."""
        self._before = None
        self.view.setExtraSelections([])
        self.hide()
        self.view.setFocus()

    def cancel(self) -> None:
        """Close and give back the selection (and scroll position) the user had when the find began."""
        self._restore_selection()
        self.close_bar()

    def refresh(self) -> None:
        """Search again, e.g. after another document was opened (whose selection Esc then goes back to)."""
        if self.isVisible():
            self._remember_selection()
            self._search(self.query.text())

    def _remember_selection(self) -> None:
        cursor = self.view.textCursor()
        self._before = (cursor.anchor(), cursor.position(), self.view.verticalScrollBar().value())

    def _restore_selection(self) -> None:
        if self._before is None:
            return
        anchor, position, scroll = self._before
        length = self.view.document().characterCount() - 1
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(min(anchor, length))
        cursor.setPosition(min(position, length), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.verticalScrollBar().setValue(scroll)

    def _search(self, text: str) -> None:
        self.matches = []
        if text:
            pattern = re.compile(re.escape(text), re.IGNORECASE)
            self.matches = [match.span() for match in pattern.finditer(self.view.text)]
        if not self.matches:
            # Nothing to show: the user's own selection, not what an earlier, shorter query matched.
            self._restore_selection()
        position = self.view.offsets.to_codepoint(self.view.textCursor().selectionStart())
        if self._before is not None:
            position = self.view.offsets.to_codepoint(min(self._before[0], self._before[1]))
        # Start at the first match at or after where the find began, as editors do.
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

    def highlighted(self) -> list[tuple[int, int]]:
        """The matches highlighted now (code points): all of them, or HIGHLIGHT_LIMIT around the current."""
        first = max(0, min(self.current - HIGHLIGHT_LIMIT // 2, len(self.matches) - HIGHLIGHT_LIMIT))
        return self.matches[first : first + HIGHLIGHT_LIMIT]

    def _highlight(self) -> None:
        selections = []
        for start, end in self.highlighted():
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(self.view.offsets.to_utf16(start))
            cursor.setPosition(self.view.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[attr-defined]
            current = 0 <= self.current < len(self.matches) and (start, end) == self.matches[self.current]
            text_format = QTextCharFormat()
            text_format.setBackground(QColor(_CURRENT_BACKGROUND if current else _MATCH_BACKGROUND))
            text_format.setForeground(QColor(_MATCH_TEXT))
            selection.format = text_format  # type: ignore[attr-defined]
            selections.append(selection)
        self.view.setExtraSelections(selections)

    def _show_current(self) -> None:
        self._highlight()
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
            self.cancel()
        else:
            super().keyPressEvent(event)
