"""Alt mnemonics never clash in a window, Alt+M reaches the claimant from any tab, and Help > Keyboard
Shortcuts lists every key bound anywhere."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

from annotator.gui import find_bar, review_queue, timeline
from annotator.gui.document_dialog import DocumentDialog
from annotator.gui.event_dialog import EventDialog
from annotator.gui.evidence_dialog import AddEvidenceDialog
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.mnemonics import clashes, mnemonic_key, mnemonic_texts, visible_mnemonics
from annotator.gui.preferences import Preferences, PreferencesDialog
from annotator.gui.review_queue import ReviewQueueDialog
from annotator.gui.shortcuts_dialog import KEY_PRESSES, ShortcutsDialog
from annotator.gui.verdict_tab import UrlEvidenceDialog
from annotator.store import queries
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text


def _window_on_a_claim(open_window: Callable[[Path], MainWindow], path: Path) -> MainWindow:
    window = open_window(path)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    select_text(window, "we are not going to join the war")
    window.tag_selection("prediction")
    return window


def test_no_two_visible_mnemonics_clash_in_any_state_of_the_main_window(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = _window_on_a_claim(open_window, sample_project)
    panel = window.panel
    states = 0
    for extra in ((), ("actionTimeline",), ("actionTimeline", "actionSecondDocument")):
        for name in extra:
            if not window.actions_by_name[name].isChecked():
                window.actions_by_name[name].trigger()
        window.find_bar.open_bar()
        for tab in (panel.editor, panel.events_tab, panel.verdict_tab):
            panel.show_tab(tab)
            qtbot.wait(1)
            found = visible_mnemonics(window)
            assert len(found) >= 12  # menus, tabs and the tab's own fields
            assert clashes(window) == {}, (tab.objectName(), extra)
            states += 1
    assert states == 9


def test_dialogs_have_no_clashing_mnemonics(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = _window_on_a_claim(open_window, sample_project)
    project = window.session.project
    document = queries.get_document(project, window.document_id or "", with_text=False)
    dialogs: list[QDialog] = [
        DocumentDialog(document, window),
        EventDialog(None, "", window),
        UrlEvidenceDialog(window),
        AddEvidenceDialog(window.document_view.text, (10, 40), document.title, window),
        PreferencesDialog(Preferences(name="Tester"), parent=window),
        ReviewQueueDialog(window.session, window),
        ExportDialog(window.session, window.settings, window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert visible_mnemonics(dialog), dialog.objectName()
        assert clashes(dialog) == {}, dialog.objectName()
        dialog.close()


def test_alt_m_reaches_the_claimant_from_the_verdict_tab(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = _window_on_a_claim(open_window, sample_project)
    panel = window.panel
    panel.show_tab(panel.verdict_tab)
    panel.verdict_tab.as_of.setFocus()
    qtbot.keyClick(panel.verdict_tab.as_of, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert panel.tabs.currentWidget() is panel._tab_pages[panel.editor]
    qtbot.waitUntil(panel.claimant.hasFocus)
    qtbot.keyClicks(panel.claimant, "Alexander Lukashenka")
    qtbot.keyClick(panel.claimant, Qt.Key.Key_Return)
    assert panel.claimant.text() == "Alexander Lukashenka"
    assert window.menuBar().activeAction() is None  # no menu opened on the way
    # On the Details tab the label's own mnemonic does it (the panel's shortcut stands aside).
    panel.kind.setFocus()
    qtbot.keyClick(panel.kind, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert panel.claimant.hasFocus()


def _bound_keys(root: QWidget) -> set[str]:
    keys = {
        shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        for shortcut in root.findChildren(QShortcut)
    }
    return {key for key in keys if key}


def test_keyboard_shortcuts_lists_every_bound_key(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = _window_on_a_claim(open_window, sample_project)
    dialog = ShortcutsDialog(window, window)
    qtbot.addWidget(dialog)
    listed = dialog.keys()
    # Every action's key, every QShortcut of the window and of the Review Queue.
    action_keys = {
        action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        for action in window.actions_by_name.values()
    }
    assert action_keys - {""} <= listed
    queue = ReviewQueueDialog(window.session, window)
    qtbot.addWidget(queue)
    queue_keys = _bound_keys(queue)
    assert {"A", "D", "C", "J", "K"} <= queue_keys
    assert queue_keys | _bound_keys(window) <= listed
    # Every Alt mnemonic: the menus', and the panel's on every tab, shown or not.
    mnemonics = {
        mnemonic_key(text)
        for widget in [window, *window.findChildren(QWidget)]
        for text in mnemonic_texts(widget)
    } - {""}
    assert {"Alt+F", "Alt+M", "Alt+B"} <= mnemonics  # File menu, claimant, verdict label
    assert mnemonics <= listed
    assert "Esc" in listed
    # The filter finds a key's row.
    dialog.filter.setText("claimant")
    shown = [row for row in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(row)]
    assert shown and all(
        "claimant" in " ".join(dialog.table.item(row, c).text() for c in range(3)).casefold() for row in shown
    )


# How each Qt key a keyPressEvent reads is written in Help > Keyboard Shortcuts.
KEY_TEXT = {
    "Key_Escape": "Esc",
    "Key_Return": "Return",
    "Key_Enter": "Return",
    "Key_Plus": "+",
    "Key_Equal": "+",
    "Key_Minus": "-",
    "Key_0": "0",
    "Key_Right": "Right",
    "Key_Down": "Down",
    "Key_Left": "Left",
    "Key_Up": "Up",
}


def test_keys_read_in_key_press_handlers_are_listed() -> None:
    """Qt keeps no record of keys a keyPressEvent handles: the sources are read for them instead."""
    listed = " / ".join(binding.key for binding in KEY_PRESSES).split(" / ")
    checked = 0
    for module in (find_bar, timeline, review_queue):
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef) and function.name == "keyPressEvent":
                for node in ast.walk(function):
                    if isinstance(node, ast.Attribute) and node.attr.startswith("Key_"):
                        assert KEY_TEXT[node.attr] in listed, node.attr
                        checked += 1
    assert checked >= 10
