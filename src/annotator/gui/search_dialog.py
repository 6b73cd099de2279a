"""Project-wide search (Ctrl+Shift+F): results grouped by kind, each opening its document at the span."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from annotator.domain.wording import count_of
from annotator.gui.session import ProjectSession
from annotator.store.search import KINDS, RANK_WINDOW, SearchHit, SearchResults, count_matches, search

KIND_TITLES = {
    "document": "Documents",
    "claim": "Claims",
    "event": "Events",
    "verdict": "Verdicts",
    "evidence": "Evidence",
}


class SearchDialog(QDialog):
    """Searches as the user types (after a short pause); Enter or double-click opens a result."""

    hitActivated = Signal(object)  # SearchHit
    totalsCounted = Signal()  # every kind's count shown, after a common query's first page

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchDialog")
        self.setWindowTitle("Search project")
        self.session = session
        # A query matching more entries than this shows the best of the most recent ones at once, and
        # every kind's count just after (store/search.py, RANK_WINDOW).
        self.rank_window: int | None = RANK_WINDOW
        self._shown: SearchResults | None = None
        self._groups: dict[str, QTreeWidgetItem] = {}
        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText('Words, "a phrase", or a prefix like Lukashenk*')
        self.query.setClearButtonEnabled(True)
        self.summary = QLabel()
        self.summary.setObjectName("searchSummary")
        self.results = QTreeWidget()
        self.results.setObjectName("searchResults")
        self.results.setHeaderLabels(["Result", "Where"])
        self.results.setColumnWidth(0, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.resize(860, 560)
        # Searching on every keystroke would re-run the query for each letter of a name.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self._activate_first_or_current)
        self.results.itemActivated.connect(self._activate)

    def run_search(self) -> None:
        self._timer.stop()
        self.results.clear()
        self._groups = {}
        self._shown = None
        text = self.query.text().strip()
        if not text:
            self.summary.setText("")
            return
        found = search(self.session.project, text, rank_window=self.rank_window)
        self._shown = found
        self.summary.setText(self._summary(found))
        for kind in KINDS:
            hits = found.hits[kind]
            if not hits:
                continue
            group = self._group(kind, f"{KIND_TITLES[kind]} ({found.totals[kind]})")
            for hit in hits:
                item = QTreeWidgetItem([f"{hit.title}\n{hit.snippet.marked()}", hit.context])
                item.setData(0, Qt.ItemDataRole.UserRole, hit)
                item.setToolTip(0, hit.snippet.marked())
                group.addChild(item)
            group.setExpanded(True)
        if found.ranked_among is not None:
            # Counting every kind's matches joins each of them to its kind: tens of ms for a word in
            # every document, so it runs once the first page is on screen.
            QTimer.singleShot(0, lambda: self._count_all(found))

    def _summary(self, found: SearchResults) -> str:
        if found.is_empty():
            return "No results."
        return self._summary_of(found, found.total if found.ranked_among is None else None)

    @staticmethod
    def _summary_of(found: SearchResults, total: int | None) -> str:
        # No total yet when only the most recent matches were ranked: count_matches counts them all
        # after the first page is on screen.
        summary = (
            count_of(total, "result") if total is not None else f"More than {found.ranked_among:,} results"
        )
        if found.ranked_among is not None:
            summary += f"; the best of the {found.ranked_among:,} most recently added are shown"
        return summary

    def _group(self, kind: str, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem([title, ""])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.results.insertTopLevelItem(
            sum(1 for other in KINDS[: KINDS.index(kind)] if other in self._groups), group
        )
        self._groups[kind] = group
        return group

    def _count_all(self, found: SearchResults) -> None:
        if self._shown is not found:
            return  # the user typed on: a newer search replaced these results
        totals = count_matches(self.session.project, found.query)
        self.summary.setText(self._summary_of(found, sum(totals.values())))
        for kind in KINDS:
            if not totals[kind]:
                continue
            if kind in self._groups:
                self._groups[kind].setText(0, f"{KIND_TITLES[kind]} ({totals[kind]})")
            else:
                self._group(
                    kind,
                    f"{KIND_TITLES[kind]} ({totals[kind]}): none among the most recent matches; "
                    "add a word to narrow the search",
                )
        self.totalsCounted.emit()

    def first_hit_item(self) -> QTreeWidgetItem | None:
        group = self.results.topLevelItem(0)
        return group.child(0) if group is not None and group.childCount() else None

    def _activate_first_or_current(self) -> None:
        if self._timer.isActive():
            self.run_search()
        item = self.results.currentItem() or self.first_hit_item()
        if item is not None:
            self._activate(item)

    def _activate(self, item: QTreeWidgetItem) -> None:
        hit = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(hit, SearchHit):
            self.hitActivated.emit(hit)
