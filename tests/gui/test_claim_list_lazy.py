"""The claim list over many claims, read from SQL a page at a time: every row reachable by scrolling,
every column sortable, the text filter and the filter bar asked of SQL (and agreeing with the filter as
the rest of the app applies it), a click in the document finding its row, and tags and their undo
changing the rows one by one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QLineEdit

from annotator.domain.filters import NO_VERDICT, ClaimFilter
from annotator.domain.models import CLAIM_KINDS
from annotator.gui.claim_list_model import PAGE, ClaimListModel
from annotator.gui.main_window import MainWindow
from annotator.ops import claims as claim_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.importing import import_paths
from annotator.store import findings, queries
from annotator.store.filtering import claims_passing
from annotator.store.project import open_project
from gui_support import document_id_titled
from readonly_support import listing, read_only

# Enough rows for many pages of the list, few enough for a test.
CLAIMS = PAGE * 9 + 17
WORDS = ("Minsk", "border", "talks", "Kyiv", "army", "sanctions", "statement", "officials")
CLAIMANTS = ("Lukashenka", "Zelenskyy", "Peskov")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _sentence(number: int) -> str:
    return f"Sentence {number:04d} says {WORDS[number % len(WORDS)]} matter."


@pytest.fixture
def crowded(sample_project: Path, tmp_path: Path) -> tuple[Path, str, list[str]]:
    """The sample project plus a document of numbered sentences, each one claim (none overlap, so a
    click lands on exactly one); kinds, claimants, stated dates, tags and a few verdicts vary."""
    source = tmp_path / "crowded.txt"
    text = " ".join(_sentence(number) for number in range(CLAIMS))
    source.write_text(text, encoding="utf-8")
    with open_project(sample_project) as project:
        import_paths(project, [source])
        document_id = document_id_titled(sample_project, "crowded")
        ids = []
        with project.transaction():
            for number in range(CLAIMS):
                start = text.index(_sentence(number))
                claim = claim_ops.tag_claim(
                    project,
                    document_id,
                    start,
                    start + len(_sentence(number)),
                    CLAIM_KINDS[number % len(CLAIM_KINDS)],
                    text=text,
                )
                ids.append(claim.id)
                if number % 7 == 0:
                    claim_ops.set_claimant(project, claim.id, CLAIMANTS[number % len(CLAIMANTS)])
                if number % 5 == 0:
                    day = f"2022-03-{1 + number % 28:02d}"
                    claim_ops.update_claim(
                        project,
                        claim.id,
                        {"stated_text": day, "stated_lo": day, "stated_hi": day, "stated_precision": "day"},
                    )
                if number % 11 == 0:
                    claim_ops.update_claim(project, claim.id, {"tags": ["checked"]})
        label = findings.verdict_labels(project)[0].label
        for claim_id in ids[::50]:
            verdict_ops.add_verdict(project, claim_id, label, "2022-04-01")
    return sample_project, document_id, ids


def _opened(open_window: Callable[[Path], MainWindow], crowded: tuple[Path, str, list[str]]) -> MainWindow:
    path, document_id, _ids = crowded
    window = open_window(path)
    window.document_list.select(document_id)
    assert window.document_id == document_id
    return window


def _key(model: ClaimListModel, row: int, column: int) -> str:
    # The quote sorts by the whole quote (the cell shows it shortened); folded as SQLite's lower().
    role = Qt.ItemDataRole.ToolTipRole if column == 1 else Qt.ItemDataRole.DisplayRole
    return str(model.index(row, column).data(role) or "").translate(_ASCII_LOWER)


def _row_on_screen(window: MainWindow, row: int) -> bool:
    view = window.panel.list
    return view.viewport().rect().contains(view.visualRect(view.model().index(row, 1)).center())


def test_many_claims_scroll_to_the_last_and_sort_by_every_column_keeping_the_selection(
    qtbot: Any, crowded: tuple[Path, str, list[str]], open_window: Callable[[Path], MainWindow]
) -> None:
    window = _opened(open_window, crowded)
    ids = crowded[2]
    panel, model = window.panel, window.panel.model
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    assert model.rowCount() == CLAIMS
    assert panel.count_label.text() == f"{CLAIMS:,} claims"
    assert model.shown_ids() == ids  # text order until a header is clicked
    panel.list.scrollToBottom()
    bottom = panel.list.indexAt(QPoint(4, panel.list.viewport().height() - 4))
    assert bottom.row() == CLAIMS - 1 and bottom.data(Qt.ItemDataRole.UserRole) == ids[-1]
    assert bottom.siblingAtColumn(1).data() == _sentence(CLAIMS - 1)

    chosen = ids[PAGE * 4 + 3]
    panel.select_claim(chosen)
    for column in range(len(model.HEADERS)):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            panel.list.sortByColumn(column, order)
            keys = [_key(model, row, column) for row in range(model.rowCount())]
            assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder), (column, order)
            assert sorted(model.shown_ids()) == sorted(ids)
            # Shown from ORDER BY … LIMIT first; the rows are held once the list has painted, the same.
            shown = model.shown_ids()
            qtbot.waitUntil(lambda: model.rows is not None and not model.rows.live)
            assert model.shown_ids() == shown
            # The selection went with its claim, wherever the sort put it.
            assert panel.list.currentIndex().data(Qt.ItemDataRole.UserRole) == chosen
            assert model.row_of(chosen) == panel.list.currentIndex().row()
    assert panel.claim is not None and panel.claim.id == chosen
    # Next and previous claim follow the list's order, from SQL.
    row = model.row_of(chosen)
    assert panel.step(+1) == model.claim_id_at(row + 1)
    assert panel.step(-1) == chosen
    assert tester is not None


def test_text_filter_and_filter_bar_list_what_the_project_wide_filter_lets_through(
    qtbot: Any, crowded: tuple[Path, str, list[str]], open_window: Callable[[Path], MainWindow]
) -> None:
    window = _opened(open_window, crowded)
    ids = crowded[2]
    panel, model = window.panel, window.panel.model
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    box = panel.findChild(QLineEdit, "claimFilterText")
    assert box is not None
    qtbot.keyClicks(box, "KYIV")  # case does not matter
    qtbot.waitUntil(lambda: not panel.text_filter_pending)
    kyiv = [ids[n] for n in range(CLAIMS) if WORDS[n % len(WORDS)] == "Kyiv"]
    assert model.shown_ids() == kyiv
    assert panel.count_label.text() == f"{len(kyiv):,} of {CLAIMS:,} claims shown"
    box.clear()
    qtbot.keyClicks(box, "zelenskyy")  # the claimant's name counts too
    qtbot.waitUntil(lambda: not panel.text_filter_pending)
    assert model.shown_ids() == [ids[n] for n in range(CLAIMS) if n % 7 == 0 and n % 3 == 1]
    box.clear()
    assert model.rowCount() == CLAIMS

    project = window.session.project
    actors = {actor.name: actor.id for actor in queries.actors(project)}
    labels = [entry.label for entry in findings.verdict_labels(project)]
    filters = (
        ClaimFilter(kinds=frozenset({"quote", "opinion"})),
        ClaimFilter(claimants=frozenset({actors["Peskov"], actors["Lukashenka"]})),
        ClaimFilter(date_from="2022-03-10", date_to="2022-03-20"),
        ClaimFilter(tags=frozenset({"checked"}), kinds=frozenset({"factual"})),
        ClaimFilter(verdicts=frozenset({labels[0]})),
        ClaimFilter(verdicts=frozenset({NO_VERDICT}), kinds=frozenset({"prediction"})),
    )
    for claim_filter in filters:
        panel.filter_bar.set_filter(claim_filter)
        expected = set(claims_passing(project, claim_filter)) & set(ids)
        shown = model.shown_ids()
        assert set(shown) == expected and expected, claim_filter
        assert shown == [claim_id for claim_id in ids if claim_id in expected]  # still in text order
    # Both at once, sorted: SQL applies the two filters and the order together.
    panel.filter_bar.set_filter(filters[0])
    qtbot.keyClicks(box, "sanctions")
    qtbot.waitUntil(lambda: not panel.text_filter_pending)
    panel.list.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    expected = [
        ids[n]
        for n in range(CLAIMS)
        if CLAIM_KINDS[n % len(CLAIM_KINDS)] in ("quote", "opinion") and WORDS[n % len(WORDS)] == "sanctions"
    ]
    assert model.shown_ids() == list(reversed(expected))
    panel.filter_bar.set_filter(ClaimFilter())
    box.clear()
    assert model.rowCount() == CLAIMS
    assert tester is not None


def test_clicking_a_claim_in_the_document_selects_and_shows_its_row_in_a_sorted_list(
    qtbot: Any, crowded: tuple[Path, str, list[str]], open_window: Callable[[Path], MainWindow]
) -> None:
    window = _opened(open_window, crowded)
    ids = crowded[2]
    panel, view = window.panel, window.document_view
    panel.list.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # the first sentence is the last row
    for number in (3, CLAIMS // 2, CLAIMS - 2):
        middle = view.text.index(_sentence(number)) + 5
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(middle))
        view.setTextCursor(cursor)
        view.ensureCursorVisible()
        point = view.cursorRect(cursor).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert panel.claim is not None and panel.claim.id == ids[number]
        current = panel.list.currentIndex()
        assert current.data(Qt.ItemDataRole.UserRole) == ids[number]
        assert current.row() == CLAIMS - 1 - number
        assert _row_on_screen(window, current.row())


@pytest.mark.parametrize("claim_filter", [ClaimFilter(), ClaimFilter(kinds=frozenset({"opinion", "quote"}))])
def test_tag_delete_and_their_undo_change_the_row_count_one_row_at_a_time(
    qtbot: Any,
    crowded: tuple[Path, str, list[str]],
    open_window: Callable[[Path], MainWindow],
    claim_filter: ClaimFilter,
) -> None:
    window = _opened(open_window, crowded)
    ids = crowded[2]
    panel, model, view = window.panel, window.panel.model, window.document_view
    panel.filter_bar.set_filter(claim_filter)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    before = model.rowCount()
    assert before == (CLAIMS if not claim_filter.active else len(set(model.shown_ids())))
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append(last - first + 1))
    removed: list[int] = []
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append(last - first + 1))

    # Text order (read from the index), sorted by kind just now (read from the claims, see
    # ClaimListRows.live), then the same once its rows are held.
    for sort_column, held in ((-1, False), (0, False), (0, True)):
        panel.list.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
        assert model.rows is not None
        if held:
            qtbot.waitUntil(lambda: model.rows is not None and not model.rows.live)
        else:
            assert model.rows.live == (sort_column == 0 and not claim_filter.active)
        start = view.text.index(_sentence(PAGE * 5)) + len("Sentence ")
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(start))
        cursor.setPosition(view.offsets.to_utf16(start + 4), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        assert window.tag_selection("opinion")
        assert panel.claim is not None
        new = panel.claim.id
        assert model.rowCount() == before + 1
        assert panel.list.currentIndex().data(Qt.ItemDataRole.UserRole) == new
        assert _row_on_screen(window, panel.list.currentIndex().row())
        window.session.undo_stack.undo()
        assert model.rowCount() == before
        assert model.row_of(new) == -1 and not model.has_row(new)

        # Deleting a listed claim, and bringing it back.
        victim = next(claim_id for claim_id in model.shown_ids() if claim_id in ids[PAGE * 2 :])
        panel.select_claim(victim)
        panel.delete_current()
        assert model.rowCount() == before - 1 and model.row_of(victim) == -1
        window.session.undo_stack.undo()
        assert model.rowCount() == before and model.row_of(victim) >= 0
    # Each edit told the views of one row, not a reset of them all.
    assert inserted == [1] * 6 and removed == [1] * 6
    assert tester is not None


def test_a_read_only_project_sorts_and_filters_its_list_without_writing_beside_it(
    qtbot: Any,
    crowded: tuple[Path, str, list[str]],
    open_window: Callable[[Path], MainWindow],
    tmp_path: Path,
) -> None:
    path, document_id, ids = crowded
    folder = tmp_path / "shelf"
    folder.mkdir()
    project = folder / path.name
    path.rename(project)
    before = listing(folder)
    with read_only(folder):
        window = open_window(project)
        assert window.session.project.readonly
        window.document_list.select(document_id)
        panel, model = window.panel, window.panel.model
        panel.list.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # the sorted rows live in memory only
        assert model.shown_ids() == list(reversed(ids))
        panel.text_filter.setText("officials")
        qtbot.waitUntil(lambda: not panel.text_filter_pending)
        assert model.shown_ids() == [ids[n] for n in reversed(range(CLAIMS)) if n % len(WORDS) == 7]
        window.close()
    assert listing(folder) == before


def test_typing_in_the_filter_box_filters_the_list_once_typing_pauses(
    qtbot: Any, crowded: tuple[Path, str, list[str]], open_window: Callable[[Path], MainWindow]
) -> None:
    window = _opened(open_window, crowded)
    ids = crowded[2]
    panel, model = window.panel, window.panel.model
    filtered: list[int] = []
    model.layoutChanged.connect(lambda *_: filtered.append(model.rowCount()))
    qtbot.keyClicks(panel.text_filter, "army")
    # Between keys the list stays as it was: nothing is asked of SQL until typing pauses.
    assert panel.text_filter_pending and model.rowCount() == CLAIMS and not filtered
    qtbot.waitUntil(lambda: not panel.text_filter_pending)
    army = [ids[n] for n in range(CLAIMS) if WORDS[n % len(WORDS)] == "army"]
    assert filtered == [len(army)]  # one query for the four keys
    assert model.shown_ids() == army
    assert panel.count_label.text() == f"{len(army):,} of {CLAIMS:,} claims shown"
    # Capitals in the needle do not matter either.
    qtbot.keyClicks(panel.text_filter, " MATTER")
    qtbot.waitUntil(lambda: not panel.text_filter_pending)
    assert model.shown_ids() == army
    panel.text_filter.clear()  # clearing the box shows every claim at once
    assert not panel.text_filter_pending and model.rowCount() == CLAIMS
    assert filtered == [len(army), len(army), CLAIMS]


def test_a_window_closed_just_after_a_sort_leaves_its_closed_project_alone(
    qtbot: Any, crowded: tuple[Path, str, list[str]], open_window: Callable[[Path], MainWindow]
) -> None:
    window = _opened(open_window, crowded)
    model = window.panel.model
    window.panel.list.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert model.rows is not None and model.rows.live  # its rows were to be held on the next turn
    window.close()
    QApplication.processEvents()  # the turn comes: nothing is asked of the closed project
    assert model.rows.live


def test_a_claim_off_screen_edited_just_after_a_sort_moves_to_its_new_row(
    qtbot: Any, crowded: tuple[Path, str, list[str]], open_window: Callable[[Path], MainWindow]
) -> None:
    window = _opened(open_window, crowded)
    ids = crowded[2]
    model = window.panel.model
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    window.panel.list.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by claimant, read live
    assert model.rows is not None and model.rows.live
    unnamed = sum(1 for number in range(CLAIMS) if number % 7 != 0)  # listed first, key ''
    far = ids[PAGE * 5 + 1]  # no claimant: a row not read yet
    # A page between its row and the row it will move to is read (and kept by the model).
    assert model.index(PAGE * 6 + 5, 0).data(Qt.ItemDataRole.UserRole)
    claim_ops.set_claimant(window.session.project, far, "Aaron")
    model.refresh_claims([far])
    # First of the named claims now; every row between moved up one, as the views are told.
    assert model.rowCount() == CLAIMS and model.row_of(far) == unnamed - 1
    shown = model.shown_ids()
    assert [model.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(CLAIMS)] == shown
    qtbot.waitUntil(lambda: model.rows is not None and not model.rows.live)
    assert model.shown_ids() == shown
    assert tester is not None
