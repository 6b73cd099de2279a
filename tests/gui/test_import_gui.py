"""Importing as a user does it: drop the real-world folder on the window, give the PDF password."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog

from annotator.gui.main_window import MainWindow
from annotator.store import queries
from annotator.store.project import open_project


def _drop(window: MainWindow, path: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_drop_realworld_folder_asks_pdf_password_and_reimport_adds_nothing(
    qtbot,
    tmp_path: Path,
    realworld_dir: Path,
    open_window: Callable[[Path], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    project_path = tmp_path / "empty.sqlite"
    open_project(project_path).close()
    window = open_window(project_path)
    asked: list[str] = []

    def give_password(parent, title, label, echo):  # type: ignore[no-untyped-def]
        asked.append(label)
        return "password", True

    # The dialog is Qt's; answering it is what the user would do.
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(give_password))
    _drop(window, realworld_dir)
    # Two runs: the folder, then the encrypted PDF again with its password.
    qtbot.waitUntil(lambda: len(asked) == 1 and window._import_thread is None, timeout=60_000)
    assert "crazyones-encrypted-256.pdf" in asked[0]
    summaries = queries.document_summaries(window.session.project)
    names = {s.source_filename for s in summaries}
    assert {
        "bbc.com.52241221.html",
        "nature.com.telescope.html",
        "politico.com.retirement.html",
        "reuters.com.parasite.html",
        "salon.com.emissions.html",
        "theguardian.com.academics.html",
        "GeoBase_NHNC1_Data_Model_UML_EN.pdf",
        "r6-user-password.pdf",
        "crazyones-encrypted-256.pdf",
        "issue-301.pdf",
    } <= names
    guardian = next(s for s in summaries if s.source_filename == "theguardian.com.academics.html")
    assert guardian.authors == "Richard Adams" and guardian.published == "2020-01-20"
    garbage = next(s for s in summaries if s.source_filename == "issue-301.pdf")
    warnings = queries.get_document(window.session.project, garbage.id, with_text=False).metadata[
        "import_warnings"
    ]
    assert any("little usable text" in str(warning) for warning in warnings)  # type: ignore[union-attr]

    count = len(summaries)
    _drop(window, realworld_dir)
    qtbot.waitUntil(lambda: len(asked) == 2 and window._import_thread is None, timeout=60_000)
    assert len(queries.document_summaries(window.session.project)) == count
    # The import is one undoable step.
    window.actions_by_name["actionUndo"].trigger()
    assert len(queries.document_summaries(window.session.project)) == count - 1  # the password run
