"""Qt table model of one document's open suggestions, best first, for the claim panel's Suggestions list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.domain.suggestions import Suggestion
from annotator.gui.style import SUGGESTION_COLOUR

ModelIndex = QModelIndex | QPersistentModelIndex


class SuggestionListModel(QAbstractTableModel):
    """Rows are Suggestions (computed, never claims): kind, score, text, speaker, stated date, reason."""

    HEADERS = ("Kind", "Score", "Suggestion", "Speaker", "Stated", "Why")

    def __init__(self) -> None:
        super().__init__()
        self.suggestions: list[Suggestion] = []

    def set_suggestions(self, suggestions: list[Suggestion]) -> None:
        self.beginResetModel()
        self.suggestions = list(suggestions)
        self.endResetModel()

    def row_of(self, key: str) -> int:
        return next((row for row, s in enumerate(self.suggestions) if s.key == key), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.suggestions)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.suggestions):
            return None
        suggestion = self.suggestions[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return suggestion.key
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 2:
                text = " ".join(suggestion.exact.split())
                return text if len(text) <= 90 else text[:87] + "…"
            stated = suggestion.stated.display() if suggestion.stated else suggestion.stated_text
            values = (
                suggestion.kind,
                f"{suggestion.score:.2f}",
                "",
                suggestion.speaker,
                stated,
                suggestion.reason,
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{suggestion.exact}\n\nWhy: {suggestion.reason}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(SUGGESTION_COLOUR)  # muted, as in the document: not a claim until accepted
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
