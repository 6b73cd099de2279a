"""Help > Keyboard Shortcuts: every key the app binds, gathered from where it is bound.

Actions (the action table), the window's QShortcuts, the menus' and the claim panel's Alt mnemonics are
read from the live window; the Review Queue's keys from its own table; keys handled in keyPressEvent
overrides, which Qt keeps no record of, from KEY_PRESSES (tests/gui/test_shortcuts_help.py checks it
against the sources).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.actions import ACTIONS
from annotator.gui.mnemonics import mnemonic_key, mnemonic_texts, plain


@dataclass(frozen=True)
class Binding:
    where: str
    what: str
    key: str


# Keys read in keyPressEvent overrides (find bar, timeline) and the keys every dialog has.
KEY_PRESSES: tuple[Binding, ...] = (
    Binding("Find bar", "Close the find bar", "Esc"),
    Binding("Find bar", "Next match", "Return"),
    Binding("Find bar", "Previous match", "Shift+Return"),
    Binding("Timeline", "Open the selected claim or event", "Return"),
    Binding("Timeline", "Zoom in", "+"),
    Binding("Timeline", "Zoom out", "-"),
    Binding("Timeline", "Fit everything", "0"),
    Binding("Timeline", "Next item", "Right / Down"),
    Binding("Timeline", "Previous item", "Left / Up"),
    Binding("Any dialog", "Close it without changes", "Esc"),
)


def _native(sequence: QKeySequence | str) -> str:
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


def action_bindings(actions: dict[str, QAction]) -> list[Binding]:
    found = []
    for spec in ACTIONS:
        key = _native(actions[spec.name].shortcut())
        if key:
            where = spec.menu.replace("&", "") + (
                " (document or claim list)" if spec.scope == "document" else ""
            )
            found.append(Binding(where, spec.text.replace("&", "").rstrip("…"), key))
    return found


def menu_bindings(menu_bar: QMenuBar) -> list[Binding]:
    return [
        Binding("Menu bar", f"Open the {plain(action.text())} menu", mnemonic_key(action.text()))
        for action in menu_bar.actions()
        if mnemonic_key(action.text())
    ]


def panel_bindings(panel: QWidget, tabs: QTabWidget) -> list[Binding]:
    """The claim panel's Alt letters: each tab's, and the fields reachable from any tab."""
    found = []
    for index in range(tabs.count()):
        text = tabs.tabText(index)
        found.append(Binding("Claim panel", f"Show the {plain(text)} tab", mnemonic_key(text)))
        page = tabs.widget(index)
        for widget in page.findChildren(QWidget) if page is not None else []:
            for label in mnemonic_texts(widget):
                key = mnemonic_key(label)
                if key:
                    found.append(Binding(f"Claim panel, {plain(text)} tab", plain(label).rstrip("…"), key))
    for shortcut in panel.findChildren(QShortcut):
        found.append(Binding("Claim panel, other tabs", shortcut.whatsThis(), _native(shortcut.key())))
    return found


def review_queue_bindings() -> list[Binding]:
    from annotator.gui.review_queue import DECISIONS, STEP_KEYS

    return [
        *(Binding("Review queue (list)", plain(text), key) for _decision, text, key in DECISIONS),
        *(Binding("Review queue (list)", what, key) for key, _step, what in STEP_KEYS),
    ]


def all_bindings(window: QWidget) -> list[Binding]:
    """Every key of a main window (its `actions_by_name`, menu bar and `panel`), and of its dialogs."""
    panel = window.panel  # type: ignore[attr-defined]
    return [
        *action_bindings(window.actions_by_name),  # type: ignore[attr-defined]
        *menu_bindings(window.menuBar()),  # type: ignore[attr-defined]
        *panel_bindings(panel, panel.tabs),
        *review_queue_bindings(),
        *KEY_PRESSES,
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.bindings = all_bindings(window)
        self.filter = QLineEdit()
        self.filter.setObjectName("shortcutsFilter")
        self.filter.setPlaceholderText("Filter by key, action or place…")
        self.filter.setClearButtonEnabled(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Where", "Action", "Shortcut"])
        self.table.verticalHeader().hide()
        for binding in self.bindings:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((binding.where, binding.what, binding.key)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.filter.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 600)

    def keys(self) -> set[str]:
        return {binding.key for binding in self.bindings}

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for row in range(self.table.rowCount()):
            cells = (self.table.item(row, column).text() for column in range(3))  # type: ignore[union-attr]
            self.table.setRowHidden(
                row, bool(needle) and not any(needle in cell.casefold() for cell in cells)
            )
