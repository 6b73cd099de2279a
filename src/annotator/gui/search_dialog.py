"""Project-wide search (Ctrl+Shift+F): results grouped by kind, each opening its document at the span."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from annotator.domain.wording import count_of
from annotator.gui.session import ProjectSession
from annotator.store.search import KINDS, SearchHit, search

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

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchDialog")
        self.setWindowTitle("Search project")
        self.session = session
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
        text = self.query.text().strip()
        if not text:
            self.summary.setText("")
            return
        found = search(self.session.project, text)
        self.summary.setText("No results." if found.is_empty() else count_of(found.total, "result"))
        for kind in KINDS:
            hits = found.hits[kind]
            if not hits:
                continue
            group = QTreeWidgetItem([f"{KIND_TITLES[kind]} ({found.totals[kind]})", ""])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.results.addTopLevelItem(group)
            for hit in hits:
                item = QTreeWidgetItem([f"{hit.title}\n{hit.snippet.marked()}", hit.context])
                item.setData(0, Qt.ItemDataRole.UserRole, hit)
                item.setToolTip(0, hit.snippet.marked())
                group.addChild(item)
            group.setExpanded(True)

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
