"""Column widths that follow a table's width: the text column keeps its share as the pane narrows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

MIN_COLUMN = 44


class ColumnFitter(QObject):
    """Keeps the stretching text column (quote, title) at least `share` of the table's width by narrowing
    the other columns from their preferred widths, and hides `optional` columns when even that is not
    enough. Fixed sums only: sizing to contents would read every row."""

    def __init__(
        self,
        table: QTableView,
        preferred: dict[int, int],
        share: float,
        optional: tuple[int, ...] = (),
        fixed: tuple[int, ...] = (),
    ) -> None:
        super().__init__(table)
        self.table = table
        self.preferred = preferred
        self.share = share
        self.optional = optional
        self.fixed = fixed  # columns kept at their preferred width (a kind name must stay readable)
        self.hidden_by_fit: set[int] = set()
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        width = self.table.viewport().width()
        room = int(width * (1 - self.share))
        for column in self.hidden_by_fit:
            self.table.setColumnHidden(column, False)
        self.hidden_by_fit = set()
        shown = [c for c in self.preferred if not self.table.isColumnHidden(c)]
        for column in self.optional:
            if sum(self.preferred[c] for c in shown) > room * 1.4 and column in shown:
                self.table.setColumnHidden(column, True)
                self.hidden_by_fit.add(column)
                shown.remove(column)
        kept = sum(self.preferred[c] for c in shown if c in self.fixed)
        total = sum(self.preferred[c] for c in shown if c not in self.fixed) or 1
        scale = min(1.0, max(0.0, room - kept) / total)
        header = self.table.horizontalHeader()
        for column in shown:
            width = self.preferred[column] if column in self.fixed else int(self.preferred[column] * scale)
            header.resizeSection(column, max(MIN_COLUMN, width))
