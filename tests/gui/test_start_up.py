"""What the window leaves until it is needed at start (sqlite-utils), and that it still happens on use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
