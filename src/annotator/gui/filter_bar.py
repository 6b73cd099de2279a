"""The filter bar over the claim list: pick kinds, verdicts, claimants, events, annotators, tags, dates."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
)

from annotator.domain.filters import ClaimFilter
from annotator.gui.session import ProjectSession
from annotator.store.filtering import filter_choices

CRITERIA = (
    ("kinds", "&Kind"),
    ("verdicts", "&Verdict"),
    ("claimants", "&Claimant"),
    ("events", "&Event"),
    ("annotators", "&Annotator"),
    ("tags", "&Tag"),
)


class DateRangeDialog(QDialog):
    def __init__(self, claim_filter: ClaimFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stated between")
        self.start = QDateEdit(
            QDate.fromString(claim_filter.date_from, "yyyy-MM-dd")
            if claim_filter.date_from
            else QDate(2000, 1, 1)
        )
        self.end = QDateEdit(
            QDate.fromString(claim_filter.date_to, "yyyy-MM-dd")
            if claim_filter.date_to
            else QDate.currentDate()
        )
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&From", self.start)
        form.addRow("&To", self.end)
        form.addRow(buttons)


class FilterBar(QWidget):
    """A Filter button with a menu per criterion; the label says what is being shown."""

    filterChanged = Signal(object)  # ClaimFilter
    suggestionsToggled = Signal(bool)  # the list shows the document's suggestions instead of its claims

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.session = session
        self.claim_filter = ClaimFilter()
        self.button = QToolButton()
        self.button.setObjectName("filterButton")
        self.button.setText("Filter")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.menu.aboutToShow.connect(self._build_menu)
        self.button.setMenu(self.menu)
        self.summary = QLabel()
        self.summary.setObjectName("filterSummary")
        self.clear = QToolButton()
        self.clear.setObjectName("filterClear")
        self.clear.setText("Clear")
        self.clear.clicked.connect(lambda: self.set_filter(ClaimFilter()))
        # Suggestions are listed only under their own filter: they are not claims until accepted.
        self.suggestions = QToolButton()
        self.suggestions.setObjectName("filterSuggestions")
        self.suggestions.setText("Suggestions")
        self.suggestions.setCheckable(True)
        self.suggestions.setToolTip(
            "List the document's suggestions (not claims until accepted) instead of its claims"
        )
        self.suggestions.toggled.connect(self._on_suggestions_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.suggestions)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.clear)
        self._show_summary()

    def set_filter(self, claim_filter: ClaimFilter, announce: bool = True) -> None:
        self.claim_filter = claim_filter
        self._show_summary()
        if announce:
            self.filterChanged.emit(claim_filter)

    @property
    def showing_suggestions(self) -> bool:
        return self.suggestions.isChecked()

    def _on_suggestions_toggled(self, checked: bool) -> None:
        self._show_summary()
        self.suggestionsToggled.emit(checked)

    def _show_summary(self) -> None:
        if self.suggestions.isChecked():
            self.summary.setText("Suggestions: not claims until accepted")
            self.clear.setEnabled(self.claim_filter.active)
            return
        f = self.claim_filter
        parts = [
            f"{name.replace('&', '').lower()}: {len(getattr(f, key))}"
            for key, name in CRITERIA
            if getattr(f, key)
        ]
        if f.date_from or f.date_to:
            parts.append(f"stated {f.date_from or '…'} to {f.date_to or '…'}")
        self.summary.setText("Showing claims with " + "; ".join(parts) if parts else "All claims")
        self.clear.setEnabled(f.active)

    def _build_menu(self) -> None:
        self.menu.clear()
        choices = filter_choices(self.session.project)
        for key, title in CRITERIA:
            submenu = self.menu.addMenu(title)
            submenu.setObjectName(f"filterMenu_{key}")
            selected = getattr(self.claim_filter, key)
            if not choices[key]:
                submenu.addAction("(nothing to choose yet)").setEnabled(False)
            for value, label in choices[key]:
                action = submenu.addAction(label)
                action.setCheckable(True)
                action.setChecked(value in selected)
                action.triggered.connect(lambda _checked=False, k=key, v=value: self.toggle(k, v))
        self.menu.addSeparator()
        self.menu.addAction("Stated &between…").triggered.connect(self._choose_dates)
        self.menu.addAction("&Clear filters").triggered.connect(lambda: self.set_filter(ClaimFilter()))

    def toggle(self, criterion: str, value: str) -> None:
        self.set_filter(self.claim_filter.toggled(criterion, value))

    def _choose_dates(self) -> None:
        dialog = DateRangeDialog(self.claim_filter, self)
        if dialog.exec():
            self.set_filter(
                replace(
                    self.claim_filter,
                    date_from=dialog.start.date().toString("yyyy-MM-dd"),
                    date_to=dialog.end.date().toString("yyyy-MM-dd"),
                )
            )
