"""The "Due for review" list of predictions past their date, and the track record per claimant and source."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QDate,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import verdicts as verdict_rules
from annotator.domain.models import Claim
from annotator.gui.session import ProjectSession
from annotator.gui.style import kind_colour
from annotator.gui.table_model import HeaderedTableModel
from annotator.store import findings, queries
from annotator.store.findings import TrackRecord
from annotator.store.project import Project

ModelIndex = QModelIndex | QPersistentModelIndex
QUOTE_CHARS = 120
OUTCOME_COLUMNS = ("confirmed", "refuted", "pending", "other")


@dataclass(frozen=True)
class ClaimRow:
    """One claim as the review lists show it, with names looked up once per refresh."""

    claim_id: str
    kind: str
    quote: str
    claimant: str
    document: str
    stated: str
    due: str
    verdict: str  # display text of the current verdict, "" if none
    outcome: str  # confirmed / refuted / pending / other


class _Lookup:
    """Names behind a claim's ids (claimant, document, verdict), read once for a whole list."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.actor_names = {actor.id: actor.name for actor in queries.actors(project)}
        self.document_titles = {doc.id: doc.title for doc in queries.document_summaries(project)}
        self.verdicts = findings.current_verdicts(project)
        self.verdict_names = {entry.label: entry.display for entry in findings.verdict_labels(project)}

    def row(self, claim: Claim) -> ClaimRow:
        verdict = self.verdicts.get(claim.id)
        label = verdict.label if verdict is not None else None
        verdict_text = ""
        if verdict is not None:
            verdict_text = f"{self.verdict_names.get(verdict.label, verdict.label)} ({verdict.as_of})"
        return ClaimRow(
            claim_id=claim.id,
            kind=claim.kind,
            quote=" ".join(claim.exact.split()),
            claimant=self.actor_names.get(claim.claimant_id or "", ""),
            document=self.document_titles.get(claim.document_id, ""),
            stated=claim.stated_lo or claim.stated_text,
            due=claim.due,
            verdict=verdict_text,
            outcome=verdict_rules.outcome(label),
        )


class ClaimRowsModel(HeaderedTableModel):
    """A read-only table of claims; which columns it shows is chosen per list."""

    COLUMN_TITLES = {
        "due": "Due",
        "kind": "Kind",
        "quote": "Quote",
        "claimant": "Claimant",
        "document": "Document",
        "stated": "Stated",
        "verdict": "Current verdict",
        "outcome": "Outcome",
    }

    def __init__(self, columns: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.HEADERS = tuple(self.COLUMN_TITLES[column] for column in columns)
        self.rows: list[ClaimRow] = []

    def set_rows(self, rows: list[ClaimRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_items(self) -> Sequence[Any]:
        return self.rows

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = str(getattr(row, column))
            if column == "verdict" and not value:
                return "—"
            return value if len(value) <= QUOTE_CHARS else value[: QUOTE_CHARS - 1] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and column in ("quote", "document"):
            return getattr(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == "kind":
            return kind_colour(row.kind)
        if role == Qt.ItemDataRole.ForegroundRole and column == "kind":
            return QColor("#000000")  # the kind colours are pale in every theme
        if role == Qt.ItemDataRole.UserRole:
            return row.claim_id
        return None


def _claim_table(
    name: str, model: ClaimRowsModel, stretch: tuple[str, ...] = ("quote", "document")
) -> QTableView:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    table = QTableView()
    table.setObjectName(name)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the query's order until a header is clicked
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setHighlightSections(False)  # bold headers on selection would change the column widths
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    for column, key in enumerate(model.columns):
        mode = QHeaderView.ResizeMode.Stretch if key in stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    return table


def _claim_id_at(table: QTableView, index: QModelIndex | None = None) -> str | None:
    index = index if index is not None else table.currentIndex()
    if not index.isValid():
        return None
    value = table.model().data(index.siblingAtColumn(0), Qt.ItemDataRole.UserRole)
    return str(value) if value else None


def _no_default_button(buttons: QDialogButtonBox) -> None:
    # Enter in a list opens the claim; without this the dialog would also press its default button
    # (Close), since item views pass the key on after emitting `activated`.
    for button in buttons.buttons():
        if isinstance(button, QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)


class _RefreshingDialog(QDialog):
    """A dialog that re-reads the project after change signals: once per burst, and only while shown."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._dirty = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        for signal in (
            session.verdictsChanged,
            session.claimChanged,
            session.claimsChanged,
            session.actorsChanged,
            session.documentChanged,
            session.documentsChanged,
        ):
            signal.connect(self.schedule_refresh)

    def schedule_refresh(self, *_args: object) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        self._dirty = False


class DueForReviewDialog(_RefreshingDialog):
    """Predictions and promises whose due date has passed and whose verdict is still pending."""

    claimActivated = Signal(str)  # claim id: open it in its document

    def __init__(
        self, session: ProjectSession, parent: QWidget | None = None, today: QDate | None = None
    ) -> None:
        super().__init__(session, parent)
        self.setObjectName("dueForReviewDialog")
        self.setWindowTitle("Due for review")
        self.model = ClaimRowsModel(("due", "quote", "claimant", "document", "stated", "verdict"), self)
        self.table = _claim_table("dueForReviewTable", self.model)
        self.summary = QLabel()
        self.summary.setObjectName("dueSummary")
        self.summary.setWordWrap(True)
        self.as_of = QDateEdit(today or QDate.currentDate())
        self.as_of.setObjectName("dueAsOf")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setToolTip("List what is due on or before this day (look ahead by moving it forward)")
        self.open_button = QPushButton("&Open claim")
        self.open_button.setObjectName("dueOpenClaim")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        _no_default_button(buttons)

        top = QHBoxLayout()
        as_of_label = QLabel("Due by:")
        as_of_label.setBuddy(self.as_of)
        top.addWidget(self.summary, 1)
        top.addWidget(as_of_label)
        top.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 420)
        self.table.setFocus()  # so Enter and the arrow keys work on the list straight away

        # `activated` covers double-click and Enter (and single click where the platform says so).
        self.table.activated.connect(self._activate)
        self.open_button.clicked.connect(lambda: self._activate(self.table.currentIndex()))
        self.as_of.dateChanged.connect(lambda _date: self.refresh())

    def today(self) -> QDate:
        return self.as_of.date()

    def set_today(self, today: QDate) -> None:
        self.as_of.setDate(today)

    def claim_ids(self) -> list[str]:
        """The listed claims in the order shown."""
        table = self.table
        return [
            _claim_id_at(table, table.model().index(row, 0)) or "" for row in range(table.model().rowCount())
        ]

    def refresh(self) -> None:
        super().refresh()
        today = self.today().toString(Qt.DateFormat.ISODate)
        keep = _claim_id_at(self.table)
        lookup = _Lookup(self.session.project)
        self.model.set_rows(
            [lookup.row(claim) for claim in findings.due_for_review(self.session.project, today)]
        )
        count = self.model.rowCount()
        if count:
            noun = "prediction or promise is" if count == 1 else "predictions or promises are"
            self.summary.setText(f"{count} {noun} past due by {today} with no verdict beyond pending.")
        else:
            self.summary.setText(f"Nothing is due for review by {today}.")
        self.open_button.setEnabled(count > 0)
        rows = self.claim_ids()
        if count:
            row = rows.index(keep) if keep in rows else 0
            self.table.selectionModel().setCurrentIndex(
                self.table.model().index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _activate(self, index: QModelIndex) -> None:
        claim_id = _claim_id_at(self.table, index)
        if claim_id:
            self.claimActivated.emit(claim_id)


class TrackRecordModel(HeaderedTableModel):
    """Per claimant (or per source): how many predictions and promises were confirmed, refuted, ..."""

    HEADERS = ("Name", "Confirmed", "Refuted", "Pending", "Other")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records: list[TrackRecord] = []

    def set_records(self, records: list[TrackRecord]) -> None:
        self.beginResetModel()
        self.records = records
        self.endResetModel()

    def row_of(self, name: str) -> int:
        return next((row for row, record in enumerate(self.records) if record.name == name), -1)

    def row_items(self) -> Sequence[Any]:
        return self.records

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            # Counts stay ints so the sort proxy orders them as numbers.
            return record.name if column == 0 else record.count(OUTCOME_COLUMNS[column - 1])
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return f"{record.name}\n{record.total} predictions and promises"
            return f"Select to list the {OUTCOME_COLUMNS[column - 1]} claims"
        if role == Qt.ItemDataRole.UserRole:
            return record.name
        return None


class TrackRecordDialog(_RefreshingDialog):
    """Two tables (by claimant, by source) and, below, the claims behind the selected row or number."""

    claimActivated = Signal(str)  # claim id: open it in its document

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("trackRecordDialog")
        self.setWindowTitle("Track record")
        self.claimant_model = TrackRecordModel(self)
        self.source_model = TrackRecordModel(self)
        self.by_claimant = self._record_table("trackRecordByClaimant", self.claimant_model)
        self.by_source = self._record_table("trackRecordBySource", self.source_model)
        self.claims_model = ClaimRowsModel(
            ("outcome", "verdict", "quote", "claimant", "document", "stated"), self
        )
        self.claims_table = _claim_table("trackRecordClaims", self.claims_model)
        self.claims_title = QLabel()
        self.claims_title.setObjectName("trackRecordClaimsTitle")
        explanation = QLabel(
            "How predictions and promises turned out, by their current verdict. No verdict yet counts as "
            "pending; mixed and unverifiable count as other. Select a row or a number to see the claims."
        )
        explanation.setWordWrap(True)
        self._shown: tuple[str, str, str | None] | None = None  # table, name, outcome (None: all)
        self._claims: dict[str, Claim] = {}
        self._lookup: _Lookup | None = None

        tables = QSplitter(Qt.Orientation.Horizontal)
        for title, table in (("By claimant", self.by_claimant), ("By source", self.by_source)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table)
            tables.addWidget(box)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.claims_title)
        below_layout.addWidget(self.claims_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(tables)
        splitter.addWidget(below)
        splitter.setSizes([260, 260])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        _no_default_button(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(1100, 640)

        for kind, table in (("claimant", self.by_claimant), ("source", self.by_source)):
            table.selectionModel().currentChanged.connect(
                lambda current, _previous, kind=kind: self._on_cell(kind, current)
            )
        self.claims_table.activated.connect(self._activate)

    def _record_table(self, name: str, model: TrackRecordModel) -> QTableView:
        proxy = QSortFilterProxyModel(model)
        proxy.setSourceModel(model)
        proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        table = QTableView()
        table.setObjectName(name)
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # Cells, not rows: picking a number lists just those claims; picking the name lists them all.
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)  # long source titles elide to one line; the tooltip has them in full
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(TrackRecordModel.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return table

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        project = self.session.project
        claimants, sources = findings.track_records(project)
        self.claimant_model.set_records(claimants)
        self.source_model.set_records(sources)
        self._lookup = _Lookup(project)
        wanted = {claim_id for record in claimants for ids in record.claim_ids.values() for claim_id in ids}
        self._claims = {claim_id: queries.get_claim(project, claim_id) for claim_id in wanted}
        if self._shown is not None:
            self.select(*self._shown)
        else:
            self._show_claims(None, None, None)

    def select(self, table: str, name: str, outcome: str | None = None) -> bool:
        """Select `name` in the "claimant" or "source" table, on one outcome's number or (None) the name.

        Returns False when there is no such row.
        """
        view, model = self._table(table)
        row = model.row_of(name)
        if row < 0:
            self._shown = None
            self._show_claims(None, None, None)
            return False
        column = 0 if outcome is None else 1 + OUTCOME_COLUMNS.index(outcome)
        proxy = view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        index = proxy.mapFromSource(model.index(row, column))
        view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._on_cell(table, index)  # also when the same cell was current already (a refresh)
        return True

    def shown_claim_ids(self) -> list[str]:
        """The claims listed below the tables, in the order shown."""
        table = self.claims_table
        return [
            _claim_id_at(table, table.model().index(row, 0)) or "" for row in range(table.model().rowCount())
        ]

    def _table(self, table: str) -> tuple[QTableView, TrackRecordModel]:
        if table == "claimant":
            return self.by_claimant, self.claimant_model
        if table == "source":
            return self.by_source, self.source_model
        raise ValueError(f"no {table!r} table; expected 'claimant' or 'source'")

    def _on_cell(self, table: str, index: QModelIndex) -> None:
        if not index.isValid():
            return
        view, _ = self._table(table)
        other, _ = self._table("source" if table == "claimant" else "claimant")
        # One selection across both tables, so the list below is never ambiguous about its source.
        other.selectionModel().clearSelection()
        name = str(view.model().data(index.siblingAtColumn(0), Qt.ItemDataRole.UserRole))
        outcome = None if index.column() == 0 else OUTCOME_COLUMNS[index.column() - 1]
        self._shown = (table, name, outcome)
        self._show_claims(table, name, outcome)

    def _show_claims(self, table: str | None, name: str | None, outcome: str | None) -> None:
        if table is None or name is None:
            self.claims_model.set_rows([])
            self.claims_title.setText("Select a claimant or source above to see the claims behind it.")
            return
        _, model = self._table(table)
        assert self._lookup is not None  # set by refresh(), which runs before anything is shown
        record = model.records[model.row_of(name)]
        outcomes = OUTCOME_COLUMNS if outcome is None else (outcome,)
        ids = [claim_id for key in outcomes for claim_id in record.claim_ids[key]]
        rows = [self._lookup.row(self._claims[claim_id]) for claim_id in ids if claim_id in self._claims]
        self.claims_model.set_rows(rows)
        which = "all predictions and promises" if outcome is None else f"{outcome}"
        self.claims_title.setText(f"<b>{html.escape(name)}</b>: {which} ({len(rows)})")

    def _activate(self, index: QModelIndex) -> None:
        claim_id = _claim_id_at(self.claims_table, index)
        if claim_id:
            self.claimActivated.emit(claim_id)
