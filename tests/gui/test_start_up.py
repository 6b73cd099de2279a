"""What the window leaves until it is needed at start (sqlite-utils, the list's claim counts, the icon
font's library), and that it still happens on use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from annotator.gui.app import create_window
from annotator.gui.main_window import MainWindow
from annotator.ops import claims as claim_ops
from annotator.store import queries
from annotator.store.project import open_project
from gui_support import select_text

# A fresh interpreter, as `annotator PATH` starts: the test suite's own process has long imported all.
_START = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from annotator.gui.app import create_window
window = create_window(Path(sys.argv[1]), QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
app.processEvents()
seen = {
    "documents": window.document_list.model.rowCount(),
    "sqlite_utils_at_start": "sqlite_utils" in sys.modules,
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
    start()
    before += 1
    seen = start()
    assert seen["documents"] > 0
    assert seen["sqlite_utils_at_start"] is False
    # The pragma sqlite-utils used to set when the project opened is set without it.
    assert seen["recursive_triggers"] == 1
    assert seen["claims_after_tag"] == before + 1
    assert seen["sqlite_utils_after_tag"] is True


def _listed_counts(window: MainWindow) -> dict[str, object]:
    model = window.document_list.model
    return {
        model.data(model.index(row, 0), Qt.ItemDataRole.UserRole): model.data(model.index(row, 3))
        for row in range(model.rowCount())
    }


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
    shown = [model.data(model.index(row, 3)) for row in range(model.rowCount())]
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
    shown = [model.data(model.index(row, 3)) for row in range(model.rowCount())]
    assert shown == sorted(shown) and shown[-3:] == [1, 2, 3]
    assert window.document_list.table.selectionModel().currentIndex().data(Qt.ItemDataRole.UserRole) == (
        window.document_id
    )  # the open document is still the one selected
