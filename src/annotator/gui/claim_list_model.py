"""Qt table model of one document's claims, for the annotation panel's list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.domain.models import Claim
from annotator.gui.style import kind_colour

ModelIndex = QModelIndex | QPersistentModelIndex


class ClaimListModel(QAbstractTableModel):
    HEADERS = ("Kind", "Quote", "Claimant", "Stated")

    def __init__(self) -> None:
        super().__init__()
        self.claims: list[Claim] = []
        self.actor_names: dict[str, str] = {}

    def set_claims(self, claims: list[Claim], actor_names: dict[str, str]) -> None:
        self.beginResetModel()
        self.claims = sorted(claims, key=lambda claim: (claim.start, claim.end))
        self.actor_names = actor_names
        self.endResetModel()

    def replace_claim(self, claim: Claim) -> None:
        for row, existing in enumerate(self.claims):
            if existing.id == claim.id:
                self.claims[row] = claim
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
                return

    def set_actor_names(self, actor_names: dict[str, str]) -> None:
        self.actor_names = actor_names
        if self.claims:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.claims) - 1, 2))

    def row_of(self, claim_id: str) -> int:
        return next((row for row, claim in enumerate(self.claims) if claim.id == claim_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.claims)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

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
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return claim.exact
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return kind_colour(claim.kind)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor("#000000")
        if role == Qt.ItemDataRole.UserRole:
            return claim.id
        return None
