"""The window's layout at 1280x720 and 1920x1080: rows each list keeps, messages that wrap, two documents
side by side, and the user's layout and place kept across a relaunch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QLabel, QScrollArea

from annotator.gui.main_window import MIN_DOCUMENT_WIDTH, MIN_PANEL_WIDTH, MainWindow
from annotator.gui.undo.verdicts import AddEvidenceCommand, AddVerdictCommand
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text

CONCESSIONS = (
    "New Concessions for Putin: Is Lukashenko Ready to Involve the Belarusian Army in the War in Ukraine?"
)
SIZES = [(1280, 720), (1920, 1080)]
PHRASES = (
    "we are not going to join the war",
    "Belarus may be the only country to support Russia in current conditions",
    "Minsk has so far prevailed in its attempts not to send soldiers to Ukraine",
    "Since May 2021, Belarusians can only fly abroad via Moscow",
    "Belarus is tightly linked with Russia",
    "dependence on Russia has skyrocketed",
    "all serious trade",
    "just like in Soviet times",
)
LONG = "A long message that must wrap inside the panel rather than push it wider. " * 8


def _visible_rows(view: QAbstractItemView, row_height: int) -> int:
    return view.viewport().height() // row_height


def _window_with_claims(
    open_window: Callable[[Path], MainWindow], path: Path, size: tuple[int, int]
) -> MainWindow:
    window = open_window(path)
    window.resize(*size)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    for phrase in PHRASES:
        select_text(window, phrase)
        window.tag_selection("factual")
    return window


def _wait_for_layout(qtbot, window: MainWindow, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    qtbot.wait(1)  # one turn of the event loop: the splitters and docks lay out after the resize


@pytest.mark.parametrize("size", SIZES)
def test_every_list_keeps_its_rows_with_and_without_the_timeline(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow], size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    window = _window_with_claims(open_window, sample_project, size)
    _wait_for_layout(qtbot, window, size)
    panel = window.panel
    claim_row = panel.list.verticalHeader().defaultSectionSize()
    document_row = window.document_list.table.verticalHeader().defaultSectionSize()
    assert _visible_rows(panel.list, claim_row) >= 6
    assert _visible_rows(window.document_list.table, document_row) >= 6
    window.actions_by_name["actionTimeline"].trigger()
    qtbot.waitUntil(lambda: window.timeline_dock.isVisible())
    qtbot.wait(1)
    # Opening the timeline used to leave the claim list three rows; the timeline gets room too.
    assert _visible_rows(panel.list, claim_row) >= 6
    assert _visible_rows(window.document_list.table, document_row) >= 6
    assert window.timeline.height() >= 150
    assert window.height() == size[1]  # the window did not grow past the screen to make room

    # The verdict history and the evidence: rows wrapped to the list's width, several lines in view.
    claim = panel.model.claims[0]
    window.session.push(
        AddVerdictCommand(
            window.session, claim.id, {"label": "confirmed", "as_of": "2023-10-05", "conclusion": LONG}
        )
    )
    start = window.document_view.text.index(PHRASES[1])
    window.session.push(
        AddEvidenceCommand(
            window.session,
            claim.id,
            "span",
            {"document_id": window.document_id, "start": start, "end": start + 400, "stance": "supports"},
        )
    )
    panel.select_claim(claim.id)
    panel.show_tab(panel.verdict_tab)
    qtbot.wait(1)
    for rows in (panel.verdict_tab.history, panel.verdict_tab.evidence):
        line = rows.fontMetrics().lineSpacing()
        assert rows.viewport().height() >= 3 * line, rows.objectName()
        assert not rows.horizontalScrollBar().isVisible()
        item = rows.item(0)
        item_rect = rows.visualItemRect(item)
        assert item_rect.width() <= rows.viewport().width()
        # Tall enough for the whole text wrapped at the list's width: nothing cut off at the right.
        needed = rows.fontMetrics().boundingRect(
            QRect(0, 0, item_rect.width() - 8, 100_000), Qt.TextFlag.TextWordWrap, item.text()
        )
        assert needed.height() > line, (rows.objectName(), item.text())
        assert item_rect.height() >= needed.height()


@pytest.mark.parametrize("size", SIZES)
def test_no_panel_message_widens_the_panel(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow], size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    window = _window_with_claims(open_window, sample_project, size)
    _wait_for_layout(qtbot, window, size)
    panel = window.panel
    panel.select_claim(panel.model.claims[0].id)
    width = panel.width()
    # The document has no date: a date without a year brings the long no-year hint.
    panel.stated.setFocus()
    qtbot.keyClicks(panel.stated, "17 March")
    qtbot.keyClick(panel.stated, Qt.Key.Key_Return)
    assert "not understood as a date" in panel.stated_parsed.text()
    assert len(panel.stated_parsed.text()) > 150
    # Every other wrapping message of the panel, at its longest.
    messages = [
        label for label in panel.findChildren(QLabel) if label.wordWrap() and label is not panel.stated_parsed
    ]
    assert len(messages) >= 6
    for label in messages:
        label.setText(LONG)
    for tab in (panel.editor, panel.events_tab, panel.verdict_tab):
        panel.show_tab(tab)
        qtbot.wait(1)
        assert panel.width() == width
        assert panel.minimumSizeHint().width() <= MIN_PANEL_WIDTH
        area = panel.tabs.currentWidget()
        assert isinstance(area, QScrollArea)
        assert not area.horizontalScrollBar().isVisible(), tab.objectName()


def test_second_document_sits_beside_the_first_and_swaps(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = _window_with_claims(open_window, sample_project, (1280, 720))
    _wait_for_layout(qtbot, window, (1280, 720))
    first = window.document_id
    window.actions_by_name["actionSecondDocument"].trigger()
    second = document_id_titled(window, "Will Belarus join the war now?")
    window.reference.show_document(second)
    qtbot.wait(1)
    assert window.documents_splitter.orientation() == Qt.Orientation.Horizontal
    main_area, reference = window.documents_splitter.widget(0), window.reference
    qtbot.waitUntil(lambda: reference.x() >= main_area.x() + main_area.width())
    assert main_area.width() >= MIN_DOCUMENT_WIDTH and reference.width() >= MIN_DOCUMENT_WIDTH
    assert main_area.height() == reference.height()  # side by side, each the full height
    # The panel still fits beside both documents without scrolling sideways.
    assert window.panel.width() >= MIN_PANEL_WIDTH
    assert not window.panel.list.horizontalScrollBar().isVisible()
    for tab in (window.panel.editor, window.panel.events_tab, window.panel.verdict_tab):
        window.panel.show_tab(tab)
        qtbot.wait(1)
        area = window.panel.tabs.currentWidget()
        assert isinstance(area, QScrollArea) and not area.horizontalScrollBar().isVisible()

    window.actions_by_name["actionSwapDocuments"].trigger()
    assert window.document_id == second
    assert window.reference.document_id == first
    window.actions_by_name["actionSwapDocuments"].trigger()
    assert (window.document_id, window.reference.document_id) == (first, second)


@pytest.mark.parametrize("size", SIZES)
def test_document_titles_get_the_room_and_a_tooltip(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow], size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.resize(*size)
    _wait_for_layout(qtbot, window, size)
    table = window.document_list.table
    assert table.columnWidth(0) >= table.viewport().width() // 2
    assert table.wordWrap()  # a long title wraps onto the row's second line before it is elided
    row = window.document_list.model.row_of(document_id_titled(window, LUKASHENKA_TITLE))
    tooltip = window.document_list.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.splitlines()[0] == LUKASHENKA_TITLE
    assert not table.horizontalScrollBar().isVisible()
    # A full date fits its column even with the list at its narrowest (it was cut to "2023-…" by the
    # narrowing that keeps titles wide).
    sizes = window.splitter.sizes()
    window.splitter.setSizes([1, sizes[1] + sizes[0] - 1, *sizes[2:]])
    qtbot.waitUntil(lambda: window.document_list.width() < 340)
    padding = 8
    assert table.columnWidth(1) >= table.fontMetrics().horizontalAdvance("2023-10-05") + padding
    # So does a desk's count of 100,000 claims in one document (it was cut to "1000…").
    assert table.columnWidth(3) >= table.fontMetrics().horizontalAdvance("100,000") + padding


def test_relaunch_restores_splitters_and_the_open_document_at_its_scroll_position(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow], settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.resize(1280, 720)
    _wait_for_layout(qtbot, window, (1280, 720))
    chosen = document_id_titled(window, CONCESSIONS)
    assert window.document_id != chosen  # not the one a fresh start opens
    window.document_list.select(chosen)
    window.splitter.setSizes([260, 560, 460])
    window.panel.splitter.setSizes([300, 300])
    qtbot.wait(1)
    kept_main, kept_panel = window.splitter.sizes(), window.panel.splitter.sizes()
    view = window.document_view
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 10)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    place = view.offsets.to_codepoint(view.cursorForPosition(QPoint(1, 1)).position())
    assert place > 1000
    window.close()

    again = open_window(sample_project)
    again.resize(1280, 720)
    _wait_for_layout(qtbot, again, (1280, 720))
    assert again.document_id == chosen
    # The passage the user was reading is at the top of the view again.
    view = again.document_view

    def place_at_top() -> bool:
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(place))
        return 0 <= view.cursorRect(cursor).top() < 2 * view.fontMetrics().lineSpacing()

    qtbot.waitUntil(place_at_top)
    assert again.splitter.sizes() == kept_main
    assert again.panel.splitter.sizes() == kept_panel


def test_each_pane_has_a_minimum(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.resize(1280, 720)
    _wait_for_layout(qtbot, window, (1280, 720))
    window.splitter.setSizes([0, 1280, 0])  # what a careless drag to the edge asks for
    qtbot.wait(1)
    assert window.document_list.width() >= window.document_list.minimumWidth() > 0
    assert window.panel.width() >= MIN_PANEL_WIDTH


def test_a_first_start_is_no_taller_than_the_screen(
    sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    """A window 800 high on a 768- or 720-line screen hid its status bar below the screen's edge."""
    window = open_window(sample_project)
    free = window.screen().availableGeometry()
    assert window.height() <= free.height()
    window._resize_to_fit(1280, free.height() + 400)  # a screen shorter than the default size
    assert window.height() == free.height() and window.width() == 1280
