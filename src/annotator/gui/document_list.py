"""The document list: a sortable, filterable Qt table of the project's documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from annotator.gui.claim_list_model import IdFilterProxy
from annotator.gui.table_model import HeaderedTableModel
from annotator.store.queries import DocumentSummary

ModelIndex = QModelIndex | QPersistentModelIndex


class DocumentTableModel(HeaderedTableModel):
    HEADERS = ("Title", "Date", "Source", "Claims")

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[DocumentSummary] = []

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self.documents = documents
        self.endResetModel()

    def adjust_claim_count(self, document_id: str, delta: int) -> None:
        row = self.row_of(document_id)
        if row >= 0 and delta:
            self.documents[row] = replace(
                self.documents[row], claim_count=self.documents[row].claim_count + delta
            )
            self.dataChanged.emit(self.index(row, 3), self.index(row, 3))

    def row_of(self, document_id: str) -> int:
        return next((row for row, doc in enumerate(self.documents) if doc.id == document_id), -1)

    def row_items(self) -> Sequence[Any]:
        return self.documents

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        document = self.documents[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                document.display_title,
                document.published,
                document.publisher or document.authors,
                document.claim_count,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{document.title}\n{document.authors}\n{document.source_filename}"
        if role == Qt.ItemDataRole.UserRole:
            return document.id
        if role == Qt.ItemDataRole.UserRole + 1:
            # The filter matches on everything a user might remember a document by.
            return " ".join((document.title, document.authors, document.publisher, document.source_filename))
        return None


class DocumentList(QWidget):
    """Filter box over a sortable table; emits the id of the document the user picks."""

    documentActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentTableModel()
        self.proxy = IdFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(Qt.ItemDataRole.UserRole + 1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter = QLineEdit()
        self.filter.setObjectName("documentFilter")
        self.filter.setPlaceholderText("Filter documents…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView()
        self.table.setObjectName("documentList")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        for column, width in ((1, 78), (2, 90), (3, 44)):
            header.resizeSection(column, width)
        # Rows of one line each, so Qt never measures every document's title to lay the list out.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)

    def set_documents(self, documents: list[DocumentSummary], keep: str | None = None) -> None:
        self.table.selectionModel().blockSignals(True)
        self.model.set_documents(documents)
        self.table.selectionModel().blockSignals(False)
        if keep is not None:
            self.select(keep, emit=False)

    def adjust_claim_count(self, document_id: str, delta: int) -> None:
        self.model.adjust_claim_count(document_id, delta)

    def set_visible_documents(self, document_ids: set[str] | None) -> None:
        """Show only these documents (None: all), e.g. those holding claims that pass the filter."""
        self.proxy.set_allowed(document_ids)

    def select(self, document_id: str, emit: bool = True) -> None:
        row = self.model.row_of(document_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not emit:
            self.table.selectionModel().blockSignals(True)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        if not emit:
            self.table.selectionModel().blockSignals(False)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.documentActivated.emit(self.proxy.data(current, Qt.ItemDataRole.UserRole))
