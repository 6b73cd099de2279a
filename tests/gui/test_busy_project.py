"""Another connection holds the project's write lock: an edit, an undo or a redo in the window says why
it was not done, pushes nothing, leaves the window as it was, and works once the lock is released."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.gui.main_window import MainWindow
from annotator.store import queries
from gui_support import LUKASHENKA_TITLE, claims_in_view, document_id_titled, select_text

PHRASE = "we are not going to join the war"


class WriteLock:
    """A second connection to the project file, holding its write lock while `held`."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)

    def take(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")


@pytest.fixture
def lock(sample_project: Path) -> Iterator[WriteLock]:
    held = WriteLock(sample_project)
    yield held
    held.conn.close()


@pytest.fixture
def window(sample_project: Path, open_window: Callable[[Path], MainWindow]) -> MainWindow:
    window = open_window(sample_project)
    # Busy for 50 ms rather than the 5 s a user's edit waits for another program: the test stays fast.
    window.session.project.conn.execute("PRAGMA busy_timeout = 50")
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    return window


def _error_box(window: MainWindow) -> QMessageBox | None:
    box = window.findChild(QMessageBox, "operationError")
    return box if box is not None and box.isVisible() else None


def _dismiss_error(qtbot, window: MainWindow) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: _error_box(window) is not None)
    box = _error_box(window)
    assert box is not None
    text = box.text()
    box.close()
    qtbot.waitUntil(lambda: _error_box(window) is None)
    return text


def _claim_count(window: MainWindow) -> int:
    return window.session.project.conn.execute("SELECT count(*) FROM claims").fetchone()[0]


def _listed_claims(window: MainWindow) -> int:
    return window.document_list.model.get(window.document_id or "").claim_count


def test_a_tag_while_another_program_writes_is_refused_cleanly_then_works(
    qtbot, window: MainWindow, lock: WriteLock
) -> None:  # type: ignore[no-untyped-def]
    lock.take()
    select_text(window, PHRASE)
    window.document_view.setFocus()
    qtbot.keyClick(window.document_view, Qt.Key.Key_3)  # tag as prediction

    message = _dismiss_error(qtbot, window)
    assert "Tag prediction claim: not done" in message
    assert "being changed by another window or program" in message and "nothing was changed" in message
    assert window.session.undo_stack.count() == 0
    assert _claim_count(window) == 0
    assert claims_in_view(window) == [] and window.panel.model.claims == []
    assert window.panel.claim is None and _listed_claims(window) == 0

    lock.release()
    select_text(window, PHRASE)
    window.document_view.setFocus()
    qtbot.keyClick(window.document_view, Qt.Key.Key_3)
    assert _error_box(window) is None
    assert window.session.undo_stack.count() == 1
    assert window.panel.claim is not None and window.panel.claim.exact == PHRASE
    assert claims_in_view(window) == [window.panel.claim.id] and _listed_claims(window) == 1


def test_undo_and_redo_while_busy_leave_the_step_where_it_was(
    qtbot, window: MainWindow, lock: WriteLock
) -> None:  # type: ignore[no-untyped-def]
    select_text(window, PHRASE)
    assert window.tag_selection("quote")
    stack = window.session.undo_stack
    claim_id = window.panel.claim.id if window.panel.claim else ""

    lock.take()
    window.actions_by_name["actionUndo"].trigger()
    assert "Undo Tag quote claim: not done" in _dismiss_error(qtbot, window)
    assert (stack.index(), stack.count()) == (1, 1)
    assert queries.get_claim(window.session.project, claim_id).exact == PHRASE
    assert claims_in_view(window) == [claim_id]

    lock.release()
    window.actions_by_name["actionUndo"].trigger()
    assert (stack.index(), _claim_count(window)) == (0, 0)
    assert claims_in_view(window) == []

    lock.take()
    window.actions_by_name["actionRedo"].trigger()
    assert "Redo Tag quote claim: not done" in _dismiss_error(qtbot, window)
    assert (stack.index(), _claim_count(window)) == (0, 0)

    lock.release()
    window.actions_by_name["actionRedo"].trigger()
    assert stack.index() == 1
    assert claims_in_view(window) == [claim_id]  # the very same claim


def test_a_panel_edit_refused_while_busy_shows_what_the_project_holds(
    qtbot, window: MainWindow, lock: WriteLock
) -> None:  # type: ignore[no-untyped-def]
    select_text(window, PHRASE)
    assert window.tag_selection("prediction")
    panel = window.panel

    lock.take()
    panel.statement.setFocus()
    panel.statement.setText("Belarus will not join")
    qtbot.keyClick(panel.statement, Qt.Key.Key_Return)
    assert "Edit statement: not done" in _dismiss_error(qtbot, window)
    assert panel.statement.text() == ""  # as stored, not as typed
    assert window.session.undo_stack.count() == 1

    lock.release()
    panel.statement.setFocus()
    panel.statement.setText("Belarus will not join")
    qtbot.keyClick(panel.statement, Qt.Key.Key_Return)
    assert panel.claim is not None and panel.claim.statement == "Belarus will not join"
    assert window.session.undo_stack.count() == 2
