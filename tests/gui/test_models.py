"""Every table model the window shows passes Qt's own model checks, also while claims come and go."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtTest import QAbstractItemModelTester

from annotator.gui.main_window import MainWindow
from annotator.gui.review_lists import DueForReviewDialog, TrackRecordDialog
from annotator.gui.table_model import HeaderedTableModel
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text
from similar_support import build_similar_world

PHRASES = ("we are not going to join the war", "Lukashenka")


def _watch(model: Any) -> QAbstractItemModelTester:
    # Warning mode: a broken rule is a Qt warning, which qt_log_level_fail turns into a failure of the
    # test that caused it. The tester checks the whole model now and every change signal afterwards.
    return QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)


def test_document_and_claim_models_stay_valid_through_tagging_and_undo(
    qtbot: Any, qtmodeltester: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    qtmodeltester.check(window.document_list.model)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    testers = [_watch(window.panel.model), _watch(window.document_list.model)]
    for phrase in PHRASES:
        select_text(window, phrase)
        assert window.tag_selection("prediction")
    assert window.panel.model.rowCount() == len(PHRASES)
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    window.session.undo_stack.redo()
    assert window.panel.model.rowCount() == 1
    qtmodeltester.check(window.panel.model)
    assert all(tester is not None for tester in testers)


def test_review_list_models_are_valid(
    qtbot: Any, qtmodeltester: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    select_text(window, PHRASES[0])
    assert window.tag_selection("prediction")
    due = DueForReviewDialog(window.session)
    record = TrackRecordDialog(window.session)
    for dialog in (due, record):
        qtbot.addWidget(dialog)
    models = [due.model, record.claimant_model, record.source_model, record.claims_model]
    for model in models:
        qtmodeltester.check(model)


def test_similar_model_is_valid_through_lookups(
    qtbot: Any, qtmodeltester: Any, tmp_path: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    world = build_similar_world(tmp_path / "similar.sqlite")
    window = open_window(world.path)
    tab = window.panel.similar_tab
    tester = _watch(tab.model)
    window.open_claim(world.ids["paper"])
    qtbot.waitUntil(lambda: tab.model.rowCount() >= 3)
    qtmodeltester.check(tab.model)
    tab.show_similar_for_text("the referendum approved a new constitution")
    assert tab.model.rowCount() >= 1
    window.panel.select_claim(None)
    assert tab.model.rowCount() == 0 and tester is not None


def test_every_table_model_class_is_checked_here() -> None:
    # A new table model must be added to a test above: this lists the ones that are.
    from annotator.gui import claim_list_model, document_list, review_lists, similar_tab  # noqa: F401

    checked = {"DocumentTableModel", "ClaimListModel", "ClaimRowsModel", "TrackRecordModel", "SimilarModel"}
    classes: set[str] = set()
    pending = list(HeaderedTableModel.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        classes.add(cls.__name__)
    assert classes - {"SortedRowsModel"} == checked  # SortedRowsModel: a base, never shown itself
