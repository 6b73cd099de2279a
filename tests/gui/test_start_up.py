"""What the window leaves until it is needed at start (sqlite-utils, the list's claim counts, the icon
font's library), and that it still happens on use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from annotator.gui.app import create_window
from annotator.gui.main_window import MainWindow
from annotator.gui.timeline import TimelineView
from annotator.ops import claims as claim_ops
from annotator.ops import events as event_ops
from annotator.store import queries
from annotator.store.project import open_project
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text

# A fresh interpreter, as `annotator PATH` starts: the test suite's own process has long imported all.
_START = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QToolBar
app = QApplication([])
from annotator.gui.app import create_window
window = create_window(Path(sys.argv[1]), QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
app.processEvents()
seen = {
    "documents": window.document_list.model.rowCount(),
    "sqlite_utils_at_start": "sqlite_utils" in sys.modules,
    # The toolbar's icon font is read without qtawesome (its qtpy builds every Qt enum); the timeline,
    # the report preview's Chromium and the exporters load when first used.
    "loaded_at_start": sorted(
        name
        for name in (
            "qtawesome",
            "qtpy",
            "annotator.gui.timeline",
            "annotator.gui.report_preview",
            "annotator.gui.export_dialog",
            "PySide6.QtWebEngineWidgets",
        )
        if name in sys.modules
    ),
    "icons": all(not action.icon().isNull() for action in window.findChild(QToolBar).actions()),
    "recursive_triggers": window.session.project.conn.execute("PRAGMA recursive_triggers").fetchone()[0],
}
# Tagging a claim writes through the operations, which use sqlite-utils: it loads then.
view = window.document_view
cursor = view.textCursor()
cursor.setPosition(0)
cursor.setPosition(12, cursor.MoveMode.KeepAnchor)
view.setTextCursor(cursor)
window.tag_selection("factual")
app.processEvents()
seen["claims_after_tag"] = len(window.session.project.conn.execute("SELECT id FROM claims").fetchall())
seen["sqlite_utils_after_tag"] = "sqlite_utils" in sys.modules
window.actions_by_name["actionTimeline"].trigger()
app.processEvents()
seen["timeline_shown"] = type(window.timeline_dock.widget()).__name__
window.close()
print(json.dumps(seen))
"""


def test_the_window_starts_without_sqlite_utils_and_loads_it_for_the_first_write(
    sample_project: Path, tmp_path: Path
) -> None:
    import sqlite3

    before = sqlite3.connect(sample_project).execute("SELECT count(*) FROM claims").fetchone()[0]

    def start() -> dict[str, object]:
        result = subprocess.run(
            [sys.executable, "-c", _START, str(sample_project), str(tmp_path / "settings.ini")],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        return dict(json.loads(result.stdout.strip().splitlines()[-1]))

    # A first start on a project writes this user's annotator row (a write: sqlite-utils loads); every
    # later start, the usual case, only reads.
    first = start()
    before += 1
    assert first["loaded_at_start"] == []  # (the second start restores the timeline this one opened)
    seen = start()
    assert seen["documents"] > 0
    assert seen["sqlite_utils_at_start"] is False
    assert seen["loaded_at_start"] == ["annotator.gui.timeline"]
    assert seen["icons"] is True
    assert seen["timeline_shown"] == "TimelineView"
    # The pragma sqlite-utils used to set when the project opened is set without it.
    assert seen["recursive_triggers"] == 1
    assert seen["claims_after_tag"] == before + 1
    assert seen["sqlite_utils_after_tag"] is True


def _count(shown: str) -> int | str:
    """A Claims cell as a number ("1,234" is 1234); blank while the counts are still to come."""
    return int(shown.replace(",", "")) if shown else shown


def _listed_counts(window: MainWindow) -> dict[str, object]:
    model = window.document_list.model
    return {
        model.data(model.index(row, 0), Qt.ItemDataRole.UserRole): _count(model.data(model.index(row, 3)))
        for row in range(model.rowCount())
    }


def _shown_numbers(window: MainWindow) -> list[int]:
    """The Claims column top to bottom, once counted."""
    model = window.document_list.model
    return [int(model.data(model.index(row, 3)).replace(",", "")) for row in range(model.rowCount())]


def _stored_counts(window: MainWindow) -> dict[str, int]:
    with open_project(window.session.project.path) as project:
        sql = "SELECT d.id, count(c.id) FROM documents d LEFT JOIN claims c ON c.document_id = d.id"
        return dict(project.conn.execute(sql + " GROUP BY d.id"))


def test_the_document_list_shows_before_its_claim_counts_which_fill_in_once_it_is_on_screen(
    qtbot, sample_project: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    window = create_window(sample_project, settings)
    qtbot.addWidget(window)
    model = window.document_list.model
    assert model.rowCount() > 1 and window.document_view.text  # the list and the last document are there
    assert not model.counted
    assert set(_listed_counts(window).values()) == {""}  # blank, not a wrong 0
    # A claim tagged before the counts come (a fast user) is counted once, not twice.
    select_text(window, window.document_view.text[:12])
    assert window.tag_selection("factual")
    window.show()
    qtbot.waitUntil(lambda: model.counted)
    assert _listed_counts(window) == _stored_counts(window)
    assert _listed_counts(window)[window.document_id] == _stored_counts(window)[window.document_id]
    # Counted, the column sorts like any other, and keeps following edits.
    window.document_list.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    shown = _shown_numbers(window)
    assert shown == sorted(shown, reverse=True) and shown[0] > 0
    select_text(window, window.document_view.text[20:40])
    assert window.tag_selection("quote")
    assert _listed_counts(window) == _stored_counts(window)


def test_a_list_sorted_by_claims_before_they_are_counted_sorts_again_when_they_are(
    qtbot, sample_project: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    with open_project(sample_project) as project:
        for number, summary in enumerate(queries.document_summaries(project)[:3]):
            for claim in range(number + 1):  # 1, 2 and 3 claims
                claim_ops.tag_claim(project, summary.id, claim * 10, claim * 10 + 8, "factual")
    window = create_window(sample_project, settings)
    qtbot.addWidget(window)
    model = window.document_list.model
    window.document_list.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    window.show()
    qtbot.waitUntil(lambda: model.counted)
    shown = _shown_numbers(window)
    assert shown == sorted(shown) and shown[-3:] == [1, 2, 3]
    assert window.document_list.table.selectionModel().currentIndex().data(Qt.ItemDataRole.UserRole) == (
        window.document_id
    )  # the open document is still the one selected


def test_the_timeline_is_built_when_first_shown_and_again_at_a_start_that_restores_it_open(
    qtbot, sample_project: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    with open_project(sample_project) as project:
        event_ops.create_event(project, "Lukashenko addresses the National Assembly", "28 January 2022")
    window = create_window(sample_project, settings)
    qtbot.addWidget(window)
    window.show()
    assert window.timeline_dock.widget() is None  # hidden at start: not built
    window.actions_by_name["actionTimeline"].trigger()
    qtbot.waitUntil(lambda: window.timeline_dock.isVisible())
    timeline = window.timeline_dock.widget()
    assert isinstance(timeline, TimelineView) and timeline is window.timeline
    qtbot.waitUntil(lambda: timeline.events_list.count() == 1)
    assert "National Assembly" in timeline.events_list.item(0).text()
    window.close()
    # Closed with the timeline open: the next start shows it again, built and filled.
    again = create_window(sample_project, settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.timeline_dock.isVisible())
    restored = again.timeline_dock.widget()
    assert isinstance(restored, TimelineView)
    qtbot.waitUntil(lambda: restored.events_list.count() == 1)
    assert again.actions_by_name["actionTimeline"].isChecked()


_ADD_A_DOCUMENT = """
import sys
from annotator.domain.models import ImportedDocument
from annotator.ops.documents import add_document
from annotator.store.project import open_project
note = ImportedDocument(
    text="A note from the desk.", source_format="text", source_filename="note.txt", title="Desk note"
)
with open_project(sys.argv[1]) as project:
    add_document(project, note)
"""


def test_a_change_made_elsewhere_while_the_window_starts_is_not_missed(
    qtbot, sample_project: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    # The watch for other processes' changes starts after the first paint; a commit between the
    # window reading the list and that moment must still reach the window.
    window = create_window(sample_project, settings)
    qtbot.addWidget(window)
    listed = window.document_list.model.rowCount()
    added = subprocess.run(
        [sys.executable, "-c", _ADD_A_DOCUMENT, str(sample_project)], capture_output=True, text=True
    )
    assert added.returncode == 0, added.stderr
    assert window.document_list.model.rowCount() == listed  # read before the commit
    window.show()
    qtbot.waitUntil(lambda: window.document_list.model.rowCount() == listed + 1, timeout=30_000)
    assert "Desk note" in {document.title for document in window.document_list.model.documents}


def test_the_document_filter_typed_before_a_reload_still_applies_after_it(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    # The filter's haystacks are made when it is first typed in; a reload of the list makes them anew.
    window = open_window(sample_project)
    documents = window.document_list
    everything = documents.model.rowCount()
    opened = document_id_titled(window, LUKASHENKA_TITLE)
    qtbot.keyClicks(documents.filter, "lukashenka")
    assert documents.model.shown_ids() == [opened]
    window.session.documentsChanged.emit()  # as after an import or a merge: the list is read again
    assert documents.model.shown_ids() == [opened]
    documents.filter.clear()
    assert documents.model.rowCount() == everything
