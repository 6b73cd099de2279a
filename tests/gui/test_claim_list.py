"""The claim list: sorted by any column from its header, filtered by typing, patched in place as claims
come and go, and valid under Qt's model checks throughout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QLineEdit

from annotator.domain.filters import ClaimFilter
from annotator.gui.main_window import MainWindow
from annotator.store import queries
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text

# In text order; the claimant column is set on two of them to sort by.
PHRASES = ("we are not going to join the war", "Minsk can do little", "Lukashenka")


def _tagged(window: MainWindow) -> list[str]:
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    ids = []
    for phrase, kind in zip(PHRASES, ("prediction", "factual", "quote"), strict=True):
        select_text(window, phrase)
        assert window.tag_selection(kind)
        assert window.panel.claim is not None
        ids.append(window.panel.claim.id)
    return ids


def _quotes(window: MainWindow) -> list[str]:
    model = window.panel.model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def _click_header(qtbot: Any, window: MainWindow, column: int) -> None:
    header = window.panel.list.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_header_clicks_sort_every_column_and_new_claims_land_in_order(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    tester = QAbstractItemModelTester(
        window.panel.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    _tagged(window)
    text_order = _quotes(window)
    assert text_order == sorted(text_order, key=lambda quote: window.document_view.text.index(quote))

    _click_header(qtbot, window, 1)  # Quote, ascending
    assert _quotes(window) == sorted(PHRASES, key=str.casefold)
    _click_header(qtbot, window, 1)  # and descending
    assert _quotes(window) == sorted(PHRASES, key=str.casefold, reverse=True)
    for column in range(len(window.panel.model.HEADERS)):
        _click_header(qtbot, window, column)
        shown = [window.panel.model.index(row, column).data() or "" for row in range(3)]
        ascending = window.panel.list.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        assert shown == sorted(shown, key=str.casefold, reverse=not ascending)

    # Sorted by kind: a new claim goes where its kind belongs, and the selection follows it.
    window.panel.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    select_text(window, "Belarus")
    assert window.tag_selection("opinion")
    kinds = [window.panel.model.index(row, 0).data() for row in range(4)]
    assert kinds == ["factual", "opinion", "prediction", "quote"]
    assert window.panel.list.currentIndex().row() == 1
    window.session.undo_stack.undo()
    assert [window.panel.model.index(row, 0).data() for row in range(3)] == ["factual", "prediction", "quote"]
    assert tester is not None


def test_typing_in_the_filter_box_narrows_the_list_and_keeps_the_claim_open(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    tester = QAbstractItemModelTester(
        window.panel.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    prediction, factual, quote = _tagged(window)
    box = window.panel.findChild(QLineEdit, "claimFilterText")
    assert box is not None
    window.panel.select_claim(factual)
    qtbot.keyClicks(box, "MINSK")  # case does not matter
    qtbot.waitUntil(lambda: not window.panel.text_filter_pending)  # filtered once typing pauses
    assert window.panel.model.shown_ids() == [factual]
    assert window.panel.count_label.text() == "1 of 3 claims shown"
    assert window.panel.list.currentIndex().row() == 0  # the selection survived the filter
    # Every field a user remembers counts: the statement, for one.
    edit = queries.get_claim(window.session.project, quote)
    window.panel.select_claim(edit.id)
    window.panel.statement.setText("Lukashenka speaks for Minsk")
    window.panel.statement.editingFinished.emit()
    box.clear()
    qtbot.keyClicks(box, "speaks for")
    qtbot.waitUntil(lambda: not window.panel.text_filter_pending)
    assert window.panel.model.shown_ids() == [quote]

    # A claim tagged while the filter is on shows if it matches, and stays hidden if it does not.
    box.setText("Belarus")
    qtbot.waitUntil(lambda: not window.panel.text_filter_pending)
    select_text(window, "Belarus")
    assert window.tag_selection("opinion")
    assert window.panel.model.rowCount() == 1 and window.panel.claim is not None
    new = window.panel.claim.id
    assert window.panel.model.shown_ids() == [new]
    box.clear()
    assert window.panel.model.rowCount() == 4
    assert set(window.panel.model.shown_ids()) == {prediction, factual, quote, new}
    assert tester is not None


def test_the_document_list_sorts_by_header_and_filters_keeping_the_open_document(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    documents = window.document_list
    tester = QAbstractItemModelTester(documents.model, QAbstractItemModelTester.FailureReportingMode.Warning)
    opened = document_id_titled(window, LUKASHENKA_TITLE)
    documents.select(opened)
    documents.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    titles = [documents.model.index(row, 0).data() for row in range(documents.model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)
    assert documents.table.currentIndex().data(Qt.ItemDataRole.UserRole) == opened
    qtbot.keyClicks(documents.filter, "lukashenka")
    assert documents.model.shown_ids() == [opened]
    assert documents.table.currentIndex().data(Qt.ItemDataRole.UserRole) == opened
    documents.filter.clear()
    assert documents.model.rowCount() == len(titles)
    assert window.document_id == opened  # sorting and filtering never switched documents
    assert tester is not None


def test_an_edited_claim_shows_its_new_fields_in_its_row_at_once_with_the_claim_filter_on_or_off(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    """An edit that leaves a claim on its row reads that row again, under the claim filter too (which
    looks at the edited claim once more): the list shows the new kind and statement date, never the
    row as it was read before the edit."""
    window = open_window(sample_project)
    tester = QAbstractItemModelTester(
        window.panel.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    _prediction, factual, quote = _tagged(window)
    model = window.panel.model

    def cells(claim_id: str) -> list[Any]:
        row = model.row_of(claim_id)
        return [model.index(row, column).data() for column in (0, 3)]

    for claim_filter in (
        ClaimFilter(),
        ClaimFilter(kinds=frozenset({"factual", "quote", "opinion", "prediction"})),
    ):
        window.panel.filter_bar.set_filter(claim_filter)
        qtbot.waitUntil(lambda: model.rowCount() == 3)
        window.panel.select_claim(quote)
        rows_before = model.shown_ids()
        assert cells(quote) == ["quote", ""]  # read now, so the list holds the row as it is
        window.panel.set_kind("opinion")
        window.panel.stated.setText("in 2021")
        window.panel.stated.editingFinished.emit()
        qtbot.waitUntil(lambda: cells(quote) == ["opinion", "in 2021"])
        assert model.shown_ids() == rows_before  # text order: the edited claim kept its row
        assert cells(factual) == ["factual", ""]
        window.session.undo_stack.undo()
        window.session.undo_stack.undo()
        qtbot.waitUntil(lambda: cells(quote) == ["quote", ""])
    assert tester is not None
