"""Makes the README's screenshots: starts the real app offscreen on a fresh sample project and saves PNGs.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QStandardPaths  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui.app import create_window  # noqa: E402
from annotator.gui.commands import EditDocumentCommand  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.sample import create_sample_project  # noqa: E402
from annotator.store import queries  # noqa: E402

TITLE = "Will Lukashenka join Putin in invading Ukraine?"
CLAIMS = (
    ("we are not going to join the war", "prediction", "Alexander Lukashenka", "17 March"),
    (
        "Belarus may be the only country to support Russia in current conditions",
        "quote",
        "Alexander Lukashenka",
        "",
    ),
    ("Minsk has so far prevailed in its attempts not to send soldiers to Ukraine", "factual", "", ""),
    ("Since May 2021, Belarusians can only fly abroad via Moscow", "factual", "", ""),
)


def select(window: MainWindow, phrase: str) -> None:
    view = window.document_view
    start = view.text.index(phrase)
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(start))
    cursor.setPosition(view.offsets.to_utf16(start + len(phrase)), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def main() -> None:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    output.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    QStandardPaths.setTestModeEnabled(True)
    with tempfile.TemporaryDirectory() as tmp:
        project_path = Path(tmp) / "sample.sqlite"
        create_sample_project(project_path, "Analyst")
        window = create_window(project_path, QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 820)
        window.show()
        app.processEvents()
        document_id = next(
            s.id for s in queries.document_summaries(window.session.project) if s.title == TITLE
        )
        window.document_list.select(document_id)
        window.session.undo_stack.push(
            EditDocumentCommand(window.session, document_id, {"published": "2022-03"})
        )
        for phrase, kind, claimant, stated in CLAIMS:
            select(window, phrase)
            window.tag_selection(kind)
            panel = window.panel
            if claimant:
                panel.claimant.setText(claimant)
                panel.claimant.editingFinished.emit()
            if stated:
                panel.stated.setText(stated)
                panel.stated.editingFinished.emit()
        window.panel.select_claim(window.panel.model.claims[1].id)
        window.document_view.select_claim(window.panel.model.claims[1].id)
        app.processEvents()
        window.grab().save(str(output / "main-window.png"))
        window.close()
    print(f"saved {output / 'main-window.png'}")


if __name__ == "__main__":
    main()
