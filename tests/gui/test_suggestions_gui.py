"""Suggestions in the window, as a new user meets them on the sample corpus: computed in the background,
drawn apart from claims, listed only under the Suggestions filter, accepted and rejected by key, undone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator.gui.main_window import MainWindow
from annotator.gui.shortcuts_dialog import ShortcutsDialog
from annotator.gui.statistics_dialog import StatisticsDialog
from annotator.gui.style import SUGGESTION_COLOUR
from annotator.store import queries, suggestion_queries
from gui_support import LUKASHENKA_TITLE, claims_in_view, document_id_titled, select_text

QUOTE = "we are not going to join the war"


def _open_with_suggestions(qtbot: Any, window: MainWindow) -> str:
    document_id = document_id_titled(window, LUKASHENKA_TITLE)
    window.document_list.select(document_id)
    qtbot.waitUntil(lambda: bool(window.document_view.suggestions), timeout=20000)
    window.document_view.setFocus()
    return document_id


def _step_to_quote(qtbot: Any, window: MainWindow) -> None:
    for _ in range(len(window.document_view.suggestions)):
        qtbot.keyClick(window.document_view, Qt.Key.Key_N)
        selected = window.suggestions.selected()
        if selected is not None and selected.kind == "quote" and selected.exact == QUOTE:
            return
    raise AssertionError("the quote was never reached with N")


def test_the_quote_is_suggested_and_one_key_makes_it_a_claim(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    document_id = _open_with_suggestions(qtbot, window)
    _step_to_quote(qtbot, window)
    quote = window.suggestions.selected()
    assert quote is not None and quote.speaker == "Alexander Lukashenka" and quote.stated_text == "17 March"
    assert "Alexander Lukashenka" in window.statusBar().currentMessage()
    assert window.panel.similar_tab.looked_up_text == QUOTE  # "seen this claim before?" for it too
    assert queries.claim_count(window.session.project) == 0  # counted nowhere until accepted

    qtbot.keyClick(window.document_view, Qt.Key.Key_A)
    [claim] = queries.claims_for_document(window.session.project, document_id)
    assert (claim.exact, claim.kind, claim.stated_text) == (QUOTE, "quote", "17 March")
    assert claim.claimant_id is not None
    assert queries.get_actor(window.session.project, claim.claimant_id).name == "Alexander Lukashenka"
    assert claim.id in claims_in_view(window)
    assert quote.key not in {s.key for s in window.document_view.suggestions}
    assert (
        suggestion_queries.provenance(window.session.project)[claim.id].accepted_by
        == window.session.annotator_id
    )

    window.session.undo()
    assert queries.claim_count(window.session.project) == 0
    qtbot.waitUntil(lambda: quote.key in {s.key for s in window.document_view.suggestions}, timeout=20000)


def test_reject_hides_a_suggestion_and_undo_restores_it(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    _open_with_suggestions(qtbot, window)
    qtbot.keyClick(window.document_view, Qt.Key.Key_N)
    first = window.suggestions.selected()
    assert first is not None
    qtbot.keyClick(window.document_view, Qt.Key.Key_X)
    assert [d.decision for d in suggestion_queries.decisions(window.session.project)] == ["rejected"]
    assert first.key not in {s.key for s in window.document_view.suggestions}
    assert window.suggestions.selected() is not None  # moved on to the next one
    window.session.undo()
    assert suggestion_queries.decisions(window.session.project) == []
    qtbot.waitUntil(lambda: first.key in {s.key for s in window.document_view.suggestions}, timeout=20000)


def test_accept_all_of_a_kind(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    document_id = _open_with_suggestions(qtbot, window)
    _step_to_quote(qtbot, window)
    quotes = {(s.start, s.end) for s in window.suggestions.current if s.kind == "quote"}
    qtbot.keyClick(window.document_view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    claims = queries.claims_for_document(window.session.project, document_id)
    assert {(c.start, c.end) for c in claims} == quotes and {c.kind for c in claims} == {"quote"}
    qtbot.waitUntil(
        lambda: not any(s.kind == "quote" for s in window.document_view.suggestions), timeout=20000
    )


def test_drawn_as_a_dashed_underline_listed_only_under_the_filter_and_hidden_by_the_toggle(
    qtbot: Any, qtmodeltester: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    _open_with_suggestions(qtbot, window)
    view = window.document_view
    quote = next(s for s in view.suggestions if s.exact == QUOTE)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(quote.start + 3))
    view.setTextCursor(cursor)
    rect = view.cursorRect(cursor)
    image = view.viewport().grab().toImage()
    # Somewhere along the bottom of the line under the quotation, the muted dash colour, no fill above.
    dashes = {
        image.pixelColor(x, y).name()
        for x in range(rect.left(), rect.left() + 40)
        for y in range(rect.bottom() - 4, rect.bottom() + 1)
    }
    assert QColor(SUGGESTION_COLOUR).name() in dashes
    assert image.pixelColor(rect.left() + 2, rect.top() + 1).name() == view.palette().base().color().name()

    panel = window.panel
    assert panel.lists.currentWidget() is panel.list
    panel.filter_bar.suggestions.click()
    assert panel.lists.currentWidget() is panel.suggestion_list
    assert panel.suggestion_model.rowCount() == len(view.suggestions)
    assert "suggestions" in panel.count_label.text()
    qtmodeltester.check(panel.suggestion_model)
    panel.suggestion_list.selectRow(0)
    assert window.suggestions.selected() == panel.suggestion_model.suggestions[0]

    qtbot.keyClick(
        view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert view.suggestions == [] and panel.suggestion_model.rowCount() == 0
    assert not window.actions_by_name["actionNextSuggestion"].isEnabled()
    window.actions_by_name["actionShowSuggestions"].trigger()
    assert view.suggestions


def test_the_keys_are_in_the_shortcuts_window(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = {
        dialog.table.item(row, column).text()
        for row in range(dialog.table.rowCount())
        for column in range(dialog.table.columnCount())
        if dialog.table.item(row, column) is not None
    }
    assert {"Accept Suggestion", "Reject Suggestion", "Next Suggestion", "Accept All of This Kind"} <= rows


def test_statistics_show_acceptance_rates_per_kind(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    _open_with_suggestions(qtbot, window)
    _step_to_quote(qtbot, window)
    qtbot.keyClick(window.document_view, Qt.Key.Key_A)
    dialog = StatisticsDialog(window.session, window)
    qtbot.addWidget(dialog)
    table = dialog.suggestions
    rows = [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]
    assert rows == [["quote", "1", "0", "100%"], ["Claims made from suggestions", "1", "", ""]]


def test_an_imported_document_gets_its_suggestions_in_the_background(
    qtbot: Any, sample_project: Path, tmp_path: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    path = tmp_path / "statement.txt"
    path.write_text(
        "Minister statement\n\n“We will never send a single soldier to Ukraine,” said Viktar Hulevich on "
        "12 March, adding that 300,000 reservists were more than ever before.\n",
        encoding="utf-8",
    )
    window.import_paths([path])
    qtbot.waitUntil(
        lambda: any(s.speaker == "Viktar Hulevich" for s in window.document_view.suggestions), timeout=30000
    )
    document_id = window.document_id
    assert document_id is not None and document_id in window.suggestions.cache
    assert queries.claims_for_document(window.session.project, document_id) == []


def test_tagging_by_hand_drops_the_suggestion_there_without_recomputing_and_undo_brings_it_back(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    _open_with_suggestions(qtbot, window)
    qtbot.waitUntil(lambda: window.suggestions._thread is None, timeout=20000)
    _step_to_quote(qtbot, window)
    quote = window.suggestions.selected()
    assert quote is not None
    select_text(window, QUOTE)
    assert window.tag_selection("quote")
    # The span is a claim now, so its suggestion is gone at once; no worker competes with the analyst.
    assert quote.key not in {s.key for s in window.document_view.suggestions}
    assert window.suggestions._thread is None
    assert len(window.document_view.suggestions) > 0  # the others stay

    window.session.undo()
    # The freed span is looked at again once the edits pause, and the quote is suggested again.
    qtbot.waitUntil(lambda: quote.key in {s.key for s in window.document_view.suggestions}, timeout=20000)
