"""Keyboard-first use: one shortcut per action, a shortcuts window, and find in document."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QPushButton

from annotator.gui.actions import ACTIONS
from annotator.gui.find_bar import HIGHLIGHT_LIMIT
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


def test_find_highlights_every_match_and_counts_them(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    view = window.document_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    qtbot.keyClicks(bar.query, "belarus")
    expected = [(m.start(), m.end()) for m in re.finditer("belarus", view.text, re.IGNORECASE)]
    assert len(expected) > 5
    highlighted = [
        view.offsets.span_to_codepoints(s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in view.extraSelections()
    ]
    assert highlighted == expected == bar.matches
    assert bar.count.text() == f"1 of {len(expected)}"
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    assert bar.count.text() == f"3 of {len(expected)}"
    # The current match stands out from the others.
    backgrounds = [s.format.background().color().name() for s in view.extraSelections()]
    assert backgrounds[2] != backgrounds[0] == backgrounds[1] == backgrounds[3]
    qtbot.keyClick(bar.query, Qt.Key.Key_Escape)
    assert view.extraSelections() == []


def test_highlights_are_capped_around_the_current_match_in_a_huge_document(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    view = window.document_view
    view.show_document("huge", "ab " * 20_000, None)
    window.find_bar.open_bar()
    window.find_bar.query.setText("a")
    bar = window.find_bar
    assert len(bar.matches) == 20_000 and len(view.extraSelections()) == HIGHLIGHT_LIMIT
    bar.current = 15_000
    bar.find_previous()
    selections = view.extraSelections()  # kept: a temporary's items die with it
    first = selections[0].cursor.selectionStart()
    assert bar.matches[bar.current - HIGHLIGHT_LIMIT // 2][0] == first
    assert bar.count.text() == "15000 of 20000"  # match number 14,999 from 0


@pytest.mark.parametrize("typed", ["makx", "make"])
def test_escape_gives_back_the_selection_so_a_kind_key_never_tags_a_match(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow], typed: str
) -> None:  # type: ignore[no-untyped-def]
    """Select text, Ctrl+F, type "makx" (no match, though "mak" matched "make"), Esc, press 3: what was
    selected before is tagged, never "mak" or "make". The same after a find that matched."""
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    view = window.document_view
    assert "make" in view.text.lower()
    phrase = "we are not going to join the war"
    start, end = select_text(window, phrase)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.query.text() == phrase and bar.query.hasFocus()
    qtbot.keyClicks(bar.query, typed[:3])
    assert view.textCursor().selectedText().lower() == "mak"  # found on the way, as the user types
    qtbot.keyClicks(bar.query, typed[3:])
    qtbot.keyClick(bar.query, Qt.Key.Key_Escape)
    assert not bar.isVisible() and view.hasFocus()
    assert view.selected_span() == (start, end)
    qtbot.keyClick(view, Qt.Key.Key_3)
    claim = window.panel.claim
    assert claim is not None and (claim.start, claim.end, claim.exact) == (start, end, phrase)


def test_a_failed_find_selects_nothing_it_matched_on_the_way(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    view = window.document_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.find_bar.query, "makx")
    assert window.find_bar.count.text() == "no matches"
    assert view.selected_span() is None and view.extraSelections() == []
    # Closing with the button after a failed find leaves nothing to tag either.
    window.find_bar.findChild(QPushButton, "findClose").click()
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert window.panel.claim is None
