"""GUI fixtures: a real project file made from the seeds, isolated settings, the real main window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication

from annotator.gui.app import create_window
from annotator.gui.main_window import MainWindow
from annotator.sample import create_sample_project


@pytest.fixture(autouse=True)
def _isolated_standard_paths() -> None:
    # Keeps tests out of the real user's data and settings folders.
    QStandardPaths.setTestModeEnabled(True)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    path = tmp_path / "sample.sqlite"
    create_sample_project(path, "Tester")
    return path


@pytest.fixture
def open_window(qtbot, settings: QSettings) -> Callable[[Path], MainWindow]:  # type: ignore[no-untyped-def]
    """Opens the real main window on a project file, as `annotator PATH` does."""

    def opener(path: Path) -> MainWindow:
        window = create_window(path, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        # Up as a user sees it: what waits for the first paint done (claim counts, the watch for other
        # processes' changes).
        qtbot.waitUntil(lambda: window.document_list.model.counted and window.external_timer.isActive())
        # Shortcuts only reach the active window, as on a desktop where the user clicked into it.
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    return opener
