"""The document list: a sortable, filterable Qt table of the project's documents."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from annotator.gui.columns import ColumnFitter
from annotator.gui.table_model import SortedRowsModel
from annotator.store.queries import DocumentSummary

ModelIndex = QModelIndex | QPersistentModelIndex


class DocumentTableModel(SortedRowsModel):
    """The project's documents, sorted and filtered in the model (see SortedRowsModel)."""

    HEADERS = ("Title", "Date", "Source", "Claims")

    def __init__(self) -> None:
        super().__init__()
        self._keys: dict[int, dict[str, Any]] = {}
        self._haystacks: dict[str, str] = {}
        self.text_filter = ""

    @property
    def documents(self) -> list[DocumentSummary]:
        """Every document, in the order the query gave them (newest first)."""
        return self._all

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        self._keys = {}
        self._haystacks = {}  # made when the filter is first typed in, not at every start
        if self.text_filter:
            self._allowed["text"] = self._matching(self.text_filter, documents)
        self._reset_rows(list(documents))

    def set_text_filter(self, text: str) -> None:
        self.text_filter = text.casefold()
        self.set_allowed("text", self._matching(self.text_filter) if text else None)

    def _matching(self, needle: str, documents: list[DocumentSummary] | None = None) -> set[str]:
        if not self._haystacks:
            # The filter matches on everything a user might remember a document by.
            self._haystacks = {
                document.id: " ".join(
                    (document.title, document.authors, document.publisher, document.source_filename)
                ).casefold()
                for document in (self._all if documents is None else documents)
            }
        return {document_id for document_id, haystack in self._haystacks.items() if needle in haystack}

    def set_claim_counts(self, counts: dict[str, int]) -> None:
        """Every document's claim count (absent: none), for a list set without them: the column fills
        in where it is, and a sort by it is done again."""
        # Built whole rather than by dataclasses.replace, which takes half as long again (10,000 rows).
        self._all = [
            DocumentSummary(
                d.id,
                d.title,
                d.authors,
                d.publisher,
                d.published,
                d.source_filename,
                d.length,
                counts.get(d.id, 0),
                d.version,
                d.superseded,
            )
            for d in self._all
        ]
        self._by_id = {document.id: document for document in self._all}
        self._shown = [self._by_id[document.id] for document in self._shown]  # the same rows, counted
        self._keys.pop(3, None)
        if self.sort_column == 3:
            self._relayout()
        elif self._shown:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self._shown) - 1, 3))

    @property
    def counted(self) -> bool:
        """Whether the rows hold their claim counts (see set_claim_counts)."""
        return not self._all or self._all[0].claim_count is not None  # all rows are, or none

    def adjust_claim_count(self, document_id: str, delta: int) -> None:
        document = self._by_id.get(document_id)
        # Not counted yet: the count, when it comes, has this change already.
        if document is not None and delta and document.claim_count is not None:
            changed = replace(document, claim_count=document.claim_count + delta)
            if 3 in self._keys:
                self._keys[3][document_id] = (changed.claim_count, self._keys[3][document_id][1])
            self.replace_row(changed)

    def natural_key(self, row: DocumentSummary) -> int:
        return self._order.get(row.id, len(self._order))

    @property
    def _order(self) -> dict[str, int]:
        if -1 not in self._keys:
            self._keys[-1] = {document.id: number for number, document in enumerate(self._all)}
        return self._keys[-1]

    def sort_keys(self, column: int) -> dict[str, Any]:
        keys = self._keys.get(column)
        if keys is None:
            # Ties keep the query's order (newest first), so equal titles or dates stay put.
            order = self._order
            keys = self._keys[column] = {
                document.id: (value, order[document.id])
                for document, value in zip(self._all, map(self._sort_value(column), self._all), strict=True)
            }
        return keys

    @staticmethod
    def _sort_value(column: int) -> Any:
        if column == 0:
            return lambda document: document.display_title.casefold()
        if column == 1:
            return lambda document: document.published or ""
        if column == 2:
            return lambda document: (document.publisher or document.authors).casefold()
        return lambda document: -1 if document.claim_count is None else document.claim_count

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        document = self._shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                document.display_title,
                document.published,
                document.publisher or document.authors,
                "" if document.claim_count is None else f"{document.claim_count:,}",  # 100,000 reads at once
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(
                part
                for part in (
                    document.display_title,
                    document.authors,
                    document.publisher,
                    document.source_filename,
                )
                if part
            )
        if role == Qt.ItemDataRole.UserRole:
            return document.id
        return None


class DocumentList(QWidget):
    """Filter box over a sortable table; emits the id of the document the user picks."""

    documentActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentTableModel()

        self.filter = QLineEdit()
        self.filter.setObjectName("documentFilter")
        self.filter.setPlaceholderText("Filter documents…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.model.set_text_filter)

        self.table = QTableView()
        self.table.setObjectName("documentList")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # A date is at most YYYY-MM-DD: its column is kept wide enough for one, never cut to "2023-…".
        metrics = self.table.fontMetrics()
        date_width = metrics.horizontalAdvance("0000-00-00") + 16
        # A desk's document can hold 100,000 claims: six digits and a separator, never cut to "1000…".
        # (The header needs its sort arrow beside it; a number only the cell's margins.)
        count_width = max(metrics.horizontalAdvance("000,000") + 14, metrics.horizontalAdvance("Claims") + 20)
        preferred = {1: date_width, 2: 90, 3: count_width}
        for column, width in preferred.items():
            header.resizeSection(column, width)
        # Titles keep half the width; the source (also in each row's tooltip) goes when it cannot fit;
        # dates and counts keep theirs, as a cut number reads as another number.
        self.column_fitter = ColumnFitter(self.table, preferred, share=0.5, optional=(2,), fixed=(1, 3))
        # Rows of two lines each, fixed, so a long title wraps once (then elides, the tooltip has it all)
        # and Qt never measures every document's title to lay the list out.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() * 2 + 8)
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
        self.model.set_allowed("claims", document_ids)

    def select(self, document_id: str, emit: bool = True) -> None:
        row = self.model.row_of(document_id)
        if row < 0:
            return
        index = self.model.index(row, 0)
        if not emit:
            self.table.selectionModel().blockSignals(True)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        if not emit:
            self.table.selectionModel().blockSignals(False)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.documentActivated.emit(self.model.data(current, Qt.ItemDataRole.UserRole))
