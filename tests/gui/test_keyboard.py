"""Keyboard-first use: one shortcut per action, a shortcuts window, and find in document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence

from annotator.gui.actions import ACTIONS
from annotator.gui.main_window import MainWindow
from annotator.gui.shortcuts_dialog import ShortcutsDialog
from annotator.gui.style import KIND_COLOURS
from gui_support import LUKASHENKA_TITLE, document_id_titled, painted_colour_at, select_text


def test_no_two_actions_share_a_shortcut_and_tooltips_show_it(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    seen: dict[str, str] = {}
    for spec in ACTIONS:
        action = window.actions_by_name[spec.name]
        key = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        assert key, f"{spec.name} has no shortcut"
        # Document-scope keys work only in the document and claim list, but window-scope keys work
        # there too, so every key must be unique across the whole table.
        assert key not in seen, f"{spec.name} and {seen[key]} share {key}"
        seen[key] = spec.name
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in action.toolTip()
        assert action.objectName() == spec.name
    dialog = ShortcutsDialog(window, window)
    qtbot.addWidget(dialog)
    assert {spec.text.replace("&", "").rstrip("…") for spec in ACTIONS} <= {
        dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())
    }


def test_find_in_document_counts_moves_and_leaves_claim_highlights(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    start, _ = select_text(window, "we are not going to join the war")
    window.tag_selection("prediction")
    window.document_view.setFocus()
    qtbot.keyClick(window.document_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.query.hasFocus()
    bar.query.setText("")
    qtbot.keyClicks(bar.query, "lukashenka")
    text = window.document_view.text
    total = text.lower().count("lukashenka")
    assert total > 3
    first = bar.count.text()
    assert first.endswith(f"of {total}")
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    number = int(bar.count.text().split()[0])
    assert number == int(first.split()[0]) % total + 1
    assert window.document_view.textCursor().selectedText().lower() == "lukashenka"
    qtbot.keyClick(bar.query, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == first
    bar.query.setText("no such phrase anywhere")
    assert bar.count.text() == "no matches"
    qtbot.keyClick(bar.query, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert painted_colour_at(window, start) == QColor(KIND_COLOURS["prediction"])
