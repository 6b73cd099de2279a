"""Qt table model of one document's claims, for the annotation panel's list."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from annotator.domain.models import Claim
from annotator.gui.style import kind_colour
from annotator.gui.table_model import HeaderedTableModel

ModelIndex = QModelIndex | QPersistentModelIndex


class ClaimListModel(HeaderedTableModel):
    HEADERS = ("Kind", "Quote", "Claimant", "Stated", "Anchor", "By", "Verdict")
    VERDICT_COLUMN = 6

    def __init__(self) -> None:
        super().__init__()
        self.claims: list[Claim] = []
        self.actor_names: dict[str, str] = {}
        self.annotators: dict[str, tuple[str, str]] = {}  # id -> (name, colour)
        self.verdicts: dict[str, str] = {}  # claim id -> its published verdict, as the list shows it

    def set_claims(self, claims: list[Claim], actor_names: dict[str, str]) -> None:
        """Show `claims`, which arrive in text order (the query sorts them)."""
        self.beginResetModel()
        self.claims = list(claims)
        self.actor_names = actor_names
        self.endResetModel()

    def add_claims(self, added: list[Claim]) -> None:
        for claim in added:
            row = bisect.bisect(self.claims, (claim.start, claim.end), key=lambda c: (c.start, c.end))
            self.beginInsertRows(QModelIndex(), row, row)
            self.claims.insert(row, claim)
            self.endInsertRows()

    def remove_claims(self, removed_ids: list[str]) -> None:
        for claim_id in removed_ids:
            row = self.row_of(claim_id)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.claims[row]
                self.endRemoveRows()

    def replace_claim(self, claim: Claim) -> None:
        for row, existing in enumerate(self.claims):
            if existing.id == claim.id:
                self.claims[row] = claim
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
                return

    def set_annotators(self, annotators: dict[str, tuple[str, str]]) -> None:
        self.annotators = annotators
        if self.claims:
            self.dataChanged.emit(self.index(0, 5), self.index(len(self.claims) - 1, 5))

    def set_actor_names(self, actor_names: dict[str, str]) -> None:
        self.actor_names = actor_names
        if self.claims:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.claims) - 1, 2))

    def set_verdicts(self, verdicts: dict[str, str]) -> None:
        """The published verdict per claim ("Confirmed", "Confirmed +1 proposal", "1 proposal")."""
        self.verdicts = verdicts
        if self.claims:
            column = self.VERDICT_COLUMN
            self.dataChanged.emit(self.index(0, column), self.index(len(self.claims) - 1, column))

    def row_of(self, claim_id: str) -> int:
        return next((row for row, claim in enumerate(self.claims) if claim.id == claim_id), -1)

    def row_items(self) -> Sequence[Any]:
        return self.claims

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        claim = self.claims[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return claim.kind
            if column == 1:
                quote = " ".join(claim.exact.split())
                return quote if len(quote) <= 90 else quote[:87] + "…"
            if column == 2:
                return self.actor_names.get(claim.claimant_id or "", "")
            if column == 3:
                return claim.stated_lo if claim.stated_precision == "day" else claim.stated_text
            if column == 4:
                # Only anchors that moved or need attention are worth a word; "ok" stays quiet.
                return "" if claim.anchor_status == "ok" else claim.anchor_status.replace("_", " ")
            if column == 5:
                return self.annotators.get(claim.created_by or "", ("", ""))[0]
            if column == self.VERDICT_COLUMN:
                return self.verdicts.get(claim.id, "")
        if role == Qt.ItemDataRole.BackgroundRole and column == 5:
            colour = self.annotators.get(claim.created_by or "", ("", ""))[1]
            return QColor(colour).lighter(160) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return claim.exact
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return kind_colour(claim.kind)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor("#000000")
        if role == Qt.ItemDataRole.UserRole:
            return claim.id
        return None


class IdFilterProxy(QSortFilterProxyModel):
    """Shows only the rows whose UserRole id is in an allowed set (None: every row)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.allowed: set[str] | None = None

    def set_allowed(self, allowed: set[str] | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.allowed = allowed
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.allowed = allowed
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802
        if not super().filterAcceptsRow(source_row, source_parent):
            return False
        if self.allowed is None:
            return True
        model = self.sourceModel()
        return model.data(model.index(source_row, 0, source_parent), Qt.ItemDataRole.UserRole) in self.allowed
