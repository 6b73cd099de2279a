"""The "Due for review" list and the track record on the real window's session, refreshed by its signals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from annotator.gui.main_window import MainWindow
from annotator.gui.review_lists import DueForReviewDialog, TrackRecordDialog
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import verdicts as verdict_ops
from annotator.store import queries
from gui_support import LUKASHENKA_TITLE, document_id_titled

PHRASE = "we are not going to join the war"


class Prediction:
    """Lukashenka's March 2022 prediction, due at the end of 2022 and not yet checked."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        project = self.session.project
        self.document_id = document_id_titled(window, LUKASHENKA_TITLE)
        start = queries.get_document(project, self.document_id).text.index(PHRASE)
        claim = claim_ops.tag_claim(project, self.document_id, start, start + len(PHRASE), kind="prediction")
        self.claim_id = claim.id
        lukashenka = actor_ops.create_actor(project, "Alexander Lukashenka", aliases=["Lukashenko"])
        claim_ops.update_claim(
            project,
            claim.id,
            {
                "claimant_id": lukashenka.id,
                "stated_lo": "2022-03-17",
                "stated_hi": "2022-03-17",
                "due": "2022-12-31",
            },
        )
        self.session.claimsChanged.emit(self.document_id, [queries.get_claim(project, claim.id)], [])
        self.session.actorsChanged.emit()

    def add_verdict(self, label: str, as_of: str) -> None:
        verdict_ops.add_verdict(self.session.project, self.claim_id, label, as_of)
        self.session.verdictsChanged.emit(self.claim_id)


@pytest.fixture
def prediction(sample_project: Path, open_window: Callable[[Path], MainWindow]) -> Prediction:
    return Prediction(open_window(sample_project))


def _cells(table: QTableView, row: int) -> list[str]:
    model = table.model()
    return [str(model.data(model.index(row, column))) for column in range(model.columnCount())]


def _headers(table: QTableView) -> list[str]:
    model = table.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def _double_click(qtbot: Any, table: QTableView, index: QModelIndex) -> None:
    """What a user's double-click sends: press and release, then the double-click and release (QTest's
    mouseDClick alone sends only the second half, which an item view ignores)."""
    pos = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _show(qtbot: Any, dialog: Any) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


def test_due_list_shows_a_passed_prediction_until_it_is_confirmed(qtbot: Any, prediction: Prediction) -> None:
    dialog = DueForReviewDialog(prediction.session)
    _show(qtbot, dialog)
    assert dialog.objectName() == "dueForReviewDialog"
    assert dialog.today() == QDate.currentDate()
    assert dialog.claim_ids() == [prediction.claim_id]
    row = dict(zip(_headers(dialog.table), _cells(dialog.table, 0), strict=True))
    assert row["Due"] == "2022-12-31"
    assert row["Quote"] == PHRASE
    assert row["Claimant"] == "Alexander Lukashenka"
    assert row["Document"] == LUKASHENKA_TITLE

    # Looking back to before it came due, it is not listed yet.
    dialog.set_today(QDate(2022, 12, 30))
    assert dialog.claim_ids() == []
    assert "Nothing is due" in dialog.summary.text()
    dialog.set_today(QDate.currentDate())

    # Double-click and Enter open the claim, once each.
    table = dialog.table
    opened: list[str] = []
    dialog.claimActivated.connect(opened.append)
    _double_click(qtbot, table, table.model().index(0, 1))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == [prediction.claim_id, prediction.claim_id]
    assert dialog.isVisible(), "Enter in the list opens the claim, it does not close the dialog"

    # A pending verdict keeps it on the list; a confirmed one takes it off.
    prediction.add_verdict("pending", "2022-03-20")
    qtbot.waitUntil(lambda: "Pending (2022-03-20)" in _cells(dialog.table, 0))
    prediction.add_verdict("confirmed", "2023-10-05")
    qtbot.waitUntil(lambda: dialog.claim_ids() == [])
    assert "Nothing is due" in dialog.summary.text()


def test_track_record_counts_lukashenkas_confirmed_prediction(qtbot: Any, prediction: Prediction) -> None:
    dialog = TrackRecordDialog(prediction.session)
    _show(qtbot, dialog)
    claimants, sources = dialog.by_claimant, dialog.by_source
    assert (claimants.objectName(), sources.objectName()) == ("trackRecordByClaimant", "trackRecordBySource")
    assert _headers(claimants) == ["Name", "Confirmed", "Refuted", "Pending", "Other"]
    assert _cells(claimants, 0) == ["Alexander Lukashenka", "0", "0", "1", "0"]

    prediction.add_verdict("confirmed", "2023-10-05")
    qtbot.waitUntil(lambda: _cells(claimants, 0) == ["Alexander Lukashenka", "1", "0", "0", "0"])
    # The source is the document (it names no publisher).
    assert _cells(sources, 0) == [LUKASHENKA_TITLE, "1", "0", "0", "0"]

    # Picking the number lists the claim behind it; picking another outcome lists none.
    def click(table: QTableView, index: QModelIndex) -> None:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())

    click(claimants, claimants.model().index(0, 1))
    assert dialog.shown_claim_ids() == [prediction.claim_id]
    assert "confirmed" in dialog.claims_title.text()
    row = dict(zip(_headers(dialog.claims_table), _cells(dialog.claims_table, 0), strict=True))
    assert (row["Outcome"], row["Current verdict"], row["Quote"]) == (
        "confirmed",
        "Confirmed (2023-10-05)",
        PHRASE,
    )
    click(claimants, claimants.model().index(0, 2))
    assert dialog.shown_claim_ids() == []
    click(sources, sources.model().index(0, 0))
    assert dialog.shown_claim_ids() == [prediction.claim_id]
    assert claimants.selectionModel().selectedIndexes() == [], "one selection across both tables"

    table = dialog.claims_table
    with qtbot.waitSignal(dialog.claimActivated, timeout=1000) as blocker:
        _double_click(qtbot, table, table.model().index(0, 2))
    assert blocker.args == [prediction.claim_id]

    # A refresh keeps what was picked.
    prediction.add_verdict("refuted", "2024-01-01")
    qtbot.waitUntil(lambda: _cells(sources, 0) == [LUKASHENKA_TITLE, "0", "1", "0", "0"])
    assert dialog.shown_claim_ids() == [prediction.claim_id]
    assert dialog.select("claimant", "Nobody") is False
    assert dialog.shown_claim_ids() == []
