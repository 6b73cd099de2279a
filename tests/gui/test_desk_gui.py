"""Two windows or processes on one project: the lock's warning, stale locks, others' changes, read-only."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QSysInfo, QTimer
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from annotator.gui.app import create_window
from annotator.gui.main_window import EDITING_ACTIONS, MainWindow
from annotator.gui.project_lock import OpeningCancelled, lock_path
from annotator.gui.style import KIND_COLOURS
from annotator.store.project import open_project
from gui_support import claims_in_view, painted_colour_at
from readonly_support import listing, read_only

# A second annotator window, as far as the lock is concerned: another process holding it with Qt.
LOCK_HOLDER = """
import sys
from PySide6.QtCore import QCoreApplication, QLockFile
app = QCoreApplication(sys.argv)
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
if not lock.tryLock(0):
    sys.exit(3)
print("locked", flush=True)
sys.stdin.readline()
"""


TAG_FROM_ANOTHER_PROCESS = """
import sys
from annotator.ops.claims import tag_claim
from annotator.store import queries
from annotator.store.project import open_project
with open_project(sys.argv[1]) as project:
    before = {claim.id for claim in queries.claims_for_document(project, sys.argv[2])}
    tag_claim(project, sys.argv[2], 0, 12, kind="quote")
    (tagged,) = {claim.id for claim in queries.claims_for_document(project, sys.argv[2])} - before
    print(tagged)
"""


@contextmanager
def another_window_holding(project: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(lock_path(project))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        assert process.stdout.readline().strip() == "locked"
        yield process
    finally:
        process.stdin.close()  # the holder lets go when its input ends
        process.wait()
        process.stdout.close()


@pytest.fixture
def answer_when_asked() -> Iterator[Callable[[str], list[str]]]:
    """Arms a click on `button` in the "project already open" box once it shows; the list returned
    collects the box's text. The watch ends with the test."""
    watching = [True]

    def arm(button: str) -> list[str]:
        asked: list[str] = []

        def attempt() -> None:
            if not watching:
                return
            for widget in QApplication.topLevelWidgets():
                if (
                    isinstance(widget, QMessageBox)
                    and widget.objectName() == "projectInUse"
                    and widget.isVisible()
                ):
                    asked.append(widget.text())
                    found = widget.findChild(QPushButton, button)
                    assert found is not None
                    found.click()
                    return
            QTimer.singleShot(10, attempt)

        QTimer.singleShot(0, attempt)
        return asked

    yield arm
    watching.clear()


def _assert_edits_off(window: MainWindow) -> None:
    assert window.readonly_banner.isVisible()
    for name in EDITING_ACTIONS:
        assert not window.actions_by_name[name].isEnabled(), name
    assert not window.panel.editor.isEnabled()
    assert not window.panel.verdict_tab.isEnabled()
    assert not window.acceptDrops()


def test_a_second_window_warns_who_holds_the_project_and_opens_read_only(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow], answer_when_asked
) -> None:  # type: ignore[no-untyped-def]
    with another_window_holding(sample_project) as holder:
        asked = answer_when_asked("openReadOnly")
        window = open_window(sample_project)
        assert len(asked) == 1
        assert f"process {holder.pid}" in asked[0]
        assert QSysInfo.machineHostName() in asked[0]
        assert "since" in asked[0]
        assert window.session.project.readonly
        assert window.project_lock is None
        assert "is open read-only because you chose to open it read-only" in window.readonly_banner.text()
        # Selecting text would enable tagging in a writable window; here it stays off.
        cursor = window.document_view.textCursor()
        cursor.setPosition(0)
        cursor.setPosition(20, QTextCursor.MoveMode.KeepAnchor)
        window.document_view.setTextCursor(cursor)
        window.panel.select_claim(None)
        _assert_edits_off(window)
        # The window editing it tags a claim: the read-only one shows it too.
        document_id = window.document_id
        assert document_id is not None
        claim_id = _tag_in_another_process(sample_project, document_id)
        qtbot.waitUntil(lambda: window.panel.model.row_of(claim_id) >= 0, timeout=30_000)
        _assert_edits_off(window)
        window.close()
    assert holder.returncode == 0


def test_continue_opens_the_held_project_for_editing_and_cancel_opens_nothing(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow], settings, answer_when_asked
) -> None:  # type: ignore[no-untyped-def]
    with another_window_holding(sample_project):
        asked = answer_when_asked("openAnyway")
        window = open_window(sample_project)
        assert asked and not window.session.project.readonly
        assert not window.readonly_banner.isVisible()
        assert window.project_lock is None  # the other window keeps it
        before = window.panel.model.rowCount()
        cursor = window.document_view.textCursor()
        cursor.setPosition(0)
        cursor.setPosition(10, QTextCursor.MoveMode.KeepAnchor)
        window.document_view.setTextCursor(cursor)
        assert window.tag_selection("quote")
        assert window.panel.model.rowCount() == before + 1
        window.close()
        asked = answer_when_asked("cancelOpen")
        with pytest.raises(OpeningCancelled):
            create_window(sample_project, settings)
        assert asked


def test_a_stale_lock_left_by_a_killed_window_is_taken_over_without_asking(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow], answer_when_asked
) -> None:  # type: ignore[no-untyped-def]
    with another_window_holding(sample_project) as holder:
        holder.kill()
    assert lock_path(sample_project).exists()  # a kill leaves the lock file behind
    # Were the dead process taken for a live one, this answers the question, and the asserts fail.
    asked = answer_when_asked("cancelOpen")
    window = open_window(sample_project)
    assert window.project_lock is not None and window.project_lock.held
    assert lock_path(sample_project).read_text().splitlines()[0] == str(os.getpid())
    assert not window.session.project.readonly
    window.close()
    assert not lock_path(sample_project).exists()
    assert not asked


def test_documents_imported_by_the_command_line_appear_in_the_open_window(
    qtbot, tmp_path: Path, seeds_dir: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "desk.sqlite"
    open_project(project).close()
    window = open_window(project)
    assert window.document_list.model.rowCount() == 0
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(project), str(seeds_dir)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: window.document_list.model.rowCount() == 5, timeout=30_000)
    titles = {document.title for document in window.document_list.model.documents}
    assert any(title.startswith("Will Lukashenka") for title in titles)


def _tag_in_another_process(project: Path, document_id: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", TAG_FROM_ANOTHER_PROCESS, str(project), document_id],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_claim_tagged_by_another_process_appears_and_the_reader_keeps_their_place(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    document_id = window.document_id
    assert document_id is not None
    before = window.panel.model.rowCount()
    view = window.document_view
    cursor = view.textCursor()
    cursor.setPosition(200)
    cursor.setPosition(240, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    scroll = view.verticalScrollBar()
    assert scroll.maximum() > 10
    scroll.setValue(scroll.maximum() // 2)
    scrolled_to = scroll.value()
    claim_id = _tag_in_another_process(sample_project, document_id)
    # The list counts the claim when the window has seen the other process's change (the model's
    # queries would find it in the file before that).
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == before + 1, timeout=30_000)
    assert window.panel.model.row_of(claim_id) >= 0
    assert window.document_id == document_id
    assert (view.textCursor().anchor(), view.textCursor().position()) == (200, 240)
    assert scroll.value() == scrolled_to
    assert claim_id in claims_in_view(window)
    # Highlighted, not only listed (read after the place checks: looking scrolls to the top).
    assert painted_colour_at(window, 4) == QColor(KIND_COLOURS["quote"])


def test_a_project_in_a_read_only_folder_opens_with_a_banner_and_stays_untouched(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    folder = sample_project.parent / "shared"
    folder.mkdir()
    project = folder / sample_project.name
    sample_project.rename(project)
    before = listing(folder)
    with read_only(folder):
        window = open_window(project)
        assert window.session.project.readonly
        assert "cannot be written" in window.readonly_banner.text()
        assert window.document_list.model.rowCount() == 5
        assert window.document_id is not None
        _assert_edits_off(window)
        window.close()
    assert listing(folder) == before


ADD_FROM_ANOTHER_PROCESS = """
import sys
from annotator.ops.documents import add_document
from annotator.domain.models import ImportedDocument
from annotator.store.project import open_project
note = ImportedDocument(
    text="A note from the desk.", source_format="text", source_filename="note.txt", title="Desk note"
)
with open_project(sys.argv[1]) as project:
    add_document(project, note)
"""


def test_a_document_added_elsewhere_is_listed_without_reloading_the_open_one(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    reopened: list[str] = []
    window.session.documentsChanged.connect(lambda: reopened.append("documentsChanged"))
    result = subprocess.run(
        [sys.executable, "-c", ADD_FROM_ANOTHER_PROCESS, str(sample_project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: window.document_list.model.rowCount() == 6, timeout=30_000)
    assert "Desk note" in {document.title for document in window.document_list.model.documents}
    # The second-document picker is filled when the user opens that panel, with the new one in it.
    assert window.reference.picker.count() == 0  # not read at start-up: the list above already was
    window.actions_by_name["actionSecondDocument"].trigger()
    assert "Desk note" in [
        window.reference.picker.itemText(i) for i in range(window.reference.picker.count())
    ]
    assert reopened == []  # the document being read was left alone


def test_opening_a_second_project_moves_the_lock_and_reopening_this_one_changes_nothing(
    qtbot, sample_project: Path, tmp_path: Path, open_window: Callable[[Path], MainWindow], answer_when_asked
) -> None:  # type: ignore[no-untyped-def]
    asked = answer_when_asked("cancelOpen")
    window = open_window(sample_project)
    assert window.switch_project(sample_project) is window
    assert lock_path(sample_project).exists()
    other = tmp_path / "other.sqlite"
    successor = window.switch_project(other)
    assert successor is not None and successor is not window
    qtbot.addWidget(successor)
    assert successor.project_lock is not None and successor.project_lock.held
    assert lock_path(other).exists() and not lock_path(sample_project).exists()
    successor.close()
    assert not lock_path(other).exists()
    assert not asked
